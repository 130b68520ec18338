import { existsSync } from "node:fs";
import { JsonlWriter, readJsonl, repairJsonlTail } from "../core/jsonl.js";
import type { Usage } from "../models/types.js";

/** How a conversation ended, as committed. */
export type ConversationStatus = "complete" | "partial" | "rejected" | "failed";

/**
 * steps.jsonl: one line per event of a turn-by-turn run, appended the moment it happens. `c` is
 * the conversation index, `s` the step name within it ("r3.question", "t12"...).
 * - step: a step that returned and was accepted; its parsed value is replayed on resume;
 * - reject: an attempt whose content was rejected (the next try uses a new sample nonce);
 * - fail: a step that failed for good (the conversation ends there);
 * - commit: the conversation's outcome was written; `sizes` are the output files' byte sizes
 *   right after, so a resume can cut off anything written after the last commit.
 */
export type JournalLine =
  | {
      t: "step";
      c: number;
      s: string;
      role: string;
      model: string;
      attempt: number;
      value: unknown;
      /** The model id the server reported. */
      served: string;
      usage: Usage;
      cost: number;
      cached?: boolean;
    }
  | {
      t: "reject";
      c: number;
      s: string;
      attempt: number;
      reason: string;
      /** Another sample was asked for after this one (a content retry). */
      retried?: true;
      /** A rejected answer was still paid for. */
      model?: string;
      usage?: Usage;
      cost?: number;
      cached?: boolean;
    }
  | { t: "fail"; c: number; s: string; reason: string; detail: string }
  | {
      t: "commit";
      c: number;
      id: string;
      status: ConversationStatus;
      sizes: Record<string, number>;
      reason?: string;
      detail?: string;
      note?: Record<string, unknown>;
    };

export type StepLine = Extract<JournalLine, { t: "step" }>;
export type FailLine = Extract<JournalLine, { t: "fail" }>;
export type CommitLine = Extract<JournalLine, { t: "commit" }>;

/** What the journal knows about one conversation that is not committed yet. */
export interface OpenConversation {
  steps: Map<string, StepLine>;
  /** Content-rejected attempts per step (a resumed step continues with the next attempt). */
  rejects: Map<string, number>;
  fail?: FailLine;
}

/** What the answers in the journal cost, per model (cache hits excluded). */
export interface PaidUsage {
  responses: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

export interface JournalState {
  /** Conversations [0, committed) are committed, in index order. */
  committed: number;
  /** Output sizes at the last commit (undefined: nothing committed yet). */
  sizes?: Record<string, number>;
  open: Map<number, OpenConversation>;
  /** Lines in the journal (after repair). */
  lines: number;
  counts: Record<ConversationStatus, number>;
  /** Commits other than "complete", for the report. */
  incomplete: CommitLine[];
  /** Every answer received in this run directory, over all sessions: the exact bill. */
  paid: Record<string, PaidUsage>;
  /** Step outcomes over all sessions (report.json `steps`, kept when a finished run is re-run). */
  steps: { completed: number; content_retries: number; failed: number };
}

export function emptyCounts(): Record<ConversationStatus, number> {
  return { complete: 0, partial: 0, rejected: 0, failed: 0 };
}

function openConversation(map: Map<number, OpenConversation>, c: number): OpenConversation {
  let conv = map.get(c);
  if (!conv) {
    conv = { steps: new Map(), rejects: new Map() };
    map.set(c, conv);
  }
  return conv;
}

function addPaid(
  state: JournalState,
  line: { model?: string; usage?: Usage; cost?: number; cached?: boolean },
): void {
  if (line.cached || !line.model || !line.usage) return;
  state.paid[line.model] ??= { responses: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 };
  const p = state.paid[line.model];
  p.responses++;
  p.prompt_tokens += line.usage.prompt_tokens;
  p.completion_tokens += line.usage.completion_tokens;
  p.cost_usd += line.cost ?? 0;
}

/**
 * Reads a journal for resume: removes a partial last line (kill -9 mid-write), then keeps only
 * what is not committed yet, so memory stays at the conversations in flight, not the run. Every
 * answer is journaled as it arrives, so `paid` is exact even when state.json is a second old.
 */
export async function loadJournal(path: string): Promise<JournalState> {
  const state: JournalState = {
    committed: 0,
    open: new Map(),
    lines: 0,
    counts: emptyCounts(),
    incomplete: [],
    paid: {},
    steps: { completed: 0, content_retries: 0, failed: 0 },
  };
  if (!existsSync(path)) return state;
  repairJsonlTail(path);
  for await (const { value } of readJsonl<JournalLine>(path, { onBadLine: () => {} })) {
    state.lines++;
    if (!value || typeof value !== "object" || typeof value.c !== "number") continue;
    switch (value.t) {
      case "step":
        openConversation(state.open, value.c).steps.set(value.s, value);
        addPaid(state, value);
        state.steps.completed++;
        break;
      case "reject": {
        const conv = openConversation(state.open, value.c);
        conv.rejects.set(value.s, Math.max(conv.rejects.get(value.s) ?? 0, value.attempt + 1));
        addPaid(state, value);
        if (value.retried) state.steps.content_retries++;
        break;
      }
      case "fail":
        openConversation(state.open, value.c).fail = value;
        state.steps.failed++;
        break;
      case "commit":
        state.committed = value.c + 1;
        state.sizes = value.sizes;
        state.counts[value.status] = (state.counts[value.status] ?? 0) + 1;
        if (value.status !== "complete") state.incomplete.push(value);
        // Commits come in index order: everything up to c is done with.
        for (const c of state.open.keys()) if (c <= value.c) state.open.delete(c);
        break;
    }
  }
  return state;
}

/** Appends journal lines; each is one write of one whole line (see JsonlWriter). */
export class StepJournal {
  private readonly writer: JsonlWriter;
  lines: number;

  constructor(
    readonly path: string,
    existingLines = 0,
  ) {
    this.writer = new JsonlWriter(path);
    this.lines = existingLines;
  }

  append(line: JournalLine): void {
    this.writer.write(line);
    this.lines++;
  }

  /** Puts the journal on disk (at checkpoints; appends already survive a killed process). */
  sync(): void {
    this.writer.sync();
  }

  close(): void {
    this.writer.close();
  }
}
