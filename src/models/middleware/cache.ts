import { endpointsOf, type ModelConfig } from "../../config/model-config.js";
import type { ModelEvent } from "../events.js";
import type { RequestStats } from "../request-stats.js";
import { type CachedResponse, type CacheIdentity, cacheKey, type ResponseCache } from "../response-cache.js";
import { type ChatModel, type ChatResult, type ModelMiddleware, wrapGenerate } from "../types.js";

/**
 * Serves an answer already paid for from the response cache (no request, no cost), and stores
 * each new answer the moment it arrives, so that a kill an instant later does not make a resumed
 * run buy it again.
 */
export function withCache(
  cache: ResponseCache,
  stats: RequestStats,
  onEvent?: (e: ModelEvent) => void,
): ModelMiddleware {
  return (next) => {
    const c = next.config;
    const identity = cacheIdentity(next);
    return wrapGenerate(next, async (call, signal) => {
      const key = cacheKey(identity, call);
      const hit = cache.get(key);
      if (hit) {
        stats.cached++;
        onEvent?.({ type: "cache_hit", model: c.name, item: call.itemId });
        return { ...hit, cached: true, costUsd: 0 };
      }
      let stored = false;
      const store = (result: ChatResult) => {
        stored = true;
        const entry: CachedResponse = {
          content: result.content,
          ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
          finishReason: result.finishReason,
          usage: result.usage,
          model: result.model,
        };
        cache.set(key, entry);
      };
      // Stored by the transport the moment the answer is parsed (see ModelCall.onAnswer), or
      // here by a transport that does not say.
      const result = await next.generate({ ...call, onAnswer: store }, signal);
      if (!stored) store(result);
      return result;
    });
  };
}

/**
 * What of a model decides its answers (the cache key's part besides the request). A model that
 * serves another provider's answers (a queue's workers) is keyed as that provider.
 */
export function cacheIdentity(model: ChatModel): CacheIdentity {
  const c = model.config;
  return {
    provider: model.cacheProvider ?? model.provider,
    endpoint: cacheEndpoint(c),
    model: c.model,
    extra_body: c.extra_body,
    temperature: c.temperature,
    top_p: c.top_p,
    max_tokens: c.max_tokens,
  };
}

/**
 * The endpoint part of the key: the URL of a one-endpoint model (as it always was), all the
 * replicas of one with several, sorted (the key names the model, not the replica that served).
 */
function cacheEndpoint(config: ModelConfig): string | undefined {
  if (config.base_url === undefined && !config.endpoints) return undefined;
  const urls = endpointsOf(config).map((e) => e.base_url.replace(/\/+$/, ""));
  return urls.length === 1 ? urls[0] : JSON.stringify([...new Set(urls)].sort());
}
