import { Alert, Anchor, Button, Group, Text, Title } from '@mantine/core';
import { Link, useRouteError } from 'react-router';

/** Shown for a path no route matches. */
export function NotFoundPage() {
  return (
    <section className="page page--narrow">
      <Title order={1} mb="sm">
        Page not found
      </Title>
      <Text mb="sm">There is nothing at this address.</Text>
      <Anchor component={Link} to="/">
        Go to all statements
      </Anchor>
    </section>
  );
}

/** Shown when a page throws while rendering: a way out instead of a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  console.error(error);
  return (
    <main className="page page--narrow error-page">
      <Title order={1} mb="md">
        Something went wrong
      </Title>
      <Alert color="red" role="alert" mb="md">
        This page ran into a problem. Your edits are kept on this device; reloading usually helps.
      </Alert>
      <Group gap="md">
        <Button onClick={() => window.location.reload()}>Reload</Button>
        <Anchor component={Link} to="/">
          All statements
        </Anchor>
      </Group>
    </main>
  );
}
