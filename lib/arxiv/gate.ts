/**
 * arXiv's terms: at most one request every 3 seconds, one connection at a time, for the feeds and the
 * API alike. Every request to arXiv in a context goes through one gate.
 */
export interface GateClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: GateClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RequestGate {
  private tail: Promise<unknown> = Promise.resolve();
  private lastEnd = -Infinity;
  /** Requests made through this gate (for tests and the benchmark). */
  count = 0;

  constructor(
    private readonly minIntervalMs = 3000,
    private readonly clock: GateClock = realClock,
  ) {}

  /** Runs `request` after every earlier one has finished and `minIntervalMs` has passed since. */
  run<T>(request: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      const wait = this.lastEnd + this.minIntervalMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.count++;
      try {
        return await request();
      } finally {
        this.lastEnd = this.clock.now();
      }
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
