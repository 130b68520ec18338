import { LshIndex } from "./lsh.js";
import {
  EMPTY_SLOT,
  estimateJaccardSketch,
  MinHasher,
  type MinHashOptions,
  sketch,
  sketchBytes,
} from "./minhash.js";

export interface NearDuplicateOptions extends MinHashOptions {
  /** Estimated Jaccard similarity (of word-shingle sets) at which a text is a near duplicate. Default 0.8. */
  threshold?: number;
  /** Override the LSH shape chosen for the threshold (see optimalBandsRows). */
  bands?: number;
  rows?: number;
}

export interface NearDuplicateHit<Id> {
  /** The most similar earlier text, when its similarity reaches the threshold. */
  duplicateOf?: Id;
  /** Estimated Jaccard with the most similar LSH candidate (0 when there was none). */
  similarity: number;
}

/** Sketches per chunk. */
const CHUNK = 16384;

/** A text without words: nothing to compare, so never a near duplicate and never indexed. */
function isEmptySignature(sig: Uint32Array): boolean {
  for (let i = 0; i < sig.length; i++) if (sig[i] !== EMPTY_SLOT) return false;
  return true;
}

/**
 * Finds texts that nearly repeat an earlier one: MinHash signatures, LSH to find candidates,
 * then each candidate checked against the threshold. Keeps, per text added, its LSH band
 * hashes and a 4-bit-per-slot sketch of its signature (numPerm / 2 bytes), never the text:
 * about 180 bytes a text at the defaults.
 *
 *   const near = new NearDuplicateDetector({ threshold: 0.8 });
 *   const hit = near.check(text);
 *   if (hit.duplicateOf === undefined) near.add(id, text);
 */
export class NearDuplicateDetector<Id = string> {
  readonly threshold: number;
  readonly hasher: MinHasher;
  readonly index: LshIndex;
  private readonly ids: Id[] = [];
  /** Sketches in fixed-size chunks: growing never copies, and never over-allocates much. */
  private readonly chunks: Uint8Array[] = [];
  private readonly sketchSize: number;
  private readonly scratch: Uint8Array;
  /** The last text hashed and its signature: `add` after `check` of one text hashes it once. */
  private last: { text: string; sig: Uint32Array } | undefined;

  constructor(options: NearDuplicateOptions = {}) {
    this.threshold = options.threshold ?? 0.8;
    if (!(this.threshold > 0 && this.threshold <= 1))
      throw new RangeError(`threshold must be in (0, 1], got ${this.threshold}`);
    this.hasher = new MinHasher(options);
    this.index = new LshIndex({
      numPerm: this.hasher.numPerm,
      // A threshold of 1 (exact copies only) still needs bands: tune them for 0.99.
      threshold: Math.min(this.threshold, 0.99),
      bands: options.bands,
      rows: options.rows,
    });
    this.sketchSize = sketchBytes(this.hasher.numPerm);
    this.scratch = new Uint8Array(this.sketchSize);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Bytes held in typed arrays (sketches and LSH tables). */
  get memoryBytes(): number {
    return this.chunks.length * CHUNK * this.sketchSize + this.index.memoryBytes;
  }

  signature(text: string): Uint32Array {
    return this.hasher.signature(text);
  }

  check(text: string): NearDuplicateHit<Id> {
    return this.checkSignature(this.lastSignature(text));
  }

  add(id: Id, text: string): void {
    this.addSignature(id, this.lastSignature(text));
  }

  /** `check`, then `add` when it is no duplicate: the usual streaming step, hashing once. */
  checkAndAdd(id: Id, text: string): NearDuplicateHit<Id> {
    const sig = this.lastSignature(text);
    const hit = this.checkSignature(sig);
    if (hit.duplicateOf === undefined) this.addSignature(id, sig);
    return hit;
  }

  /** The signature of `text`, kept for the next call (never handed out, so never changed). */
  private lastSignature(text: string): Uint32Array {
    if (this.last?.text === text) return this.last.sig;
    const sig = this.hasher.signature(text);
    this.last = { text, sig };
    return sig;
  }

  checkSignature(sig: Uint32Array): NearDuplicateHit<Id> {
    if (isEmptySignature(sig)) return { similarity: 0 };
    const n = this.hasher.numPerm;
    const mine = sketch(sig, this.scratch);
    let best = -1;
    let similarity = 0;
    for (const ordinal of this.index.query(sig)) {
      const chunk = this.chunks[Math.floor(ordinal / CHUNK)]!;
      const s = estimateJaccardSketch(mine, 0, chunk, (ordinal % CHUNK) * this.sketchSize, n);
      if (s > similarity || best < 0) {
        similarity = s;
        best = ordinal;
      }
    }
    return best >= 0 && similarity >= this.threshold
      ? { duplicateOf: this.ids[best], similarity }
      : { similarity };
  }

  addSignature(id: Id, sig: Uint32Array): void {
    if (isEmptySignature(sig)) return;
    const ordinal = this.ids.length;
    if (ordinal % CHUNK === 0) this.chunks.push(new Uint8Array(CHUNK * this.sketchSize));
    sketch(sig, this.chunks[this.chunks.length - 1]!, (ordinal % CHUNK) * this.sketchSize);
    this.ids.push(id);
    this.index.add(ordinal, sig);
  }
}
