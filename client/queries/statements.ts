import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { getStatement, listStatements } from '../api/statements.ts';
import { fetchSignoffDiff, listAudit, listVersions } from '../api/workflow.ts';
import { keys } from './keys.ts';

/**
 * The statements the signed-in person may see (the server filters). Refetched whenever the
 * tab regains focus or the browser comes back online, however fresh it was: whose turn it is
 * changes by other people's hands (live signals invalidate it too, see client/live/).
 */
export function useStatementList() {
  return useQuery({
    queryKey: keys.statements,
    queryFn: ({ signal }) => listStatements(signal),
    refetchOnWindowFocus: 'always',
    refetchOnReconnect: 'always',
  });
}

/** Marks the statement list stale; an open dashboard refetches it at once. */
export function invalidateStatementList(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: keys.statements, exact: true });
}

/** One statement's REST record (participants, sign-offs, the reader's rights). */
export function useStatement(id: string) {
  return useQuery({ queryKey: keys.statement(id), queryFn: ({ signal }) => getStatement(id, signal) });
}

export function useSignoffDiff(id: string, orgId: string) {
  return useQuery({ queryKey: keys.signoffDiff(id, orgId), queryFn: ({ signal }) => fetchSignoffDiff(id, orgId, signal) });
}

export function useVersions(id: string) {
  return useQuery({ queryKey: keys.versions(id), queryFn: ({ signal }) => listVersions(id, signal) });
}

export function useAudit(id: string) {
  return useQuery({ queryKey: keys.audit(id), queryFn: ({ signal }) => listAudit(id, signal) });
}

/**
 * Puts a record the server just answered with into the cache, and marks what depends on
 * it (the list, redlines, history) for refetching.
 */
export function storeStatement(client: QueryClient, statement: StatementDetail): void {
  client.setQueryData(keys.statement(statement.id), statement);
  void client.invalidateQueries({ queryKey: keys.statements });
  void client.invalidateQueries({ queryKey: keys.statement(statement.id), predicate: (query) => query.queryKey.length > 2 });
}

/** Refetches everything about one statement (after a live `workflow`/`content`/`access` message, or a refusal). */
export function refreshStatement(client: QueryClient, id: string): void {
  void client.invalidateQueries({ queryKey: keys.statement(id) });
  void client.invalidateQueries({ queryKey: keys.statements });
}

/** `onChanged` / `onStale` callbacks for the statement's panels, bound to the cache. */
export function useStatementCache(id: string): { replace: (statement: StatementDetail) => void; refresh: () => void } {
  const client = useQueryClient();
  const replace = useCallback((statement: StatementDetail) => storeStatement(client, statement), [client]);
  const refresh = useCallback(() => refreshStatement(client, id), [client, id]);
  return { replace, refresh };
}
