import { Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { INVITE_LIFETIME_HOURS, type Invite, type InviteResponse, type Org } from '../../shared/api/orgs.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { errorMessage } from '../api/http.ts';
import { createInvite, revokeInvite } from '../api/orgs.ts';
import { keys } from '../queries/keys.ts';
import { useOpenInvites } from '../queries/orgs.ts';
import { formatAbsolute } from '../lib/format-time.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, withArticle } from './role-text.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { CopyableLink } from '../lib/copyable-link.tsx';

/**
 * "Invite people" (admins): pick a role ("Role for the invited person"), press "Create
 * invitation link", copy the link. Links created during this visit are listed newest first,
 * each in a read-only field labelled "Invitation link …" with a "Copy link" button.
 * There is no mail server: the admin sends the link themselves.
 * Below, "Open invitations" lists every link of the organization that can still be used (who
 * made it, the role, when it expires), each with "Withdraw": a withdrawn link stops working.
 * Contract for tests: each link's field carries `data-invite-url`; each open invitation's
 * row carries `data-invite-id`.
 */
export function InviteLinks({ org }: { org: Org }) {
  const [role, setRole] = useState<Role>('editor');
  const [links, setLinks] = useState<InviteResponse[]>([]);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => createInvite(org.id, role),
    onSuccess: (invite) => {
      setLinks((current) => [invite, ...current]);
      void queryClient.invalidateQueries({ queryKey: keys.orgInvites(org.id) });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="invite-heading">
      <Title order={2} size="h4" id="invite-heading" mb="xs">
        Invite people
      </Title>
      <Text size="sm" mb="sm">
        An invitation link lets one person join {org.name} with the role you choose. It works once and expires after {lifetime(role)}. Send it to your colleague
        yourself, by e-mail or chat.
      </Text>
      <form onSubmit={onSubmit}>
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label="Role for the invited person"
            description={`${capitalize(withArticle(role))} can ${ROLE_DESCRIPTIONS[role]}.`}
            value={role}
            data={ROLES.map((option) => ({ value: option, label: ROLE_LABELS[option] }))}
            onChange={(event) => setRole(event.currentTarget.value as Role)}
            flex={1}
            miw={220}
          />
          <Button type="submit" loading={create.isPending}>
            Create invitation link
          </Button>
        </Group>
      </form>
      <ErrorAlert mt="sm">{create.isError && errorMessage(create.error)}</ErrorAlert>
      {links.length > 0 && (
        <Stack component="ul" gap="sm" mt="md" className="plain-list" aria-label="Links created">
          {links.map((link) => (
            <InviteLinkItem key={link.token} link={link} />
          ))}
        </Stack>
      )}
      <OpenInvites org={org} />
    </Card>
  );
}

function lifetime(role: Role): string {
  const hours = INVITE_LIFETIME_HOURS[role].default;
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
}

/** Every link of the organization that can still be used, with a way to withdraw it. */
function OpenInvites({ org }: { org: Org }) {
  const invites = useOpenInvites(org.id);
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: (inviteId: string) => revokeInvite(org.id, inviteId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.orgInvites(org.id) }),
  });
  if (!invites.data) return <ErrorAlert mt="sm">{invites.isError && errorMessage(invites.error)}</ErrorAlert>;
  return (
    <Stack gap="xs" mt="md">
      <Title order={3} size="h5">
        Open invitations
      </Title>
      {invites.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No invitation link of {org.name} can be used right now.
        </Text>
      ) : (
        <Stack component="ul" gap="xs" className="plain-list" aria-label="Open invitations">
          {invites.data.map((invite) => (
            <OpenInviteItem
              key={invite.id}
              invite={invite}
              onWithdraw={() => withdraw.mutate(invite.id)}
              pending={withdraw.isPending && withdraw.variables === invite.id}
            />
          ))}
        </Stack>
      )}
      <ErrorAlert>{withdraw.isError && errorMessage(withdraw.error)}</ErrorAlert>
    </Stack>
  );
}

function OpenInviteItem({ invite, onWithdraw, pending }: { invite: Invite; onWithdraw: () => void; pending: boolean }) {
  const what = `${capitalize(withArticle(invite.role))} link by ${invite.createdByName}`;
  return (
    <li data-invite-id={invite.id}>
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          {what}, expires {formatAbsolute(invite.expiresAt)}
        </Text>
        <Button size="xs" variant="default" color="red" loading={pending} onClick={onWithdraw} aria-label={`Withdraw: ${what}`}>
          Withdraw
        </Button>
      </Group>
    </li>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function InviteLinkItem({ link }: { link: InviteResponse }) {
  return (
    <li data-invite-role={link.role}>
      <CopyableLink url={link.url} label={`Invitation link for ${withArticle(link.role)}`} description={`Expires ${formatAbsolute(link.expiresAt)}`} />
    </li>
  );
}
