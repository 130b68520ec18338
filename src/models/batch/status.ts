import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../../core/atomic-file.js";
import { InputError } from "../../core/errors.js";
import type { RemoteBatch } from "./client.js";

export type BatchState = RemoteBatch["status"];

export const TERMINAL_STATES: ReadonlySet<string> = new Set(["completed", "failed", "expired", "cancelled"]);

/** One uploaded file and the batch made from it. Fields fill in as the steps happen. */
export interface BatchPart {
  /** 1-based within its round. */
  part: number;
  /** The part's input file, relative to the batch directory. */
  file: string;
  requests: number;
  bytes: number;
  /** Metadata value that finds this part's batch again if its id was never recorded. */
  tag: string;
  input_file_id?: string;
  /** Epoch seconds when a create call was about to be sent (the intent, written before the call). */
  create_started_at?: number;
  batch_id?: string;
  status?: BatchState;
  request_counts?: { total: number; completed: number; failed: number };
  /** Why a batch failed validation (`errors.data` of the batch object). */
  errors?: { code?: string; message?: string; line?: number | null }[];
  /** The server's timestamps (epoch seconds): created, and reached a terminal status. */
  created_at?: number;
  ended_at?: number;
  output_file_id?: string | null;
  error_file_id?: string | null;
  /** Downloaded result files, relative to the batch directory. */
  downloaded?: { output?: string; error?: string };
}

/** One submission of requests: round 0 is the input, each retry adds a round of what failed. */
export interface BatchRound {
  round: number;
  /** The round's input file, relative to the batch directory. */
  input: string;
  input_sha256: string;
  requests: number;
  parts: BatchPart[];
}

/** DIR/batch_status.json: the truth about what was submitted, replaced atomically at every step. */
export interface BatchStatusFile {
  version: 1;
  /** Random per directory: tags every batch created from it (metadata `dialogsmith_tag`). */
  submission: string;
  base_url: string;
  endpoint: string;
  rounds: BatchRound[];
  updated_at: string;
}

export const STATUS_FILE = "batch_status.json";
export const TAG_KEY = "dialogsmith_tag";

export function statusPath(dir: string): string {
  return join(dir, STATUS_FILE);
}

export function readBatchStatus(dir: string): BatchStatusFile | undefined {
  const path = statusPath(dir);
  if (!existsSync(path)) return undefined;
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as BatchStatusFile;
    if (value.version !== 1 || !Array.isArray(value.rounds)) throw new Error("unknown layout");
    return value;
  } catch (e) {
    throw new InputError(
      `${path}: not a dialogsmith batch status file (${(e as Error).message}); restore it or use a new directory`,
    );
  }
}

export function writeBatchStatus(dir: string, status: BatchStatusFile): void {
  status.updated_at = new Date().toISOString();
  writeJsonAtomic(statusPath(dir), status);
}

/**
 * Seconds from the first batch created to the last one finished (every round): the batches'
 * wall time as the server recorded it. 0 when nothing has finished.
 */
export function batchDurationS(status: BatchStatusFile): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const round of status.rounds)
    for (const p of round.parts) {
      const created = p.created_at ?? p.create_started_at;
      if (created !== undefined) first = Math.min(first, created);
      if (p.ended_at !== undefined) last = Math.max(last, p.ended_at);
    }
  return last >= first ? last - first : 0;
}

export function isTerminal(part: BatchPart): boolean {
  return part.status !== undefined && TERMINAL_STATES.has(part.status);
}

export function roundDone(round: BatchRound): boolean {
  return round.parts.length > 0 && round.parts.every(isTerminal);
}

/** Copies what matters of a batch object into its part. */
export function applyRemote(part: BatchPart, b: RemoteBatch): void {
  part.batch_id = b.id;
  part.status = b.status;
  if (b.request_counts) part.request_counts = { ...b.request_counts };
  if (typeof b.created_at === "number") part.created_at = b.created_at;
  const ended = b.completed_at ?? b.failed_at ?? b.expired_at ?? b.cancelled_at;
  if (TERMINAL_STATES.has(b.status) && typeof ended === "number") part.ended_at = ended;
  part.output_file_id = b.output_file_id ?? null;
  part.error_file_id = b.error_file_id ?? null;
  const errors = b.errors?.data;
  if (errors?.length)
    part.errors = errors.map((e) => ({ code: e.code, message: e.message, line: e.line ?? null }));
}
