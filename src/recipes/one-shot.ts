import { recordId } from "../core/record-id.js";
import {
  type ConversationContext,
  type ConversationOutcome,
  type ConversationProgram,
  StepFailedError,
  type StepParse,
} from "../engine/program.js";
import type { DatasetRecord, Recipe, Rejection } from "./recipe.js";

/** The files of a one-shot run: accepted records, and a line per item not kept. */
export const ONE_SHOT_FILES = { dataset: "dataset.jsonl", rejected: "rejected.jsonl" } as const;

/** The one step of a one-shot conversation. */
export const ONE_SHOT_STEP = "item";

/** A line of rejected.jsonl: the item, why it was not kept, and what the model wrote. */
export function notKeptLine(
  index: number,
  id: string,
  kind: "rejected" | "failed",
  reason: string,
  detail: string,
  raw: unknown,
): ConversationOutcome {
  return {
    status: kind,
    writes: [{ file: ONE_SHOT_FILES.rejected, value: { index, id, kind, reason, detail, raw: raw ?? null } }],
    reason,
    detail,
  };
}

/** An in-order check (near-duplicates) on a complete outcome's record; a rejection replaces it. */
export function checkRecordInOrder(
  outcome: ConversationOutcome,
  index: number,
  id: string,
  check: ((record: DatasetRecord) => Rejection | undefined) | undefined,
): ConversationOutcome {
  if (!check || outcome.status !== "complete") return outcome;
  const record = outcome.writes.find((w) => w.file === ONE_SHOT_FILES.dataset)?.value as
    | DatasetRecord
    | undefined;
  const rejection = record && check(record);
  if (!rejection) return outcome;
  return notKeptLine(index, id, "rejected", rejection.reason, rejection.detail, rejection.raw);
}

/**
 * A one-shot recipe as a one-step conversation program: the step's parse validates the answer; a
 * content failure gets a second sample (new nonce), then the item is rejected (rejected.jsonl,
 * with the last answer) and the runner goes on to the next index until the target is met.
 */
export function oneShotProgram(recipe: Recipe): ConversationProgram<number> {
  const restore = recipe.restore?.bind(recipe);
  return {
    name: recipe.name,
    modelRoles: recipe.modelRoles,
    outputFiles: [ONE_SHOT_FILES.dataset, ONE_SHOT_FILES.rejected],
    records: ONE_SHOT_FILES.dataset,
    idFor: (index, runSeed) => recordId(recipe.name, runSeed, index),
    checkInOrder: (outcome, index, id) =>
      checkRecordInOrder(outcome, index, id, recipe.checkInOrder?.bind(recipe)),
    restore: restore && {
      files: [ONE_SHOT_FILES.dataset],
      line: (_file, value) => restore(value as DatasetRecord),
    },
    run: (ctx) => runItem(recipe, ctx),
  };
}

async function runItem(recipe: Recipe, ctx: ConversationContext): Promise<ConversationOutcome> {
  const item = recipe.item({ index: ctx.index, id: ctx.id, runSeed: ctx.runSeed, rng: ctx.rng });
  // The last rejected answer, for rejected.jsonl (absent when the rejection was replayed).
  let last: Rejection | undefined;
  try {
    const done = await ctx.step<DatasetRecord>({
      name: ONE_SHOT_STEP,
      role: item.role,
      request: () => item.request,
      nonce: (attempt) => `${ctx.id}#${attempt}`,
      parse: (result): StepParse<DatasetRecord> => {
        const outcome = item.parse(result);
        if (outcome.kind === "accepted") return { ok: true, value: outcome.record };
        last = outcome;
        return {
          ok: false,
          reason: outcome.reason,
          detail: outcome.detail,
          retryable: outcome.retryable === true,
        };
      },
    });
    return { status: "complete", writes: [{ file: ONE_SHOT_FILES.dataset, value: done.value }] };
  } catch (error) {
    if (!(error instanceof StepFailedError)) throw error;
    const kind = error.content ? "rejected" : "failed";
    return notKeptLine(
      ctx.index,
      ctx.id,
      kind,
      error.reason,
      error.detail,
      kind === "rejected" ? last?.raw : null,
    );
  }
}

/** The inputs of a one-shot run: item indexes 0, 1, 2, ... (the runner stops at its target). */
export async function* itemIndexes(): AsyncGenerator<number> {
  for (let i = 0; ; i++) yield i;
}

/** One request per conversation: as many at once as the models take requests (the run's window). */
export function oneShotWindow(modelSlots: number): number {
  return modelSlots;
}

/**
 * The runner's fields for a one-shot run: items 0, 1, 2, ... of `program` until `count` records
 * are accepted or `maxAttempts` items were tried (default 3 x count).
 */
export function oneShotRun<P extends ConversationProgram<number>>(
  program: P,
  count: number,
  maxAttempts?: number,
) {
  return {
    program,
    inputs: itemIndexes(),
    window: oneShotWindow,
    target: count,
    maxConversations: maxAttempts ?? count * 3,
  };
}
