import { describe, expect, it } from 'vitest';
import { formatDueIn, formatUtc, formatUtcClock } from '../../client/statements/deadline-text.ts';
import { formatDelay, secondsUntil } from '../../client/workflow/lock-time.ts';

describe('how a lock countdown reads', () => {
  const lockAt = '2026-12-08T14:05:30.000Z';
  it('counts whole seconds up (it says "1 s" until it fires, never a negative)', () => {
    expect(secondsUntil(lockAt, Date.parse(lockAt) - 27_200)).toBe(28);
    expect(secondsUntil(lockAt, Date.parse(lockAt) - 1)).toBe(1);
    expect(secondsUntil(lockAt, Date.parse(lockAt) + 5_000)).toBe(0);
    expect(secondsUntil('not a time', 0)).toBe(0);
  });
  it('names the delay the lead picks in words', () => {
    expect(formatDelay(30)).toBe('30 seconds');
    expect(formatDelay(60)).toBe('1 minute');
    expect(formatDelay(150)).toBe('2 minutes 30 seconds');
    expect(formatDelay(1)).toBe('1 second');
    expect(formatDelay(0)).toBe('0 seconds');
  });
});

describe('how a deadline reads', () => {
  const deadline = '2026-12-09T14:00:00.000Z';
  const at = (msBefore: number) => Date.parse(deadline) - msBefore;
  it('in minutes within the hour, hours within two days, days beyond, "overdue" once passed', () => {
    expect(formatDueIn(deadline, at(40 * 60_000))).toBe('in 40 min');
    expect(formatDueIn(deadline, at(10_000))).toBe('in 1 min');
    expect(formatDueIn(deadline, at(3 * 3_600_000))).toBe('in 3 h');
    expect(formatDueIn(deadline, at(5 * 86_400_000))).toBe('in 5 days');
    expect(formatDueIn(deadline, at(-1))).toBe('overdue');
    expect(formatDueIn('garbage', 0)).toBe('');
  });
  it("in UTC, the contract time every partner shares, whatever the reader's zone", () => {
    expect(formatUtc(deadline)).toMatch(/14:00 UTC$/);
    expect(formatUtc(deadline)).toMatch(/2026/);
    expect(formatUtcClock(deadline)).toBe('14:00 UTC');
  });
});
