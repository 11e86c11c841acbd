import { Button, Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Membership } from '../../shared/api/auth.ts';
import { StatementInviteTokenParams, type StatementInvitePreview } from '../../shared/api/statement-invites.ts';
import { clientError, errorMessage } from '../api/http.ts';
import { createOrg, validateCreateOrg } from '../api/orgs.ts';
import { acceptStatementInvite } from '../api/statement-invites.ts';
import { withNext } from '../auth/next-path.ts';
import { InviteLoading, InviteRefusal } from './invite-states.tsx';
import { useSession } from '../auth/session.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { keys } from '../queries/keys.ts';
import { statementInviteKeys, useStatementInvitePreview } from '../queries/statement-invites.ts';

/** The choice that stands for "create a new organization here". */
const NEW_ORG = 'new';

/**
 * `/statement-invites/:token`, public: "<lead> invites your organization to sign “<title>”",
 * who sent it, required or optional, and until when. Signed out: "Sign up" / "Log in", both
 * coming back here. Signed in: "Accept for" one of the organizations the person administers
 * (those already taking part are shown, disabled) or "A new organization" with its name,
 * created here; then "Accept" opens `/statements/:id`, the organization a participant.
 * INVITE_INVALID / _EXPIRED / _USED / _REVOKED (and a published statement) are the page's message.
 *
 * Contract for tests: the refusal's alert carries `data-error-code`.
 */
export function StatementInvitePage() {
  const { token = '' } = useParams();
  const session = useSession();
  const valid = StatementInviteTokenParams.safeParse({ token }).success;
  // Asked again once the person is known: the answer says which of their organizations take part already.
  const userId = session.me?.user.id ?? null;
  const query = useStatementInvitePreview(token, userId, valid && session.status !== 'loading');
  useDocumentTitle(query.data ? `Invitation to “${query.data.statement.title}”` : 'Invitation');

  const error = valid ? (query.isError ? query.error : null) : clientError('INVITE_INVALID', 404);
  if (error) return <InviteRefusal error={error} onRetry={() => void query.refetch()} alsoRefusals={['STATEMENT_PUBLISHED']} />;
  if (!query.data) return <InviteLoading />;
  const invite = query.data;
  const here = `/statement-invites/${token}`;
  return (
    <section className="page page--narrow" aria-labelledby="statement-invite-heading">
      <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }}>
        <Title order={1} size="h2" id="statement-invite-heading" mb="sm">
          {invite.leadOrg.name} invites your organization to sign “{invite.statement.title}”
        </Title>
        <Text mb="xs">
          {invite.invitedBy.name} of {invite.leadOrg.name} invites your organization to co-write this statement on Jointly and sign off on its final text,{' '}
          {invite.required
            ? 'as a required signatory: it is published only once your organization has signed.'
            : 'as an optional participant: your sign-off is welcome, but not needed to publish.'}
        </Text>
        <Text size="sm" c="dimmed" mb="md">
          The link works once, for one organization, until <time dateTime={invite.expiresAt}>{formatAbsolute(invite.expiresAt)}</time>.
        </Text>
        {session.status === 'loading' ? null : session.me ? (
          <AcceptForm token={token} invite={invite} memberships={session.me.memberships} userName={session.me.user.name} />
        ) : (
          <Stack gap="sm">
            <Text>To accept, create a Jointly account or log in. You will come back to this invitation.</Text>
            <Group gap="sm">
              <Button component={Link} to={withNext('/signup', here)}>
                Sign up
              </Button>
              <Button component={Link} to={withNext('/login', here)} variant="default">
                Log in
              </Button>
            </Group>
          </Stack>
        )}
      </Paper>
    </section>
  );
}

interface AcceptProps {
  token: string;
  invite: StatementInvitePreview;
  memberships: Membership[];
  userName: string;
}

/** Pick an organization you administer, or name a new one; then accept for it. */
function AcceptForm({ token, invite, memberships, userName }: AcceptProps) {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const taking = new Set(invite.myOrgsTakingPart);
  const administered = memberships.filter((m) => m.role === 'admin');
  const available = administered.filter((m) => !taking.has(m.orgId));
  const notAdmin = memberships.filter((m) => m.role !== 'admin' && !taking.has(m.orgId));
  const [choice, setChoice] = useState<string>(available[0]?.orgId ?? NEW_ORG);
  const [orgName, setOrgName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const accept = useMutation({
    mutationFn: async (): Promise<{ statementId: string }> => {
      let orgId = choice;
      if (choice === NEW_ORG) {
        const created = await createOrg({ name: orgName.trim() });
        // The new organization is theirs from now on, whatever happens next: show it as a choice.
        await session.refresh();
        setChoice(created.id);
        orgId = created.id;
      }
      const accepted = await acceptStatementInvite(token, orgId);
      return { statementId: accepted.statement.id };
    },
    onSuccess: async ({ statementId }) => {
      queryClient.removeQueries({ queryKey: statementInviteKeys.previews(token) });
      void queryClient.invalidateQueries({ queryKey: keys.statements });
      void queryClient.invalidateQueries({ queryKey: keys.orgDirectory });
      await navigate(`/statements/${statementId}`);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (accept.isPending) return;
    const invalid = choice === NEW_ORG ? validateCreateOrg({ name: orgName.trim() }) : null;
    setProblem(invalid);
    if (!invalid) accept.mutate();
  }

  const chosenName = available.find((m) => m.orgId === choice)?.orgName ?? administered.find((m) => m.orgId === choice)?.orgName;
  const error = problem ?? (accept.isError ? errorMessage(accept.error) : null);
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {administered.length > 0 && (
          <Radio.Group label="Accept for" value={choice} onChange={setChoice}>
            <Stack gap="xs" mt="xs">
              {administered.map((m) => (
                <Radio
                  key={m.orgId}
                  value={m.orgId}
                  disabled={taking.has(m.orgId)}
                  label={taking.has(m.orgId) ? `${m.orgName} (already takes part)` : m.orgName}
                />
              ))}
              <Radio value={NEW_ORG} label="A new organization" />
            </Stack>
          </Radio.Group>
        )}
        {choice === NEW_ORG && (
          <TextInput
            label="Organization name"
            description="As it should appear in the statement’s list of signatories. You become its admin."
            name="orgName"
            required
            maxLength={120}
            autoComplete="organization"
            value={orgName}
            onChange={(event) => setOrgName(event.currentTarget.value)}
          />
        )}
        {notAdmin.length > 0 && (
          <Text size="sm" c="dimmed">
            Only an admin can bring an organization in. For {notAdmin.map((m) => m.orgName).join(', ')}, ask one of its admins to open this link.
          </Text>
        )}
        <ErrorAlert>{error}</ErrorAlert>
        <Group gap="sm">
          <Button type="submit" loading={accept.isPending}>
            {choice === NEW_ORG ? 'Create organization and accept' : `Accept for ${chosenName ?? 'this organization'}`}
          </Button>
          <Text size="sm" c="dimmed">
            as {userName}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
