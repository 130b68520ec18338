import type { NamedModelConfig } from "../config/model-config.js";
import { stableStringify } from "../core/hash.js";
import { type LlmEvent, ModelClient } from "../llm/model-client.js";
import type { RequestStats } from "../llm/request-stats.js";
import type { ResponseCache } from "../llm/response-cache.js";
import type { ModelHandle } from "../llm/types.js";

export interface RoleClients {
  /** Handle per pipeline role. */
  byRole: Record<string, ModelHandle>;
  /** One client per distinct model config, by model name. */
  clients: Record<string, ModelClient>;
  /** Sum of the clients' concurrency limits. */
  concurrency: number;
  /** Releases what the handles hold (a queue's Redis connections); absent for local clients. */
  close?: () => Promise<void>;
}

/** What every model handle of a run shares. */
export interface SharedClientOptions {
  stats: RequestStats;
  cache?: ResponseCache;
  onEvent?: (e: LlmEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  maxTries?: number;
}

/** A distributed run: model steps go to workers through this Redis queue (see src/distributed). */
export interface QueueTarget {
  /** `redis://HOST:PORT/DB`. */
  url: string;
  /** The run directory: its steps' job ids are the run's own. */
  runDir: string;
}

/** What a run says about its models (generation and conversation runs alike). */
export interface RunModels {
  models: Record<string, NamedModelConfig>;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  maxTries?: number;
  /** A Redis URL: this process coordinates, workers run the model steps (see src/distributed). */
  queue?: string;
}

/** The model handles of the run in `runDir` (see openRoleModels). */
export function openRunModels(
  run: RunModels,
  shared: Pick<SharedClientOptions, "stats" | "cache" | "onEvent">,
  runDir: string,
): Promise<RoleClients> {
  return openRoleModels(
    run.models,
    { ...shared, env: run.env, fetch: run.fetch, maxTries: run.maxTries },
    run.queue ? { url: run.queue, runDir } : undefined,
  );
}

/**
 * The model handles of a run: local clients, or, with a queue, handles that put each model step
 * on the queue for workers to run (the response cache stays here). The queue code loads only then.
 */
export async function openRoleModels(
  models: Record<string, NamedModelConfig>,
  shared: SharedClientOptions,
  queue?: QueueTarget,
): Promise<RoleClients> {
  if (!queue) return createRoleClients(models, shared);
  const { openQueueModels } = await import("../distributed/queue-model.js");
  return openQueueModels(models, shared, queue);
}

/**
 * One client per distinct model config: roles naming the same model (questioner and corrector on
 * one Gemini entry) share its concurrency and RPM/TPM limits; different models keep their own.
 */
export function createRoleClients(
  models: Record<string, NamedModelConfig>,
  shared: SharedClientOptions,
): RoleClients {
  const byKey: Record<string, ModelClient> = {};
  const byRole: Record<string, ModelHandle> = {};
  for (const [role, model] of Object.entries(models)) {
    const key = stableStringify(model);
    byKey[key] ??= new ModelClient({ config: model, ...shared });
    byRole[role] = byKey[key];
  }
  const list = Object.values(byKey);
  return {
    byRole,
    clients: Object.fromEntries(list.map((c) => [c.name, c])),
    concurrency: list.reduce((sum, c) => sum + c.config.concurrency, 0),
  };
}
