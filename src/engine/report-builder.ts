import type { RequestStatsSnapshot } from "../models/request-stats.js";
import { RejectionExamples } from "./acceptance-guard.js";
import { emptyReport, type RunReport } from "./report.js";

/** Why conversations were not kept: a count and a first example per reason. */
export class RejectionTally {
  readonly reasons: Record<string, number> = {};
  private readonly examples = new RejectionExamples();

  note(reason: string, detail: unknown): void {
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    this.examples.note(reason, detail);
  }

  get firstExamples(): Record<string, string> {
    return this.examples.examples;
  }
}

/** The counts of a run (`attempts`: items committed, kept or not). */
export interface ReportInput
  extends Pick<
    RunReport,
    "recipe" | "requested" | "accepted" | "rejected" | "failed" | "attempts" | "stopped"
  > {
  /** Over every session of the run. */
  durationS: number;
  /** The request counters; absent for a run that asks no model (math). */
  requests?: RequestStatsSnapshot;
  rejections?: RejectionTally;
}

/** report.json's common part, the same for every recipe (recipes add their extras after it). */
export function buildRunReport(input: ReportInput): RunReport {
  const report: RunReport = {
    ...emptyReport(input.recipe, input.requested),
    accepted: input.accepted,
    rejected: input.rejected,
    failed: input.failed,
    attempts: input.attempts,
    stopped: input.stopped,
    duration_s: Math.round(input.durationS * 1000) / 1000,
  };
  const snap = input.requests;
  if (snap) {
    report.requests = {
      total: snap.total,
      retried: snap.retried,
      cached: snap.cached,
      by_status: snap.by_status,
    };
    report.usage = snap.usage;
    report.cost_usd = round6(snap.cost_usd);
    report.models = modelsSection(snap.models);
  }
  if (input.rejections) {
    Object.assign(report.rejection_reasons, input.rejections.reasons);
    report.rejection_examples = input.rejections.firstExamples;
  }
  return report;
}

function modelsSection(models: RequestStatsSnapshot["models"]): RunReport["models"] {
  return Object.fromEntries(
    Object.entries(models).map(([name, m]) => [
      name,
      {
        requests: m.requests,
        prompt_tokens: m.prompt_tokens,
        completion_tokens: m.completion_tokens,
        cost_usd: round6(m.cost_usd),
        ...(m.endpoints ? { endpoints: m.endpoints } : {}),
        ...(m.fallback ? { fallback: m.fallback } : {}),
      },
    ]),
  );
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
