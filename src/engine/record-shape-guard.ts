import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { recipeOf } from "../core/record.js";
import { holdsData, savedVersion } from "./saved-run.js";

/** The first version whose records are all `{id, messages, tools?, metadata: {recipe}}`. */
const CANONICAL_SINCE: readonly [number, number] = [0, 3];
/** Files whose first line tells which shape a run directory's records have. */
const RECORD_FILES = ["dataset.jsonl", "train.jsonl"];
/** The first line is looked for in this many bytes; a longer one is not judged. */
const HEAD_BYTES = 1 << 20;

/**
 * A run directory started by a version before the canonical record (0.2.x and older) holds
 * records of another shape: continuing it would mix two shapes in one file. Refused, naming the
 * version, before anything is cut back or written. The version comes from config.json where the
 * run saved it; math runs save none, so for them (`lookAtRecords`) the first record's shape is
 * looked at (the offline runner itself writes whatever its producer makes).
 */
export function refuseOlderRecordShape(
  dir: string,
  config: Record<string, unknown> | undefined,
  lookAtRecords = false,
): void {
  const version = savedVersion(config);
  // A saved version is trusted (a judge run of 0.3 may hold a user's records in their own shape).
  const older =
    version !== undefined
      ? isBefore(version, CANONICAL_SINCE) && hasOutput(dir)
      : lookAtRecords && RECORD_FILES.some((f) => firstLineIsOlderShape(join(dir, f)));
  if (!older) return;
  const by = version ?? "0.2.x or older";
  throw new InputError(
    `${dir} was written by dialogsmith ${by}, whose records have another shape than this version's: finish it with dialogsmith ${by}, or start the run again with another --out`,
  );
}

function isBefore(version: string, [major, minor]: readonly [number, number]): boolean {
  const m = /^(\d+)\.(\d+)\./.exec(version);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a < major || (a === major && b < minor);
}

function hasOutput(dir: string): boolean {
  return ["steps.jsonl", "state.json", ...RECORD_FILES].some((f) => holdsData(join(dir, f)));
}

/** True when the file's first line is a JSON object without `metadata.recipe`. */
function firstLineIsOlderShape(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, statSync(path).size));
    const n = readSync(fd, buf, 0, buf.length, 0);
    const end = buf.subarray(0, n).indexOf(10);
    if (end < 0) return false;
    const value: unknown = JSON.parse(buf.toString("utf8", 0, end));
    return (
      typeof value === "object" && value !== null && !Array.isArray(value) && recipeOf(value) === undefined
    );
  } catch {
    // A line that does not parse is the resume checks' business (they name it or repair it).
    return false;
  } finally {
    closeSync(fd);
  }
}
