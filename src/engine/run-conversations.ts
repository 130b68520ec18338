import { join } from "node:path";
import type { NamedModelConfig } from "../config/model-config.js";
import type { ComposedModel } from "../models/create-model.js";
import type { ModelEvent } from "../models/events.js";
import { RequestStats } from "../models/request-stats.js";
import { defaultCacheDir, ResponseCache } from "../models/response-cache.js";
import { type ConversationRunResult, runConversations } from "./conversation-runner.js";
import { EventsLog } from "./events-log.js";
import type { ConversationProgram } from "./program.js";
import type { EngineProgress } from "./progress.js";
import { refuseShrinkingRun } from "./resume-count.js";
import { openRunDir, type RunConfig, type RunPaths, writeReport } from "./run-dir.js";
import { withRunLock } from "./run-lock.js";
import { openRunModels, type RunModels } from "./run-models.js";
import { type RunNotices, warnOnce } from "./run-notices.js";

/** The step journal of a turn-by-turn run. */
export function journalPath(paths: RunPaths): string {
  return join(paths.dir, "steps.jsonl");
}

/** config.json of a turn-by-turn run (the same contract as every run directory). */
export type ConversationRunConfig = RunConfig;

export interface ConversationRun<I> extends RunNotices, RunModels {
  program: ConversationProgram<I>;
  inputs: AsyncIterable<I>;
  paths: RunPaths;
  models: Record<string, NamedModelConfig>;
  seed: number;
  total?: number;
  target?: number;
  maxConversations?: number;
  maxCostUsd?: number;
  /** Conversations in progress at once (default: twice the models' summed concurrency). */
  window?: number | ((modelSlots: number) => number);
  cacheDir?: string;
  readCache?: boolean;
  stopSignal?: AbortSignal;
  graceMs?: number;
  onProgress?: (p: EngineProgress) => void;
  onModelEvent?: (e: ModelEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  maxTries?: number;
  /** Resume: move corrupt lines of the program's records file to rejected.jsonl and make them again. */
  repair?: boolean;
  /** Recipe-specific fields merged into report.json. */
  reportExtras?: (result: ConversationRunResult) => Record<string, unknown>;
}

export interface ConversationRunOutcome extends ConversationRunResult {
  paths: RunPaths;
  /** The run's models by entry name (their limits' state, for reports and tests). */
  models: Record<string, ComposedModel>;
}

/**
 * Conversations in progress at once: as given, or from the models' summed concurrency (default
 * twice it, at least 8: each conversation has one step in flight, and twice the slots keeps every
 * client's queue fed when steps alternate between models).
 */
function windowFor(window: ConversationRun<unknown>["window"], slots: number): number {
  if (typeof window === "number") return window;
  return window ? Math.max(1, window(slots)) : Math.max(8, 2 * slots);
}

/** Rough a-priori cost of one step (the dearest role), for the budget before real costs are known. */
function estimateStepCost(models: Record<string, NamedModelConfig>): number {
  let most = 0;
  for (const m of Object.values(models)) {
    if (!m.price) continue;
    most = Math.max(
      most,
      (1500 * m.price.input_per_mtok + (m.max_tokens ?? 1000) * m.price.output_per_mtok) / 1e6,
    );
  }
  return most;
}

/** Runs a turn-by-turn recipe in an opened run directory and writes report.json. */
export async function runConversationRun<I>(run: ConversationRun<I>): Promise<ConversationRunOutcome> {
  const { paths } = run;
  const stats = new RequestStats();
  const events = new EventsLog(paths.events);
  // Written synchronously: an answer is on disk before its step is parsed, so a kill right after
  // loses nothing (the journal holds the parsed step; the cache serves any later run).
  const cache = new ResponseCache(
    run.cacheDir ?? defaultCacheDir(run.env),
    run.readCache ?? true,
    warnOnce(events, "cache_write_failed", run.warn),
  );
  const onEvent = (e: ModelEvent) => {
    events.write(e);
    run.onModelEvent?.(e);
  };
  const pool = await openRunModels(run, { stats, cache, onEvent }, paths.dir).catch((error: unknown) => {
    cache.close();
    events.close();
    throw error;
  });
  run.onStart?.(run.models);
  try {
    const result = await runConversations({
      program: run.program,
      inputs: run.inputs,
      total: run.total,
      target: run.target,
      maxConversations: run.maxConversations,
      models: pool.byRole,
      paths,
      journalPath: journalPath(paths),
      seed: run.seed,
      window: windowFor(run.window, pool.concurrency),
      maxCostUsd: run.maxCostUsd,
      estimatedStepCostUsd: estimateStepCost(run.models),
      stats,
      events,
      stopSignal: run.stopSignal,
      graceMs: run.graceMs,
      onProgress: run.onProgress,
      repair: run.repair,
    });
    Object.assign(result.report, run.reportExtras?.(result) ?? {});
    writeReport(paths, result.report);
    return { ...result, paths, models: pool.models };
  } finally {
    await pool.close();
    cache.close();
    events.close();
  }
}

/**
 * Locks a run directory, refuses a shrinking --count on resume, opens it (config.json written or
 * checked) and hands its paths to `run`; the lock is released when it settles.
 */
export function withOpenRun<T>(
  dir: string,
  config: RunConfig,
  run: (paths: RunPaths) => Promise<T>,
): Promise<T> {
  return withRunLock(dir, async () => {
    await refuseShrinkingRun(dir, config.count);
    return run(openRunDir(dir, config));
  });
}
