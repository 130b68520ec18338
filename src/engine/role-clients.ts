import type { NamedModelConfig } from "../config/model-config.js";
import { stableStringify } from "../core/hash.js";
import { type LlmEvent, ModelClient } from "../models/model-client.js";
import type { RequestStats } from "../models/request-stats.js";
import type { ResponseCache } from "../models/response-cache.js";
import type { ModelHandle } from "../models/types.js";

export interface RoleClients {
  /** Handle per pipeline role. */
  byRole: Record<string, ModelHandle>;
  /** One client per distinct model config, by model name. */
  clients: Record<string, ModelClient>;
  /** Sum of the clients' concurrency limits. */
  concurrency: number;
}

/**
 * One client per distinct model config: roles naming the same model (questioner and corrector on
 * one Gemini entry) share its concurrency and RPM/TPM limits; different models keep their own.
 */
export function createRoleClients(
  models: Record<string, NamedModelConfig>,
  shared: {
    stats: RequestStats;
    cache?: ResponseCache;
    onEvent?: (e: LlmEvent) => void;
    env?: NodeJS.ProcessEnv;
    fetch?: typeof fetch;
    maxTries?: number;
  },
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
