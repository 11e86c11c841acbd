import { Badge, Group, Text } from '@mantine/core';
import type { Participant } from '../../shared/api/statements.ts';
import type { StatementStatus } from '../../shared/api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { TONE_TEXT } from '../lib/tones.ts';
import { signoffState, type SignoffState } from './signoff-state.ts';

const GLYPHS: Record<SignoffState, string> = { current: '✓', stale: '!', none: '○' };
const COLORS: Record<SignoffState, string> = { current: 'teal', stale: 'orange', none: 'gray' };

/**
 * One organization's sign-off, in words: "Not signed", "Signed the current text" (who,
 * when) or "Signed an earlier version" (which, who, when). A stale sign-off looks
 * different (outlined amber badge with "!") and says so in text, never by colour alone.
 *
 * The signer's title, when they gave one, follows their name ("by Alice Example, Executive
 * Director").
 *
 * Contract for tests: `data-testid="signoff-badge"` with `data-signoff-state` (current |
 * stale | none); `data-testid="signer-title"` around the title.
 */
export function SignoffStatus({ participant, status }: { participant: Participant; status: StatementStatus }) {
  const state = signoffState(participant);
  const signoff = participant.signoff;
  const label =
    state === 'none'
      ? 'Not signed'
      : state === 'current'
        ? status === 'published'
          ? 'Signed the published text'
          : 'Signed the current text'
        : 'Signed an earlier version';

  return (
    <Group gap={6} wrap="wrap">
      <Badge
        variant={state === 'stale' ? 'outline' : 'light'}
        color={COLORS[state]}
        c={TONE_TEXT[COLORS[state]]}
        tt="none"
        radius="sm"
        leftSection={<span aria-hidden="true">{GLYPHS[state]}</span>}
        data-testid="signoff-badge"
        data-signoff-state={state}
      >
        {label}
      </Badge>
      {signoff && (
        <Text size="xs" c="dimmed" span>
          {state === 'stale' && (
            <>
              version <HashText hash={signoff.contentHash} />,{' '}
            </>
          )}
          by {signoff.signedBy.name}
          {signoff.signerTitle && <span data-testid="signer-title">, {signoff.signerTitle}</span>},{' '}
          <time dateTime={signoff.signedAt} title={formatAbsolute(signoff.signedAt)}>
            {formatUpdated(signoff.signedAt)}
          </time>
        </Text>
      )}
    </Group>
  );
}
