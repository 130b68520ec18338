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
    // The entry or its fallback entry, as the worker named it (its entries are the run's).
    const served = entryNamed(model, event.model);
    const e: Record<string, unknown> = { ...event, model: served.name, item: context.item };
    switch (event.type) {
      case "request_sent":
        stats.total++;
        stats.model(served.name).requests++;
        if (typeof event.endpoint === "string") stats.recordEndpoint(served.name, event.endpoint);
        break;
      case "request":
        if (!countsSent) {
          stats.total++;
          stats.model(served.name).requests++;
        }
        stats.recordStatus(String(event.status ?? "unknown"));
        if (isUsage(event.usage)) e.cost_usd = costOf(event.usage, served.price);
        break;
      case "retry":
        stats.retried++;
        break;
      case "fallback":
        if (typeof event.to === "string") stats.recordFallback(model.name, event.to);
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

/**
 * `name`'s definition: the entry itself or one of its fallback entries. A fallback only the
 * worker's config defines is counted under its name, priced as the entry (the coordinator's
 * prices are the run's).
 */
export function entryNamed(model: NamedModelConfig, name: unknown): NamedModelConfig {
  if (typeof name !== "string" || name === model.name) return model;
  return model.fallbacks?.find((f) => f.name === name) ?? { ...model, name };
}

/** The entry that served a step: the fallback a `fallback` event names, else the entry itself. */
export function servingEntry(model: NamedModelConfig, events: StepEvent[]): NamedModelConfig {
  return entryNamed(model, events.find((e) => e.type === "fallback")?.to);
}
