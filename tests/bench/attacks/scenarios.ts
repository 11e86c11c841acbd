/** The rows of tests/bench/attacks.ts, in order: the attacks of issue 12 (see row.ts for what each row holds). */
import { awarenessFlood, awarenessNonObject, awarenessRelabel } from './presence-attacks.ts';
import type { Attack } from './row.ts';
import { syncStep1Amplification, unauthenticatedFlood } from './socket-attacks.ts';
import { bomb, clockSquatOffline, clockSquatOnline, hiddenRoot, unknownMark } from './update-attacks.ts';

const baseline: Attack = {
  id: '0',
  attack: 'none (baseline: the canary alone)',
  run: async (_ctx, draft) => {
    draft.serverDid = '—';
    draft.stored = '—';
    draft.canaryDuring();
  },
};

/** 3.5 MB of delete set: ~776,000 ranges. */
const BOMB_RANGES = 776_000;

export const ATTACKS: Attack[] = [
  baseline,
  bomb('1a', BOMB_RANGES, true),
  bomb('1b', 40_000, false),
  clockSquatOnline,
  clockSquatOffline,
  hiddenRoot,
  unknownMark,
  awarenessRelabel,
  awarenessNonObject,
  awarenessFlood,
  unauthenticatedFlood('6a', 25, 4, Math.round(1.2 * 1024 * 1024), ['127.0.0.1'], 'long'),
  unauthenticatedFlood('6b', 200, 1, 1024 * 1024, ['127.0.0.1'], 'short'),
  unauthenticatedFlood(
    '6c',
    200,
    1,
    1024 * 1024,
    ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9'],
    'short',
  ),
  syncStep1Amplification,
];
