import { hashRange32 } from "./hash32.js";

/**
 * Choosing bands and rows. With b bands of r rows, two texts of Jaccard s share at least one
 * band with probability P(s) = 1 - (1 - s^r)^b, an S-curve whose steepest point sits near
 * (1/b)^(1/r). Like datasketch, pick the (b, r) with b*r <= numPerm minimising the weighted
 * area of false positives (P below the threshold) and false negatives (1 - P above it).
 * datasketch weighs both 0.5; we verify every candidate against the threshold, so a false
 * positive costs one sketch comparison while a false negative is a missed duplicate: the index
 * weighs them 0.1 / 0.9. For numPerm = 128 that gives:
 *
 *   threshold        0.5    0.7    0.8    0.85   0.9    0.95
 *   bands x rows     32x4   20x6   14x9   11x11  8x16   5x25
 *   P(threshold)     0.87   0.92   0.87   0.87   0.81   0.80
 *   P(thr. + 0.05)   0.95   0.98   0.98   0.98   0.99   1.00
 *
 * Memory grows with the number of bands (see LshIndex).
 */
export function optimalBandsRows(
  threshold: number,
  numPerm: number,
  falsePositiveWeight = 0.5,
  falseNegativeWeight = 0.5,
): { bands: number; rows: number } {
  if (!(threshold > 0 && threshold < 1))
    throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  let best = { bands: 1, rows: numPerm, error: Infinity };
  for (let bands = 1; bands <= numPerm; bands++) {
    for (let rows = 1; rows <= Math.floor(numPerm / bands); rows++) {
      const p = (s: number) => 1 - (1 - s ** rows) ** bands;
      const fp = integrate(p, 0, threshold);
      const fn = integrate((s) => 1 - p(s), threshold, 1);
      const error = fp * falsePositiveWeight + fn * falseNegativeWeight;
      if (error < best.error) best = { bands, rows, error };
    }
  }
  return { bands: best.bands, rows: best.rows };
}

/** Simpson's rule; the integrands are smooth polynomials. */
function integrate(f: (x: number) => number, a: number, b: number, steps = 64): number {
  const h = (b - a) / steps;
  let sum = f(a) + f(b);
  for (let i = 1; i < steps; i++) sum += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

export interface LshOptions {
  numPerm: number;
  /** Jaccard threshold the bands are tuned for (default 0.8), unless bands/rows are given. */
  threshold?: number;
  /** Weights of the tuning (default 0.1 / 0.9: candidates are verified, misses are not). */
  falsePositiveWeight?: number;
  falseNegativeWeight?: number;
  bands?: number;
  rows?: number;
}

const NONE = -1;

/**
 * An LSH index over MinHash signatures. Memory is typed arrays only: per band, a 32-bit band
 * hash and a chain link per entry plus a bucket table half the entry capacity (chains about 2
 * long), i.e. 10 bytes per entry per band, and 4 for the id; capacity doubles, so up to 2x that
 * right after growing. Signatures themselves are not kept.
 */
export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  private capacity = 1024;
  private count = 0;
  private ids = new Int32Array(this.capacity);
  private keys: Uint32Array[];
  private next: Int32Array[];
  private heads: Int32Array[];
  /** Bucket table size - 1: half the capacity, a power of two. */
  private mask = (this.capacity >>> 1) - 1;
  private readonly bandKeys: Uint32Array;

  constructor(options: LshOptions) {
    const chosen =
      options.bands !== undefined && options.rows !== undefined
        ? { bands: options.bands, rows: options.rows }
        : optimalBandsRows(
            options.threshold ?? 0.8,
            options.numPerm,
            options.falsePositiveWeight ?? 0.1,
            options.falseNegativeWeight ?? 0.9,
          );
    if (chosen.bands * chosen.rows > options.numPerm || chosen.bands < 1 || chosen.rows < 1)
      throw new RangeError(
        `bands x rows (${chosen.bands} x ${chosen.rows}) must be at most numPerm (${options.numPerm})`,
      );
    this.bands = chosen.bands;
    this.rows = chosen.rows;
    this.keys = Array.from({ length: this.bands }, () => new Uint32Array(this.capacity));
    this.next = Array.from({ length: this.bands }, () => new Int32Array(this.capacity));
    this.heads = Array.from({ length: this.bands }, () => new Int32Array(this.capacity >>> 1).fill(NONE));
    this.bandKeys = new Uint32Array(this.bands);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the index's arrays. */
  get memoryBytes(): number {
    return this.ids.byteLength + this.bands * (this.capacity * 8 + this.heads[0]!.byteLength);
  }

  /** Adds a signature under `id` (an integer from 0 to 2^31 - 1; the caller maps its own ids). */
  add(id: number, sig: Uint32Array): void {
    if (this.count === this.capacity) this.grow();
    const e = this.count++;
    this.ids[e] = id;
    this.computeBandKeys(sig);
    for (let b = 0; b < this.bands; b++) {
      const key = this.bandKeys[b]!;
      this.keys[b]![e] = key;
      const heads = this.heads[b]!;
      const slot = key & this.mask;
      this.next[b]![e] = heads[slot]!;
      heads[slot] = e;
    }
  }

  /** Ids sharing at least one band with `sig`, each once, in the order first met. */
  query(sig: Uint32Array): number[] {
    this.computeBandKeys(sig);
    const out: number[] = [];
    for (let b = 0; b < this.bands; b++) {
      const key = this.bandKeys[b]!;
      const keys = this.keys[b]!;
      const next = this.next[b]!;
      for (let e = this.heads[b]![key & this.mask]!; e !== NONE; e = next[e]!) {
        if (keys[e] === key) {
          const id = this.ids[e]!;
          if (!out.includes(id)) out.push(id);
        }
      }
    }
    return out;
  }

  private computeBandKeys(sig: Uint32Array): void {
    for (let b = 0; b < this.bands; b++)
      this.bandKeys[b] = hashRange32(sig, b * this.rows, this.rows, 0x9e3779b1 + b);
  }

  /** Doubles every array and relinks the chains for the larger bucket table. */
  private grow(): void {
    const capacity = this.capacity * 2;
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    this.ids = ids;
    this.mask = (capacity >>> 1) - 1;
    for (let b = 0; b < this.bands; b++) {
      const keys = new Uint32Array(capacity);
      keys.set(this.keys[b]!);
      this.keys[b] = keys;
      const next = new Int32Array(capacity);
      const heads = new Int32Array(capacity >>> 1).fill(NONE);
      for (let e = 0; e < this.count; e++) {
        const slot = keys[e]! & this.mask;
        next[e] = heads[slot]!;
        heads[slot] = e;
      }
      this.next[b] = next;
      this.heads[b] = heads;
    }
    this.capacity = capacity;
  }
}
