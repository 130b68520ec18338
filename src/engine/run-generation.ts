import type { NamedModelConfig } from "../config/model-config.js";
import type { LlmEvent, ModelClient } from "../llm/model-client.js";
import { RequestStats } from "../llm/request-stats.js";
import { defaultCacheDir, ResponseCache } from "../llm/response-cache.js";
import type { Recipe } from "../recipes/recipe.js";
import { EventsLog } from "./events-log.js";
import { type EngineProgress, type EngineResult, runEngine } from "./generation-engine.js";
import { refuseShrinkingRun } from "./resume-count.js";
import { openRunModels, type RunModels } from "./role-clients.js";
import { openRunDir, type RunPaths, writeReport } from "./run-dir.js";
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
  onLlmEvent?: (e: LlmEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Tries per request (retry policy); default 8. */
  maxTries?: number;
}

export interface GenerationOutcome extends EngineResult {
  paths: RunPaths;
  clients: Record<string, ModelClient>;
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
export async function runGeneration(run: GenerationRun): Promise<GenerationOutcome> {
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
  const onEvent = (e: LlmEvent) => {
    events.write(e);
    run.onLlmEvent?.(e);
  };
  const roleModels = await openRunModels(run, { stats, cache, onEvent }, paths.dir).catch(
    (error: unknown) => {
      events.close();
      throw error;
    },
  );
  run.onStart?.(run.models);
  const itemConcurrency = Math.max(1, roleModels.concurrency);
  try {
    const result = await runEngine({
      recipe: run.recipe,
      models: roleModels.byRole,
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
    });
    writeReport(paths, result.report);
    return { ...result, paths, clients: roleModels.clients };
  } finally {
    await roleModels.close?.();
    events.close();
  }
}
