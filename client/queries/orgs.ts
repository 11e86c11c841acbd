import { useQuery } from '@tanstack/react-query';
import type { Member, Org } from '../../shared/api/orgs.ts';
import { hasErrorCode } from '../api/http.ts';
import { getOrg, listInvites, listMembers, listOrgs, previewInvite } from '../api/orgs.ts';
import { keys } from './keys.ts';

export interface OrgPageData {
  org: Org;
  /** Null when the viewer is not a member (only members may list members). */
  members: Member[] | null;
}

async function loadOrgPage(orgId: string, signal: AbortSignal): Promise<OrgPageData> {
  const [org, members] = await Promise.all([
    getOrg(orgId, signal),
    listMembers(orgId, signal).catch((error: unknown) => {
      if (hasErrorCode(error, 'FORBIDDEN')) return null;
      throw error;
    }),
  ]);
  return { org, members };
}

/** An organization with its members (when the viewer is one of them). */
export function useOrgPage(orgId: string) {
  return useQuery({ queryKey: keys.org(orgId), queryFn: ({ signal }) => loadOrgPage(orgId, signal) });
}

/** Every organization on this instance (to add one to a statement); refetched when the window regains focus. */
export function useOrgDirectory() {
  return useQuery({ queryKey: keys.orgDirectory, queryFn: ({ signal }) => listOrgs(signal), staleTime: 0 });
}

/** What an invitation offers; `enabled` false for a token that cannot be valid. */
export function useInvitePreview(token: string, enabled: boolean) {
  return useQuery({ queryKey: keys.invite(token), queryFn: ({ signal }) => previewInvite(token, signal), enabled, staleTime: Infinity });
}

/** The organization's open invitations (admins only). */
export function useOpenInvites(orgId: string) {
  return useQuery({ queryKey: keys.orgInvites(orgId), queryFn: ({ signal }) => listInvites(orgId, signal) });
}
