import { describeEndpoints } from "../../config/model-config.js";
import { redactSecrets } from "../../core/secrets.js";
import { describeAnswer } from "../classify-error.js";
import { ALL_OUT } from "../endpoint-pool.js";
import type { ModelEvent } from "../events.js";
import { isBrokenEndpointAnswer, ModelError } from "../model-error.js";
import type { RequestStats } from "../request-stats.js";
import { backoffDelayMs, DEFAULT_MAX_TRIES } from "../retry-policy.js";
import { type ModelMiddleware, wrapGenerate } from "../types.js";

/**
 * Before a first real answer, this many broken answers in a row for one request (see
 * isBrokenEndpointAnswer) end the run: the URL is not a chat completions API.
 */
export const BROKEN_ENDPOINT_TRIES = 4;

export interface RetryOptions {
  stats: RequestStats;
  onEvent?: (e: ModelEvent) => void;
  maxTries?: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Retries what is worth another try (ModelError.isRetryable) with full-jitter backoff, or after
 * the delay the server asked for; what it throws is final for the request: `reason` names why
 * (`http_400`, `retries_exhausted`, ...), and `stopsRun` is set when the endpoint is not a chat
 * completions API at all.
 */
export function withRetry(options: RetryOptions): ModelMiddleware {
  const maxTries = options.maxTries ?? DEFAULT_MAX_TRIES;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  return (next) => {
    const name = next.config.name;
    const where = `model '${name}' at ${describeEndpoints(next.config)}`;
    let everAnswered = false;
    return wrapGenerate(next, async (call, signal) => {
      let brokenStreak = 0;
      for (let attempt = 0; ; attempt++) {
        let failure: ModelError;
        try {
          const result = await next.generate({ ...call, attempt }, signal);
          everAnswered = true;
          return result;
        } catch (error) {
          if (!(error instanceof ModelError)) throw error;
          failure = error;
        }
        if (failure.stopsRun) throw failure;
        // Every replica is out and a fallback entry can take the step: no point waiting here.
        if (call.canFallBack && failure.label === ALL_OUT) throw failure;
        brokenStreak = isBrokenEndpointAnswer(failure) ? brokenStreak + 1 : 0;
        if (!everAnswered && brokenStreak >= BROKEN_ENDPOINT_TRIES)
          throw failure.stopping(
            redactSecrets(
              `${where} does not answer like an OpenAI chat completions API: ${brokenStreak} tries in a row got ${describeAnswer(failure)}; check --base-url (it usually ends in /v1)`,
            ),
          );
        if (!failure.isRetryable) {
          if (failure.tooLarge) throw failure;
          throw failure.final(
            redactSecrets(`HTTP ${failure.status ?? failure.label} from model '${name}': ${failure.message}`),
            failure.reason,
          );
        }
        if (attempt + 1 >= maxTries)
          throw failure.final(
            redactSecrets(
              `model '${name}': gave up after ${maxTries} tries (last: ${failure.label}: ${failure.message})`,
            ),
            "retries_exhausted",
          );
        const delay = failure.retryAfterMs ?? backoffDelayMs(attempt, random);
        options.stats.retried++;
        options.onEvent?.({
          type: "retry",
          model: name,
          item: call.itemId,
          status: failure.label,
          attempt,
          delay_ms: delay,
        });
        await sleep(delay, signal);
      }
    });
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
