import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { NearDuplicateDetector } from "../../src/quality/near-duplicates.js";
import type { NearDuplicateIndex } from "../../src/recipes/roleplay/roleplay-recipe.js";

const rng = new Rng(2024);
const text = (n: number) => Array.from({ length: n }, () => `w${rng.int(0, 20000)}`).join(" ");
const edit = (t: string, changes: number) => {
  const words = t.split(" ");
  for (let i = 0; i < changes; i++) words[rng.int(0, words.length - 1)] = `e${rng.int(0, 1e6)}`;
  return words.join(" ");
};

describe("NearDuplicateDetector", () => {
  it("is the near-duplicate index the roleplay recipe expects", () => {
    const index: NearDuplicateIndex = new NearDuplicateDetector({ threshold: 0.8 });
    index.add("rec-1", "I would like to order two portions of spicy rice cakes and one kimbap please");
    const hit = index.check("I would like to order two portions of spicy rice cakes and one kimbap, please!");
    expect(hit).toEqual({ duplicateOf: "rec-1", similarity: 1 });
    expect(index.check("What is the status of my order from yesterday evening?").duplicateOf).toBeUndefined();
  });

  it("catches lightly edited copies and leaves unrelated texts alone", () => {
    const near = new NearDuplicateDetector<number>({ threshold: 0.85, seed: 3 });
    const originals = Array.from({ length: 400 }, () => text(150));
    originals.forEach((t, i) => {
      near.add(i, t);
    });
    let caught = 0;
    let right = 0;
    originals.forEach((t, i) => {
      // One word in 150 changed: true Jaccard of 3-shingles about 0.96.
      const hit = near.check(edit(t, 1));
      if (hit.duplicateOf !== undefined) caught++;
      if (hit.duplicateOf === i) right++;
    });
    expect(caught).toBeGreaterThanOrEqual(396);
    expect(right).toBe(caught);
    let false_ = 0;
    for (let i = 0; i < 400; i++) if (near.check(text(150)).duplicateOf !== undefined) false_++;
    expect(false_).toBe(0);
    // Only sketches and band hashes are kept: memory does not depend on the texts' length.
    const short = new NearDuplicateDetector<number>({ threshold: 0.85, seed: 3 });
    originals.forEach((t, i) => {
      short.add(i, t.split(" ").slice(0, 10).join(" "));
    });
    expect(short.memoryBytes).toBe(near.memoryBytes);
  });

  it("does not call pairs well below the threshold duplicates", () => {
    const near = new NearDuplicateDetector<number>({ threshold: 0.85 });
    let flagged = 0;
    for (let i = 0; i < 200; i++) {
      const t = text(100);
      near.add(i, t);
      // 10 words in 100 changed: true Jaccard about 0.55.
      if (near.check(edit(t, 10)).duplicateOf !== undefined) flagged++;
    }
    expect(flagged).toBe(0);
  });

  it("checkAndAdd keeps the first occurrence; texts without words are never duplicates", () => {
    const near = new NearDuplicateDetector<string>({ threshold: 0.9 });
    expect(near.checkAndAdd("a", "one two three four five").duplicateOf).toBeUndefined();
    expect(near.checkAndAdd("b", "One two three four five.").duplicateOf).toBe("a");
    expect(near.size).toBe(1);
    expect(near.checkAndAdd("c", "...").duplicateOf).toBeUndefined();
    expect(near.checkAndAdd("d", "!!!").duplicateOf).toBeUndefined();
    expect(near.size).toBe(1);
  });
});
