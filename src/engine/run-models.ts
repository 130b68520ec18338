import type { NamedModelConfig } from "../config/model-config.js";
import { createModelPool, type ModelPool, type ModelServices } from "../models/create-model.js";

/** What a run says about its models (generation and conversation runs alike). */
export interface RunModels {
  /** Model config per pipeline role. Roles naming the same model share one model (one limit). */
  models: Record<string, NamedModelConfig>;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Tries per request (retry policy); default 8. */
  maxTries?: number;
  /** A Redis URL: this process coordinates, workers run the model steps (see src/distributed). */
  queue?: string;
}

/** A run's models, and what they hold open (a queue's Redis connections). */
export interface RunModelPool extends ModelPool {
  close: () => Promise<void>;
}

/**
 * The models of the run in `runDir`: local ones, or, with a queue, models that put each step on
 * the queue for workers to run (the response cache stays here). The queue code loads only then.
 */
export async function openRunModels(
  run: RunModels,
  shared: Pick<ModelServices, "stats" | "cache" | "onEvent">,
  runDir: string,
): Promise<RunModelPool> {
  if (run.queue) {
    const { openQueueModels } = await import("../distributed/queue-model.js");
    return openQueueModels(run.models, shared, { url: run.queue, runDir });
  }
  const pool = createModelPool(run.models, {
    ...shared,
    env: run.env,
    fetch: run.fetch,
    retry: run.maxTries !== undefined ? { maxTries: run.maxTries } : undefined,
  });
  return { ...pool, close: async () => {} };
}
