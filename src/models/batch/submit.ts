import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { BATCH_ENDPOINT, type BatchClient, BatchRequestError, type RemoteBatch } from "./client.js";
import { sha256File } from "./lines.js";
import { type BatchLimits, OPENAI_BATCH_LIMITS, splitInput } from "./split.js";
import {
  applyRemote,
  type BatchPart,
  type BatchRound,
  type BatchStatusFile,
  isTerminal,
  readBatchStatus,
  TAG_KEY,
  writeBatchStatus,
} from "./status.js";

export type BatchEvent =
  | { type: "split"; round: number; parts: number }
  | { type: "uploaded"; round: number; part: number; file_id: string }
  | { type: "created"; round: number; part: number; batch_id: string }
  | { type: "reconciled"; round: number; part: number; batch_id: string }
  | {
      type: "status";
      round: number;
      part: number;
      batch_id: string;
      status: string;
      counts?: { total: number; completed: number; failed: number };
    };

export interface BatchContext {
  /** The batch directory (batch_input.jsonl, batch_status.json, ...). */
  dir: string;
  client: BatchClient;
  /** Per-batch limits (default OpenAI's); small values in tests. */
  limits?: BatchLimits;
  onEvent?: (e: BatchEvent) => void;
  /**
   * Called right after a create call returned, before the status file records the batch. Tests
   * throw here to simulate a crash in exactly that window.
   */
  afterCreate?: (batch: RemoteBatch) => void | Promise<void>;
}

/** How far back (seconds) to look for a batch created under an unrecorded intent: covers clock skew. */
const RECONCILE_SLACK_S = 3600;

const nowS = () => Math.floor(Date.now() / 1000);

/**
 * The status file of a directory, created on first use for `input` (round 0). An existing one must
 * describe the same input: a changed batch_input.jsonl after submission would mix two datasets.
 */
export async function openBatchStatus(dir: string, baseUrl: string, input: string): Promise<BatchStatusFile> {
  const inputPath = join(dir, input);
  if (!existsSync(inputPath))
    throw new InputError(`${inputPath} not found: run dialogsmith batch prepare first`);
  const sha = await sha256File(inputPath);
  const existing = readBatchStatus(dir);
  if (existing) {
    const first = existing.rounds[0];
    if (first && first.input_sha256 !== sha)
      throw new InputError(
        `${inputPath} changed after it was submitted (batch_status.json tracks another input): restore it, or prepare into a new --out directory`,
      );
    return existing;
  }
  const status: BatchStatusFile = {
    version: 1,
    submission: randomBytes(6).toString("hex"),
    base_url: baseUrl,
    endpoint: BATCH_ENDPOINT,
    rounds: [{ round: 0, input, input_sha256: sha, requests: 0, parts: [] }],
    updated_at: "",
  };
  writeBatchStatus(dir, status);
  return status;
}

function tagOf(status: BatchStatusFile, round: number, part: number): string {
  return `${status.submission}-r${round}-p${part}`;
}

/** Splits a round into parts once; the parts are recorded before anything is uploaded. */
async function planRound(ctx: BatchContext, status: BatchStatusFile, round: BatchRound): Promise<void> {
  if (round.parts.length > 0) return;
  const planned = await splitInput(ctx.dir, round.input, round.round, ctx.limits ?? OPENAI_BATCH_LIMITS);
  round.requests = planned.reduce((n, p) => n + p.requests, 0);
  round.parts = planned.map((p) => ({ ...p, tag: tagOf(status, round.round, p.part) }));
  writeBatchStatus(ctx.dir, status);
  if (round.parts.length > 1) ctx.onEvent?.({ type: "split", round: round.round, parts: round.parts.length });
}

/**
 * Creates the batch of one part, exactly once. The intent (`create_started_at`) is written before
 * the create call; a part with an intent but no batch id is first looked up by its metadata tag,
 * so a crash or a lost answer between create and the status write never makes a second batch.
 */
async function submitPart(
  ctx: BatchContext,
  status: BatchStatusFile,
  round: BatchRound,
  part: BatchPart,
): Promise<void> {
  if (part.batch_id) return;
  const where = { round: round.round, part: part.part };
  const adopt = (b: RemoteBatch) => {
    applyRemote(part, b);
    writeBatchStatus(ctx.dir, status);
    ctx.onEvent?.({ type: "reconciled", ...where, batch_id: b.id });
  };
  const lookup = () =>
    ctx.client.findByMetadata(TAG_KEY, part.tag, (part.create_started_at ?? nowS()) - RECONCILE_SLACK_S);
  if (part.create_started_at !== undefined) {
    const found = await lookup();
    if (found) return adopt(found);
  }
  if (!part.input_file_id) {
    const uploaded = await ctx.client.upload(join(ctx.dir, part.file));
    part.input_file_id = uploaded.id;
    writeBatchStatus(ctx.dir, status);
    ctx.onEvent?.({ type: "uploaded", ...where, file_id: uploaded.id });
  }
  part.create_started_at = nowS();
  writeBatchStatus(ctx.dir, status);
  let batch: RemoteBatch;
  try {
    batch = await ctx.client.create(part.input_file_id, {
      [TAG_KEY]: part.tag,
      dialogsmith_round: String(round.round),
      dialogsmith_part: `${part.part}/${round.parts.length}`,
    });
  } catch (e) {
    if (e instanceof BatchRequestError && e.ambiguous) {
      const found = await lookup();
      if (found) return adopt(found);
    }
    throw e;
  }
  await ctx.afterCreate?.(batch);
  applyRemote(part, batch);
  writeBatchStatus(ctx.dir, status);
  ctx.onEvent?.({ type: "created", ...where, batch_id: batch.id });
}

/** Uploads and creates every part of every round that has no batch yet (continues after an interruption). */
export async function submitPending(ctx: BatchContext, status: BatchStatusFile): Promise<void> {
  for (const round of status.rounds) {
    await planRound(ctx, status, round);
    for (const part of round.parts) await submitPart(ctx, status, round, part);
  }
}

/** Reads every unfinished batch once and records what changed. */
export async function refreshBatches(ctx: BatchContext, status: BatchStatusFile): Promise<void> {
  for (const round of status.rounds) {
    for (const part of round.parts) {
      if (!part.batch_id || isTerminal(part)) continue;
      const before = `${part.status}/${JSON.stringify(part.request_counts)}`;
      applyRemote(part, await ctx.client.retrieve(part.batch_id));
      writeBatchStatus(ctx.dir, status);
      if (`${part.status}/${JSON.stringify(part.request_counts)}` !== before)
        ctx.onEvent?.({
          type: "status",
          round: round.round,
          part: part.part,
          batch_id: part.batch_id,
          status: part.status ?? "unknown",
          counts: part.request_counts,
        });
    }
  }
}

export function allTerminal(status: BatchStatusFile): boolean {
  return status.rounds.every((r) => r.parts.length > 0 && r.parts.every((p) => p.batch_id && isTerminal(p)));
}

export interface WaitOptions {
  pollIntervalS: number;
  signal?: AbortSignal;
  /** Injected in tests (which move the fake server's batches on instead of waiting). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** Polls until every batch is terminal. Returns false when stopped first (the batches keep running). */
export async function waitForBatches(
  ctx: BatchContext,
  status: BatchStatusFile,
  options: WaitOptions,
): Promise<boolean> {
  const sleep = options.sleep ?? defaultSleep;
  for (;;) {
    await refreshBatches(ctx, status);
    if (allTerminal(status)) return true;
    if (options.signal?.aborted) return false;
    await sleep(options.pollIntervalS * 1000, options.signal);
    if (options.signal?.aborted) return false;
  }
}

/** Asks every unfinished batch to cancel; what finished stays in its output file. */
export async function cancelBatches(ctx: BatchContext, status: BatchStatusFile): Promise<number> {
  let cancelled = 0;
  for (const round of status.rounds) {
    for (const part of round.parts) {
      if (!part.batch_id || isTerminal(part) || part.status === "cancelling") continue;
      applyRemote(part, await ctx.client.cancel(part.batch_id));
      writeBatchStatus(ctx.dir, status);
      cancelled++;
    }
  }
  return cancelled;
}
