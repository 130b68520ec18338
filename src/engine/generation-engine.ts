import { setMaxListeners } from "node:events";

import { DiskFullError } from "../core/errors.js";
import { JsonlWriter } from "../core/jsonl.js";
import { deriveSeed, Rng } from "../core/rng.js";
import { redactSecrets } from "../core/secrets.js";
import { ModelError } from "../models/model-error.js";
import type { RequestStats } from "../models/request-stats.js";
import type { ChatModel } from "../models/types.js";
import type { DatasetRecord, ItemOutcome, Recipe, Rejection } from "../recipes/recipe.js";
import { AcceptanceGuard, RejectionExamples } from "./acceptance-guard.js";
import { insertRecords, scanForResume } from "./dataset-scan.js";
import type { EventsLog } from "./events-log.js";
import { emptyReport, type RunReport, type StopReason } from "./report.js";
import { replayRequestLedger } from "./request-ledger.js";
import type { RunPaths } from "./run-dir.js";
import { type RunState, readRunState, writeRunState } from "./run-state.js";

export interface EngineProgress {
  requested: number;
  accepted: number;
  rejected: number;
  failed: number;
  inFlight: number;
  requests: number;
  cached: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  elapsedS: number;
}

export interface EngineOptions {
  recipe: Recipe;
  /** Model handle per pipeline role of the recipe. */
  models: Record<string, ChatModel>;
  paths: RunPaths;
  count: number;
  seed: number;
  maxAttempts: number;
  maxCostUsd?: number;
  /** A-priori cost of one item, used for the budget before any item has finished. */
  estimatedItemCostUsd?: number;
  /** Items in progress at once (each may make several requests; per-model limits still apply). */
  itemConcurrency: number;
  stats: RequestStats;
  events: EventsLog;
  /** Aborting it stops scheduling; in-flight items get `graceMs` to finish, then are aborted. */
  stopSignal?: AbortSignal;
  graceMs?: number;
  onProgress?: (progress: EngineProgress) => void;
  /** Resume: move corrupt dataset lines to rejected.jsonl and run their items again (see scanForResume). */
  repair?: boolean;
}

/** Progress as both engines report it: the run's counts plus the request counters. */
export function engineProgress(
  stats: RequestStats,
  counts: Pick<EngineProgress, "requested" | "accepted" | "rejected" | "failed" | "inFlight">,
  elapsedS: number,
): EngineProgress {
  return {
    ...counts,
    requests: stats.total,
    cached: stats.cached,
    promptTokens: stats.usage.prompt_tokens,
    completionTokens: stats.usage.completion_tokens,
    costUsd: stats.costUsd,
    elapsedS,
  };
}

/** Stable record id from (run seed, item index). */
export function recordId(recipe: string, seed: number, index: number): string {
  return `${recipe}-${seed}-${String(index).padStart(6, "0")}`;
}

export interface EngineResult {
  report: RunReport;
  /** The run-stopping error (auth, endpoint), if any; report.stopped says "auth" or "endpoint". */
  fatal?: ModelError;
}

type Finished = ItemOutcome | { kind: "failed"; reason: string; detail: string };

/**
 * Runs items 0, 1, 2, ... until `count` records are accepted. Items run concurrently but are
 * committed strictly in index order, so the dataset is the first `count` accepted items: the same
 * seed gives the same file whatever the timing, and a resumed run continues at the first
 * uncommitted index (responses it already paid for come back from the cache).
 */
export async function runEngine(options: EngineOptions): Promise<EngineResult> {
  const { recipe, paths, count, seed, stats, events } = options;
  const started = performance.now();
  const report = emptyReport(recipe.name, count);

  // Resume: the files are the truth (checked line by line); state.json only carries counters.
  const examples = new RejectionExamples();
  const scan = await scanForResume(paths, {
    restore: (r) => recipe.restore?.(r as DatasetRecord),
    repair: options.repair,
    onRejected: (r) => {
      if (typeof r.reason === "string" && r.reason) examples.note(r.reason, r.detail);
    },
  });
  const previous = readRunState(paths.state);
  let { nextIndex, accepted, rejected, failed } = scan;
  const priorDuration = previous?.duration_s ?? 0;
  // Request counts from the ledger in events.jsonl (exact after a kill), else state.json.
  const ledger = await replayRequestLedger(paths.events);
  if (ledger) stats.restore(ledger);
  else if (previous) stats.restore(previous.requests);
  if (previous) Object.assign(report.rejection_reasons, previous.rejection_reasons);
  if (nextIndex > 0) events.write({ type: "resume", next_index: nextIndex, accepted, rejected, failed });

  const dataset = new JsonlWriter(paths.dataset);
  const rejectedLog = new JsonlWriter(paths.rejected);
  const hardStop = new AbortController();
  // Every in-flight request and backoff sleep listens on this one signal.
  setMaxListeners(0, hardStop.signal);

  let stopReason: StopReason | undefined = accepted >= count ? "done" : undefined;
  let fatal: ModelError | undefined;
  const pending = new Map<number, Finished>();
  const running = new Set<Promise<void>>();
  let flushIndex = nextIndex;
  let inFlight = 0;
  let itemsWithCost = 0;
  let costOfFinishedItems = 0;
  const guard = new AcceptanceGuard(options.itemConcurrency);

  const progress = () =>
    engineProgress(
      stats,
      { requested: count, accepted, rejected, failed, inFlight },
      priorDuration + (performance.now() - started) / 1000,
    );

  let lastCheckpoint = 0;
  const checkpoint = (status: RunState["status"], force = false) => {
    const now = performance.now();
    if (!force && now - lastCheckpoint < 1000) return;
    lastCheckpoint = now;
    writeRunState(paths.state, {
      version: 1,
      recipe: recipe.name,
      seed,
      count,
      status,
      next_index: flushIndex,
      accepted,
      rejected,
      failed,
      rejection_reasons: report.rejection_reasons,
      requests: stats.snapshot(),
      duration_s: priorDuration + (now - started) / 1000,
      updated_at: new Date().toISOString(),
    });
  };

  const writeRejection = (
    index: number,
    kind: "rejected" | "failed",
    r: { reason: string; detail: string; raw?: unknown },
  ) => {
    report.rejection_reasons[r.reason] = (report.rejection_reasons[r.reason] ?? 0) + 1;
    examples.note(r.reason, redactSecrets(r.detail));
    rejectedLog.write({
      index,
      id: recordId(recipe.name, seed, index),
      kind,
      reason: r.reason,
      detail: redactSecrets(r.detail),
      raw: r.raw ?? null,
    });
    events.write({ type: `item_${kind}`, index, reason: r.reason });
  };

  // A failed write (a full disk) stops the run: nothing may be committed after it.
  let writeError: unknown;
  const flush = () => {
    if (writeError !== undefined) return;
    try {
      events.throwIfFailed();
      commit();
    } catch (e) {
      writeError = e;
      wakeUp();
      // Requests in flight are paid for: they get the grace period to land in the cache.
      setTimeout(() => hardStop.abort(e), options.graceMs ?? 5000).unref();
    }
  };

  /** Commits finished items in index order. */
  const commit = () => {
    while (pending.has(flushIndex)) {
      const outcome = pending.get(flushIndex)!;
      pending.delete(flushIndex);
      if (accepted >= count) {
        // Finished after the target was met (can only happen on resume with a smaller count).
      } else if (outcome.kind === "accepted") {
        const inOrder = recipe.checkInOrder?.(outcome.record);
        if (inOrder) {
          rejected++;
          writeRejection(flushIndex, "rejected", inOrder);
        } else {
          dataset.write(outcome.record);
          accepted++;
        }
        guard.record(!inOrder);
      } else if (outcome.kind === "rejected") {
        rejected++;
        guard.record(false);
        writeRejection(flushIndex, "rejected", outcome);
      } else {
        failed++;
        guard.record(false);
        writeRejection(flushIndex, "failed", outcome);
      }
      flushIndex++;
    }
    if (!stopReason && accepted < count && guard.collapsed()) {
      stopReason = "low_acceptance";
      events.write({ type: "acceptance_collapsed", accepted, rejected, failed });
    }
    checkpoint("running");
    options.onProgress?.(progress());
  };

  const runOne = async (index: number): Promise<Finished> => {
    const id = recordId(recipe.name, seed, index);
    const signal = hardStop.signal;
    let last: Rejection | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await recipe.runItem({
        model: (role) => {
          const handle = options.models[role];
          if (!handle)
            throw new Error(`recipe ${recipe.name} asked for model role '${role}', which has no model`);
          return handle;
        },
        rng: new Rng(deriveSeed(seed, index)),
        index,
        id,
        runSeed: seed,
        attempt,
        nonce: `${id}#${attempt}`,
        signal,
      });
      if (outcome.kind === "accepted") return outcome;
      last = outcome;
      if (!outcome.retryable) break;
      events.write({ type: "content_retry", index, reason: outcome.reason });
    }
    return last!;
  };

  const spentPlusProjected = () => {
    const perItem =
      itemsWithCost > 0 ? costOfFinishedItems / itemsWithCost : (options.estimatedItemCostUsd ?? 0);
    return stats.costUsd + (inFlight + 1) * perItem;
  };

  const canSchedule = () => {
    if (stopReason || fatal || writeError !== undefined || options.stopSignal?.aborted) return false;
    if (accepted + inFlight + pending.size >= count) return false;
    if (inFlight >= options.itemConcurrency) return false;
    if (nextIndex >= options.maxAttempts) return false;
    if (options.maxCostUsd !== undefined && spentPlusProjected() > options.maxCostUsd) {
      if (inFlight === 0) stopReason = "budget";
      return false;
    }
    return true;
  };

  let wake: (() => void) | undefined;
  const wakeUp = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onStop = () => {
    events.write({ type: "stop_requested" });
    wakeUp();
    const grace = setTimeout(() => hardStop.abort(new Error("interrupted")), options.graceMs ?? 5000);
    grace.unref();
  };
  options.stopSignal?.addEventListener("abort", onStop, { once: true });

  if (scan.holes.length > 0) {
    // Repaired lines: their items again (the cache has their answers), back at their place.
    const records = new Map<number, DatasetRecord>();
    for (const index of scan.holes) {
      const outcome = await runOne(index).catch(failureOf);
      if (outcome.kind === "accepted") records.set(index, outcome.record);
      else if (outcome.kind === "rejected") rejected++;
      else failed++;
      if (outcome.kind !== "accepted") writeRejection(index, outcome.kind, outcome);
      events.write({ type: "item_repaired", index, kind: outcome.kind });
    }
    await insertRecords(paths.dataset, records);
    for (const record of records.values()) recipe.restore?.(record);
    accepted += records.size;
  }
  events.write({ type: "run_started", recipe: recipe.name, count, seed, next_index: nextIndex, accepted });
  checkpoint("running", true);
  try {
    while (!stopReason) {
      while (canSchedule()) {
        const index = nextIndex++;
        inFlight++;
        const costBefore = stats.costUsd;
        const task = runOne(index)
          .then(
            (outcome) => outcome,
            (error: unknown): Finished | undefined => {
              if (error instanceof ModelError && error.stopsRun) {
                fatal ??= error;
                hardStop.abort(error);
                return undefined;
              }
              if (error instanceof DiskFullError) {
                writeError ??= error;
                hardStop.abort(error);
                return undefined;
              }
              if (hardStop.signal.aborted) return undefined; // interrupted: not committed, redone on resume
              return failureOf(error);
            },
          )
          .then((outcome) => {
            inFlight--;
            if (outcome) {
              const itemCost = stats.costUsd - costBefore;
              if (itemCost > 0) {
                itemsWithCost++;
                costOfFinishedItems += itemCost;
              }
              pending.set(index, outcome);
              flush();
            }
            running.delete(task);
            wakeUp();
          });
        running.add(task);
      }
      if (fatal || writeError !== undefined) break;
      if (accepted >= count) {
        stopReason = "done";
        break;
      }
      if (inFlight === 0) {
        if (options.stopSignal?.aborted) stopReason = "interrupted";
        else if (options.maxCostUsd !== undefined && spentPlusProjected() > options.maxCostUsd)
          stopReason = "budget";
        else if (nextIndex >= options.maxAttempts) stopReason = "max_attempts";
        if (stopReason) break;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    // Let in-flight items settle (they were aborted if the run stopped hard).
    await Promise.allSettled([...running]);
    flush();
  } finally {
    options.stopSignal?.removeEventListener("abort", onStop);
    dataset.close();
    rejectedLog.close();
  }
  if (writeError !== undefined) throw writeError;
  if (fatal) stopReason = fatal.kind === "auth" ? "auth" : "endpoint";
  if (!stopReason || ((stopReason as StopReason) === "low_acceptance" && accepted >= count))
    stopReason = accepted >= count ? "done" : "interrupted";

  const snap = stats.snapshot();
  Object.assign(report, {
    accepted,
    rejected,
    failed,
    attempts: flushIndex,
    stopped: stopReason,
    requests: { total: snap.total, retried: snap.retried, cached: snap.cached, by_status: snap.by_status },
    usage: snap.usage,
    cost_usd: round6(snap.cost_usd),
    duration_s: Math.round((priorDuration + (performance.now() - started) / 1000) * 1000) / 1000,
    rejection_examples: examples.examples,
    models: Object.fromEntries(
      Object.entries(snap.models).map(([name, m]) => [
        name,
        {
          requests: m.requests,
          prompt_tokens: m.prompt_tokens,
          completion_tokens: m.completion_tokens,
          cost_usd: round6(m.cost_usd),
          ...(m.endpoints ? { endpoints: m.endpoints } : {}),
          ...(m.fallback ? { fallback: m.fallback } : {}),
        },
      ]),
    ),
  });
  checkpoint(stopReason, true);
  events.write({ type: "run_finished", stopped: stopReason, accepted, rejected, failed });
  return { report, fatal };
}

/** An item's error as its failure; errors that stop the whole run are thrown on. */
function failureOf(error: unknown): Finished {
  if ((error instanceof ModelError && error.stopsRun) || error instanceof DiskFullError) throw error;
  if (error instanceof ModelError) return { kind: "failed", reason: error.reason, detail: error.message };
  return {
    kind: "failed",
    reason: "recipe_error",
    detail: redactSecrets((error as Error)?.message ?? String(error)),
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
