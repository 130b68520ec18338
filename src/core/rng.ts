import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/**
 * Derives a 32-bit seed from a run seed and any number of stream numbers (item index, attempt,
 * purpose...). splitmix32-style mixing so neighbouring indexes give unrelated streams.
 */
export function deriveSeed(runSeed: number, ...streams: number[]): number {
  let h = mix32(runSeed | 0);
  for (const s of streams) h = mix32((h ^ mix32(s | 0)) + 0x9e3779b9);
  return h | 0;
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded random source. Same seed, same sequence, on every platform. */
export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plus>;
  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }
  /**
   * Integer in [min, max], both included: exactly pure-rand's uniformInt (the same draws and
   * rejections, test/core/rng.test.ts), written out for ranges below 2^32. Generation draws
   * dozens of these per dialogue, and its `%` on a double above 2^31 costs more than the draw.
   */
  int(min: number, max: number): number {
    if (min === max) return min;
    if (max - min > 0xfffffffe) return uniformInt(this.gen, min, max);
    const size = max - min + 1;
    const allowed = size > 2 ? Math.floor(4294967296 / size) * size : 4294967296;
    let v = this.gen.next() + 2147483648;
    while (v >= allowed) v = this.gen.next() + 2147483648;
    return v - Math.floor(v / size) * size + min;
  }
  /** Float in [0, 1). */
  float(): number {
    return (this.gen.next() >>> 0) / 0x100000000;
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick on an empty list");
    return items[this.int(0, items.length - 1)];
  }
  /** k distinct items (k clipped to the list length), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    this.shuffle(copy);
    return copy.slice(0, Math.min(k, copy.length));
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
  /** A child stream, independent of later draws from this one. */
  fork(stream: number): Rng {
    return new Rng(deriveSeed(this.seed, stream));
  }
}

/** A fresh random seed for runs where the user gave none (recorded in config.json). */
export function randomSeed(): number {
  return (Math.random() * 0x7fffffff) | 0;
}
