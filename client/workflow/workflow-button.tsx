import { Button, Text, Tooltip } from '@mantine/core';
import { useId } from 'react';
import type { Availability } from './availability.ts';

interface Props {
  /** For `data-testid="<action>-button"` and `<action>-disabled-reason`. */
  action: string;
  label: string;
  variant?: 'filled' | 'default';
  availability: Availability;
  loading: boolean;
  /** Another action is running: wait for it. */
  busy: boolean;
  onClick: () => void;
}

/**
 * A workflow button that says why it cannot be used. When unavailable it stays focusable
 * (aria-disabled rather than disabled), a tooltip gives the reason on hover and focus, and
 * the same reason is written under it and tied with aria-describedby, so it is never only
 * in a tooltip. Contract for tests: `data-testid` `<action>-button` and
 * `<action>-disabled-reason`; inside the reason, `missing-signoffs` names who is missing.
 */
export function WorkflowButton({ action, label, variant = 'default', availability, loading, busy, onClick }: Props) {
  const reasonId = useId();
  const { reason, waiting } = availability;
  const explanation = [reason, waiting].filter(Boolean).join(' ');
  const inactive = !availability.enabled || busy;
  return (
    <div className="workflow-action">
      <Tooltip label={explanation} disabled={!explanation} position="top">
        <Button
          variant={variant}
          size="sm"
          fullWidth
          loading={loading}
          data-testid={`${action}-button`}
          data-disabled={inactive || undefined}
          aria-disabled={inactive}
          aria-describedby={explanation ? reasonId : undefined}
          onClick={(event) => {
            if (inactive) event.preventDefault();
            else onClick();
          }}
        >
          {label}
        </Button>
      </Tooltip>
      {explanation && (
        <Text id={reasonId} size="xs" c="dimmed" mt={4} data-testid={`${action}-disabled-reason`}>
          {reason}
          {reason && waiting && ' '}
          {waiting && <span data-testid="missing-signoffs">{waiting}</span>}
        </Text>
      )}
    </div>
  );
}
