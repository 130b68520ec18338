import { mkdirSync } from "node:fs";
import { DiskFullError, UsageError } from "./errors.js";

/**
 * Operating-system errors on the files a run writes, turned into the project's errors: one line
 * naming the path and the fix, never Node's raw "EEXIST: file already exists, mkdir ...".
 */

/** The errno code of a failed file operation (`ENOSPC`, `EACCES`, ...), if it is one. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

const NOT_WRITABLE: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
};

export function isDiskFull(e: unknown): boolean {
  const code = errnoCode(e);
  return code === "ENOSPC" || code === "EDQUOT";
}

/**
 * A failed write to `path`: disk full → DiskFullError (exit 1, resumable), not writable → a
 * UsageError (exit 2); anything else is returned as it was.
 */
export function writeFailure(e: unknown, path: string, resumable = true): unknown {
  if (e instanceof DiskFullError || e instanceof UsageError) return e;
  if (isDiskFull(e)) return new DiskFullError(path, { cause: e, resumable });
  const why = NOT_WRITABLE[errnoCode(e) ?? ""];
  if (why) return new UsageError(`cannot write ${path} (${why}); choose a writable location`, { cause: e });
  return e;
}

/**
 * A run or output directory that cannot be created or written: a file in the way, no permission,
 * a read-only file system. `flag` names the option the path came from.
 */
export function directoryFailure(e: unknown, dir: string, flag = "--out"): unknown {
  const code = errnoCode(e);
  if (code === "EEXIST" || code === "ENOTDIR")
    return new UsageError(
      `${flag} ${dir} is a file or lies under one, not a directory: pass a directory path (it is created if missing)`,
      { cause: e },
    );
  const why = NOT_WRITABLE[code ?? ""];
  if (why)
    return new UsageError(`${flag} ${dir} is not writable (${why}): choose a writable directory`, {
      cause: e,
    });
  if (isDiskFull(e)) return new DiskFullError(dir, { cause: e });
  if (code === "ENOENT")
    return new UsageError(
      `${flag} ${dir} cannot be created (no such parent directory): choose another directory`,
      {
        cause: e,
      },
    );
  return e;
}

/** Creates a directory and its parents; a failure is one line naming it (see directoryFailure). */
export function makeDirectory(dir: string, flag = "--out"): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    let cause = e;
    // A recursive mkdir says ENOENT for some failures (a read-only file system): ask once more
    // without it for the real reason.
    if (errnoCode(e) === "ENOENT") {
      try {
        mkdirSync(dir);
      } catch (again) {
        cause = again;
      }
    }
    throw directoryFailure(cause, dir, flag);
  }
}
