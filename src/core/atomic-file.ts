import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";

/**
 * Replaces a file by writing a sibling temp file, fsync-ing it and renaming it over the target:
 * a reader (or a run resumed after kill -9) sees the old content or the new, never a mix.
 */
export function writeFileAtomic(path: string, data: string, options: { fsync?: boolean } = {}): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, data);
    // fsync guards against power loss; a killed process loses nothing the OS already has.
    if (options.fsync ?? true) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
