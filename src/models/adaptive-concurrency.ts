/**
 * A semaphore whose limit adapts like TCP congestion control (AIMD): halve on a 429, grow back by
 * one slot per limit's worth of successes. At most one halving per "generation" of requests, so
 * a burst of 429s from requests already in flight counts as one signal, not ten.
 */
export class AdaptiveConcurrency {
  private current: number;
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];
  private successCredit = 0;
  private generation = 0;
  private lastDecreaseGeneration = -1;
  /** Highest number of requests in flight at once (for reports and tests). */
  peakInFlight = 0;

  constructor(
    private readonly max: number,
    private readonly min = 1,
  ) {
    this.current = max;
  }

  get limit(): number {
    return Math.floor(this.current);
  }

  get active(): number {
    return this.inFlight;
  }

  /** Waits for a slot; returns the generation the request started in (pass it to onRateLimited). */
  async acquire(signal?: AbortSignal): Promise<number> {
    while (this.inFlight >= this.limit) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener("abort", wake);
          resolve();
        };
        this.waiters.push(wake);
        signal?.addEventListener("abort", wake, { once: true });
      });
    }
    signal?.throwIfAborted();
    this.inFlight++;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    return this.generation;
  }

  release(): void {
    this.inFlight--;
    this.wakeUpTo(this.limit - this.inFlight);
  }

  onSuccess(): void {
    if (this.current >= this.max) return;
    this.successCredit++;
    if (this.successCredit >= this.limit) {
      this.successCredit = 0;
      this.current = Math.min(this.max, this.current + 1);
      this.wakeUpTo(this.limit - this.inFlight);
    }
  }

  /** A 429 from a request started in `startedGeneration`. */
  onRateLimited(startedGeneration: number): void {
    if (startedGeneration <= this.lastDecreaseGeneration) return;
    this.current = Math.max(this.min, Math.floor(this.current / 2));
    this.successCredit = 0;
    this.lastDecreaseGeneration = this.generation;
    this.generation++;
  }

  private wakeUpTo(n: number): void {
    for (let i = 0; i < n && this.waiters.length > 0; i++) this.waiters.shift()!();
  }
}
