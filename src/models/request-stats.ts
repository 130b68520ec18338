import type { Usage } from "./types.js";

export interface ModelStats {
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  /** Requests sent per replica, by URL (models with several endpoints only). */
  endpoints?: Record<string, number>;
  /** Steps this model could not serve that a `fallback:` entry served, by that entry. */
  fallback?: Record<string, number>;
}

/**
 * Counters shared by every model handle of a run; the engine copies them into report.json.
 * `requests.total` counts HTTP requests actually sent; cache hits are counted apart.
 */
export class RequestStats {
  total = 0;
  retried = 0;
  cached = 0;
  byStatus: Record<string, number> = {};
  usage: Usage = { prompt_tokens: 0, completion_tokens: 0 };
  costUsd = 0;
  models: Record<string, ModelStats> = {};

  recordStatus(status: string): void {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  recordUsage(model: string, usage: Usage, costUsd: number): void {
    this.usage.prompt_tokens += usage.prompt_tokens;
    this.usage.completion_tokens += usage.completion_tokens;
    this.costUsd += costUsd;
    const m = this.model(model);
    m.prompt_tokens += usage.prompt_tokens;
    m.completion_tokens += usage.completion_tokens;
    m.cost_usd += costUsd;
  }

  /** One more request sent to a replica of `model` (see ModelStats.endpoints). */
  recordEndpoint(model: string, url: string): void {
    const m = this.model(model);
    m.endpoints ??= {};
    m.endpoints[url] = (m.endpoints[url] ?? 0) + 1;
  }

  /** A step of `model` served by its fallback entry `by`. */
  recordFallback(model: string, by: string): void {
    const m = this.model(model);
    m.fallback ??= {};
    m.fallback[by] = (m.fallback[by] ?? 0) + 1;
  }

  model(name: string): ModelStats {
    this.models[name] ??= { requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 };
    return this.models[name];
  }

  /** Restores counters saved in state.json by an interrupted run. */
  restore(saved: Partial<RequestStatsSnapshot>): void {
    this.total = saved.total ?? 0;
    this.retried = saved.retried ?? 0;
    this.cached = saved.cached ?? 0;
    this.byStatus = { ...(saved.by_status ?? {}) };
    this.usage = { prompt_tokens: 0, completion_tokens: 0, ...(saved.usage ?? {}) };
    this.costUsd = saved.cost_usd ?? 0;
    this.models = structuredClone(saved.models ?? {});
  }

  snapshot(): RequestStatsSnapshot {
    return {
      total: this.total,
      retried: this.retried,
      cached: this.cached,
      by_status: { ...this.byStatus },
      usage: { ...this.usage },
      cost_usd: this.costUsd,
      models: structuredClone(this.models),
    };
  }
}

export interface RequestStatsSnapshot {
  total: number;
  retried: number;
  cached: number;
  by_status: Record<string, number>;
  usage: Usage;
  cost_usd: number;
  models: Record<string, ModelStats>;
}
