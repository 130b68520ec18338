import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { primaryBaseUrl } from "../config/model-config.js";
import { assertBaseUrl } from "../config/resolve-model.js";
import { UsageError } from "../core/errors.js";
import { withRunLock } from "../engine/run-lock.js";
import { BatchClient, type RemoteBatch } from "../models/batch/client.js";
import { buildResults, downloadResults, type ResultsSummary } from "../models/batch/results.js";
import { addRetryRound } from "../models/batch/retry.js";
import { type BatchLimits, OPENAI_BATCH_LIMITS } from "../models/batch/split.js";
import { type BatchRound, type BatchStatusFile, readBatchStatus, roundDone } from "../models/batch/status.js";
import {
  allTerminal,
  type BatchContext,
  type BatchEvent,
  cancelBatches,
  openBatchStatus,
  refreshBatches,
  submitPending,
  waitForBatches,
} from "../models/batch/submit.js";
import { BATCH_INPUT, type BatchConfigFile, readBatchConfig } from "./batch-config.js";

export interface BatchJobOptions {
  dir: string;
  /** Overrides the endpoint saved by prepare (and in the status file). */
  baseUrl?: string;
  apiKeyEnv?: string;
  maxRequestsPerBatch?: number;
  maxBytesPerBatch?: number;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  onEvent?: (e: BatchEvent) => void;
  /** Test hook: see BatchContext.afterCreate. */
  afterCreate?: (batch: RemoteBatch) => void | Promise<void>;
}

export interface BatchWaitOptions {
  wait?: boolean;
  /** Seconds between polls (default 30). */
  pollIntervalS?: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * One batch command at a time per directory: two would create the same batches twice or
 * overwrite each other's batch_status.json.
 */
function locked<A extends { dir: string }, R>(fn: (a: A) => Promise<R>): (a: A) => Promise<R> {
  return (a) => (existsSync(a.dir) ? withRunLock(a.dir, () => fn(a)) : fn(a));
}

interface Job {
  dir: string;
  config: BatchConfigFile;
  ctx: BatchContext;
}

function openJob(options: BatchJobOptions): Job {
  if (options.baseUrl) assertBaseUrl(options.baseUrl, "--base-url");
  const dir = resolve(options.dir);
  const config = readBatchConfig(dir);
  const saved = readBatchStatus(dir);
  const limits: BatchLimits = {
    maxRequests: options.maxRequestsPerBatch ?? OPENAI_BATCH_LIMITS.maxRequests,
    maxBytes: options.maxBytesPerBatch ?? OPENAI_BATCH_LIMITS.maxBytes,
  };
  const client = new BatchClient(
    {
      // Batches live where they were created: the status file's endpoint wins over the config's.
      baseUrl:
        options.baseUrl ?? saved?.base_url ?? primaryBaseUrl(config.model) ?? "https://api.openai.com/v1",
      apiKeyEnv: options.apiKeyEnv ?? config.model.api_key_env,
    },
    { env: options.env, fetch: options.fetch },
  );
  return {
    dir,
    config,
    ctx: { dir, client, limits, onEvent: options.onEvent, afterCreate: options.afterCreate },
  };
}

function requireStatus(dir: string): BatchStatusFile {
  const status = readBatchStatus(dir);
  if (!status) throw new UsageError(`nothing submitted from ${dir} yet: run dialogsmith batch submit ${dir}`);
  return status;
}

export interface SubmitResult {
  status: BatchStatusFile;
  /** Every batch reached a terminal status (only with wait). */
  finished: boolean;
}

async function maybeWait(job: Job, status: BatchStatusFile, wait: BatchWaitOptions): Promise<boolean> {
  if (!wait.wait) {
    await refreshBatches(job.ctx, status);
    return allTerminal(status);
  }
  return waitForBatches(job.ctx, status, {
    pollIntervalS: wait.pollIntervalS ?? 30,
    signal: wait.signal,
    sleep: wait.sleep,
  });
}

/**
 * `batch submit DIR [--wait]`: uploads and creates what has no batch yet (every round), then polls
 * to the end with --wait. Re-running continues from batch_status.json; a batch whose create was
 * interrupted is found again by its metadata tag instead of being created twice.
 */
export const batchSubmit = locked(
  async (options: BatchJobOptions & BatchWaitOptions): Promise<SubmitResult> => {
    const job = openJob(options);
    const status = await openBatchStatus(job.dir, job.ctx.client.baseUrl, BATCH_INPUT);
    await submitPending(job.ctx, status);
    return { status, finished: await maybeWait(job, status, options) };
  },
);

/** `batch status DIR`: reads every unfinished batch once. */
export const batchStatus = locked(async (options: BatchJobOptions): Promise<BatchStatusFile> => {
  const job = openJob(options);
  const status = requireStatus(job.dir);
  await refreshBatches(job.ctx, status);
  return status;
});

/** `batch cancel DIR`: cancels every unfinished batch; finished requests stay retrievable. */
export const batchCancel = locked(
  async (options: BatchJobOptions): Promise<{ status: BatchStatusFile; cancelled: number }> => {
    const job = openJob(options);
    const status = requireStatus(job.dir);
    await refreshBatches(job.ctx, status);
    const cancelled = await cancelBatches(job.ctx, status);
    return { status, cancelled };
  },
);

export interface RetrieveResult extends ResultsSummary {
  status: BatchStatusFile;
  /** Every batch finished and results.jsonl is final. */
  complete: boolean;
}

/**
 * `batch retrieve DIR`: downloads the files of finished batches (once) and writes results.jsonl
 * in input order, matched by custom_id, failures with their error. Safe to re-run at any time.
 */
export const batchRetrieve = locked(async (options: BatchJobOptions): Promise<RetrieveResult> => {
  const job = openJob(options);
  const status = requireStatus(job.dir);
  await refreshBatches(job.ctx, status);
  await downloadResults(job.dir, status, job.ctx.client);
  const summary = await buildResults(job.dir, status, job.config.model.price);
  return { ...summary, status, complete: allTerminal(status) };
});

export type RetryResult =
  | { kind: "nothing"; summary: ResultsSummary }
  | { kind: "submitted"; round: BatchRound; finished: boolean; summary?: RetrieveResult };

/**
 * `batch retry DIR`: resubmits only the failed and expired requests as a new round (continuing an
 * interrupted retry instead of starting another), then with --wait retrieves and merges: a success
 * replaces the failure in results.jsonl.
 */
export const batchRetry = locked(
  async (options: BatchJobOptions & BatchWaitOptions): Promise<RetryResult> => {
    const job = openJob(options);
    const status = requireStatus(job.dir);
    await refreshBatches(job.ctx, status);
    const last = status.rounds[status.rounds.length - 1];
    const unsubmitted = last.round > 0 && (last.parts.length === 0 || last.parts.some((p) => !p.batch_id));
    let round: BatchRound | undefined = unsubmitted ? last : undefined;
    if (!round) {
      const running = status.rounds.find((r) => !roundDone(r));
      if (running)
        throw new UsageError(
          `round ${running.round} is still running: wait for it (dialogsmith batch submit ${options.dir} --wait) before retrying`,
        );
      await downloadResults(job.dir, status, job.ctx.client);
      const summary = await buildResults(job.dir, status, job.config.model.price);
      round = await addRetryRound(job.dir, status);
      if (!round) return { kind: "nothing", summary };
    }
    await submitPending(job.ctx, status);
    const finished = await maybeWait(job, status, options);
    if (!finished) return { kind: "submitted", round, finished };
    await downloadResults(job.dir, status, job.ctx.client);
    const summary = await buildResults(job.dir, status, job.config.model.price);
    return { kind: "submitted", round, finished, summary: { ...summary, status, complete: true } };
  },
);
