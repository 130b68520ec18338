import { describe, expect, it } from "vitest";
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from "../../src/models/retry-policy.js";

const headers = (h: Record<string, string>) => new Headers(h);

describe("retry policy", () => {
  it("retries 408, 409, 429 and 5xx only", () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 422]) expect(isRetryableStatus(s)).toBe(false);
  });
  it("reads Retry-After as seconds, as an HTTP date, and retry-after-ms", () => {
    expect(retryAfterMs(headers({ "retry-after": "3" }))).toBe(3000);
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(retryAfterMs(headers({ "retry-after": "Sun, 22 Nov 2026 10:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(headers({}))).toBeUndefined();
  });
  it("draws full-jitter backoff within an exponentially growing, capped ceiling", () => {
    expect(backoffDelayMs(0, () => 0.999)).toBeLessThan(500);
    expect(backoffDelayMs(3, () => 0.999)).toBeGreaterThan(3900);
    expect(backoffDelayMs(20, () => 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffDelayMs(5, () => 0)).toBe(0);
  });
});
