/**
 * Invitations of a partner organization into one statement (DESIGN.md, Statement invitations).
 * Filled in by the statement-invitations work.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StatementInviteStore {}
