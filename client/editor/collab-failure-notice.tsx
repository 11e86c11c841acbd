import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { CollabFailure } from '../collab/failures.ts';

/**
 * A visible explanation when the server refuses or drops the connection. Retrying failures
 * only inform (role="status"); stopped ones are alerts and offer a way to try again.
 * `data-collab-failure` is the failure's kind (see ../collab/failures.ts), for tests.
 */
export function CollabFailureNotice({ failure, onReconnect }: { failure: CollabFailure; onReconnect: () => void }) {
  const stopped = !failure.retrying;
  return (
    <Alert color={stopped ? 'red' : 'orange'} role={stopped ? 'alert' : 'status'} mb="sm" data-collab-failure={failure.kind}>
      <Text size="sm">{failure.message}</Text>
      <Group gap="sm" mt={stopped ? 'xs' : 0}>
        {stopped && failure.kind !== 'refused-again' && (
          <Button size="xs" variant="default" onClick={onReconnect}>
            Try again
          </Button>
        )}
        {failure.kind === 'forbidden' && (
          <Anchor component={Link} to="/" size="sm">
            All statements
          </Anchor>
        )}
        {failure.kind === 'refused-again' && (
          <Button size="xs" variant="default" onClick={() => window.location.reload()}>
            Reload page
          </Button>
        )}
      </Group>
    </Alert>
  );
}
