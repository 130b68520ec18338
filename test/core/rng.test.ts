import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { describe, expect, it } from "vitest";
import { deriveSeed, Rng } from "../../src/core/rng.js";

describe("Rng", () => {
  it("gives the same sequence for the same seed and a different one otherwise", () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 20 }, () => r.int(0, 1000));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("derives unrelated seeds for neighbouring items", () => {
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => deriveSeed(42, i)));
    expect(seeds.size).toBe(10_000);
    expect(deriveSeed(42, 1)).toBe(deriveSeed(42, 1));
    expect(deriveSeed(42, 1, 0)).not.toBe(deriveSeed(42, 1, 1));
  });

  it("keeps int() within bounds, both ends reachable", () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(-3, 3);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });

  it("draws exactly what pure-rand's uniformInt draws from the same generator, for every range", () => {
    // int() writes pure-rand's algorithm out for speed: any difference would change every dataset.
    const ranges: [number, number][] = [
      [0, 1],
      [0, 2],
      [1, 6],
      [-5, 5],
      [2, 200],
      [0, 99_999],
      [-2_000_000_000, 2_000_000_000],
      [0, 2 ** 32 - 1],
      [0, 2 ** 32],
      [-(2 ** 40), 2 ** 40],
    ];
    for (const seed of [1, 42, -7, 123_456_789]) {
      const ours = new Rng(seed);
      const theirs = xoroshiro128plus(seed | 0);
      for (let i = 0; i < 20_000; i++) {
        const [min, max] = ranges[i % ranges.length];
        expect(ours.int(min, max)).toBe(min === max ? min : uniformInt(theirs, min, max));
      }
    }
  });
});
