import type { RequestStats } from "../models/request-stats.js";
import { replayRequestLedger } from "./request-ledger.js";
import type { RunPaths } from "./run-dir.js";
import { type RunState, readRunState, writeRunState } from "./run-state.js";
import {
  type ConversationStatus,
  type JournalState,
  loadJournal,
  type PaidUsage,
  StepJournal,
} from "./step-journal.js";

/** state.json of a turn-by-turn run: RunState plus the conversations that ended early. */
export interface ConversationRunState extends RunState {
  partial: number;
}

/** Where a run stands when a session starts: its journal, and its time so far. */
export interface ResumePoint {
  journal: JournalState;
  priorDuration: number;
}

/**
 * Resume: the journal is the truth for steps and commits, events.jsonl for request counts
 * (state.json, a checkpoint, for runs older than that ledger; then tokens and cost come from
 * the journal, where every answer was written as it arrived).
 */
export async function resumeRun(
  paths: RunPaths,
  journalPath: string,
  stats: RequestStats,
): Promise<ResumePoint> {
  const previous = readRunState(paths.state);
  const ledger = await replayRequestLedger(paths.events);
  if (ledger) stats.restore(ledger);
  else if (previous) stats.restore(previous.requests);
  const journal = await loadJournal(journalPath);
  if (!ledger) restorePaidUsage(stats, journal.paid);
  return { journal, priorDuration: previous?.duration_s ?? 0 };
}

/**
 * Tokens and cost from the journal (exact across a kill -9); request counters stay as state.json
 * had them, raised to at least the answers journaled (requests in flight when the process died
 * may be missing from them).
 */
export function restorePaidUsage(stats: RequestStats, paid: Record<string, PaidUsage>): void {
  let answered = 0;
  stats.usage = { prompt_tokens: 0, completion_tokens: 0 };
  stats.costUsd = 0;
  for (const [name, p] of Object.entries(paid)) {
    const m = stats.model(name);
    m.prompt_tokens = p.prompt_tokens;
    m.completion_tokens = p.completion_tokens;
    m.cost_usd = p.cost_usd;
    m.requests = Math.max(m.requests, p.responses);
    stats.usage.prompt_tokens += p.prompt_tokens;
    stats.usage.completion_tokens += p.completion_tokens;
    stats.costUsd += p.cost_usd;
    answered += p.responses;
  }
  stats.total = Math.max(stats.total, answered);
  stats.byStatus["200"] = Math.max(stats.byStatus["200"] ?? 0, answered);
}

/** What a checkpoint records of the run's progress. */
export interface CheckpointCounts {
  committed: number;
  counts: Record<ConversationStatus, number>;
  rejectionReasons: Record<string, number>;
}

/**
 * state.json by atomic rename, at most once a second unless forced (a stop, the end); the
 * journal is put on disk first, so the state never claims more than the journal holds.
 */
export class Checkpointer {
  private last = 0;
  private readonly started = performance.now();

  constructor(
    private readonly paths: RunPaths,
    private readonly journal: StepJournal,
    private readonly run: { recipe: string; seed: number; count: number },
    private readonly stats: RequestStats,
    private readonly priorDuration: number,
  ) {}

  /** Seconds over every session of the run. */
  duration(): number {
    return this.priorDuration + (performance.now() - this.started) / 1000;
  }

  write(status: RunState["status"], at: CheckpointCounts, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < 1000) return;
    this.last = now;
    this.journal.sync();
    const state: ConversationRunState = {
      version: 1,
      ...this.run,
      status,
      next_index: at.committed,
      accepted: at.counts.complete,
      rejected: at.counts.rejected,
      failed: at.counts.failed,
      partial: at.counts.partial,
      rejection_reasons: at.rejectionReasons,
      requests: this.stats.snapshot(),
      duration_s: this.duration(),
      updated_at: new Date().toISOString(),
    };
    writeRunState(this.paths.state, state);
  }
}

export { StepJournal };
