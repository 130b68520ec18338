import { ALL_OUT } from "../endpoint-pool.js";
import type { ModelEvent } from "../events.js";
import { ModelError } from "../model-error.js";
import type { RequestStats } from "../request-stats.js";
import type { ChatModel, ChatResult, ModelCall } from "../types.js";

/**
 * Whether a primary's failure means it cannot serve now (so a fallback entry should): every
 * replica out, overloaded or down past its retries, or nothing listening at all. A bad request
 * or a wrong key is not: the fallback would fail the same way, or hide a mistake.
 */
export function isUnavailable(error: ModelError): boolean {
  if (error.stopsRun) return error.kind === "connection";
  return error.label === ALL_OUT || error.reason === "retries_exhausted";
}

/**
 * The `fallback:` entries of a model: a step the primary cannot serve (see isUnavailable) runs
 * on the first fallback that can, and is counted per fallback (report.json `models.NAME.fallback`,
 * a `fallback` event). A primary with every replica out is skipped without a request.
 */
export function withFallback(
  primary: ChatModel,
  isPrimaryAvailable: () => boolean,
  fallbacks: ChatModel[],
  stats: RequestStats,
  onEvent?: (e: ModelEvent) => void,
): ChatModel {
  const name = primary.config.name;
  const generate = async (call: ModelCall, signal?: AbortSignal): Promise<ChatResult> => {
    let reason = ALL_OUT;
    if (isPrimaryAvailable()) {
      try {
        return await primary.generate({ ...call, canFallBack: true }, signal);
      } catch (error) {
        if (!(error instanceof ModelError) || !isUnavailable(error)) throw error;
        reason = error.reason;
      }
    }
    for (const [i, fallback] of fallbacks.entries()) {
      try {
        const result = await fallback.generate({ ...call, canFallBack: i < fallbacks.length - 1 }, signal);
        stats.recordFallback(name, fallback.config.name);
        onEvent?.({ type: "fallback", model: name, to: fallback.config.name, item: call.itemId, reason });
        return result;
      } catch (error) {
        if (!(error instanceof ModelError) || !isUnavailable(error) || i === fallbacks.length - 1)
          throw error;
      }
    }
    throw new Error("unreachable: a model with fallbacks has at least one");
  };
  return { provider: primary.provider, modelId: primary.modelId, config: primary.config, generate };
}
