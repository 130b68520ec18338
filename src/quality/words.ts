import { fmix32, mix32 } from "./hash32.js";

/**
 * Splits text into words and hashes each, in one pass over the UTF-16 code units (no regex, no
 * substrings). Words are runs of letters and digits in any script; punctuation, symbols and
 * spaces separate them. Han and kana characters, which are written without spaces, and
 * astral-plane characters (emoji) count as one word each. The caller lower-cases first.
 */
export class WordHasher {
  private buffer = new Uint32Array(1024);

  /** Hashes of the words of `text`, valid until the next call (a view of a reused buffer). */
  hashes(text: string): Uint32Array {
    return this.hashesOf(text, false)!;
  }

  /**
   * `hashes(text.toLowerCase())` without building the lower-cased copy: each code unit is folded
   * through a table. Undefined when `text` has a character whose lower case is not one code unit
   * for one (İ), or depends on its neighbours (Σ, final or not): then lower-case the whole text.
   */
  hashesLowerCased(text: string): Uint32Array | undefined {
    return this.hashesOf(text, true);
  }

  private hashesOf(text: string, fold: boolean): Uint32Array | undefined {
    const kinds = KIND;
    let count = 0;
    let h = FNV_OFFSET;
    let len = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (fold && c >= 0x41) {
        c = lowerCase(c);
        if (c < 0) return undefined;
      }
      const kind = kinds[c]!;
      if (kind === WORD) {
        h = Math.imul(h ^ c, 0x01000193); // FNV-1a per code unit; fmix32 at the word's end
        len++;
        continue;
      }
      if (len > 0) {
        count = this.push(count, fmix32(h ^ len));
        h = FNV_OFFSET;
        len = 0;
      }
      if (kind === SINGLE) {
        count = this.push(count, fmix32(mix32(0x5bd1e995, c)));
      } else if (kind === PAIR && i + 1 < n) {
        let low = text.charCodeAt(++i);
        if (fold) {
          const lowered = String.fromCharCode(c, low).toLowerCase();
          if (lowered.length !== 2 || lowered.charCodeAt(0) !== c) return undefined;
          low = lowered.charCodeAt(1);
        }
        count = this.push(count, fmix32(mix32(mix32(0x5bd1e995, c), low)));
      }
    }
    if (len > 0) count = this.push(count, fmix32(h ^ len));
    return this.buffer.subarray(0, count);
  }

  private push(count: number, value: number): number {
    if (count === this.buffer.length) {
      const bigger = new Uint32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[count] = value;
    return count + 1;
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const SEPARATOR = 0;
const WORD = 1;
/** A character that is a word by itself (Han, kana). */
const SINGLE = 2;
/** A high surrogate: the pair is one word by itself (emoji, rare Han). */
const PAIR = 3;

const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  ASCII_KIND[c] = alnum ? WORD : SEPARATOR;
}

/** The kind of every UTF-16 code unit (a table: the word loop runs once per character). */
const KIND = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) KIND[c] = c < 128 ? ASCII_KIND[c]! : classify(c);

/**
 * Lower case of BMP code units, one 256-unit page at a time as they are met: 0 not yet known,
 * else the lower case + 1, or UNFOLDABLE.
 */
const LOWER = new Int32Array(0x10000);
const UNFOLDABLE = -1;

/** `String.fromCharCode(c).toLowerCase()` as one code unit, or -1 (see hashesLowerCased). */
function lowerCase(c: number): number {
  const known = LOWER[c]!;
  if (known !== 0) return known < 0 ? UNFOLDABLE : known - 1;
  const page = c & ~0xff;
  for (let u = page; u < page + 0x100; u++) {
    // Surrogates stay (a pair is folded as a pair); Σ lower-cases by context (σ, or ς at a
    // word's end); İ to two units.
    const lower = u >= 0xd800 && u <= 0xdfff ? String.fromCharCode(u) : String.fromCharCode(u).toLowerCase();
    LOWER[u] = lower.length === 1 && u !== 0x3a3 ? lower.charCodeAt(0) + 1 : UNFOLDABLE;
  }
  return lowerCase(c);
}

function classify(c: number): number {
  if (c <= 0xbf) return SEPARATOR; // C1 controls, NBSP and Latin-1 punctuation/symbols
  if (c === 0xd7 || c === 0xf7) return SEPARATOR; // × ÷
  if (c >= 0x3040 && c <= 0x30ff) return SINGLE; // hiragana, katakana
  if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff))
    return SINGLE;
  if (c >= 0xd800 && c <= 0xdbff) return PAIR;
  if (c >= 0xdc00 && c <= 0xdfff) return SEPARATOR; // a lone low surrogate
  if (c >= 0x2000 && c <= 0x2bff) return SEPARATOR; // punctuation, currency, arrows, maths, shapes
  if (c >= 0x3000 && c <= 0x303f) return SEPARATOR; // CJK punctuation, ideographic space
  if (c >= 0xfe30 && c <= 0xfe4f) return SEPARATOR;
  if (c >= 0xff00 && c <= 0xff0f) return SEPARATOR; // full-width punctuation
  if ((c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65))
    return SEPARATOR;
  if (c === 0x060c || c === 0x061b || c === 0x061f || c === 0x06d4 || c === 0x0964 || c === 0x0965)
    return SEPARATOR;
  if (c === 0x1680 || c === 0xfeff || c >= 0xfff0) return SEPARATOR;
  return WORD;
}
