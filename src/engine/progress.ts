import type { RequestStats } from "../models/request-stats.js";

/** What a run reports while it runs (the CLI's progress line). */
export interface EngineProgress {
  requested: number;
  accepted: number;
  rejected: number;
  failed: number;
  inFlight: number;
  requests: number;
  cached: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  elapsedS: number;
}

/** Progress from the run's counts plus the request counters. */
export function engineProgress(
  stats: RequestStats,
  counts: Pick<EngineProgress, "requested" | "accepted" | "rejected" | "failed" | "inFlight">,
  elapsedS: number,
): EngineProgress {
  return {
    ...counts,
    requests: stats.total,
    cached: stats.cached,
    promptTokens: stats.usage.prompt_tokens,
    completionTokens: stats.usage.completion_tokens,
    costUsd: stats.costUsd,
    elapsedS,
  };
}
