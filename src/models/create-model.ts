import { type EndpointConfig, endpointsOf, type NamedModelConfig } from "../config/model-config.js";
import { stableStringify } from "../core/hash.js";
import { type EndpointHealthPolicy, EndpointPool, routeToReplicas } from "./endpoint-pool.js";
import type { ModelEvent } from "./events.js";
import { withCache } from "./middleware/cache.js";
import { AdaptiveConcurrency, withAdaptiveConcurrency } from "./middleware/concurrency.js";
import { withFallback } from "./middleware/fallback.js";
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
  /** When a replica is taken out and probed (default DEFAULT_HEALTH_POLICY). */
  health?: EndpointHealthPolicy;
  /** The entry's RPM/TPM limiter (default: this process's; a worker's is shared through Redis). */
  limiter?: (replica: NamedModelConfig, entry: NamedModelConfig) => RequestLimiter | undefined;
}

/** A composed model and the state of its limits (for reports and tests). */
export interface ComposedModel extends ChatModel {
  /** Its limit of requests in flight (the first replica's, for a model with several). */
  readonly concurrency: AdaptiveConcurrency;
  /** The most requests it takes at once: its replicas' concurrency, summed. */
  readonly slots: number;
  /** Its replicas and their health, for a model with several endpoints. */
  readonly endpoints?: EndpointPool;
}

/**
 * A model entry as the engine uses it: cache → fallback entries → structured-output fallback →
 * retry → the replica (chosen by an EndpointPool when there are several) → RPM/TPM → adaptive
 * concurrency → request ledger → transport. Each concern is one wrapper (models/middleware/); a
 * replica's key, concurrency and limits are its own. The cache key names the entry asked for,
 * whichever replica or fallback served.
 */
export function createChatModel(config: NamedModelConfig, services: ModelServices): ComposedModel {
  const { stats, onEvent } = services;
  const entry = entryModel(config, services);
  const fallbacks = (config.fallbacks ?? []).map(
    (f) => entryModel({ ...f, fallbacks: undefined }, services).model,
  );
  const served = fallbacks.length
    ? withFallback(entry.model, () => entry.pool?.available ?? true, fallbacks, stats, onEvent)
    : entry.model;
  const model = services.cache ? wrapModel(served, withCache(services.cache, stats, onEvent)) : served;
  return Object.assign(model, { concurrency: entry.concurrency, slots: entry.slots, endpoints: entry.pool });
}

/** An entry without its cache and fallbacks: retries over its replica (or replicas). */
function entryModel(config: NamedModelConfig, services: ModelServices) {
  const { stats, onEvent } = services;
  const endpoints = endpointsOf(config);
  // One endpoint with a fallback is watched too: when it is out, steps go straight to the fallback.
  const watched = endpoints.length > 1 || Boolean(config.fallbacks?.length);
  const replicas = endpoints.map((e) => replicaModel(replicaConfig(config, e), config, services));
  const pool = watched
    ? new EndpointPool(
        config.name,
        replicas.map((r, i) => ({ url: r.url, weight: endpoints[i].weight, model: r.model })),
        services.health,
        onEvent,
      )
    : undefined;
  const model = wrapModel(
    pool ? routeToReplicas(pool, config) : replicas[0].model,
    withStructuredOutputFallback(onEvent),
    withRetry({ stats, onEvent, ...services.retry }),
  );
  const slots = replicas.reduce((sum, r) => sum + r.concurrency.limit, 0);
  return { model, concurrency: replicas[0].concurrency, slots, pool };
}

/** One replica: the entry with that endpoint's URL, and its own key and limits where it sets them. */
function replicaConfig(config: NamedModelConfig, endpoint: EndpointConfig): NamedModelConfig {
  const { endpoints: _all, fallbacks: _fallbacks, fallback: _names, ...entry } = config;
  return {
    ...entry,
    base_url: endpoint.base_url,
    api_key_env: endpoint.api_key_env ?? config.api_key_env,
    concurrency: endpoint.concurrency ?? config.concurrency,
    rpm: endpoint.rpm ?? config.rpm,
    tpm: endpoint.tpm ?? config.tpm,
  };
}

/** A replica's stack: RPM/TPM → adaptive concurrency → request ledger → transport. */
function replicaModel(config: NamedModelConfig, entry: NamedModelConfig, services: ModelServices) {
  const tagEndpoint = endpointsOf(entry).length > 1;
  const { stats, onEvent } = services;
  const url = config.base_url as string;
  const concurrency = new AdaptiveConcurrency(config.concurrency);
  const transport = services.transport?.(config) ?? new OpenAICompatibleModel(config, services);
  const model = wrapModel(
    transport,
    withRateLimit(services.limiter?.(config, entry) ?? new RateLimiter({ rpm: config.rpm, tpm: config.tpm })),
    withAdaptiveConcurrency(concurrency, onEvent),
    withRequestLedger(stats, onEvent, tagEndpoint ? url : undefined),
  );
  return { url, model, concurrency };
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
  return poolByConfig(roles, (config) => createChatModel(config, services));
}

/**
 * One model per distinct config (`make` called once for each), shared by the roles that name it:
 * the pool of a local run and of a distributed one alike.
 */
export function poolByConfig(
  roles: Record<string, NamedModelConfig>,
  make: (config: NamedModelConfig) => ComposedModel,
): ModelPool {
  const byConfig = new Map<string, ComposedModel>();
  const byRole: Record<string, ComposedModel> = {};
  for (const [role, config] of Object.entries(roles)) {
    const key = stableStringify(config);
    let model = byConfig.get(key);
    if (!model) {
      model = make(config);
      byConfig.set(key, model);
    }
    byRole[role] = model;
  }
  const list = [...byConfig.values()];
  return {
    byRole,
    models: Object.fromEntries(list.map((m) => [m.config.name, m])),
    concurrency: list.reduce((sum, m) => sum + m.slots, 0),
  };
}
