import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/models/rate-limiter.js";

/** A virtual clock: sleeping advances time instantly, so limits are checked exactly and fast. */
function virtualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("RateLimiter", () => {
  it("keeps every 60 s window at or under the RPM and paces within a second", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rpm: 120 }, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      await limiter.acquire(10);
      times.push(clock.now());
    }
    expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(120);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(3);
    // And it is not needlessly slow: 500 requests at 120/min take about 250 s.
    expect(times[times.length - 1]).toBeLessThan(260_000);
  });

  it("keeps reserved tokens per 60 s window at or under the TPM, with corrections to real usage", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ tpm: 10_000 }, clock.now, clock.sleep);
    const sent: { at: number; tokens: number }[] = [];
    for (let i = 0; i < 60; i++) {
      const settle = await limiter.acquire(1000);
      // The real usage is lower than reserved: the difference is given back.
      settle(600);
      sent.push({ at: clock.now(), tokens: 600 });
    }
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent
        .filter((s) => s.at <= sent[i].at && s.at > sent[i].at - 60_000)
        .reduce((n, s) => n + s.tokens, 0);
      expect(inWindow).toBeLessThanOrEqual(10_000);
    }
  });

  it("does not wait when no limit is set", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, clock.now, clock.sleep);
    for (let i = 0; i < 100; i++) await limiter.acquire(1e6);
    expect(clock.now()).toBe(0);
  });
});
