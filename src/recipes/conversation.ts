import type { Rng } from "../core/rng.js";
import type { ChatRequest, ChatResult } from "../models/types.js";

/**
 * The contract of a turn-by-turn recipe (rounds, roleplay --strategy simulate): a conversation is
 * an async function that asks for one step at a time through `ctx.step`. The runner journals every
 * step the moment it returns; on resume the same function runs again and `ctx.step` hands back the
 * journaled values without a request, so the function must be deterministic given its input and
 * its steps' values (the same code path, the same step names). Like Recipe, it never touches HTTP
 * or files: it returns lines for the runner to write.
 */

/** What a step's answer turned into: a value to keep (journaled as JSON), or a content failure. */
export type StepParse<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** A stable name: "empty", "truncated", "wrong_language"... */
      reason: string;
      detail: string;
      /** Try once more with a new sample nonce (default true). */
      retryable?: boolean;
    };

export interface StepSpec<T> {
  /** Unique within the conversation and stable across runs: "r3.question", "t07". */
  name: string;
  /** The pipeline role whose model answers ("questioner", "user"...). */
  role: string;
  /** Built only when the step is not in the journal. The runner sets nonce and itemId. */
  request: () => Omit<ChatRequest, "nonce" | "itemId">;
  /** Checks and cleans the answer; `final` is true on the last try (accept what is usable). */
  parse: (result: ChatResult, attempt: { attempt: number; final: boolean }) => StepParse<T>;
}

export interface StepDone<T> {
  value: T;
  /** The model id the server reported for this step. */
  model: string;
  /** True when the value came from the journal (no request made). */
  replayed: boolean;
}

/** A step failed for good (request failed after retries, or content rejected on every try). */
export class StepFailedError extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`step ${step} failed: ${reason}: ${detail}`);
    this.name = "StepFailedError";
  }
}

export interface ConversationContext {
  index: number;
  id: string;
  runSeed: number;
  /** Seeded from (run seed, conversation index). */
  rng: Rng;
  signal: AbortSignal;
  /** Runs one step (or replays it from the journal). Throws StepFailedError when it fails for good. */
  step<T>(spec: StepSpec<T>): Promise<StepDone<T>>;
}

export interface ConversationOutcome {
  /** complete: every step done; partial: ended early but some output kept; rejected/failed: none kept. */
  status: "complete" | "partial" | "rejected" | "failed";
  /** Lines to append, per output file (relative to the run directory, declared in outputFiles). */
  writes: { file: string; value: unknown }[];
  reason?: string;
  detail?: string;
  /** Small facts for the report (e.g. `{rounds: 2, step: "r3.answer"}`). */
  note?: Record<string, unknown>;
}

export interface ConversationProgram<I> {
  readonly name: string;
  /** Pipeline roles a model is needed for. */
  readonly modelRoles: readonly string[];
  /** Every file the outcomes may write to (created empty at the start). */
  readonly outputFiles: readonly string[];
  /** The conversation's stable id. */
  idFor(index: number, runSeed: number): string;
  run(ctx: ConversationContext, input: I): Promise<ConversationOutcome>;
  /** In index order, before writing: may turn an outcome into another (near-duplicates). */
  checkInOrder?(outcome: ConversationOutcome, index: number, id: string): ConversationOutcome;
  /** Rebuilds in-order state on resume from the committed lines of these files. */
  restore?: { files: readonly string[]; line(file: string, value: unknown): void };
}
