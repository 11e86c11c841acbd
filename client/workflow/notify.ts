import { notifications } from '@mantine/notifications';

/**
 * Confirms a workflow step in a toast. Its close button is named ("Dismiss this message"):
 * Mantine's is an unnamed icon button otherwise (axe: button-name).
 */
export function notifyDone(message: string): void {
  notifications.show({ color: 'teal', message, closeButtonProps: { 'aria-label': 'Dismiss this message' } });
}
