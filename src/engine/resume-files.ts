import { existsSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { repairJsonlTail } from "../core/jsonl.js";
import {
  type BadLine,
  checkOutputFile,
  corruptError,
  fileLines,
  MAX_RAW,
  moveBadLines,
  parseDatasetLine,
} from "./dataset-scan.js";
import { type RunPaths, readRunConfigFile } from "./run-dir.js";
import { holdsData, savedVersion } from "./saved-run.js";
import { IndexSet, type JournalState } from "./step-journal.js";

/**
 * A run directory with output but no step journal was written by the one-shot engine of
 * dialogsmith 0.1.x (before every recipe ran on the step-journaled runner): its state cannot be
 * resumed here, and starting over in it would cut its files back to nothing. Refused, naming the
 * version that wrote it.
 */
export function refuseJournalLessRun(paths: RunPaths, journalPath: string, files: readonly string[]): void {
  if (existsSync(journalPath)) return;
  if (!files.some((f) => holdsData(join(paths.dir, f)))) return;
  const version = savedVersion(readRunConfigFile(paths.config)) ?? "0.1.x";
  throw new InputError(
    `${paths.dir} was written by dialogsmith ${version}'s one-shot engine (no steps.jsonl), which this version cannot resume: finish it with dialogsmith ${version}, or start the run again with another --out`,
  );
}

export interface OutputCheck {
  paths: RunPaths;
  files: readonly string[];
  /** The program's file of one record per complete conversation (see ConversationProgram.records). */
  records?: string;
  journal: JournalState;
  repair?: boolean;
}

/**
 * Checks a resumed run's output files before anything is written: each is cut back to its size at
 * the last commit (lines of a conversation not committed when the process died), then every line
 * must be JSON. In the records file a bad line is named (exit 2) or, with `repair`, moved to
 * rejected.jsonl; returns the complete conversations whose record is not in it (moved, or lost
 * with a torn end), to be made again from the journal.
 */
export async function checkResumedOutputs(check: OutputCheck): Promise<number[]> {
  const { journal } = check;
  if (journal.committed === 0) return [];
  for (const file of check.files) {
    const path = join(check.paths.dir, file);
    const keep = journal.sizes?.[file] ?? 0;
    if (existsSync(path) && statSync(path).size > keep) truncateSync(path, keep);
    if (file !== check.records) await checkOutputFile(path);
  }
  if (check.records === undefined) return [];
  const path = join(check.paths.dir, check.records);
  repairJsonlTail(path);
  const { seen, bad } = await scanRecords(path);
  if (bad.length > 0) {
    if (!check.repair) throw corruptError(path, bad);
    await moveBadLines({ dataset: path, rejected: check.paths.rejected }, bad);
  }
  const holes: number[] = [];
  for (let i = 0; i < journal.committed; i++) if (journal.complete.has(i) && !seen.has(i)) holes.push(i);
  return holes;
}

async function scanRecords(path: string): Promise<{ seen: IndexSet; bad: BadLine[] }> {
  const seen = new IndexSet();
  const bad: BadLine[] = [];
  for await (const { line, text } of fileLines(path)) {
    const parsed = parseDatasetLine(text);
    if ("problem" in parsed)
      bad.push({ line, text: text.length > MAX_RAW ? `${text.slice(0, MAX_RAW)}…` : text, ...parsed });
    else seen.add(parsed.index);
  }
  return { seen, bad };
}

/** The files' sizes now (after records were put back in place). */
export function currentSizes(dir: string, files: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    files.map((f) => {
      const path = join(dir, f);
      return [f, existsSync(path) ? statSync(path).size : 0];
    }),
  );
}
