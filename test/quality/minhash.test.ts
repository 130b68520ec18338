import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import {
  EMPTY_SLOT,
  estimateJaccard,
  estimateJaccardSketch,
  MinHasher,
  sketch,
} from "../../src/quality/minhash.js";
import { WordHasher } from "../../src/quality/words.js";

/** Random ASCII texts over a vocabulary, and the exact Jaccard of their 3-word shingle sets. */
function words(rng: Rng, n: number): string[] {
  return Array.from({ length: n }, () => `w${rng.int(0, 5000)}`);
}
function shingles(ws: string[], k = 3): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + k <= ws.length; i++) out.add(ws.slice(i, i + k).join(" "));
  return out;
}
function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
/** A copy of `ws` with `changes` words replaced. */
function edit(rng: Rng, ws: string[], changes: number): string[] {
  const out = ws.slice();
  for (let i = 0; i < changes; i++) out[rng.int(0, out.length - 1)] = `x${rng.int(0, 1e6)}`;
  return out;
}

describe("MinHasher", () => {
  const hasher = new MinHasher({ numPerm: 128, shingle: 3, seed: 7 });

  it("is deterministic and depends on the seed", () => {
    const text = "the quick brown fox jumps over the lazy dog";
    expect(hasher.signature(text)).toEqual(new MinHasher({ seed: 7 }).signature(text));
    expect(estimateJaccard(hasher.signature(text), new MinHasher({ seed: 8 }).signature(text))).toBeLessThan(
      0.2,
    );
    expect(hasher.signature(text)).toHaveLength(128);
  });

  it("estimates Jaccard without bias, short texts and long ones", () => {
    const rng = new Rng(42);
    for (const length of [12, 40, 300]) {
      let bias = 0;
      let absError = 0;
      let n = 0;
      for (const changes of [1, 2, 4, 8, 16]) {
        for (let trial = 0; trial < 30; trial++) {
          const a = words(rng, length);
          const b = edit(rng, a, Math.max(1, Math.round((changes * length) / 100)));
          const truth = jaccard(shingles(a), shingles(b));
          const estimate = estimateJaccard(hasher.signature(a.join(" ")), hasher.signature(b.join(" ")));
          bias += estimate - truth;
          absError += Math.abs(estimate - truth);
          n++;
        }
      }
      expect(Math.abs(bias / n), `bias at ${length} words`).toBeLessThan(0.02);
      expect(absError / n, `mean error at ${length} words`).toBeLessThan(0.06);
    }
  });

  it("gives unrelated texts a similarity near 0", () => {
    const rng = new Rng(3);
    let worst = 0;
    for (let i = 0; i < 50; i++) {
      const s = estimateJaccard(
        hasher.signature(words(rng, 100).join(" ")),
        hasher.signature(words(rng, 100).join(" ")),
      );
      worst = Math.max(worst, s);
    }
    expect(worst).toBeLessThan(0.1);
  });

  it("ignores case, punctuation, spacing and Unicode normalisation form", () => {
    const a = hasher.signature("Café au lait, s'il vous plaît!  Merci.");
    const b = hasher.signature("cafe\u0301 AU lait s il vous plai\u0302t merci");
    expect(estimateJaccard(a, b)).toBe(1);
  });

  it("splits Korean on spaces and Chinese/Japanese per character", () => {
    const w = new WordHasher();
    expect(w.hashes("안녕하세요, 배달 주문 확인해 주세요.").length).toBe(5);
    expect(w.hashes("我想点外卖").length).toBe(5);
    expect(w.hashes("ラーメンを注文").length).toBe(7);
    expect(w.hashes("emoji🎉here").length).toBe(3);
    const k1 = hasher.signature("배달 주문 상태를 확인하고 싶어요 지금 어디쯤인가요");
    const k2 = hasher.signature("배달 주문 상태를 확인하고 싶어요 지금 어디쯤 인가요");
    expect(estimateJaccard(k1, k2)).toBeGreaterThan(0.4);
  });

  it("treats a text shorter than a shingle as one shingle, and no words as empty", () => {
    expect(estimateJaccard(hasher.signature("hello there"), hasher.signature("Hello, there!"))).toBe(1);
    expect(estimateJaccard(hasher.signature("hello there"), hasher.signature("hello world"))).toBeLessThan(
      0.1,
    );
    expect([...hasher.signature("  ... !!! ")].every((v) => v === EMPTY_SLOT)).toBe(true);
  });

  it("4-bit sketches estimate like full signatures (odd lengths too)", () => {
    const rng = new Rng(5);
    let error = 0;
    for (let i = 0; i < 40; i++) {
      const a = words(rng, 200);
      const b = edit(rng, a, 1 + (i % 8));
      const sa = hasher.signature(a.join(" "));
      const sb = hasher.signature(b.join(" "));
      const full = estimateJaccard(sa, sb);
      const fromSketch = estimateJaccardSketch(sketch(sa), 0, sketch(sb), 0, 128);
      error += Math.abs(full - fromSketch);
      expect(Math.abs(full - fromSketch)).toBeLessThan(0.08);
    }
    expect(error / 40).toBeLessThan(0.03);
    const odd = new MinHasher({ numPerm: 7 });
    const s = odd.signature("one two three four five six");
    expect(sketch(s)).toHaveLength(4);
    expect(estimateJaccardSketch(sketch(s), 0, sketch(s), 0, 7)).toBe(1);
  });
});
