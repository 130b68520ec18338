interface Waiter {
  wake: (() => void) | undefined;
}

/**
 * Server-side concurrency: at most `limit` holders at once, the rest wait in FIFO order, like
 * requests queued in front of a GPU server. A released slot goes straight to the next waiter, so
 * the queue never idles between a release and a wake-up. O(1) per acquire and release.
 */
export class ConcurrencyGate {
  active = 0;
  maxActive = 0;
  queued = 0;
  maxQueued = 0;
  private waiters: Waiter[] = [];
  private head = 0;

  constructor(private limit: number) {}

  get capacity(): number {
    return this.limit;
  }

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    if (this.active > this.maxActive) this.maxActive = this.active;
    return true;
  }

  /**
   * Resolves when a slot is held. `cancel()` leaves the queue and returns true; false means the
   * slot was already handed over and the caller must release it.
   */
  enqueue(): { ready: Promise<void>; cancel: () => boolean } {
    const waiter: Waiter = { wake: undefined };
    const ready = new Promise<void>((resolve) => {
      waiter.wake = resolve;
    });
    this.waiters.push(waiter);
    this.queued++;
    if (this.queued > this.maxQueued) this.maxQueued = this.queued;
    return {
      ready,
      cancel: () => {
        if (!waiter.wake) return false;
        waiter.wake = undefined;
        this.queued--;
        return true;
      },
    };
  }

  release(): void {
    const next = this.next();
    // The slot passes to the waiter: `active` stays the same.
    if (next) next();
    else this.active--;
  }

  setLimit(limit: number): void {
    this.limit = limit;
    while (this.active < this.limit) {
      const next = this.next();
      if (!next) break;
      this.active++;
      if (this.active > this.maxActive) this.maxActive = this.active;
      next();
    }
  }

  private next(): (() => void) | undefined {
    while (this.head < this.waiters.length) {
      const waiter = this.waiters[this.head++];
      const wake = waiter.wake;
      if (wake) {
        waiter.wake = undefined;
        this.queued--;
        this.compact();
        return wake;
      }
    }
    this.compact();
    return undefined;
  }

  private compact(): void {
    if (this.head === this.waiters.length) {
      this.waiters = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
  }
}
