import { costOf } from "../cost.js";
import type { ModelEvent } from "../events.js";
import type { ModelError } from "../model-error.js";
import type { RequestStats } from "../request-stats.js";
import { type ModelMiddleware, wrapGenerate } from "../types.js";

/**
 * The request ledger, around each HTTP attempt: a request is counted (and an event written) the
 * moment its body leaves, and its outcome with status, usage and cost when it ends. A resumed run
 * rebuilds report.json's request counts from these events, so they are written at once.
 */
export function withRequestLedger(
  stats: RequestStats,
  onEvent?: (e: ModelEvent) => void,
  /** The replica's URL, for a model with several (counted per endpoint). */
  endpoint?: string,
): ModelMiddleware {
  return (next) => {
    const name = next.config.name;
    const where = endpoint ? { endpoint } : {};
    return wrapGenerate(next, async (call, signal) => {
      let sent = false;
      const started = performance.now();
      const attempt = call.attempt ?? 0;
      const onSent = () => {
        sent = true;
        stats.total++;
        stats.model(name).requests++;
        if (endpoint) stats.recordEndpoint(name, endpoint);
        onEvent?.({ type: "request_sent", model: name, ...where, item: call.itemId, attempt });
      };
      const record = (status: string, extra: Partial<Extract<ModelEvent, { type: "request" }>> = {}) => {
        stats.recordStatus(status);
        const ms = Math.round(performance.now() - started);
        onEvent?.({
          type: "request",
          model: name,
          ...where,
          item: call.itemId,
          status,
          attempt,
          ms,
          ...extra,
        });
      };
      let result: Awaited<ReturnType<typeof next.generate>>;
      try {
        result = await next.generate({ ...call, onSent }, signal);
      } catch (error) {
        const label = (error as Partial<ModelError>)?.label;
        if (typeof label === "string") record(label);
        else if (sent) record("interrupted"); // aborted after the body left
        throw error;
      }
      const costUsd = costOf(result.usage, next.config.price);
      stats.recordUsage(name, result.usage, costUsd);
      record("200", { usage: result.usage, cost_usd: costUsd });
      return { ...result, costUsd };
    });
  };
}
