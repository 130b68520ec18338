import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { writeFailure } from "./fs-errors.js";

/**
 * Replaces a file by writing a sibling temp file, fsync-ing it and renaming it over the target:
 * a reader (or a run resumed after kill -9) sees the old content or the new, never a mix. When
 * the write fails (a full disk), the temp file is removed and the old content stays.
 */
export function writeFileAtomic(
  path: string,
  data: string,
  options: { fsync?: boolean; resumable?: boolean } = {},
): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, "w");
    try {
      const bytes = Buffer.from(data, "utf8");
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      // fsync guards against power loss; a killed process loses nothing the OS already has.
      if (options.fsync ?? true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeFailure(e, path, options.resumable);
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
