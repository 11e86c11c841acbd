import { Card, Stack, Text, Title } from '@mantine/core';
import { FlashNotice } from '../layout/flash-notice.tsx';
import { CreateOrgForm } from '../orgs/create-org-form.tsx';

/**
 * What a signed-in person without any organization sees instead of an empty list:
 * create their organization, or use the invitation link a colleague sent.
 */
export function FirstRun({ name }: { name: string }) {
  return (
    <Stack className="page page--narrow" gap="lg" component="section" aria-labelledby="first-run-heading">
      <FlashNotice />
      <Title order={1} id="first-run-heading">
        Welcome to Jointly, {name}
      </Title>
      <Text>
        In Jointly, organizations write statements together. Each statement is led by one organization and shared with its partners, and each organization signs
        off on the exact text.
      </Text>
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4">
          Set up your organization
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          You become its admin and can then invite your colleagues and start a statement.
        </Text>
        <CreateOrgForm />
      </Card>
      <Text>
        <strong>Invited by a colleague?</strong> Open the invitation link they sent you to join their organization instead.
      </Text>
    </Stack>
  );
}
