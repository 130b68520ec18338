import { describe, expect, it } from "vitest";
import { AdaptiveConcurrency } from "../../src/models/adaptive-concurrency.js";

describe("AdaptiveConcurrency", () => {
  it("never lets more than the limit in", async () => {
    const c = new AdaptiveConcurrency(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await c.acquire();
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 2));
        active--;
        c.release();
      }),
    );
    expect(peak).toBe(3);
  });

  it("halves once per generation on 429 and grows back additively", async () => {
    const c = new AdaptiveConcurrency(16);
    const g = await c.acquire();
    c.release();
    c.onRateLimited(g);
    expect(c.limit).toBe(8);
    c.onRateLimited(g); // same generation: one signal
    expect(c.limit).toBe(8);
    const g2 = await c.acquire();
    c.release();
    c.onRateLimited(g2);
    expect(c.limit).toBe(4);
    for (let i = 0; i < 4; i++) c.onSuccess();
    expect(c.limit).toBe(5);
    for (let i = 0; i < 200; i++) c.onSuccess();
    expect(c.limit).toBe(16);
  });
});
