/**
 * Client-side RPM/TPM limits. Two guarantees, so that the server never sees more than configured:
 * - a hard sliding window: in any 60 s span, at most `rpm` requests and `tpm` reserved tokens;
 * - smooth pacing: a token bucket holding at most one second's worth, so a full minute's budget
 *   is not fired in the first instant (servers also meter over short intervals).
 * Tokens are reserved before sending (prompt estimate + max_tokens, as OpenAI counts them) and the
 * reservation is corrected to the real usage afterwards.
 */
export interface RateLimits {
  rpm?: number;
  tpm?: number;
}

interface WindowEntry {
  at: number;
  tokens: number;
  expired?: boolean;
}

const WINDOW_MS = 60_000;

/** What a request waits on before it goes (see RateLimiter.acquire); another kind may be shared (Redis). */
export interface RequestLimiter {
  /** False when neither rpm nor tpm is set: requests need not wait nor be estimated. */
  readonly enabled: boolean;
  acquire(tokens: number, signal?: AbortSignal): Promise<(actualTokens: number) => void>;
}

export class RateLimiter implements RequestLimiter {
  private readonly entries: WindowEntry[] = [];
  private head = 0;
  private windowTokens = 0;
  private bucketRequests: number;
  private bucketTokens: number;
  private lastRefill: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.bucketRequests = this.requestBurst();
    this.bucketTokens = this.tokenBurst();
    this.lastRefill = now();
  }

  get enabled(): boolean {
    return Boolean(this.limits.rpm || this.limits.tpm);
  }

  private requestBurst(): number {
    return this.limits.rpm ? Math.max(1, this.limits.rpm / 60) : Infinity;
  }

  private tokenBurst(): number {
    return this.limits.tpm ? Math.max(1, this.limits.tpm / 60) : Infinity;
  }

  /**
   * Waits until one request of `tokens` estimated tokens may go, and reserves it. Returns a
   * function to call with the real token count once known. Callers are served in FIFO order.
   */
  acquire(tokens: number, signal?: AbortSignal): Promise<(actualTokens: number) => void> {
    if (!this.enabled) return Promise.resolve(() => {});
    // A request bigger than the whole per-minute budget could never go; let it through alone.
    const need = this.limits.tpm ? Math.min(tokens, this.limits.tpm) : tokens;
    const turn = this.chain.then(() => this.waitFor(need, signal));
    this.chain = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async waitFor(tokens: number, signal?: AbortSignal): Promise<(actual: number) => void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.delayUntilAllowed(tokens);
      if (wait <= 0) break;
      await this.sleep(Math.max(1, Math.ceil(wait)));
    }
    const entry: WindowEntry = { at: this.now(), tokens };
    this.entries.push(entry);
    this.windowTokens += tokens;
    this.bucketRequests -= 1;
    this.bucketTokens -= tokens;
    return (actual: number) => {
      const delta = Math.max(0, actual) - entry.tokens;
      if (!entry.expired) this.windowTokens += delta;
      entry.tokens += delta;
      // Refunds flow back into the bucket too; overuse is paid back by waiting longer.
      this.bucketTokens -= delta;
    };
  }

  /** Milliseconds until a request of `tokens` fits every limit (<= 0: now). */
  private delayUntilAllowed(tokens: number): number {
    const now = this.now();
    this.expire(now);
    this.refill(now);
    let wait = 0;
    const { rpm, tpm } = this.limits;
    if (rpm) {
      if (this.bucketRequests < 1) wait = Math.max(wait, ((1 - this.bucketRequests) * 60_000) / rpm);
      const inWindow = this.entries.length - this.head;
      if (inWindow >= rpm) {
        const oldestThatMustLeave = this.entries[this.head + (inWindow - Math.floor(rpm))];
        wait = Math.max(wait, oldestThatMustLeave.at + WINDOW_MS - now);
      }
    }
    if (tpm) {
      // The bucket may go into debt for a request bigger than one second's worth; the debt is
      // paid back by waiting before the next one, which keeps the average rate.
      const need = Math.min(tokens, this.tokenBurst());
      if (this.bucketTokens < need) wait = Math.max(wait, ((need - this.bucketTokens) * 60_000) / tpm);
      if (this.windowTokens + tokens > tpm) {
        // Find how many old entries must expire to make room.
        let excess = this.windowTokens + tokens - tpm;
        for (let i = this.head; i < this.entries.length && excess > 0; i++) {
          excess -= this.entries[i].tokens;
          if (excess <= 0) wait = Math.max(wait, this.entries[i].at + WINDOW_MS - now);
        }
      }
    }
    return wait;
  }

  private refill(now: number): void {
    const elapsed = now - this.lastRefill;
    this.lastRefill = now;
    if (this.limits.rpm)
      this.bucketRequests = Math.min(
        this.requestBurst(),
        this.bucketRequests + (elapsed * this.limits.rpm) / 60_000,
      );
    if (this.limits.tpm)
      this.bucketTokens = Math.min(
        this.tokenBurst(),
        this.bucketTokens + (elapsed * this.limits.tpm) / 60_000,
      );
  }

  private expire(now: number): void {
    while (this.head < this.entries.length && this.entries[this.head].at + WINDOW_MS <= now) {
      const old = this.entries[this.head];
      this.windowTokens -= old.tokens;
      old.expired = true;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }
}
