import type { FastifyInstance } from 'fastify';
import { StatementParams, StatementResponse } from '../../shared/api/statements.ts';
import {
  AuditResponse,
  LockRequest,
  SignatoryOrderRequest,
  SignOffRequest,
  SignoffDiffResponse,
  SignoffParams,
  VersionsResponse,
} from '../../shared/api/workflow.ts';
import { ApiError } from '../../shared/errors.ts';
import { redline } from '../../shared/redline.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { authorize } from '../policies/statement-policy.ts';
import { defineRoute } from '../http/route.ts';
import { describeStatement } from './statement-view.ts';

/** Workflow routes: thin; each step is a command in server/workflow/. */
export async function workflowRoutes(app: FastifyInstance): Promise<void> {
  const { store, workflow } = app.jointly;
  const { currentText } = workflow.context;

  /** The statement as the caller now sees it. */
  async function answer(statementId: string, userId: string) {
    return { statement: await describeStatement(store, await requireStatementAccess(store, statementId, userId)) };
  }

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/signoffs',
      tag: 'workflow',
      summary: "Sign off on the exact current text for an organization (its signatories), optionally with the signer's title",
      auth: 'session',
      params: StatementParams,
      body: SignOffRequest,
      response: StatementResponse,
      status: 201,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'NOT_A_PARTICIPANT', 'STALE_CONTENT', 'EMPTY_STATEMENT', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, body, user }) => {
      await workflow.signOff({ statementId: params.id, orgId: body.orgId, userId: user.id, contentHash: body.contentHash, signerTitle: body.signerTitle });
      return answer(params.id, user.id);
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/statements/:id/signoffs/:orgId',
      tag: 'workflow',
      summary: "Withdraw an organization's sign-off (its signatories)",
      auth: 'session',
      params: SignoffParams,
      status: 204,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'NOT_A_PARTICIPANT', 'NOT_FOUND', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, user }) => {
      await workflow.withdrawSignOff({ statementId: params.id, orgId: params.orgId, userId: user.id });
      return undefined;
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statements/:id/signoffs/:orgId/diff',
      tag: 'workflow',
      summary: 'What changed in the text since the organization signed (word-level redline per block)',
      auth: 'session',
      params: SignoffParams,
      response: SignoffDiffResponse,
      errors: ['STATEMENT_NOT_FOUND', 'NOT_FOUND'],
    },
    async ({ params, user }) => {
      await requireStatementAccess(store, params.id, user.id);
      const signoff = (await store.workflow.signoffs(params.id)).find((s) => s.orgId === params.orgId);
      if (!signoff) throw new ApiError('NOT_FOUND', 'This organization has not signed.');
      const [signed, text] = await Promise.all([store.workflow.version(params.id, signoff.contentHash), currentText(params.id)]);
      if (!signed) throw new ApiError('NOT_FOUND', 'The signed version is missing.');
      return {
        orgId: params.orgId,
        signedHash: signoff.contentHash,
        currentHash: text.contentHash,
        current: signoff.contentHash === text.contentHash,
        blocks: redline(JSON.parse(signed.documentJson), text.json),
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/lock',
      tag: 'workflow',
      summary:
        'Lock the final text (lead editors): at once (200), or after delaySeconds (202, with pendingLock), announced to every open editor and cancellable by POST /unlock',
      auth: 'session',
      params: StatementParams,
      body: LockRequest,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_LOCKED', 'LOCK_PENDING', 'EMPTY_STATEMENT', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, body, user, reply }) => {
      const outcome = await workflow.lock({ statementId: params.id, userId: user.id, delaySeconds: body.delaySeconds });
      // A scheduled lock is accepted, not done yet.
      if ('scheduled' in outcome) reply.code(202);
      return answer(params.id, user.id);
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/unlock',
      tag: 'workflow',
      summary: 'Return a locked statement to drafting, or cancel a scheduled lock (lead editors)',
      auth: 'session',
      params: StatementParams,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_NOT_LOCKED', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, user }) => {
      await workflow.unlock({ statementId: params.id, userId: user.id });
      return answer(params.id, user.id);
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/publish',
      tag: 'workflow',
      summary: 'Publish and freeze the statement for good (lead signatories), once every required organization signed the current text',
      auth: 'session',
      params: StatementParams,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'NOT_ALL_SIGNED', 'EMPTY_STATEMENT', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, user }) => {
      await workflow.publish({ statementId: params.id, userId: user.id });
      return answer(params.id, user.id);
    },
  );

  defineRoute(
    app,
    {
      method: 'PUT',
      url: '/api/statements/:id/signatory-order',
      tag: 'workflow',
      summary: 'Set the order of the signatory list (lead editors); null restores lead first, then alphabetical',
      auth: 'session',
      params: StatementParams,
      body: SignatoryOrderRequest,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, body, user }) => {
      const access = await requireStatementAccess(store, params.id, user.id);
      authorize(access, 'orderSignatories');
      await store.workflow.setSignatoryOrder({ statementId: params.id, orgIds: body.orgIds, userId: user.id });
      await workflow.context.announce(params.id);
      return answer(params.id, user.id);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statements/:id/versions',
      tag: 'workflow',
      summary: 'Versions kept at sign-offs, lock and publish',
      auth: 'session',
      params: StatementParams,
      response: VersionsResponse,
      errors: ['STATEMENT_NOT_FOUND'],
    },
    async ({ params, user }) => {
      await requireStatementAccess(store, params.id, user.id);
      return { versions: await store.workflow.versions(params.id) };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statements/:id/audit',
      tag: 'workflow',
      summary: 'Append-only log of every workflow action',
      auth: 'session',
      params: StatementParams,
      response: AuditResponse,
      errors: ['STATEMENT_NOT_FOUND'],
    },
    async ({ params, user }) => {
      await requireStatementAccess(store, params.id, user.id);
      const events = await store.workflow.auditTrail(params.id);
      const names = new Map<string, string>();
      for (const orgId of new Set(events.map((e) => e.orgId).filter((id): id is string => id !== null))) {
        names.set(orgId, (await store.orgs.get(orgId))?.name ?? '');
      }
      return { events: events.map((e) => ({ ...e, orgName: e.orgId ? (names.get(e.orgId) ?? null) : null })) };
    },
  );
}
