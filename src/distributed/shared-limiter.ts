import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RequestLimiter } from "../models/rate-limiter.js";
import { limitKeyPrefix } from "./protocol.js";

/** A fixed window of `points` per `seconds`, as rate-limiter-flexible keeps them in Redis. */
export interface LimitWindow {
  points: number;
  seconds: number;
}

const DIVISORS_OF_A_MINUTE = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

/**
 * The window that keeps `perMinute` in every 60 s span, not only in each minute: windows of d
 * seconds (d divides 60) with P points each are met by at most 60/d + 1 of them in any 60 s
 * span, so P = floor(perMinute / (60/d + 1)) holds the limit; of those, the d that lets the most
 * through (short windows also pace: a minute's budget is never fired in its first second). Below
 * 2 a minute no fixed window can promise it: one per 60 s window is the closest.
 */
export function limitWindow(perMinute: number): LimitWindow {
  let best: LimitWindow = { points: 1, seconds: 60 };
  let bestRate = 0;
  for (const seconds of DIVISORS_OF_A_MINUTE) {
    const points = Math.floor(perMinute / (60 / seconds + 1));
    const rate = (points * 60) / seconds;
    if (points >= 1 && rate > bestRate) {
      best = { points, seconds };
      bestRate = rate;
    }
  }
  return best;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** One key per limiter: the limit is the model's, over every worker. */
const KEY = "all";

/**
 * Takes `points` now (wait 0; `windowMs`: until the window that holds them ends), or says how
 * long until the window has room (and gives back what the refused attempt counted).
 */
async function take(limiter: RateLimiterRedis, points: number): Promise<{ wait: number; windowMs: number }> {
  try {
    const res = await limiter.consume(KEY, points);
    return { wait: 0, windowMs: res.msBeforeNext };
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    // consume() counts even what it refuses: give it back, so smaller requests still fit.
    await limiter.reward(KEY, points).catch(() => {});
    return { wait: Math.max(1, error.msBeforeNext), windowMs: 0 };
  }
}

/**
 * A model's `rpm`/`tpm` shared by every worker through Redis (rate-limiter-flexible): each HTTP
 * attempt, retries included, takes one request and its tokens (prompt estimate + max_tokens, as
 * the local limiter reserves them) from the model's windows, and the real usage corrects the
 * tokens afterwards. A worker that loses Redis waits for it rather than run unlimited.
 */
export class SharedRequestLimiter implements RequestLimiter {
  get enabled(): boolean {
    return this.requests !== undefined || this.tokens !== undefined;
  }
  private readonly requests?: RateLimiterRedis;
  private readonly tokens?: RateLimiterRedis;
  private readonly tokensPerWindow?: number;

  constructor(redis: Redis, model: string, limits: { rpm?: number; tpm?: number }) {
    const make = (what: "rpm" | "tpm", window: LimitWindow) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: limitKeyPrefix(model, what),
        points: window.points,
        duration: window.seconds,
      });
    if (limits.rpm) this.requests = make("rpm", limitWindow(limits.rpm));
    if (limits.tpm) {
      const window = limitWindow(limits.tpm);
      this.tokens = make("tpm", window);
      this.tokensPerWindow = window.points;
    }
  }

  async acquire(estimate: number, signal?: AbortSignal): Promise<(actual: number) => void> {
    // A request bigger than a whole window could never go: it goes alone in a window.
    const need = Math.max(1, Math.ceil(Math.min(estimate, this.tokensPerWindow ?? estimate)));
    let windowEnds = 0;
    for (;;) {
      signal?.throwIfAborted();
      let wait = this.requests ? (await take(this.requests, 1)).wait : 0;
      if (wait === 0 && this.tokens) {
        const taken = await take(this.tokens, need);
        wait = taken.wait;
        windowEnds = Date.now() + taken.windowMs;
        if (wait > 0) await this.requests?.reward(KEY, 1).catch(() => {});
      }
      if (wait === 0) break;
      await sleep(wait, signal);
    }
    const tokens = this.tokens;
    if (!tokens) return () => {};
    return (actual: number) => {
      const delta = Math.ceil(Math.max(0, actual)) - need;
      // Over: charged now (paid back by waiting). Under: refunded only while the window that
      // was charged is still the current one, so a refund never lends from a later window.
      if (delta > 0) void tokens.penalty(KEY, delta).catch(() => {});
      else if (delta < 0 && Date.now() < windowEnds) void tokens.reward(KEY, -delta).catch(() => {});
    };
  }
}
