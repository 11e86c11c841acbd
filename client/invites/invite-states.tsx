import { Alert, Anchor, Button, Center, Loader, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ApiRequestError, errorMessage, hasErrorCode } from '../api/http.ts';
import type { ClientErrorCode } from '../api/error-messages.ts';

/** Codes that mean the link itself cannot be used (anything else is a failure worth retrying). */
const LINK_REFUSALS: readonly ClientErrorCode[] = ['INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_USED', 'INVITE_REVOKED'];

/**
 * An invitation page that cannot show its offer: the link's refusal as the page's message, or a
 * failure with "Try again". `alsoRefusals` adds codes that end this kind of link (a published statement).
 * Contract for tests: the alert carries `data-error-code`.
 */
export function InviteRefusal({ error, onRetry, alsoRefusals = [] }: { error: unknown; onRetry: () => void; alsoRefusals?: readonly ClientErrorCode[] }) {
  const refused = hasErrorCode(error, ...LINK_REFUSALS, ...alsoRefusals);
  return (
    <Stack className="page page--narrow" gap="md" component="section">
      <Title order={1}>{refused ? 'This invitation cannot be used' : 'Invitation'}</Title>
      <Alert color="red" role="alert" data-error-code={error instanceof ApiRequestError ? error.code : undefined}>
        {errorMessage(error)}
        {!refused && (
          <Button display="block" mt="xs" size="xs" variant="default" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Alert>
      <Anchor component={Link} to="/">
        Go to Jointly
      </Anchor>
    </Stack>
  );
}

export function InviteLoading() {
  return (
    <Center py="xl" role="status" aria-label="Opening invitation">
      <Loader />
    </Center>
  );
}
