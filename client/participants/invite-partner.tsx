import { Button, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { STATEMENT_INVITE_LIFETIME_DAYS, type CreateStatementInviteResponse, type StatementInvite } from '../../shared/api/statement-invites.ts';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { createStatementInvite, revokeStatementInvite, validateStatementInvite } from '../api/statement-invites.ts';
import { ErrorAlert, LoadErrorAlert } from '../lib/error-alert.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { statementInviteKeys, useStatementInvites } from '../queries/statement-invites.ts';
import { CopyableLink } from '../lib/copyable-link.tsx';

/**
 * "Invite an organization" (lead editors): checkbox "Required to sign off" (checked by
 * default), a field "Their e-mail address (optional)" when the server sends e-mail, and
 * "Create invitation link". Each link made during this visit is shown once, in a read-only
 * field with "Copy link" (its token is never shown again). Below, "Pending invitations" lists
 * every open link of the statement (required or optional, by whom, to whom, until when), each
 * with "Revoke".
 *
 * Contract for tests: a made link's field carries `data-invite-url`; each pending invitation's
 * row carries `data-statement-invite-id`.
 */
export function InvitePartner({ statement }: { statement: StatementDetail }) {
  const invites = useStatementInvites(statement.id, true);
  const queryClient = useQueryClient();
  const [required, setRequired] = useState(true);
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [links, setLinks] = useState<CreateStatementInviteResponse[]>([]);
  const refreshList = () => queryClient.invalidateQueries({ queryKey: statementInviteKeys.open(statement.id) });
  const create = useMutation({
    mutationFn: (request: { required: boolean; email?: string }) => createStatementInvite(statement.id, request),
    onSuccess: (made) => {
      setLinks((current) => [made, ...current]);
      setEmail('');
      void refreshList();
    },
  });
  const canEmail = invites.data?.canEmail ?? false;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const address = email.trim();
    const request = address && canEmail ? { required, email: address } : { required };
    const invalid = validateStatementInvite(request);
    setProblem(invalid);
    if (!invalid) create.mutate(request);
  }

  const error = problem ?? (create.isError ? errorMessage(create.error) : null);
  return (
    <Stack gap="xs" mt="md" component="section" aria-labelledby="invite-partner-heading">
      <Title order={3} size="h5" id="invite-partner-heading">
        Invite an organization
      </Title>
      <Text size="sm">
        A link brings one organization into this statement. Whoever opens it signs in or creates an account, and an admin of their organization accepts it. It
        works once and expires after {STATEMENT_INVITE_LIFETIME_DAYS} days.
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="xs">
          <Checkbox label="Required to sign off" checked={required} onChange={(event) => setRequired(event.currentTarget.checked)} />
          {canEmail ? (
            <TextInput
              label="Their e-mail address (optional)"
              description="We e-mail them the link. You can also copy it and send it yourself."
              type="email"
              autoComplete="off"
              maxLength={254}
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
          ) : (
            invites.isSuccess && (
              <Text size="xs" c="dimmed">
                This server does not send e-mail: copy the link and send it yourself.
              </Text>
            )
          )}
          <ErrorAlert>{error}</ErrorAlert>
          <Button type="submit" variant="default" loading={create.isPending}>
            Create invitation link
          </Button>
        </Stack>
      </form>
      {links.length > 0 && (
        <Stack component="ul" gap="sm" className="plain-list" aria-label="Invitation links created">
          {links.map((link) => (
            <MadeLink key={link.token} link={link} />
          ))}
        </Stack>
      )}
      {invites.isError ? (
        <LoadErrorAlert lead="Could not load the pending invitations." error={invites.error} onRetry={() => void invites.refetch()} />
      ) : (
        invites.data && <PendingInvites statementId={statement.id} invites={invites.data.invites} onChanged={refreshList} />
      )}
    </Stack>
  );
}

function kind(invite: StatementInvite): string {
  return invite.required ? 'required' : 'optional';
}

/** A link just made: shown this once, to copy. */
function MadeLink({ link }: { link: CreateStatementInviteResponse }) {
  const sent = link.invite.email
    ? link.emailed
      ? `E-mailed to ${link.invite.email}. `
      : `Could not e-mail ${link.invite.email}: send the link yourself. `
    : '';
  return (
    <li data-invite-required={String(link.invite.required)}>
      <CopyableLink url={link.url} label={`Invitation link (${kind(link.invite)})`} description={`${sent}Expires ${formatAbsolute(link.invite.expiresAt)}.`} />
    </li>
  );
}

function PendingInvites({ statementId, invites, onChanged }: { statementId: string; invites: StatementInvite[]; onChanged: () => Promise<void> }) {
  const revoke = useMutation({
    mutationFn: (inviteId: string) => revokeStatementInvite(statementId, inviteId),
    onSettled: onChanged,
  });
  if (invites.length === 0) return null;
  return (
    <Stack gap={4} mt="xs">
      <Title order={4} size="h6" id="pending-invites-heading">
        Pending invitations
      </Title>
      <Stack component="ul" gap={4} className="plain-list" aria-labelledby="pending-invites-heading">
        {invites.map((invite) => {
          const what = `${invite.required ? 'A required' : 'An optional'} link by ${invite.createdBy.name}${invite.email ? `, sent to ${invite.email}` : ''}`;
          return (
            <li key={invite.id} data-statement-invite-id={invite.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm">
                  {what}, expires {formatAbsolute(invite.expiresAt)}
                </Text>
                <Button
                  size="xs"
                  variant="default"
                  loading={revoke.isPending && revoke.variables === invite.id}
                  onClick={() => revoke.mutate(invite.id)}
                  aria-label={`Revoke: ${what}`}
                >
                  Revoke
                </Button>
              </Group>
            </li>
          );
        })}
      </Stack>
      <ErrorAlert>{revoke.isError && errorMessage(revoke.error)}</ErrorAlert>
    </Stack>
  );
}
