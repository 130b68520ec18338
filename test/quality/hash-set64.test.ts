import { describe, expect, it } from "vitest";
import { HashSet64 } from "../../src/quality/hash-set64.js";

describe("HashSet64", () => {
  it("stores 64-bit keys with the first value, across growth", () => {
    const set = new HashSet64();
    let added = 0;
    for (let i = 0; i < 50_000; i++) if (set.addOrGet(i * 7919, i ^ 0x5555, i) === -1) added++;
    expect(added).toBe(50_000);
    expect(set.size).toBe(50_000);
    const wrong: number[] = [];
    for (let i = 0; i < 50_000; i += 7) if (set.addOrGet(i * 7919, i ^ 0x5555, -5) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    // Keys differing in one half only are distinct; the all-zero key works.
    expect(set.addOrGet(0, 0, 1)).toBe(-1);
    expect(set.addOrGet(0, 0, 2)).toBe(1);
    expect(set.addOrGet(0xffffffff, 0x5555, 3)).toBe(-1);
    expect(set.memoryBytes).toBeLessThan(50_002 * 12 * 3);
  });
});
