import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSignedIn } from '../auth/session.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { EmailForm } from './email-form.tsx';
import { NameForm } from './name-form.tsx';
import { PasswordForm } from './password-form.tsx';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** `/account` (signed in): one's name, the e-mail address one logs in with, and the password; each saved on its own. */
export function AccountPage() {
  useDocumentTitle('Account settings');
  const { user } = useSignedIn();
  return (
    <Stack className="page page--narrow" gap="lg">
      <Anchor component={Link} to="/" size="sm">
        ← All statements
      </Anchor>
      <div>
        <Title order={1}>Account settings</Title>
        <Text c="dimmed">Signed in as {user.name}.</Text>
      </div>
      <Section id="name-heading" title="Name">
        <NameForm />
      </Section>
      <Section id="email-heading" title="E-mail address">
        <EmailForm />
      </Section>
      <Section id="password-heading" title="Password">
        <PasswordForm />
      </Section>
    </Stack>
  );
}
