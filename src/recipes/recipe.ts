import type { Rng } from "../core/rng.js";
import type { ChatRequest, ChatResult } from "../models/types.js";

/** A record a recipe accepted; `id` is stable: derived from (run seed, item index). */
export interface DatasetRecord {
  id: string;
  [key: string]: unknown;
}

export interface Rejection {
  kind: "rejected";
  /** A stable, named reason (e.g. "too_short", "roles_not_alternating", "invalid_json"). */
  reason: string;
  detail: string;
  /** The raw model output, for rejected.jsonl. */
  raw?: unknown;
  /**
   * A content failure (unparsable JSON, schema or validator failure, truncated by length): the
   * engine tries the item once more with a new sample nonce before rejecting it.
   */
  retryable?: boolean;
}

export type ItemOutcome = { kind: "accepted"; record: DatasetRecord } | Rejection;

export interface ItemContext {
  /** Seeded from (run seed, item index): the same item always draws the same numbers. */
  rng: Rng;
  index: number;
  /** The item's stable id (recordId of the recipe, run seed and index). */
  id: string;
  runSeed: number;
}

/** The one request of an item and how its answer becomes a record. */
export interface OneShotItem {
  /** The pipeline role whose model answers ("writer"). */
  role: string;
  /** The request; the engine adds the sample nonce and the item id. */
  request: Omit<ChatRequest, "nonce" | "itemId">;
  /** The answer as a record, or a named rejection (retryable: a new sample may pass). */
  parse(result: ChatResult): ItemOutcome;
}

/**
 * A one-shot recipe: one request writes a whole record. It never touches HTTP or files; it runs
 * as a one-step conversation program (oneShotProgram) on the step-journaled runner, which
 * schedules, retries, journals, writes and reports.
 */
export interface Recipe {
  readonly name: string;
  /** Pipeline roles this recipe needs a model for (e.g. ["writer"]). */
  readonly modelRoles: readonly string[];
  /** The request of item `ctx.index`. Must be deterministic given the context. */
  item(ctx: ItemContext): OneShotItem;
  /**
   * Called in item order just before a record is written, for checks that depend on what was
   * accepted before it (near-duplicates). Returning a Rejection drops the record.
   */
  checkInOrder?(record: DatasetRecord): Rejection | undefined;
  /** Called for each record already in dataset.jsonl when a run resumes (rebuilds in-order state). */
  restore?(record: DatasetRecord): void;
}
