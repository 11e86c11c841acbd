import { Anchor, Badge, Card, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { Id } from '../../shared/api/ids.ts';
import type { Member, Org } from '../../shared/api/orgs.ts';
import { hasRole, roleRank } from '../../shared/roles.ts';
import { errorMessage, hasErrorCode } from '../api/http.ts';
import { removeMember } from '../api/orgs.ts';
import { useSignedIn } from '../auth/session.tsx';
import { DeadEndPage } from '../layout/error-pages.tsx';
import { flash, FlashNotice } from '../layout/flash-notice.tsx';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { keys } from '../queries/keys.ts';
import { useOrgPage, type OrgPageData } from '../queries/orgs.ts';
import { useStatementList } from '../queries/statements.ts';
import { FirstStatementCard } from './first-statement-card.tsx';
import { InviteLinks } from './invite-links.tsx';
import { MemberRow, type MemberChange } from './member-row.tsx';
import { ROLE_DESCRIPTIONS, withArticle } from './role-text.ts';
import { ErrorAlert, LoadErrorAlert } from '../lib/error-alert.tsx';

/** Admins first, then by name. */
function byRoleThenName(a: Member, b: Member): number {
  return roleRank(b.role) - roleRank(a.role) || a.name.localeCompare(b.name);
}

/**
 * `/orgs/:orgId`: the organization's members and roles; admins manage them and create
 * invitation links. An organization that leads no statement yet offers its editors "Start your
 * first statement" first. Anyone can leave, at the bottom, except the last admin: they are told
 * why (the server refuses with LAST_ADMIN) and how to hand over instead of seeing a button that fails.
 */
export function OrgPage() {
  const { orgId = '' } = useParams();
  if (!Id.safeParse(orgId).success) return <OrgNotFound />;
  return <OrgView key={orgId} orgId={orgId} />;
}

function OrgView({ orgId }: { orgId: string }) {
  const { user, refresh } = useSignedIn();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useOrgPage(orgId);
  useDocumentTitle(query.data?.org.name ?? 'Organization');

  if (query.isPending) {
    return (
      <Center py="xl" role="status" aria-label="Loading organization">
        <Loader />
      </Center>
    );
  }
  if (query.isError) {
    if (hasErrorCode(query.error, 'ORG_NOT_FOUND')) return <OrgNotFound />;
    return (
      <section className="page page--narrow">
        <Title order={1} mb="md">
          Organization
        </Title>
        <LoadErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </section>
    );
  }

  const { org, members } = query.data;
  const me = members?.find((member) => member.userId === user.id);
  if (!members || !me) {
    return <DeadEndPage title={org.name}>You are not a member of {org.name}. To join, ask one of its admins for an invitation link.</DeadEndPage>;
  }

  const isAdmin = me.role === 'admin';
  const isLastAdmin = isAdmin && members.filter((member) => member.role === 'admin').length === 1;

  function applyChange(change: MemberChange) {
    queryClient.setQueryData<OrgPageData>(keys.org(orgId), (current) => {
      if (!current?.members) return current;
      const next =
        'removed' in change
          ? current.members.filter((m) => m.userId !== change.userId)
          : current.members.map((m) => (m.userId === change.userId ? { ...m, role: change.role } : m));
      return { ...current, members: next };
    });
    void queryClient.invalidateQueries({ queryKey: keys.org(orgId) });
    if (change.userId === user.id) void refresh();
  }

  async function onLeft() {
    await refresh();
    queryClient.removeQueries({ queryKey: keys.org(orgId) });
    void queryClient.invalidateQueries({ queryKey: keys.statements });
    void navigate('/', { state: flash(`You left ${org.name}.`) });
  }

  return (
    <Stack className="page page--narrow" gap="lg">
      <FlashNotice />
      <Anchor component={Link} to="/" size="sm">
        ← All statements
      </Anchor>
      <div>
        <Title order={1}>{org.name}</Title>
        <Text c="dimmed">
          You are {withArticle(me.role)} of this organization: you can {ROLE_DESCRIPTIONS[me.role]}.
        </Text>
      </div>

      {hasRole(me.role, 'editor') && <FirstStatementPrompt org={org} />}

      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="members-heading">
        <Group gap="xs" mb="sm">
          <Title order={2} size="h4" id="members-heading">
            Members
          </Title>
          <Badge variant="light" color="gray" c="gray.9" aria-label={`${members.length} members`}>
            {members.length}
          </Badge>
        </Group>
        <Stack component="ul" gap={0} className="plain-list member-list">
          {[...members].sort(byRoleThenName).map((member) => (
            <MemberRow key={member.userId} org={org} member={member} isSelf={member.userId === user.id} canManage={isAdmin} onChanged={applyChange} />
          ))}
        </Stack>
        {!isAdmin && (
          <Text size="sm" c="dimmed" mt="sm">
            Only admins of {org.name} can change roles or invite people.
          </Text>
        )}
      </Card>

      {isAdmin && <InviteLinks org={org} />}

      <LeaveOrg org={org} userId={user.id} onLeft={onLeft} lastAdmin={isLastAdmin ? { alone: members.length === 1 } : null} />
    </Stack>
  );
}

/** The first-statement call to action, once the list shows that this organization leads none. */
function FirstStatementPrompt({ org }: { org: Org }) {
  const list = useStatementList();
  if (list.data === undefined || list.data.some((statement) => statement.leadOrgId === org.id)) return null;
  return <FirstStatementCard org={org} />;
}

/**
 * "Leave organization" behind a confirmation; LAST_ADMIN and other refusals are shown under it.
 * The only admin sees no "Leave" section: one quiet line at the bottom says why they cannot leave
 * yet and what to do first, with the (small) button after it.
 */
function LeaveOrg({ org, userId, onLeft, lastAdmin }: { org: Org; userId: string; onLeft: () => Promise<void>; lastAdmin: { alone: boolean } | null }) {
  const leave = useMutation({ mutationFn: () => removeMember(org.id, userId), onSuccess: onLeft });
  const confirm = (
    <ConfirmAction
      label="Leave organization"
      question={`Leave ${org.name}?`}
      confirmLabel="Yes, leave"
      onConfirm={async () => {
        await leave.mutateAsync().catch(() => undefined);
      }}
    />
  );
  if (lastAdmin) {
    return (
      <Stack gap={4} component="section" aria-label={`Leaving ${org.name}`} data-testid="last-admin-note">
        <Text size="sm" c="dimmed">
          You are the only admin of {org.name}, so you cannot leave it yet:{' '}
          {lastAdmin.alone ? 'invite a colleague and make them an admin first.' : 'make another member an admin first.'}
        </Text>
        {confirm}
        <ErrorAlert>{leave.isError && errorMessage(leave.error)}</ErrorAlert>
      </Stack>
    );
  }
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="leave-heading">
      <Title order={2} size="h4" id="leave-heading" mb="xs">
        Leave {org.name}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        You will no longer see the statements {org.name} takes part in, unless another of your organizations takes part too.
      </Text>
      {confirm}
      <ErrorAlert mt="xs">{leave.isError && errorMessage(leave.error)}</ErrorAlert>
    </Card>
  );
}

function OrgNotFound() {
  return <DeadEndPage title="Organization not found">This organization does not exist.</DeadEndPage>;
}
