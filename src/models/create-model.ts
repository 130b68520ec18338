import type { NamedModelConfig } from "../config/model-config.js";
import { stableStringify } from "../core/hash.js";
import type { ModelEvent } from "./events.js";
import { withCache } from "./middleware/cache.js";
import { AdaptiveConcurrency, withAdaptiveConcurrency } from "./middleware/concurrency.js";
import { withRequestLedger } from "./middleware/ledger.js";
import { withRateLimit } from "./middleware/rate-limit.js";
import { type RetryOptions, withRetry } from "./middleware/retry.js";
import { withStructuredOutputFallback } from "./middleware/structured-fallback.js";
import { OpenAICompatibleModel, type TransportOptions } from "./openai-compatible.js";
import { RateLimiter, type RequestLimiter } from "./rate-limiter.js";
import { RequestStats } from "./request-stats.js";
import type { ResponseCache } from "./response-cache.js";
import { type ChatModel, wrapModel } from "./types.js";

/** What the models of one run share: counters, the cache, events, and how to reach endpoints. */
export interface ModelServices extends TransportOptions {
  stats: RequestStats;
  cache?: ResponseCache;
  onEvent?: (event: ModelEvent) => void;
  /** Retry policy overrides (tests). */
  retry?: Omit<RetryOptions, "stats" | "onEvent">;
  /** The transport under the wrappers (default: the OpenAI-compatible endpoint of the config). */
  transport?: (config: NamedModelConfig) => ChatModel;
  /** The entry's RPM/TPM limiter (default: this process's; a worker's is shared through Redis). */
  limiter?: (config: NamedModelConfig) => RequestLimiter | undefined;
}

/** A composed model and the state of its limits (for reports and tests). */
export interface ComposedModel extends ChatModel {
  readonly concurrency: AdaptiveConcurrency;
}

/**
 * A model entry as the engine uses it: cache → structured-output fallback → retry → RPM/TPM →
 * adaptive concurrency → request ledger → transport. Each concern is one wrapper (models/middleware/).
 */
export function createChatModel(config: NamedModelConfig, services: ModelServices): ComposedModel {
  const { stats, onEvent } = services;
  const concurrency = new AdaptiveConcurrency(config.concurrency);
  const transport = services.transport?.(config) ?? new OpenAICompatibleModel(config, services);
  const model = wrapModel(
    transport,
    ...(services.cache ? [withCache(services.cache, stats, onEvent)] : []),
    withStructuredOutputFallback(onEvent),
    withRetry({ stats, onEvent, ...services.retry }),
    withRateLimit(services.limiter?.(config) ?? new RateLimiter({ rpm: config.rpm, tpm: config.tpm })),
    withAdaptiveConcurrency(concurrency, onEvent),
    withRequestLedger(stats, onEvent),
  );
  return Object.assign(model, { concurrency });
}

/**
 * The models of a run, one per distinct entry: roles naming the same entry (questioner and
 * corrector on one Gemini entry) share its limits; different entries keep their own.
 */
export interface ModelPool {
  /** Model per pipeline role. */
  byRole: Record<string, ComposedModel>;
  /** One model per distinct entry, by entry name. */
  models: Record<string, ComposedModel>;
  /** The entries' summed concurrency (how much work keeps every model busy). */
  concurrency: number;
}

export function createModelPool(
  roles: Record<string, NamedModelConfig>,
  services: ModelServices = { stats: new RequestStats() },
): ModelPool {
  const byConfig = new Map<string, ComposedModel>();
  const byRole: Record<string, ComposedModel> = {};
  for (const [role, config] of Object.entries(roles)) {
    const key = stableStringify(config);
    let model = byConfig.get(key);
    if (!model) {
      model = createChatModel(config, services);
      byConfig.set(key, model);
    }
    byRole[role] = model;
  }
  const list = [...byConfig.values()];
  return {
    byRole,
    models: Object.fromEntries(list.map((m) => [m.config.name, m])),
    concurrency: list.reduce((sum, m) => sum + m.config.concurrency, 0),
  };
}
