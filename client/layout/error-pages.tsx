import { Alert, Anchor, Button, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useRouteError } from 'react-router';
import { useDocumentTitle } from '../lib/use-document-title.ts';

/**
 * A page that ends here (something not found, or not open to this person): a heading, one
 * sentence saying why, and the way back to all statements. `title` is also the tab's title.
 */
export function DeadEndPage({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <section className="page page--narrow">
      <Title order={1} mb="sm">
        {title}
      </Title>
      <Text mb="sm">{children}</Text>
      <Anchor component={Link} to="/">
        Go to all statements
      </Anchor>
    </section>
  );
}

/** Shown for a path no route matches. */
export function NotFoundPage() {
  return <DeadEndPage title="Page not found">There is nothing at this address.</DeadEndPage>;
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
