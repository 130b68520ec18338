import { ftruncateSync, writeSync } from "node:fs";
import { writeFailure } from "./fs-errors.js";

/**
 * Appends all of `data` to the file open on `fd`, whose size before the write is `size`, and
 * returns the new size. A short write or an error (a full disk) cuts the file back to `size`,
 * so no reader or resumed run ever meets half a line; the error names `path` (see writeFailure).
 */
export function appendWhole(
  fd: number,
  data: string | Uint8Array,
  size: number,
  path: string,
  resumable = true,
): number {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let off = 0;
  try {
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  } catch (e) {
    try {
      ftruncateSync(fd, size);
    } catch {
      // The original error says more than a failed cleanup would.
    }
    throw writeFailure(e, path, resumable);
  }
  return size + bytes.length;
}
