import { Accordion, Anchor, Badge, Card, Group, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Membership } from '../../shared/api/auth.ts';
import { CreateOrgForm } from '../orgs/create-org-form.tsx';
import { ROLE_LABELS } from '../orgs/role-text.ts';

/** "Your organizations": a link to each organization's page with the person's role there, and a way to create another. */
export function YourOrgsCard({ memberships }: { memberships: Membership[] }) {
  const sorted = [...memberships].sort((a, b) => a.orgName.localeCompare(b.orgName));
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="your-orgs-heading">
      <Title order={2} size="h4" id="your-orgs-heading" mb="sm">
        Your organizations
      </Title>
      <Stack gap={6} component="ul" className="plain-list">
        {sorted.map((m) => (
          <Group key={m.orgId} component="li" justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={`/orgs/${m.orgId}`}>
              {m.orgName}
            </Anchor>
            <Badge variant="light" color="gray">
              {ROLE_LABELS[m.role]}
            </Badge>
          </Group>
        ))}
      </Stack>
      <Accordion variant="default" mt="sm">
        <Accordion.Item value="new-org">
          <Accordion.Control>New organization</Accordion.Control>
          <Accordion.Panel>
            <CreateOrgForm />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Card>
  );
}
