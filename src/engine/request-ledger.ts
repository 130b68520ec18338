import { existsSync } from "node:fs";
import { readJsonl } from "../core/jsonl.js";
import type { RequestStatsSnapshot } from "../models/request-stats.js";
import type { Usage } from "../models/types.js";

/**
 * by_status label of a request that was sent but whose outcome was never recorded: the process
 * ended (kill -9, power loss) while it was in flight. The server may have answered it.
 */
export const UNANSWERED = "unanswered";

interface LedgerEvent {
  type?: string;
  model?: string;
  endpoint?: string;
  to?: string;
  status?: string;
  usage?: Usage;
  cost_usd?: number;
}

/**
 * Rebuilds a run's request counters from events.jsonl, where every request is written the moment
 * its body leaves (`request_sent`) and again when its outcome arrives (`request`, with usage):
 * unlike state.json (a checkpoint a second old), this is exact after a kill -9. Requests sent but
 * never answered are counted under UNANSWERED, so `total` is always the sum of `by_status`.
 * Returns undefined for a log written before the ledger existed (the caller falls back to
 * state.json).
 */
export async function replayRequestLedger(eventsPath: string): Promise<RequestStatsSnapshot | undefined> {
  if (!existsSync(eventsPath)) return undefined;
  const snap: RequestStatsSnapshot = {
    total: 0,
    retried: 0,
    cached: 0,
    by_status: {},
    usage: { prompt_tokens: 0, completion_tokens: 0 },
    cost_usd: 0,
    models: {},
  };
  const model = (name = "default") => {
    snap.models[name] ??= { requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 };
    return snap.models[name];
  };
  let ledger = false;
  let outcomes = 0;
  for await (const { value: e } of readJsonl<LedgerEvent>(eventsPath, { onBadLine: () => {} })) {
    switch (e?.type) {
      case "request_sent":
        ledger = true;
        snap.total++;
        model(e.model).requests++;
        if (e.endpoint) {
          const m = model(e.model);
          m.endpoints ??= {};
          m.endpoints[e.endpoint] = (m.endpoints[e.endpoint] ?? 0) + 1;
        }
        break;
      case "fallback":
        if (e.to) {
          const m = model(e.model);
          m.fallback ??= {};
          m.fallback[e.to] = (m.fallback[e.to] ?? 0) + 1;
        }
        break;
      case "request": {
        const status = e.status ?? "unknown";
        snap.by_status[status] = (snap.by_status[status] ?? 0) + 1;
        outcomes++;
        if (!e.usage) break;
        const m = model(e.model);
        m.prompt_tokens += e.usage.prompt_tokens;
        m.completion_tokens += e.usage.completion_tokens;
        m.cost_usd += e.cost_usd ?? 0;
        snap.usage.prompt_tokens += e.usage.prompt_tokens;
        snap.usage.completion_tokens += e.usage.completion_tokens;
        snap.cost_usd += e.cost_usd ?? 0;
        break;
      }
      case "retry":
        snap.retried++;
        break;
      case "cache_hit":
        snap.cached++;
        break;
    }
  }
  if (!ledger) return undefined;
  if (snap.total > outcomes) snap.by_status[UNANSWERED] = snap.total - outcomes;
  return snap;
}
