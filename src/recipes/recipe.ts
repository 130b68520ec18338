import type { Rng } from "../core/rng.js";
import type { ChatModel } from "../models/types.js";

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
  /** The model for a pipeline role of this recipe ("writer", "questioner", ...). */
  model(role: string): ChatModel;
  /** Seeded from (run seed, item index): the same item always draws the same numbers. */
  rng: Rng;
  index: number;
  id: string;
  runSeed: number;
  /** 0 for the first try, 1 for the retry after a content failure. */
  attempt: number;
  /** Put into every request of this try: a new nonce asks the cache (and the model) for a new sample. */
  nonce: string;
  signal: AbortSignal;
}

/**
 * A recipe turns a config into records. It never touches HTTP or files: it gets model handles
 * from the context and returns outcomes; the engine schedules, retries, writes and reports.
 */
export interface Recipe {
  readonly name: string;
  /** Pipeline roles this recipe needs a model for (e.g. ["writer"]). */
  readonly modelRoles: readonly string[];
  /** Produces the outcome for item `ctx.index`. Must be deterministic given the context and responses. */
  runItem(ctx: ItemContext): Promise<ItemOutcome>;
  /**
   * Called in item order just before a record is written, for checks that depend on what was
   * accepted before it (near-duplicates). Returning a Rejection drops the record.
   */
  checkInOrder?(record: DatasetRecord): Rejection | undefined;
  /** Called for each record already in dataset.jsonl when a run resumes (rebuilds in-order state). */
  restore?(record: DatasetRecord): void;
}
