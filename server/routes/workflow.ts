import type { FastifyInstance } from 'fastify';
import { StatementParams, StatementResponse } from '../../shared/api/statements.ts';
import { AuditResponse, SignatoryOrderRequest, SignOffRequest, SignoffDiffResponse, SignoffParams, VersionsResponse } from '../../shared/api/workflow.ts';
import { statementDocumentName } from '../../shared/document-name.ts';
import { ApiError } from '../../shared/errors.ts';
import { redline } from '../../shared/redline.ts';
import { missingSignoffs } from '../../shared/workflow.ts';
import { requireStatementAccess } from '../auth/access.ts';
import { authorize } from '../policies/statement-policy.ts';
import { readStatementText, type StatementText } from '../collab/statement-text.ts';
import { defineRoute } from '../http/route.ts';
import { KeyedQueue } from '../collab/keyed-queue.ts';
import { describeStatement } from './statement-view.ts';

export async function workflowRoutes(app: FastifyInstance): Promise<void> {
  const { store, collaboration } = app.jointly;
  const currentText = (statementId: string) => readStatementText(collaboration.hocuspocus, store, statementId);
  // Sign-off, withdraw, lock, unlock and publish of one statement run one at a time.
  const serialized = new KeyedQueue();

  /** After a workflow change: fresh view for the caller, and every open client told to refetch. */
  async function answer(statementId: string, userId: string) {
    collaboration.notify(statementId, { type: 'workflow' });
    return { statement: await describeStatement(store, await requireStatementAccess(store, statementId, userId)) };
  }

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/signoffs',
      tag: 'workflow',
      summary: 'Sign off on the exact current text for an organization (its signatories)',
      auth: 'session',
      params: StatementParams,
      body: SignOffRequest,
      response: StatementResponse,
      status: 201,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'NOT_A_PARTICIPANT', 'STALE_CONTENT', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, body, user }) => {
      return serialized.run(params.id, async () => {
        const access = await requireStatementAccess(store, params.id, user.id);
        authorize(access, 'signFor', body.orgId);
        const text = await currentText(params.id);
        if (text.contentHash !== body.contentHash) {
          throw new ApiError('STALE_CONTENT', undefined, { currentHash: text.contentHash });
        }
        await store.workflow.recordSignoff({ statementId: params.id, orgId: body.orgId, userId: user.id, version: text.version });
        return answer(params.id, user.id);
      });
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
      return serialized.run(params.id, async () => {
        const access = await requireStatementAccess(store, params.id, user.id);
        authorize(access, 'signFor', params.orgId);
        if (!(await store.workflow.withdrawSignoff({ statementId: params.id, orgId: params.orgId, userId: user.id }))) {
          throw new ApiError('NOT_FOUND', 'This organization has not signed.');
        }
        collaboration.notify(params.id, { type: 'workflow' });
        return undefined;
      });
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

  /**
   * Freezes the live document synchronously, reads the text it freezes, and runs `change`;
   * thaws it again unless `keepFrozen` says the change happened.
   */
  async function withFrozenText<T>(statementId: string, change: (text: StatementText) => Promise<T>, keepFrozen: (result: T) => boolean): Promise<T> {
    const name = statementDocumentName(statementId);
    collaboration.freezer.freeze(name);
    let result: T | undefined;
    try {
      result = await change(await currentText(statementId));
      return result;
    } finally {
      // Runs inside the statement's queue: the status read here is final for this step.
      const committed = result !== undefined && keepFrozen(result);
      if (!committed && (await store.statements.get(statementId))?.status === 'drafting') collaboration.freezer.thaw(name);
    }
  }

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/lock',
      tag: 'workflow',
      summary: 'Lock the final text: no more edits until unlocked (lead editors)',
      auth: 'session',
      params: StatementParams,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_LOCKED', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, user }) => {
      return serialized.run(params.id, async () => {
        const access = await requireStatementAccess(store, params.id, user.id);
        authorize(access, 'lock');
        const changed = await withFrozenText(
          params.id,
          (text) =>
            store.workflow.changeStatus({
              statementId: params.id,
              expected: ['drafting'],
              status: 'locked',
              userId: user.id,
              orgId: access.statement.leadOrgId,
              version: text.version,
              action: 'locked',
            }),
          (ok) => ok,
        );
        if (!changed) throw new ApiError('STATEMENT_LOCKED', 'The statement changed status meanwhile.');
        await collaboration.revalidateAccess({ statementId: params.id });
        return answer(params.id, user.id);
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/unlock',
      tag: 'workflow',
      summary: 'Return a locked statement to drafting (lead editors)',
      auth: 'session',
      params: StatementParams,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_NOT_LOCKED', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, user }) => {
      return serialized.run(params.id, async () => {
        const access = await requireStatementAccess(store, params.id, user.id);
        authorize(access, 'unlock');
        const text = await currentText(params.id);
        const changed = await store.workflow.changeStatus({
          statementId: params.id,
          expected: ['locked'],
          status: 'drafting',
          userId: user.id,
          orgId: access.statement.leadOrgId,
          version: text.version,
          action: 'unlocked',
        });
        if (!changed) throw new ApiError('STATEMENT_NOT_LOCKED');
        collaboration.freezer.thaw(statementDocumentName(params.id));
        await collaboration.revalidateAccess({ statementId: params.id });
        return answer(params.id, user.id);
      });
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
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'NOT_ALL_SIGNED', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, user }) => {
      return serialized.run(params.id, async () => {
        const access = await requireStatementAccess(store, params.id, user.id);
        authorize(access, 'publish');
        const outcome = await withFrozenText(
          params.id,
          async (text) => {
            const [participants, signoffs] = await Promise.all([store.statements.participants(params.id), store.workflow.signoffs(params.id)]);
            const signedHash = new Map(signoffs.map((s) => [s.orgId, s.contentHash]));
            const missing = missingSignoffs(
              participants.map((p) => ({ ...p, signedHash: signedHash.get(p.orgId) ?? null })),
              text.contentHash,
            );
            if (missing.length > 0) return { published: false as const, missing };
            const published = await store.workflow.changeStatus({
              statementId: params.id,
              expected: ['drafting', 'locked'],
              status: 'published',
              userId: user.id,
              orgId: access.statement.leadOrgId,
              version: text.version,
              action: 'published',
              requireAllSigned: true,
            });
            return { published, missing };
          },
          (result) => result.published,
        );
        if (!outcome.published) {
          if (outcome.missing.length === 0) throw new ApiError('STATEMENT_PUBLISHED');
          const names = outcome.missing.map((m) => m.name).join(', ');
          throw new ApiError('NOT_ALL_SIGNED', `Still waiting for a sign-off of the current text from: ${names}.`, {
            missing: outcome.missing.map(({ orgId, name }) => ({ orgId, name })),
          });
        }
        await collaboration.revalidateAccess({ statementId: params.id });
        return answer(params.id, user.id);
      });
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
