import type { Participant } from '../../shared/api/statements.ts';
import type { StatementStatus } from '../../shared/api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { signoffState } from './signoff-state.ts';

const GLYPHS = { current: '✓', stale: '!', none: '○' } as const;

/**
 * One organization's sign-off, in words: "Not signed", "Signed the current text" (who,
 * when) or "Signed an earlier version" (which, who, when). A stale sign-off looks
 * different (dashed amber badge with "!") and says so in text, never by colour alone.
 *
 * Contract for tests: `data-testid="signoff-badge"` with `data-signoff-state` (current |
 * stale | none).
 */
export function SignoffStatus({ participant, status }: { participant: Participant; status: StatementStatus }) {
  const state = signoffState(participant);
  const signoff = participant.signoff;
  const label =
    state === 'none' ? 'Not signed' : state === 'current' ? (status === 'published' ? 'Signed the published text' : 'Signed the current text') : 'Signed an earlier version';

  return (
    <p className="signoff-status">
      <span className={`signoff-badge signoff-badge--${state}`} data-testid="signoff-badge" data-signoff-state={state}>
        <span className="signoff-badge__glyph" aria-hidden="true">
          {GLYPHS[state]}
        </span>
        {label}
      </span>
      {signoff && (
        <span className="signoff-status__by">
          {state === 'stale' && (
            <>
              version <HashText hash={signoff.contentHash} />,{' '}
            </>
          )}
          by {signoff.signedBy.name},{' '}
          <time dateTime={signoff.signedAt} title={formatAbsolute(signoff.signedAt)}>
            {formatUpdated(signoff.signedAt)}
          </time>
        </span>
      )}
    </p>
  );
}
