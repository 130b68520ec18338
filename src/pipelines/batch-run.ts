import { join } from "node:path";
import { StoppedShortError } from "../core/errors.js";
import { resolveRenderer } from "../formats/render/registry.js";
import { renderFile } from "../formats/render/render-file.js";
import { type PushResult, pushDataset } from "../hub/push.js";
import type { RemoteBatch } from "../models/batch/client.js";
import { readBatchStatus } from "../models/batch/status.js";
import type { BatchEvent } from "../models/batch/submit.js";
import { batchRetrieve, batchRetry, batchSubmit, type RetrieveResult } from "./batch-jobs.js";
import { batchRunPreflight } from "./batch-preflight.js";
import { type BatchPrepareResult, batchPrepareTools } from "./batch-prepare.js";
import type { ToolsFlags } from "./tools-options.js";
import { type PreprocessResult, preprocessTools } from "./tools-preprocess.js";

export interface BatchRunFlags extends ToolsFlags {
  pollInterval?: number;
  maxRequestsPerBatch?: number;
  maxBytesPerBatch?: number;
  /** Chat template for the samples (default qwen2.5); "none" skips rendering. */
  template?: string;
  pushTo?: string;
  private?: boolean;
  hubUrl?: string;
  tokenEnv?: string;
}

export interface BatchRunIo {
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onEvent?: (e: BatchEvent) => void;
  /** Announces each step ("prepare", "submit", ...), for the CLI. */
  onStep?: (step: string, message: string) => void;
  afterCreate?: (batch: RemoteBatch) => void | Promise<void>;
  /** Asks before the first submission (a terminal without --yes); absent: no question. */
  confirm?: (question: string) => Promise<boolean>;
}

export type BatchRunResult =
  | { kind: "waiting"; prepared: BatchPrepareResult }
  | {
      kind: "done";
      prepared: BatchPrepareResult;
      retrieved: RetrieveResult;
      retried: boolean;
      preprocessed: PreprocessResult;
      samples?: { dir: string; written: number; skipped: number };
      pushed?: PushResult;
    };

/**
 * `dialogsmith batch run tools ...`: the seed's run_generate.sh in one command — prepare, submit
 * and wait, retrieve, retry what failed once, preprocess, render Qwen2.5 samples, and push with
 * --push-to. Every step continues from the files, so re-running after Ctrl-C picks up where it
 * stopped and never submits a batch twice.
 */
export async function batchRunTools(flags: BatchRunFlags, io: BatchRunIo = {}): Promise<BatchRunResult> {
  const step = io.onStep ?? (() => {});
  await batchRunPreflight(flags, io.env);
  const prepared = await batchPrepareTools(flags);
  step(
    "prepare",
    `${prepared.requests} requests (${prepared.train} training, ${prepared.gold} gold) for ${prepared.model} in ${prepared.dir}${prepared.unchanged ? " (already prepared)" : ""}`,
  );
  if (io.confirm && !readBatchStatus(prepared.dir)) {
    const question = `submit ${prepared.requests} requests for ${prepared.model} to the Batch API (billed at batch prices)?`;
    if (!(await io.confirm(question)))
      throw new StoppedShortError(
        `nothing submitted; the prepared requests are in ${prepared.dir} (run again, with --yes to skip the question)`,
      );
  }
  const job = {
    dir: prepared.dir,
    baseUrl: flags.baseUrl,
    apiKeyEnv: flags.apiKeyEnv,
    maxRequestsPerBatch: flags.maxRequestsPerBatch,
    maxBytesPerBatch: flags.maxBytesPerBatch,
    env: io.env,
    fetch: io.fetch,
    onEvent: io.onEvent,
    afterCreate: io.afterCreate,
  };
  const wait = { wait: true, pollIntervalS: flags.pollInterval, signal: io.signal, sleep: io.sleep };
  step("submit", "submitting and waiting for the batches to finish");
  const submitted = await batchSubmit({ ...job, ...wait });
  if (!submitted.finished) return { kind: "waiting", prepared };

  let retrieved = await batchRetrieve(job);
  step("retrieve", `${retrieved.succeeded} succeeded, ${retrieved.failed} failed`);
  let retried = false;
  if (retrieved.failed > 0 && submitted.status.rounds.length === 1) {
    step("retry", `resubmitting ${retrieved.failed} failed request(s) once`);
    const retry = await batchRetry({ ...job, ...wait });
    if (retry.kind === "submitted" && !retry.finished) return { kind: "waiting", prepared };
    retried = retry.kind === "submitted";
    retrieved = await batchRetrieve(job);
    step("retrieve", `${retrieved.succeeded} succeeded, ${retrieved.failed} failed after the retry`);
  }

  const preprocessed = await preprocessTools(prepared.dir);
  const r = preprocessed.report;
  step("preprocess", `${r.accepted} training record(s) accepted, ${r.rejected} rejected, ${r.failed} failed`);

  let samples: { dir: string; written: number; skipped: number } | undefined;
  const template = flags.template ?? "qwen2.5";
  if (template !== "none" && r.accepted > 0) {
    const rendered = await renderFile(preprocessed.dataset, resolveRenderer(template), {
      outDir: join(prepared.dir, "samples"),
    });
    samples = { dir: rendered.outDir, written: rendered.written, skipped: rendered.skipped };
    step("render", `${rendered.written} sample(s) with ${template} in ${rendered.outDir}`);
  }

  let pushed: PushResult | undefined;
  if (flags.pushTo) {
    pushed = await pushDataset(prepared.dir, {
      repoId: flags.pushTo,
      private: flags.private,
      hubUrl: flags.hubUrl,
      tokenEnv: flags.tokenEnv,
      env: io.env,
      onProgress: (m) => step("push", m),
    });
    step("push", `pushed to ${pushed.repoUrl}`);
  }
  return { kind: "done", prepared, retrieved, retried, preprocessed, samples, pushed };
}
