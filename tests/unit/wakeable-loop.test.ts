import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WakeableLoop } from '../../server/notifications/wakeable-loop.ts';
import { waitFor } from '../helpers/wait.ts';

describe('the notifier’s wakeable loop', () => {
  it('runs one pass at a time; a poke during a pass makes one more pass right after it', async () => {
    let running = 0;
    let overlapped = false;
    let passes = 0;
    let release: () => void = () => {};
    const loop = new WakeableLoop(
      async () => {
        passes++;
        overlapped ||= running > 0;
        running++;
        if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
        running--;
        return null;
      },
      { pollMs: 60_000, onError: () => {} },
    );
    loop.start();
    await sleep(20);
    loop.poke();
    loop.poke();
    expect(passes).toBe(1);
    release();
    await waitFor(() => passes === 2, 'the pass after the poke');
    await sleep(20);
    expect(passes).toBe(2);
    expect(overlapped).toBe(false);
    await loop.stop();
  });

  it('polls at most every pollMs, goes on after a failing pass, and stop waits for the pass under way', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    let finished = false;
    const loop = new WakeableLoop(
      async () => {
        passes++;
        if (passes === 1) throw new Error('busy');
        await sleep(50);
        finished = true;
        return 10 * 60_000;
      },
      { pollMs: 30, onError: (error) => errors.push(error) },
    );
    loop.start();
    await waitFor(() => passes === 2, 'the next poll after the failure');
    expect(errors).toHaveLength(1);
    await loop.stop();
    expect(finished).toBe(true);
    loop.poke();
    await sleep(50);
    expect(passes).toBe(2);
  });

  it('a delayed start runs nothing before the delay, pokes included', async () => {
    let passes = 0;
    const loop = new WakeableLoop(
      async () => {
        passes++;
        return null;
      },
      { pollMs: 10, onError: () => {} },
    );
    loop.start(150);
    loop.poke();
    await sleep(80);
    expect(passes).toBe(0);
    await waitFor(() => passes > 0, 'the first pass after the delay');
    await loop.stop();
  });
});
