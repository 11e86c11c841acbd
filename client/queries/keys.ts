/**
 * Query keys, in one place so that reads and invalidations agree. Everything about one
 * statement sits under `['statement', id]`, so invalidating that prefix refreshes the
 * record, its redlines, versions and activity together.
 */
export const keys = {
  me: ['me'] as const,
  statements: ['statements'] as const,
  statement: (id: string) => ['statement', id] as const,
  signoffDiff: (id: string, orgId: string) => ['statement', id, 'diff', orgId] as const,
  versions: (id: string) => ['statement', id, 'versions'] as const,
  audit: (id: string) => ['statement', id, 'audit'] as const,
  orgDirectory: ['orgs'] as const,
  org: (orgId: string) => ['org', orgId] as const,
  orgInvites: (orgId: string) => ['org', orgId, 'invites'] as const,
  invite: (token: string) => ['invite', token] as const,
};
