import { fmix32 } from "./hash32.js";

/**
 * A streaming 64-bit hash of normalised text pieces, collapsing whitespace as it goes: exact
 * dedup needs no normalised copy of the text, no regex and no UTF-8 encoding. Two 32-bit lanes
 * of different construction (FNV-1a, and a rotate-xor-multiply), each finalised with a full
 * avalanche: unrelated texts collide with probability about 2^-64.
 */
export class Hash64Builder {
  private a = 0;
  private b = 0;
  private length = 0;

  reset(): this {
    this.a = 0x811c9dc5 | 0;
    this.b = 0x243f6a88;
    this.length = 0;
    return this;
  }

  private unit(c: number): void {
    this.a = Math.imul(this.a ^ c, 0x01000193);
    this.b = Math.imul(((this.b << 5) | (this.b >>> 27)) ^ c, 0x9e3779b1);
    this.length++;
  }

  /** A field boundary, so ["ab", "c"] and ["a", "bc"] differ. */
  separator(): this {
    this.unit(0x10000); // outside the UTF-16 range: no text unit equals it
    return this;
  }

  /** Text as is. */
  text(s: string): this {
    for (let i = 0; i < s.length; i++) this.unit(s.charCodeAt(i));
    return this.separator();
  }

  /** Text with whitespace runs collapsed to one space and trimmed (JavaScript's `\s`). */
  collapsed(s: string): this {
    let pending = false;
    let started = false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isSpace(c)) {
        pending = started;
        continue;
      }
      if (pending) this.unit(32);
      pending = false;
      started = true;
      this.unit(c);
    }
    return this.separator();
  }

  digest(): [number, number] {
    const hi = fmix32(this.a ^ this.length);
    return [hi, fmix32(this.b ^ Math.imul(this.length, 0x27d4eb2f) ^ hi)];
  }
}

/** JavaScript's `\s`. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
