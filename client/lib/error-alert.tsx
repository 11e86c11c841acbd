import { Alert, Button, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/http.ts';

/**
 * A refusal or failure shown where it happened (under a form, on a row): red, announced
 * when it appears (role="alert"). Renders nothing without a message. Messages come from
 * `errorMessage()` (../api/http.ts), never raw server text.
 */
export function ErrorAlert({ children, mt, testId }: { children: ReactNode; mt?: MantineSpacing; testId?: string }) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return (
    <Alert color="red" role="alert" p="xs" mt={mt} data-testid={testId}>
      {children}
    </Alert>
  );
}

/**
 * Something could not be loaded: the reason (`errorMessage(error)`, optionally after a
 * `lead` sentence) and a "Try again" button. Used wherever a query failed with nothing to show.
 */
export function LoadErrorAlert({ error, onRetry, lead }: { error: unknown; onRetry: () => void; lead?: string }) {
  return (
    <Alert color="red" role="alert" p="xs">
      {lead && `${lead} `}
      {errorMessage(error)}
      <Button display="block" mt="xs" size="xs" variant="default" onClick={onRetry}>
        Try again
      </Button>
    </Alert>
  );
}
