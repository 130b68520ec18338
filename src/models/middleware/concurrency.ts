import { AdaptiveConcurrency } from "../adaptive-concurrency.js";
import type { ModelEvent } from "../events.js";
import { ModelError } from "../model-error.js";
import { type ModelMiddleware, wrapGenerate } from "../types.js";

/**
 * At most `limit` attempts in flight; the limit halves on a 429 and grows back with successes
 * (AIMD, see AdaptiveConcurrency). `state` is exposed for reports and tests.
 */
export function withAdaptiveConcurrency(
  state: AdaptiveConcurrency,
  onEvent?: (e: ModelEvent) => void,
): ModelMiddleware {
  return (next) =>
    wrapGenerate(next, async (call, signal) => {
      const generation = await state.acquire(signal);
      try {
        const result = await next.generate(call, signal);
        state.onSuccess();
        return result;
      } catch (error) {
        if (error instanceof ModelError && error.kind === "rate_limit") {
          state.onRateLimited(generation);
          onEvent?.({ type: "concurrency", model: next.config.name, limit: state.limit });
        }
        throw error;
      } finally {
        state.release();
      }
    });
}

export { AdaptiveConcurrency };
