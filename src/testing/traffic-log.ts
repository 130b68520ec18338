import type { FakeServerStats, LoggedRequest, Outcome } from "./types.js";

export function emptyStats(): FakeServerStats {
  return {
    total: 0,
    byRoute: {},
    byStatus: {},
    byRouteStatus: {},
    faults: {},
    inFlight: 0,
    maxInFlight: 0,
    active: 0,
    maxActive: 0,
    queued: 0,
    maxQueued: 0,
    chat: {
      requests: 0,
      completed: 0,
      promptTokens: 0,
      completionTokens: 0,
      responseFormats: {},
      streamed: 0,
    },
    batch: { filesUploaded: 0, batchesCreated: 0, requestsProcessed: 0 },
    responderErrors: 0,
  };
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/**
 * Counters, a bounded log of the newest requests, and the arrival timeline of chat requests
 * (time and tokens) behind the rate-limit checks. The timeline keeps two numbers a request, so it
 * is not bounded: reset() it between runs of a long-lived server.
 */
export class TrafficLog {
  readonly stats: FakeServerStats = emptyStats();
  private ring: LoggedRequest[] = [];
  private ringStart = 0;
  private seq = 0;
  // Chat arrivals: monotonic ms, prompt and completion tokens (completion filled in on answer).
  private arrivals: number[] = [];
  private promptTokens: number[] = [];
  private completionTokens: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly onEnd?: (entry: LoggedRequest) => void,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  begin(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    const logged: LoggedRequest = { seq: this.seq++, ...entry };
    const s = this.stats;
    s.total++;
    bump(s.byRoute, entry.route);
    s.inFlight++;
    if (s.inFlight > s.maxInFlight) s.maxInFlight = s.inFlight;
    if (this.limit > 0) {
      if (this.ring.length < this.limit) this.ring.push(logged);
      else {
        this.ring[this.ringStart] = logged;
        this.ringStart = (this.ringStart + 1) % this.limit;
      }
    }
    return logged;
  }

  end(entry: LoggedRequest, outcome: Outcome, startedMs: number): void {
    if (entry.outcome !== undefined) return;
    entry.outcome = outcome;
    entry.durationMs = Math.round((performance.now() - startedMs) * 100) / 100;
    const s = this.stats;
    s.inFlight--;
    const key = String(outcome);
    bump(s.byStatus, key);
    s.byRouteStatus[entry.route] ??= {};
    bump(s.byRouteStatus[entry.route], key);
    this.onEnd?.(entry);
  }

  fault(label: string): void {
    bump(this.stats.faults, label);
  }

  /** Records a chat request's arrival; call the returned function with its completion tokens once answered. */
  chatArrival(promptTokens: number): (completionTokens: number) => void {
    this.arrivals.push(this.clock());
    this.promptTokens.push(promptTokens);
    this.completionTokens.push(0);
    const index = this.arrivals.length - 1;
    const tokens = this.completionTokens;
    // A reset in between swaps the arrays, so a late answer cannot land in the new timeline.
    return (completionTokens) => {
      tokens[index] = completionTokens;
    };
  }

  responseFormat(kind: string): void {
    bump(this.stats.chat.responseFormats, kind);
  }

  /** The newest requests, oldest first. */
  requests(): LoggedRequest[] {
    return this.ringStart === 0
      ? this.ring.slice()
      : [...this.ring.slice(this.ringStart), ...this.ring.slice(0, this.ringStart)];
  }

  /** Most chat requests that arrived within any window of `ms` milliseconds. */
  maxRequestsInWindow(ms: number): number {
    return this.maxInWindow(ms, () => 1);
  }

  /** Most tokens (prompt, or prompt + completion as reported in usage) of chat requests arriving within any window of `ms`. */
  maxTokensInWindow(ms: number, which: "total" | "prompt" = "total"): number {
    return this.maxInWindow(
      ms,
      (i) => this.promptTokens[i] + (which === "total" ? this.completionTokens[i] : 0),
    );
  }

  /** Arrival times (ms since the first chat request) of every chat request. */
  arrivalTimes(): number[] {
    const t0 = this.arrivals[0] ?? 0;
    return this.arrivals.map((t) => t - t0);
  }

  private maxInWindow(ms: number, weight: (i: number) => number): number {
    const t = this.arrivals;
    let best = 0;
    let sum = 0;
    let lo = 0;
    for (let hi = 0; hi < t.length; hi++) {
      sum += weight(hi);
      while (t[hi] - t[lo] >= ms) sum -= weight(lo++);
      if (sum > best) best = sum;
    }
    return best;
  }

  reset(): void {
    const fresh = emptyStats();
    const s = this.stats;
    // Keep live gauges; zero everything counted.
    const { inFlight, active, queued } = s;
    Object.assign(s, fresh, {
      inFlight,
      active,
      queued,
      maxInFlight: inFlight,
      maxActive: active,
      maxQueued: queued,
    });
    delete s.lastResponderError;
    this.ring = [];
    this.ringStart = 0;
    this.arrivals = [];
    this.promptTokens = [];
    this.completionTokens = [];
  }
}
