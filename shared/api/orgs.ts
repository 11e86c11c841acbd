import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { Id } from './ids.ts';

export const Role = z.enum(ROLES);

export const CreateOrgRequest = z.object({ name: z.string().trim().min(1, 'name is required').max(120, 'name is longer than 120 characters') }).strict();
export type CreateOrgRequest = z.infer<typeof CreateOrgRequest>;

export const Org = z.object({ id: Id, name: z.string(), createdAt: z.string() });
export type Org = z.infer<typeof Org>;

export const OrgResponse = z.object({ org: Org });
export type OrgResponse = z.infer<typeof OrgResponse>;

export const OrgParams = z.object({ orgId: Id }).strict();
export const MemberParams = z.object({ orgId: Id, userId: Id }).strict();

export const Member = z.object({ userId: Id, name: z.string(), email: z.string(), role: Role, joinedAt: z.string() });
export type Member = z.infer<typeof Member>;

export const MembersResponse = z.object({ members: z.array(Member) });
export type MembersResponse = z.infer<typeof MembersResponse>;

export const UpdateMemberRequest = z.object({ role: Role }).strict();
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequest>;

/**
 * How long an invitation link lives, by the role it grants: a link that makes its holder a
 * signatory or an admin is a key to the organization's name, so it is short-lived.
 */
export const INVITE_LIFETIME_HOURS: Record<z.infer<typeof Role>, { default: number; max: number }> = {
  viewer: { default: 24 * 7, max: 24 * 30 },
  editor: { default: 24 * 7, max: 24 * 30 },
  signatory: { default: 48, max: 72 },
  admin: { default: 24, max: 72 },
};

export const CreateInviteRequest = z
  .object({
    role: Role,
    /** Defaults to the role's lifetime (INVITE_LIFETIME_HOURS); at most its maximum. */
    expiresInHours: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((request, context) => {
    const { max } = INVITE_LIFETIME_HOURS[request.role];
    if (request.expiresInHours !== undefined && request.expiresInHours > max) {
      context.addIssue({ code: 'custom', path: ['expiresInHours'], message: `a ${request.role} invitation lasts at most ${max} hours` });
    }
  });
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

export const InviteResponse = z.object({ id: Id, token: z.string(), url: z.string(), role: Role, expiresAt: z.string() });
export type InviteResponse = z.infer<typeof InviteResponse>;

export const InviteParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'not a valid invitation') }).strict();

export const AcceptInviteResponse = z.object({ org: Org, role: Role });
export type AcceptInviteResponse = z.infer<typeof AcceptInviteResponse>;

/** An organization in the directory, with what tells two apart when picking a partner. */
export const DirectoryOrg = Org.extend({
  /** The e-mail domains of its admins ("greenstreets.org"): who stands behind the name. */
  adminDomains: z.array(z.string()),
});
export type DirectoryOrg = z.infer<typeof DirectoryOrg>;

export const OrgListResponse = z.object({ orgs: z.array(DirectoryOrg) });
export type OrgListResponse = z.infer<typeof OrgListResponse>;

export const InvitePreviewResponse = z.object({ org: Org, role: Role, expiresAt: z.string() });
export type InvitePreviewResponse = z.infer<typeof InvitePreviewResponse>;

/** An open invitation as its organization's admins see it: never its token. */
export const Invite = z.object({
  id: Id,
  role: Role,
  createdBy: Id,
  createdByName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invite = z.infer<typeof Invite>;

export const InviteListResponse = z.object({ invites: z.array(Invite) });
export type InviteListResponse = z.infer<typeof InviteListResponse>;

export const InviteIdParams = z.object({ orgId: Id, inviteId: Id }).strict();
