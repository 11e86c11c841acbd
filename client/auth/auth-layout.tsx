import { Alert, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The narrow card that the login and signup pages sit in, with the page's one heading. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="page auth-page" aria-labelledby="auth-heading">
      <Paper withBorder shadow="sm" p="xl" radius="md" className="auth-card">
        <Title order={1} size="h2" id="auth-heading" mb="md">
          {title}
        </Title>
        {intro}
        {children}
      </Paper>
    </section>
  );
}

/** Shown above the form when the person arrived from an invitation link. */
export function InviteContext({ next }: { next: string }) {
  const invitedTo = next.startsWith('/invites/')
    ? 'join an organization'
    : next.startsWith('/statement-invites/')
      ? 'bring your organization into a statement'
      : null;
  if (!invitedTo) return null;
  return (
    <Alert color="indigo" variant="light" role="note" mb="md">
      You were invited to {invitedTo}. Log in or create an account, and you will come back to the invitation.
    </Alert>
  );
}
