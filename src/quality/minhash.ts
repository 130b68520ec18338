import { fmix32, mix32 } from "./hash32.js";
import { WordHasher } from "./words.js";

export interface MinHashOptions {
  /** Signature length (number of min-hash slots). Default 128. */
  numPerm?: number;
  /** Words per shingle. Default 3. */
  shingle?: number;
  /** Signatures are comparable only between hashers with the same seed, numPerm and shingle. */
  seed?: number;
}

/** The slot value of a text with no words at all. */
export const EMPTY_SLOT = 0xffffffff;

/**
 * MinHash signatures of texts over word shingles, estimating Jaccard similarity of the shingle
 * sets. Built as one-permutation hashing (Li, Owen & Zhang 2012) with optimal densification
 * (Shrivastava 2017): each shingle is hashed once and lands in one of `numPerm` bins, whose
 * minimum is the slot; empty bins borrow from a pseudo-random non-empty bin, the same one for
 * every text, so P(slot equal) = Jaccard as with k independent permutations, at O(shingles +
 * numPerm) per text instead of O(shingles x numPerm). 32-bit Math.imul hashing throughout.
 *
 * Text is NFC-normalised and lower-cased; words are Unicode letter/digit runs (Han and kana one
 * character each). A text shorter than `shingle` words is one shingle of all its words.
 */
export class MinHasher {
  readonly numPerm: number;
  readonly shingle: number;
  readonly seed: number;
  private readonly words = new WordHasher();
  private readonly filled: Uint8Array;
  private readonly valueSeed: number;
  private readonly shingleSeed: number;
  private readonly densifySeed: number;

  constructor(options: MinHashOptions = {}) {
    this.numPerm = options.numPerm ?? 128;
    this.shingle = options.shingle ?? 3;
    this.seed = (options.seed ?? 1) | 0;
    if (!Number.isInteger(this.numPerm) || this.numPerm < 1 || this.numPerm > 65536)
      throw new RangeError(`numPerm must be an integer from 1 to 65536, got ${this.numPerm}`);
    if (!Number.isInteger(this.shingle) || this.shingle < 1)
      throw new RangeError(`shingle must be a positive integer, got ${this.shingle}`);
    this.filled = new Uint8Array(this.numPerm);
    this.shingleSeed = fmix32(this.seed ^ 0x3c6ef372);
    this.valueSeed = fmix32(this.seed ^ 0xa54ff53a);
    this.densifySeed = fmix32(this.seed ^ 0x510e527f);
  }

  /** The signature of a text: `numPerm` unsigned 32-bit slots. */
  signature(text: string): Uint32Array {
    const nfc = text.normalize("NFC");
    return this.signatureOfWords(this.words.hashesLowerCased(nfc) ?? this.words.hashes(nfc.toLowerCase()));
  }

  /** `signature` of a text already NFC-normalised and lower-cased (saves doing it twice). */
  signatureOfNormalized(text: string): Uint32Array {
    return this.signatureOfWords(this.words.hashes(text));
  }

  /** The signature from word hashes (see WordHasher), for callers that tokenise themselves. */
  signatureOfWords(words: Uint32Array): Uint32Array {
    const k = this.numPerm;
    const sig = new Uint32Array(k).fill(EMPTY_SLOT);
    const filled = this.filled;
    filled.fill(0);
    const n = words.length;
    if (n === 0) return sig;
    const width = Math.min(this.shingle, n);
    let nonEmpty = 0;
    for (let start = 0; start + width <= n; start++) {
      let h = this.shingleSeed;
      for (let j = start; j < start + width; j++) h = mix32(h, words[j]!);
      h = fmix32(h ^ width);
      // The bin from the hash's position in [0, 2^32) (exact in doubles), the value from a remix.
      const bin = Math.floor((h * k) / 4294967296);
      const value = fmix32(h ^ this.valueSeed);
      if (filled[bin] === 0) {
        filled[bin] = 1;
        nonEmpty++;
        sig[bin] = value;
      } else if (value < sig[bin]!) {
        sig[bin] = value;
      }
    }
    if (nonEmpty < k) this.densify(sig);
    return sig;
  }

  /** Optimal densification: bin j probes bins h(j, 1), h(j, 2), ... until one was filled. */
  private densify(sig: Uint32Array): void {
    const k = this.numPerm;
    const filled = this.filled;
    for (let j = 0; j < k; j++) {
      if (filled[j] === 1) continue;
      const base = mix32(this.densifySeed, j);
      for (let attempt = 1; ; attempt++) {
        const from = Math.floor((fmix32(mix32(base, attempt)) * k) / 4294967296);
        if (filled[from] === 1) {
          sig[j] = sig[from]!;
          break;
        }
      }
    }
  }
}

/** Estimated Jaccard similarity: the share of equal slots. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures differ in length (${a.length} vs ${b.length})`);
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * The low 4 bits of every slot, two slots a byte ("b-bit minwise hashing", Li & König 2010): an
 * 8x smaller copy of the signature, kept to verify LSH candidates. Unequal slots still agree by
 * chance 1 time in 16; `estimateJaccardSketch` corrects for that, at a cost of about 4% more
 * spread than full signatures near J = 0.85.
 */
export function sketchBytes(numPerm: number): number {
  return (numPerm + 1) >>> 1;
}

export function sketch(
  sig: Uint32Array,
  out: Uint8Array = new Uint8Array(sketchBytes(sig.length)),
  offset = 0,
): Uint8Array {
  for (let i = 0; i < sig.length; i += 2) {
    const high = i + 1 < sig.length ? (sig[i + 1]! & 0xf) << 4 : 0;
    out[offset + (i >>> 1)] = (sig[i]! & 0xf) | high;
  }
  return out;
}

/** Equal nibbles of a byte XOR: 2, 1 or 0. */
const EQUAL_NIBBLES = new Uint8Array(256);
for (let x = 0; x < 256; x++) EQUAL_NIBBLES[x] = (x & 0xf ? 0 : 1) + (x >>> 4 ? 0 : 1);

/** Jaccard from two sketches of `numPerm` slots (`a` at byte offset `ao`, `b` at `bo`). */
export function estimateJaccardSketch(
  a: Uint8Array,
  ao: number,
  b: Uint8Array,
  bo: number,
  numPerm: number,
): number {
  const bytes = sketchBytes(numPerm);
  let equal = 0;
  for (let i = 0; i < bytes; i++) equal += EQUAL_NIBBLES[a[ao + i]! ^ b[bo + i]!]!;
  if (numPerm & 1) equal--; // the padding nibble of an odd length always agrees
  const p = equal / numPerm;
  return Math.max(0, (p - 1 / 16) / (1 - 1 / 16));
}
