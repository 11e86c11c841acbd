import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  type CollabTokenResponse,
  CreateStatementRequest,
  type StatementListResponse,
  StatementParams,
  type StatementResponse,
} from '../../shared/api/statements.ts';
import { ApiError } from '../../shared/errors.ts';
import { parseInput } from '../http/validate.ts';
import { buildInitialState } from '../seed/initial-state.ts';
import type { StatementRow } from '../storage/store.ts';

/** Until accounts exist every visitor acts as this user; issue #3 replaces it with the session's user. */
const GUEST_USER_ID = 'guest';

export async function statementRoutes(app: FastifyInstance): Promise<void> {
  const { store, tokens } = app.jointly;

  async function findStatement(params: unknown): Promise<StatementRow> {
    const { id } = parseInput(StatementParams, params);
    const statement = await store.getStatement(id);
    if (!statement) throw new ApiError('STATEMENT_NOT_FOUND');
    return statement;
  }

  app.get('/api/statements', async (): Promise<StatementListResponse> => {
    return { statements: await store.listStatements() };
  });

  app.post('/api/statements', async (request, reply): Promise<StatementResponse> => {
    const body = parseInput(CreateStatementRequest, request.body);
    let initialState: Uint8Array;
    try {
      initialState = buildInitialState(body);
    } catch (error) {
      throw new ApiError('VALIDATION_FAILED', `The text could not be converted: ${(error as Error).message}`);
    }
    const statement = await store.createStatement({ id: randomBytes(9).toString('base64url'), title: body.title, initialState });
    reply.code(201);
    return { statement };
  });

  app.get('/api/statements/:id', async (request): Promise<StatementResponse> => {
    return { statement: await findStatement(request.params) };
  });

  app.post('/api/statements/:id/collab-token', async (request): Promise<CollabTokenResponse> => {
    const statement = await findStatement(request.params);
    return { token: tokens.issue(GUEST_USER_ID, statement.id) };
  });
}
