import { isUtf8 } from "node:buffer";
import { InputError } from "../../core/errors.js";

/**
 * Invalid UTF-8 in a dataset is reported, not silently turned into U+FFFD: a byte of a Latin-1
 * or Windows-1251 file would otherwise become a replacement character in the training data.
 * `--lossy` asks for the replacement instead.
 */

/**
 * Throws an InputError naming the first line of `data` (whole lines, the first numbered
 * `firstLine`) that is not valid UTF-8; checking a whole block at once is fast (simdutf).
 */
export function assertUtf8(data: Buffer, path: string, firstLine: number): void {
  if (isUtf8(data)) return;
  let line = firstLine;
  let start = 0;
  while (start <= data.length) {
    let end = data.indexOf(10, start);
    if (end < 0) end = data.length;
    const bytes = data.subarray(start, end);
    if (!isUtf8(bytes)) {
      const column = firstBadByte(bytes);
      throw new InputError(
        `${path}:${line}: not valid UTF-8 (byte 0x${bytes[column].toString(16).padStart(2, "0")} at byte ${column + 1} of the line); convert the file to UTF-8, or pass --lossy to replace bad bytes with U+FFFD`,
      );
    }
    line++;
    start = end + 1;
  }
}

/** Offset of the first byte of `bytes` that starts no valid UTF-8 sequence. */
function firstBadByte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i];
    const n =
      c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || (n > 1 && !isUtf8(bytes.subarray(i, i + n)))) return i;
    i += n;
  }
  return Math.max(0, bytes.length - 1);
}
