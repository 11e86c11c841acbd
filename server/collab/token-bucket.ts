/**
 * A token bucket: `ratePerSecond` tokens flow in continuously, up to `ratePerSecond *
 * burstSeconds`; each event takes what it costs. It starts full, so a burst of up to that
 * capacity passes at once (an offline session's replay) while the sustained rate stays bounded.
 * It holds two numbers and reads the clock only when an event arrives.
 */
export class TokenBucket {
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private tokens: number;
  private refilledAt: number;

  constructor(ratePerSecond: number, burstSeconds: number, now = performance.now()) {
    this.ratePerMs = ratePerSecond / 1000;
    this.capacity = ratePerSecond * burstSeconds;
    this.tokens = this.capacity;
    this.refilledAt = now;
  }

  /** Takes `cost` tokens and returns true, or returns false (taking nothing) when there are not enough. */
  take(cost = 1, now = performance.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.ratePerMs);
    this.refilledAt = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
