import { describe, expect, it } from 'vitest';
import { describeKillSoak, runKillSoak } from '../helpers/soak.ts';

const KILLS = Number(process.env.SOAK_KILLS ?? 200);
const SEED = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * The server is SIGKILLed at random moments while real providers type unique tokens; half
 * the time the editors die with it and a fresh client reads what storage holds. The promise:
 * an edit the server acknowledged is never lost, and every replica ends with one text.
 * A longer run: `npm run soak` (SOAK_KILLS, SOAK_SEED).
 */
describe('the kill soak: the server dies at random moments while people type', () => {
  it(
    `${KILLS} SIGKILLs lose no acknowledged edit and leave no replica divergent (seed ${SEED})`,
    async () => {
      const result = await runKillSoak({ kills: KILLS, seed: SEED, log: (line) => console.log(line), reportEvery: 50 });
      console.log(describeKillSoak(result));
      expect(result.kills).toBe(KILLS);
      // The soak must have exercised both kinds of cycle and made real progress, or it proves nothing.
      expect(result.reconnectCycles).toBeGreaterThan(0);
      expect(result.clientsDiedCycles).toBeGreaterThan(0);
      expect(result.acknowledged).toBeGreaterThan(KILLS);
      expect(result.unexpectedAcks).toBe(0);
      expect(result.lost, `acknowledged tokens missing from a fresh client (replay: SOAK_SEED=${SEED})`).toEqual([]);
      expect(result.divergent).toBe(0);
    },
    30 * 60_000,
  );
});
