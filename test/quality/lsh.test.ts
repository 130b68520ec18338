import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { LshIndex, optimalBandsRows } from "../../src/quality/lsh.js";
import { MinHasher } from "../../src/quality/minhash.js";

describe("optimalBandsRows", () => {
  it("reproduces the documented shapes for 128 slots", () => {
    const shape = (t: number) => {
      const { bands, rows } = optimalBandsRows(t, 128, 0.1, 0.9);
      return `${bands}x${rows}`;
    };
    expect([0.5, 0.7, 0.8, 0.85, 0.9, 0.95].map(shape)).toEqual([
      "32x4",
      "20x6",
      "14x9",
      "11x11",
      "8x16",
      "5x25",
    ]);
    // datasketch's balanced weights, for comparison.
    expect(optimalBandsRows(0.85, 128)).toEqual({ bands: 8, rows: 16 });
  });
});

describe("LshIndex", () => {
  const hasher = new MinHasher({ seed: 11 });
  const rng = new Rng(9);
  const text = (n: number) => Array.from({ length: n }, () => `t${rng.int(0, 100000)}`).join(" ");

  it("finds a near copy among thousands (across table growth) and nothing for unrelated text", () => {
    const index = new LshIndex({ numPerm: 128, threshold: 0.85 });
    expect([index.bands, index.rows]).toEqual([11, 11]);
    const originals: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const t = text(60);
      originals.push(t);
      index.add(i * 2 + 1, hasher.signature(t));
    }
    expect(index.size).toBe(3000);
    let found = 0;
    for (let i = 0; i < 3000; i += 30) {
      const words = originals[i]!.split(" ");
      words[rng.int(0, 59)] = "changed";
      if (index.query(hasher.signature(words.join(" "))).includes(i * 2 + 1)) found++;
    }
    expect(found).toBeGreaterThanOrEqual(95);
    let spurious = 0;
    for (let i = 0; i < 100; i++) spurious += index.query(hasher.signature(text(60))).length;
    expect(spurious).toBe(0);
  });

  it("rejects a shape larger than the signature", () => {
    expect(() => new LshIndex({ numPerm: 64, bands: 10, rows: 10 })).toThrow(/at most numPerm/);
  });
});
