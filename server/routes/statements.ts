import type { FastifyInstance } from 'fastify';
import {
  AddParticipantRequest,
  CollabTokenResponse,
  CreateStatementRequest,
  ParticipantParams,
  StatementListResponse,
  StatementParams,
  StatementResponse,
  UpdateStatementRequest,
} from '../../shared/api/statements.ts';
import { ApiError } from '../../shared/errors.ts';
import { requireOrgRole, requireStatementAccess } from '../auth/access.ts';
import { newId } from '../auth/tokens.ts';
import { defineRoute } from '../http/route.ts';
import { authorize } from '../policies/statement-policy.ts';
import { SeedConversionError } from '../seed/seed-converter.ts';
import { describeStatement } from './statement-view.ts';

export async function statementRoutes(app: FastifyInstance): Promise<void> {
  const { store, tokens, collaboration, seedConverter, config, workflow } = app.jointly;

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statements',
      tag: 'statements',
      summary: 'Statements in which one of my organizations takes part',
      auth: 'session',
      response: StatementListResponse,
    },
    async ({ user }) => ({ statements: await store.statements.listVisibleTo(user.id) }),
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements',
      tag: 'statements',
      summary: 'Create a statement led by one of my organizations (editors), optionally from Markdown or HTML',
      auth: 'session',
      body: CreateStatementRequest,
      response: StatementResponse,
      status: 201,
      errors: ['ORG_NOT_FOUND', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE'],
    },
    async ({ body, user }) => {
      await requireOrgRole(store, body.leadOrgId, user.id, 'editor');
      let seed: { state: Uint8Array; contentHash: string; title: string };
      try {
        seed = await seedConverter.convert(body, { maxUncompressedBytes: config.maxImportUncompressedBytes });
      } catch (error) {
        if (!(error instanceof SeedConversionError)) throw error;
        if (error.kind === 'busy')
          throw new ApiError('RATE_LIMITED', 'Too many texts are being converted right now. Try again in a moment.', { retryAfterMs: 5_000 });
        if (error.kind === 'too-large') {
          throw new ApiError('PAYLOAD_TOO_LARGE', `The Word file is too large to import: ${error.message}. Save it again from Word, or split it.`);
        }
        throw new ApiError('VALIDATION_FAILED', `The text could not be converted: ${error.message}. Try a shorter or simpler text.`);
      }
      // A title given wins; left empty with a Word file, the file's own title (or first heading) is the title.
      const title = body.title || seed.title;
      if (!title) throw new ApiError('VALIDATION_FAILED', 'Give the statement a title: the Word file has none.');
      const created = await store.statements.create({
        id: newId(),
        title,
        leadOrgId: body.leadOrgId,
        initialState: seed.state,
        contentHash: seed.contentHash,
      });
      await store.workflow.audit({ statementId: created.id, userId: user.id, orgId: body.leadOrgId, action: 'created', contentHash: seed.contentHash });
      const access = await requireStatementAccess(store, created.id, user.id);
      return { statement: await describeStatement(store, access) };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statements/:id',
      tag: 'statements',
      summary: 'One statement with its participants',
      auth: 'session',
      params: StatementParams,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND'],
    },
    async ({ params, user }) => ({ statement: await describeStatement(store, await requireStatementAccess(store, params.id, user.id)) }),
  );

  defineRoute(
    app,
    {
      method: 'PATCH',
      url: '/api/statements/:id',
      tag: 'statements',
      summary: 'Set or clear the sign-off deadline (until published), archive or restore the statement (lead editors)',
      auth: 'session',
      params: StatementParams,
      body: UpdateStatementRequest,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'VALIDATION_FAILED', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, body, user }) => {
      await workflow.updateSettings({ statementId: params.id, userId: user.id, changes: body });
      return { statement: await describeStatement(store, await requireStatementAccess(store, params.id, user.id)) };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/participants',
      tag: 'statements',
      summary: 'Add a participating organization, or change whether it is required (lead editors)',
      auth: 'session',
      params: StatementParams,
      body: AddParticipantRequest,
      response: StatementResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'ORG_NOT_FOUND', 'LEAD_ORG_REQUIRED'],
    },
    async ({ params, body, user }) => {
      const access = await requireStatementAccess(store, params.id, user.id);
      authorize(access, 'manageParticipants');
      if (!(await store.orgs.get(body.orgId))) throw new ApiError('ORG_NOT_FOUND');
      if (body.orgId === access.statement.leadOrgId && !body.required) throw new ApiError('LEAD_ORG_REQUIRED');
      await store.statements.upsertParticipant(params.id, body.orgId, body.required, user.id);
      await store.workflow.audit({
        statementId: params.id,
        userId: user.id,
        orgId: body.orgId,
        action: body.required ? 'added required participant' : 'added optional participant',
        contentHash: null,
      });
      app.jointly.outbox.written();
      await workflow.context.announce(params.id);
      return { statement: await describeStatement(store, access) };
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/statements/:id/participants/:orgId',
      tag: 'statements',
      summary: 'Remove a participating organization (lead editors); its members lose access at once',
      auth: 'session',
      params: ParticipantParams,
      status: 204,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'NOT_FOUND', 'LEAD_ORG_REQUIRED'],
    },
    async ({ params, user }) => {
      const access = await requireStatementAccess(store, params.id, user.id);
      authorize(access, 'manageParticipants');
      if (params.orgId === access.statement.leadOrgId) throw new ApiError('LEAD_ORG_REQUIRED');
      const membersBefore = await store.statements.memberIds(params.id);
      if (!(await store.statements.removeParticipant(params.id, params.orgId))) {
        throw new ApiError('NOT_FOUND', 'This organization does not take part in the statement.');
      }
      await store.workflow.audit({ statementId: params.id, userId: user.id, orgId: params.orgId, action: 'removed participant', contentHash: null });
      await collaboration.revalidateAccess({ statementId: params.id });
      // Those who just lost access refresh their list too (the statement leaves it).
      app.jointly.live.publish(membersBefore, { type: 'statements', statementId: params.id });
      await workflow.context.announce(params.id);
      return undefined;
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/collab-token',
      tag: 'statements',
      summary: 'A short-lived token for the /collab websocket (document statement:<id>)',
      auth: 'session',
      params: StatementParams,
      response: CollabTokenResponse,
      errors: ['STATEMENT_NOT_FOUND'],
    },
    async ({ params, user, request }) => {
      await requireStatementAccess(store, params.id, user.id);
      // A session-authenticated route always has the session's hash.
      return { token: tokens.issue(user.id, params.id, request.sessionHash!), userId: user.id };
    },
  );
}
