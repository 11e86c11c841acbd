import type { StatementListItem } from '../../shared/api/statements.ts';
import { STATEMENT_STATUSES, type StatementStatus } from '../../shared/api/workflow.ts';

/**
 * The dashboard's order of work, from the list alone. Each statement lands in exactly one place:
 * 1. `needsMySignoff`: the reader may sign for a required organization that has not signed the
 *    current text (the list's `needsMySignoff` is non-empty);
 * 2. `waitingOnOthers`: led by one of the reader's organizations and waiting on organizations
 *    the reader cannot sign for;
 * 3. `byStatus`: everything else, by status;
 * 4. `archived`: archived statements, whatever their state (shown collapsed).
 * Within a section, the nearest deadline first, then the most recently updated.
 */
export interface DashboardSections {
  needsMySignoff: StatementListItem[];
  waitingOnOthers: StatementListItem[];
  byStatus: Record<StatementStatus, StatementListItem[]>;
  archived: StatementListItem[];
}

export function dashboardSections(statements: readonly StatementListItem[], myOrgIds: ReadonlySet<string>): DashboardSections {
  const sections: DashboardSections = {
    needsMySignoff: [],
    waitingOnOthers: [],
    byStatus: Object.fromEntries(STATEMENT_STATUSES.map((status) => [status, []])) as unknown as Record<StatementStatus, StatementListItem[]>,
    archived: [],
  };
  for (const statement of [...statements].sort(byUrgency)) {
    if (statement.archivedAt !== null) sections.archived.push(statement);
    else if (statement.status !== 'published' && statement.needsMySignoff.length > 0) sections.needsMySignoff.push(statement);
    else if (statement.status !== 'published' && myOrgIds.has(statement.leadOrgId) && waitingOnOthers(statement, myOrgIds).length > 0)
      sections.waitingOnOthers.push(statement);
    else sections.byStatus[statement.status].push(statement);
  }
  return sections;
}

/** The organizations a statement waits on that are not the reader's own. */
export function waitingOnOthers(statement: StatementListItem, myOrgIds: ReadonlySet<string>): StatementListItem['waitingOn'] {
  return statement.waitingOn.filter((org) => !myOrgIds.has(org.orgId));
}

function byUrgency(a: StatementListItem, b: StatementListItem): number {
  const deadlineA = a.signoffDeadline ? Date.parse(a.signoffDeadline) : Infinity;
  const deadlineB = b.signoffDeadline ? Date.parse(b.signoffDeadline) : Infinity;
  if (deadlineA !== deadlineB) return deadlineA < deadlineB ? -1 : 1;
  return Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
}
