import { Modal, Text, type ModalRootProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  onClose: () => void;
  /** Accessible name of the × button ("Close without signing"). */
  closeLabel: string;
  size?: ModalRootProps['size'];
  fullScreen?: boolean;
  centered?: boolean;
  testId?: string;
  children: ReactNode;
}

/**
 * Mantine's Modal (labelled by its title, focus trapped, Escape and the × close it, focus
 * returns to what opened it) with its header as a plain `<div>`: Mantine draws it as a
 * `<header>`, which outside any section counts as a second banner landmark next to the
 * app's own header (axe: landmark-no-duplicate-banner).
 */
export function DialogFrame({ title, onClose, closeLabel, size, fullScreen, centered, testId, children }: Props) {
  return (
    <Modal.Root opened onClose={onClose} size={size} fullScreen={fullScreen} centered={centered} data-testid={testId}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header component="div">
          <Modal.Title>
            <Text fw={650} size="lg" component="span">
              {title}
            </Text>
          </Modal.Title>
          <Modal.CloseButton aria-label={closeLabel} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
