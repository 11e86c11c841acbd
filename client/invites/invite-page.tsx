import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { InviteParams, type InvitePreviewResponse } from '../../shared/api/orgs.ts';
import { clientError, errorMessage } from '../api/http.ts';
import { acceptInvite } from '../api/orgs.ts';
import { withNext } from '../auth/next-path.ts';
import { InviteLoading, InviteRefusal } from './invite-states.tsx';
import { useSession } from '../auth/session.tsx';
import { flash } from '../layout/flash-notice.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, withArticle } from '../orgs/role-text.ts';
import { keys } from '../queries/keys.ts';
import { useInvitePreview } from '../queries/orgs.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';

/**
 * `/invites/:token`, public: "Join <org> as <role>" with the link's expiry. Visitors are
 * sent to log in or sign up and come back here; signed-in people press "Join <org>".
 * INVITE_INVALID / INVITE_EXPIRED / INVITE_USED / INVITE_REVOKED are shown as the page's message.
 */
export function InvitePage() {
  const { token = '' } = useParams();
  const valid = InviteParams.safeParse({ token }).success;
  const query = useInvitePreview(token, valid);
  useDocumentTitle(query.data ? `Join ${query.data.org.name}` : 'Invitation');

  const error = valid ? (query.isError ? query.error : null) : clientError('INVITE_INVALID', 404);
  if (error) return <InviteRefusal error={error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <InviteLoading />;
  return <InviteOffer token={token} invite={query.data} />;
}

function InviteOffer({ token, invite }: { token: string; invite: InvitePreviewResponse }) {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { org, role } = invite;
  const here = `/invites/${token}`;
  const current = session.me?.memberships.find((m) => m.orgId === org.id);
  const join = useMutation({
    mutationFn: () => acceptInvite(token),
    onSuccess: async (joined) => {
      await session.refresh();
      void queryClient.invalidateQueries({ queryKey: keys.statements });
      // The organization now counts them in, and this invitation is used up.
      void queryClient.invalidateQueries({ queryKey: keys.org(joined.org.id) });
      queryClient.removeQueries({ queryKey: keys.invite(token) });
      void navigate('/', { state: flash(`You joined ${joined.org.name} as ${withArticle(joined.role)}.`) });
    },
  });

  return (
    <section className="page page--narrow" aria-labelledby="invite-heading">
      <Paper withBorder shadow="sm" radius="md" p="xl">
        <Title order={1} size="h2" id="invite-heading" mb="sm">
          Join {org.name} as {withArticle(role)}
        </Title>
        <Text mb="xs">
          You are invited to co-write statements with {org.name} on Jointly. As {withArticle(role)} you can {ROLE_DESCRIPTIONS[role]}.
        </Text>
        <Text size="sm" c="dimmed" mb="md">
          This invitation expires on <time dateTime={invite.expiresAt}>{formatAbsolute(invite.expiresAt)}</time> and works once.
        </Text>

        {session.status === 'loading' ? null : session.me ? (
          <Stack gap="sm">
            {current && (
              <Alert color="indigo" role="note">
                You are already {withArticle(current.role)} of {org.name}. Joining keeps the stronger of the two roles.
              </Alert>
            )}
            <ErrorAlert>{join.isError && errorMessage(join.error)}</ErrorAlert>
            <Group gap="sm">
              <Button loading={join.isPending} onClick={() => join.mutate()}>
                Join {org.name}
              </Button>
              <Text size="sm" c="dimmed">
                as {session.me.user.name} ({ROLE_LABELS[role].toLowerCase()})
              </Text>
            </Group>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Text>To accept, create a Jointly account or log in. You will come back to this invitation.</Text>
            <Group gap="sm">
              <Button component={Link} to={withNext('/signup', here)}>
                Create an account
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
