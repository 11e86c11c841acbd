import { Badge } from '@mantine/core';
import type { StatementStatus } from '../../shared/api/workflow.ts';
import { formatAbsolute } from '../lib/format-time.ts';
import { TONE_TEXT } from '../lib/tones.ts';

const LABELS: Record<StatementStatus, string> = {
  drafting: 'Drafting',
  locked: 'Locked',
  published: 'Published',
};

const COLORS: Record<StatementStatus, string> = { drafting: 'gray', locked: 'orange', published: 'teal' };

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function publishedDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : dateOnly.format(time);
}

/**
 * The statement's status as a badge: "Drafting", "Locked" or "Published 3 May 2026".
 * Contract for tests: `data-status` (drafting | locked | published) and, on the page's main
 * badge (the one in the top bar), `data-testid="status-badge"`; other copies pass
 * `testId={null}`. Text, not only colour, tells the statuses apart.
 */
export function StatusBadge({
  status,
  publishedAt,
  testId = 'status-badge',
}: {
  status: StatementStatus;
  publishedAt?: string | null;
  testId?: string | null;
}) {
  const date = status === 'published' && publishedAt ? publishedDate(publishedAt) : '';
  return (
    <Badge
      variant="light"
      color={COLORS[status]}
      c={TONE_TEXT[COLORS[status]]}
      tt="none"
      size="lg"
      radius="sm"
      data-testid={testId ?? undefined}
      data-status={status}
    >
      <span className="visually-hidden">Status: </span>
      {LABELS[status]}
      {date && (
        <>
          {' '}
          <time dateTime={publishedAt ?? undefined} title={formatAbsolute(publishedAt ?? '')}>
            {date}
          </time>
        </>
      )}
    </Badge>
  );
}
