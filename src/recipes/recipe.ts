import type { Rng } from "../core/rng.js";
import type { ModelHandle } from "../llm/types.js";

/** A record a recipe accepted; `id` is stable: derived from (run seed, item index). */
export interface DatasetRecord {
  id: string;
  [key: string]: unknown;
}

export type ItemOutcome =
  | { kind: "accepted"; record: DatasetRecord }
  | {
      kind: "rejected";
      /** A stable, named reason (e.g. "too_short", "roles_not_alternating", "invalid_json"). */
      reason: string;
      detail: string;
      /** The raw model output, for rejected.jsonl. */
      raw?: unknown;
    };

export interface ItemContext {
  /** The model for a pipeline role of this recipe ("writer", "questioner", ...). */
  model(role: string): ModelHandle;
  /** Seeded from (run seed, item index): the same item always draws the same numbers. */
  rng: Rng;
  index: number;
  id: string;
  runSeed: number;
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
}
