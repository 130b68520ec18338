import { appendFileSync, createReadStream, existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { InputError } from "../core/errors.js";
import { repairJsonlTail } from "../core/jsonl.js";
import type { RunPaths } from "./run-dir.js";

/**
 * What a resumed run finds in its files. The whole of dataset.jsonl is checked: a torn last line
 * (a kill mid-write) is cut off silently, but a bad line anywhere else is an error naming it
 * (exit 2), or with `repair` it is moved to rejected.jsonl and its item is run again, so the
 * dataset never silently holds one record more or less than it says.
 */
export interface ResumeScan {
  accepted: number;
  rejected: number;
  failed: number;
  /** First index after every item found in the files. */
  nextIndex: number;
  /** Items below nextIndex with no line in either file (with repair only): to be run again. */
  holes: number[];
}

export interface ScanOptions {
  /** Told about every good record, in file order (near-duplicate state and the like). */
  restore?: (record: { id: string }) => void;
  repair?: boolean;
  /** Told about every line of rejected.jsonl (the recipe's rejected and failed items). */
  onRejected?: (line: { kind?: unknown; reason?: unknown; detail?: unknown }) => void;
}

interface BadLine {
  line: number;
  text: string;
  problem: string;
}

/** Stored at most this much of a bad line's text in rejected.jsonl. */
const MAX_RAW = 1 << 20;

async function* fileLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  if (!existsSync(path)) return;
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() !== "") yield { line, text };
  }
}

/** The item index of a record id (`roleplay-42-000007` → 7). */
export function indexFromId(id: unknown): number | undefined {
  if (typeof id !== "string") return undefined;
  const m = /-(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** A dataset line as a record of this run, or what is wrong with it. */
function parseDatasetLine(text: string): { record: { id: string }; index: number } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `not valid JSON: ${(e as Error).message}` };
  }
  const id = (value as { id?: unknown } | null)?.id;
  const index = indexFromId(id);
  if (typeof value !== "object" || Array.isArray(value) || index === undefined)
    return { problem: "not a record with an id of this run" };
  return { record: value as { id: string }, index };
}

/** Indexes seen, as a growable bit set (a million items cost 128 KB). */
class Seen {
  private bits = new Uint8Array(1024);
  add(i: number): void {
    if (i >> 3 >= this.bits.length) {
      const bigger = new Uint8Array(Math.max(this.bits.length * 2, (i >> 3) + 1));
      bigger.set(this.bits);
      this.bits = bigger;
    }
    this.bits[i >> 3] |= 1 << (i & 7);
  }
  has(i: number): boolean {
    return i >> 3 < this.bits.length && (this.bits[i >> 3] & (1 << (i & 7))) !== 0;
  }
}

export async function scanForResume(paths: RunPaths, options: ScanOptions = {}): Promise<ResumeScan> {
  repairJsonlTail(paths.dataset);
  repairJsonlTail(paths.rejected);
  const scan: ResumeScan = { accepted: 0, rejected: 0, failed: 0, nextIndex: 0, holes: [] };
  const seen = new Seen();
  const bad: BadLine[] = [];
  for await (const { line, text } of fileLines(paths.dataset)) {
    const parsed = parseDatasetLine(text);
    if ("problem" in parsed) {
      bad.push({ line, text: text.length > MAX_RAW ? `${text.slice(0, MAX_RAW)}…` : text, ...parsed });
      continue;
    }
    scan.accepted++;
    options.restore?.(parsed.record);
    seen.add(parsed.index);
    scan.nextIndex = Math.max(scan.nextIndex, parsed.index + 1);
  }
  for await (const { text } of fileLines(paths.rejected)) {
    let value: { index?: unknown; kind?: unknown; reason?: unknown; detail?: unknown };
    try {
      value = JSON.parse(text);
    } catch {
      continue; // rejected.jsonl is a log of what was not kept; a bad line there loses no record
    }
    if (!value || typeof value !== "object" || value.kind === "corrupt") continue;
    options.onRejected?.(value);
    if (value.kind === "failed") scan.failed++;
    else scan.rejected++;
    if (typeof value?.index === "number") {
      seen.add(value.index);
      scan.nextIndex = Math.max(scan.nextIndex, value.index + 1);
    }
  }
  if (bad.length === 0) return scan;
  if (!options.repair) throw corruptError(paths.dataset, bad);
  await moveBadLines(paths, bad);
  for (let i = 0; i < scan.nextIndex; i++) if (!seen.has(i)) scan.holes.push(i);
  return scan;
}

/**
 * Checks that every line of a run's output file is JSON (a turn-by-turn run, whose files are cut
 * back to the last commit on resume, so a torn line cannot remain): a bad one is named, exit 2.
 */
export async function checkOutputFile(path: string): Promise<void> {
  for await (const { line, text } of fileLines(path)) {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new InputError(
        `${path}:${line}: corrupt record (not valid JSON: ${(e as Error).message}); restore the file, or start the run again with another --out`,
      );
    }
  }
}

function corruptError(path: string, bad: BadLine[]): InputError {
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more line${bad.length > 2 ? "s" : ""})` : "";
  return new InputError(
    `${path}:${bad[0].line}: corrupt record (${bad[0].problem})${more}; run again with --repair to move it to rejected.jsonl and generate the item again`,
  );
}

/** Rewrites dataset.jsonl without the bad lines (temp file + rename) and logs them in rejected.jsonl. */
async function moveBadLines(paths: RunPaths, bad: BadLine[]): Promise<void> {
  for (const b of bad)
    appendFileSync(
      paths.rejected,
      `${JSON.stringify({ kind: "corrupt", reason: "corrupt_line", detail: `dataset.jsonl:${b.line}: ${b.problem}`, raw: b.text })}\n`,
    );
  const skip = new Set(bad.map((b) => b.line));
  await rewrite(paths.dataset, (line) => !skip.has(line));
}

/**
 * Streams `path` into a sibling temp file, keeping the lines `keep` says to and putting
 * `insert(line)` in front of each kept line (and `insert("")` at the end), then renames it over
 * the original.
 */
async function rewrite(
  path: string,
  keep: (line: number) => boolean,
  insert?: (text: string) => string,
): Promise<void> {
  const tmp = `${path}.repair-${process.pid}`;
  writeFileSync(tmp, "");
  try {
    let chunk = "";
    for await (const { line, text } of fileLines(path)) {
      if (!keep(line)) continue;
      chunk += `${insert ? insert(text) : ""}${text}\n`;
      if (chunk.length >= 1 << 20) {
        appendFileSync(tmp, chunk);
        chunk = "";
      }
    }
    appendFileSync(tmp, `${chunk}${insert ? insert("") : ""}`);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Puts regenerated records back at their place in dataset.jsonl (index order), so a repaired run
 * has the same lines in the same order as one that never broke.
 */
export async function insertRecords(path: string, records: Map<number, unknown>): Promise<void> {
  if (records.size === 0) return;
  const order = [...records.keys()].sort((a, b) => a - b);
  let next = 0;
  await rewrite(
    path,
    () => true,
    (text) => {
      // Before the first line with a larger index (or at the end, text ""), every record due.
      const index = text === "" ? Number.POSITIVE_INFINITY : (indexFromId(JSON.parse(text).id) ?? 0);
      let out = "";
      while (next < order.length && order[next] < index)
        out += `${JSON.stringify(records.get(order[next++]))}\n`;
      return out;
    },
  );
}
