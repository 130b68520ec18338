import type { NamedModelConfig } from "../config/model-config.js";
import type { ComposedModel } from "../models/create-model.js";
import type { ModelEvent } from "../models/events.js";
import { RequestStats } from "../models/request-stats.js";
import { defaultCacheDir, ResponseCache } from "../models/response-cache.js";
import type { Recipe } from "../recipes/recipe.js";
import { EventsLog } from "./events-log.js";
import { type EngineProgress, type EngineResult, runEngine } from "./generation-engine.js";
import { refuseShrinkingRun } from "./resume-count.js";
import { openRunDir, type RunPaths, writeReport } from "./run-dir.js";
import { withRunLock } from "./run-lock.js";
import { openRunModels, type RunModels } from "./run-models.js";
import { type RunNotices, warnOnce } from "./run-notices.js";

export interface GenerationRun extends RunNotices, RunModels {
  recipe: Recipe;
  /** The recipe's resolved options as written to config.json (must hold no secrets). */
  recipeOptions: Record<string, unknown>;
  /** Model config per pipeline role. Roles naming the same model share one client (one limit). */
  models: Record<string, NamedModelConfig>;
  outDir: string;
  count: number;
  seed: number;
  maxAttempts?: number;
  maxCostUsd?: number;
  cacheDir?: string;
  /** false: do not read the cache (responses are still stored). */
  readCache?: boolean;
  stopSignal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onModelEvent?: (e: ModelEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Tries per request (retry policy); default 8. */
  maxTries?: number;
  /** Resume: move corrupt dataset lines to rejected.jsonl and run their items again. */
  repair?: boolean;
}

export interface GenerationOutcome extends EngineResult {
  paths: RunPaths;
  /** The run's models by entry name (their limits' state, for reports and tests). */
  models: Record<string, ComposedModel>;
}

/**
 * Rough a-priori cost of one item (a 1,000-token prompt and a 1,000-token answer, or max_tokens if
 * lower, per model), used for the budget only until real items have been paid for.
 */
function estimateItemCost(models: Record<string, NamedModelConfig>): number {
  let total = 0;
  for (const m of Object.values(models)) {
    if (!m.price) continue;
    total +=
      (1000 * m.price.input_per_mtok + Math.min(m.max_tokens ?? 1000, 1000) * m.price.output_per_mtok) / 1e6;
  }
  return total;
}

/**
 * Runs a model-driven recipe into a run directory: config.json, the engine, report.json. Starting
 * again on the same directory resumes it (same recipe, seed and options required).
 */
export function runGeneration(run: GenerationRun): Promise<GenerationOutcome> {
  return withRunLock(run.outDir, () => runLocked(run));
}

async function runLocked(run: GenerationRun): Promise<GenerationOutcome> {
  await refuseShrinkingRun(run.outDir, run.count);
  const paths = openRunDir(run.outDir, {
    recipe: run.recipe.name,
    seed: run.seed,
    count: run.count,
    options: run.recipeOptions,
    models: run.models,
  });

  const stats = new RequestStats();
  const events = new EventsLog(paths.events);
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
  const itemConcurrency = Math.max(1, pool.concurrency);
  try {
    const result = await runEngine({
      recipe: run.recipe,
      models: pool.byRole,
      paths,
      count: run.count,
      seed: run.seed,
      maxAttempts: run.maxAttempts ?? run.count * 3,
      maxCostUsd: run.maxCostUsd,
      estimatedItemCostUsd: estimateItemCost(run.models),
      itemConcurrency,
      stats,
      events,
      stopSignal: run.stopSignal,
      onProgress: run.onProgress,
      repair: run.repair,
    });
    writeReport(paths, result.report);
    return { ...result, paths, models: pool.models };
  } finally {
    await pool.close();
    cache.close();
    events.close();
  }
}
