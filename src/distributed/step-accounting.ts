import type { NamedModelConfig } from "../config/model-config.js";
import { costOf } from "../models/cost.js";
import type { ModelEvent } from "../models/events.js";
import type { RequestStats } from "../models/request-stats.js";
import type { StepEvent } from "./protocol.js";

/**
 * Books a worker's requests for one step into the coordinator's counters and events.jsonl, as
 * if this process had sent them: `requests.total`, `by_status`, `retried` per attempt (so
 * report.json's request counts stay true), each event tagged with the worker and the step's item.
 * Usage and cost are booked by the caller from the answer, at the coordinator's prices.
 */
export function bookWorkerRequests(
  stats: RequestStats,
  model: NamedModelConfig,
  events: StepEvent[],
  context: { item?: string; worker: string; onEvent?: (e: ModelEvent) => void },
): void {
  // A client that reports a request when its body leaves (request_sent) counts it then;
  // otherwise each outcome is one request.
  const countsSent = events.some((e) => e.type === "request_sent");
  for (const event of events) {
    const e: Record<string, unknown> = { ...event, model: model.name, item: context.item };
    switch (event.type) {
      case "request_sent":
        stats.total++;
        stats.model(model.name).requests++;
        break;
      case "request":
        if (!countsSent) {
          stats.total++;
          stats.model(model.name).requests++;
        }
        stats.recordStatus(String(event.status ?? "unknown"));
        if (isUsage(event.usage)) e.cost_usd = costOf(event.usage, model.price);
        break;
      case "retry":
        stats.retried++;
        break;
      default:
        continue; // the worker's own concerns (its concurrency, ...)
    }
    context.onEvent?.({ ...e, worker: context.worker } as unknown as ModelEvent);
  }
}

function isUsage(value: unknown): value is { prompt_tokens: number; completion_tokens: number } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { prompt_tokens?: unknown }).prompt_tokens === "number" &&
    typeof (value as { completion_tokens?: unknown }).completion_tokens === "number"
  );
}
