import { estimateTokens } from "../../quality/tokens.js";
import type { RequestLimiter } from "../rate-limiter.js";
import { type ModelMiddleware, wrapGenerate } from "../types.js";

/**
 * Requests and tokens per minute: an attempt waits for room for its estimated tokens (prompt plus
 * max_tokens, or 1,000), and the estimate is settled with the real usage when the answer comes.
 */
export function withRateLimit(limiter: RequestLimiter): ModelMiddleware {
  return (next) =>
    // Without limits there is nothing to wait for, nor to estimate (a pass over every prompt).
    !limiter.enabled
      ? next
      : wrapGenerate(next, async (call, signal) => {
          const maxTokens = call.max_tokens ?? next.config.max_tokens;
          const estimate = estimateTokens(JSON.stringify(call.messages)) + (maxTokens || 1000);
          const settle = await limiter.acquire(estimate, signal);
          try {
            const result = await next.generate(call, signal);
            const total = result.usage.prompt_tokens + result.usage.completion_tokens;
            settle(total > 0 ? total : estimate);
            return result;
          } catch (error) {
            settle(estimate);
            throw error;
          }
        });
}
