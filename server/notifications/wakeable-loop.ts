/**
 * A background loop that runs `work` one pass at a time: again after the delay the pass asks
 * for (never later than `pollMs`, so work written by another process is found), or at once
 * when poked. `poke` is cheap and safe at any time, also during a pass (one more pass follows)
 * and after `stop`. A failing pass is reported and the loop goes on at the next poll.
 */
export class WakeableLoop {
  private readonly work: () => Promise<number | null>;
  private readonly pollMs: number;
  private readonly onError: (error: unknown) => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pokedWhileRunning = false;
  private stopped = true;
  /** Epoch ms before which no pass starts (a delayed start). */
  private notBefore = 0;

  /** `work` resolves with the milliseconds until it wants to run again (null: at the next poll). */
  constructor(work: () => Promise<number | null>, options: { pollMs: number; onError: (error: unknown) => void }) {
    this.work = work;
    this.pollMs = options.pollMs;
    this.onError = options.onError;
  }

  /** Starts the loop; with `delayMs`, nothing runs before that long has passed, pokes included. */
  start(delayMs = 0): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.notBefore = Date.now() + delayMs;
    this.schedule(0);
  }

  poke(): void {
    if (this.stopped) return;
    if (this.running) this.pokedWhileRunning = true;
    else this.schedule(0);
  }

  /** Stops the loop; resolves once a pass under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(Math.min(delayMs, this.pollMs), this.notBefore - Date.now(), 0);
    this.timer = setTimeout(() => this.run(), wait);
    this.timer.unref();
  }

  private run(): void {
    this.timer = null;
    this.pokedWhileRunning = false;
    let next: number | null = null;
    this.running = this.work()
      .then(
        (delay) => void (next = delay),
        (error: unknown) => this.onError(error),
      )
      .finally(() => {
        this.running = null;
        this.schedule(this.pokedWhileRunning ? 0 : (next ?? this.pollMs));
      });
  }
}
