import { describe, expect, it } from "vitest";
import { median, medianInterval } from "../../bench/support/stats.mjs";

// The side by side in bench/math.mjs reports a ratio's median and this interval; the issue's
// speed line is judged on them.
describe("bench statistics", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("brackets the median, narrows for steady samples and repeats itself", () => {
    const noisy = [0.97, 0.91, 1.0, 0.96, 0.93, 1.2, 0.99, 0.95];
    const [lo, hi] = medianInterval(noisy);
    expect(lo).toBeLessThanOrEqual(median(noisy));
    expect(hi).toBeGreaterThanOrEqual(median(noisy));
    expect(lo).toBeGreaterThanOrEqual(Math.min(...noisy));
    expect(hi).toBeLessThanOrEqual(Math.max(...noisy));
    expect(medianInterval(noisy)).toEqual([lo, hi]);
    expect(medianInterval([1, 1, 1, 1, 1])).toEqual([1, 1]);
    const [wideLo, wideHi] = medianInterval(noisy, 0.99);
    expect(wideLo).toBeLessThanOrEqual(lo);
    expect(wideHi).toBeGreaterThanOrEqual(hi);
  });
});
