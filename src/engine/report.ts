/** Why a run ended. */
export type StopReason =
  | "done"
  | "budget"
  | "max_attempts"
  /** Acceptance collapsed (see AcceptanceGuard): stopped early rather than spend every attempt. */
  | "low_acceptance"
  | "interrupted"
  | "auth"
  | "endpoint";

/** report.json: these field names are a contract with users and other tools. */
export interface RunReport {
  recipe: string;
  requested: number;
  accepted: number;
  rejected: number;
  failed: number;
  attempts: number;
  stopped: StopReason;
  requests: {
    total: number;
    retried: number;
    cached: number;
    by_status: Record<string, number>;
  };
  usage: { prompt_tokens: number; completion_tokens: number };
  cost_usd: number;
  duration_s: number;
  rejection_reasons: Record<string, number>;
  /** The first detail seen per rejection reason (what the summary shows as an example). */
  rejection_examples?: Record<string, string>;
  models: Record<
    string,
    {
      requests: number;
      prompt_tokens: number;
      completion_tokens: number;
      cost_usd?: number;
      /** Requests per replica (models with several endpoints). */
      endpoints?: Record<string, number>;
      /** Steps served by a `fallback:` entry, by entry. */
      fallback?: Record<string, number>;
    }
  >;
  /** Recipe-specific extras (breakdowns, split sizes, ...). */
  [extra: string]: unknown;
}

export function emptyReport(recipe: string, requested: number): RunReport {
  return {
    recipe,
    requested,
    accepted: 0,
    rejected: 0,
    failed: 0,
    attempts: 0,
    stopped: "done",
    requests: { total: 0, retried: 0, cached: 0, by_status: {} },
    usage: { prompt_tokens: 0, completion_tokens: 0 },
    cost_usd: 0,
    duration_s: 0,
    rejection_reasons: {},
    models: {},
  };
}

/** Exit code for a finished run: 0 target reached, 1 stopped short, 3 auth. */
export function exitCodeFor(stopped: StopReason): number {
  if (stopped === "done") return 0;
  if (stopped === "auth" || stopped === "endpoint") return 3;
  return 1;
}
