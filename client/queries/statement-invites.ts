import { useQuery } from '@tanstack/react-query';
import { listStatementInvites, previewStatementInvite } from '../api/statement-invites.ts';
import { keys } from './keys.ts';

/**
 * Query keys of statement invitations. The open list sits under the statement's own prefix
 * (`['statement', id, …]`, see ./keys.ts), so it refreshes with everything else about the
 * statement; a preview is keyed by its token and by who asks (it says which of the signed-in
 * person's organizations already take part).
 */
export const statementInviteKeys = {
  open: (statementId: string) => [...keys.statement(statementId), 'invites'] as const,
  preview: (token: string, userId: string | null) => ['statement-invite', token, userId] as const,
  previews: (token: string) => ['statement-invite', token] as const,
};

/** The statement's open invitations (lead editors only: `enabled` false for everyone else). */
export function useStatementInvites(statementId: string, enabled: boolean) {
  return useQuery({ queryKey: statementInviteKeys.open(statementId), queryFn: ({ signal }) => listStatementInvites(statementId, signal), enabled });
}

/** What a link offers; `enabled` false for a token that cannot be valid. */
export function useStatementInvitePreview(token: string, userId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: statementInviteKeys.preview(token, userId),
    queryFn: ({ signal }) => previewStatementInvite(token, signal),
    enabled,
  });
}
