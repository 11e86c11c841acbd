import { Avatar, Badge, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { Member, Org } from '../../shared/api/orgs.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { errorMessage } from '../api/http.ts';
import { removeMember, setMemberRole } from '../api/orgs.ts';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { initials } from '../lib/initials.ts';
import { ROLE_LABELS } from './role-text.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';

export type MemberChange = { userId: string; role: Role } | { userId: string; removed: true };

interface Props {
  org: Org;
  member: Member;
  isSelf: boolean;
  /** The viewer is an admin: show the role select and the remove button. */
  canManage: boolean;
  /** Called after the server accepted a change, with what changed. */
  onChanged: (change: MemberChange) => void;
}

/**
 * One member: name, e-mail and role. Admins change the role with a select labelled
 * "Role of <name>" (saved at once) and remove others behind a confirmation ("Remove <name>");
 * what the server refuses (LAST_ADMIN, …) is shown on the row.
 */
export function MemberRow({ org, member, isSelf, canManage, onChanged }: Props) {
  const changeRole = useMutation({
    mutationFn: (role: Role) => setMemberRole(org.id, member.userId, role),
    onSuccess: (_, role) => onChanged({ userId: member.userId, role }),
  });
  const remove = useMutation({
    mutationFn: () => removeMember(org.id, member.userId),
    onSuccess: () => onChanged({ userId: member.userId, removed: true }),
  });
  const error = changeRole.error ?? remove.error;

  return (
    <Stack component="li" gap={4} py="sm" className="member" data-member-email={member.email}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap">
          <Avatar radius="xl" color="indigo" aria-hidden="true">
            {initials(member.name)}
          </Avatar>
          <div>
            <Text fw={600}>
              {member.name}{' '}
              {isSelf && (
                <Badge size="xs" variant="light" color="gray" c="gray.9">
                  you
                </Badge>
              )}
            </Text>
            <Text size="sm" c="dimmed">
              {member.email}
            </Text>
          </div>
        </Group>
        <Group gap="xs">
          {canManage ? (
            <NativeSelect
              aria-label={`Role of ${member.name}`}
              size="xs"
              value={member.role}
              disabled={changeRole.isPending}
              data={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
              onChange={(event) => {
                const role = event.currentTarget.value as Role;
                if (role !== member.role) changeRole.mutate(role);
              }}
            />
          ) : (
            <Badge variant="light" color="gray" c="gray.9">
              {ROLE_LABELS[member.role]}
            </Badge>
          )}
          {canManage && !isSelf && (
            <ConfirmAction
              label="Remove"
              accessibleLabel={`Remove ${member.name}`}
              question={`Remove ${member.name} from ${org.name}?`}
              confirmLabel="Remove"
              onConfirm={async () => {
                await remove.mutateAsync().catch(() => undefined);
              }}
            />
          )}
        </Group>
      </Group>
      <ErrorAlert>{error && errorMessage(error)}</ErrorAlert>
    </Stack>
  );
}
