import type { ChatMessage } from "../../core/conversation.js";
import { type JudgeSubject, judgeRequest, parseVerdict } from "../../quality/judge/judge-step.js";
import { failureDetail, type JudgeVerdict, type PassRule, type Rubric } from "../../quality/judge/rubric.js";
import type { ConversationContext, ConversationOutcome, ConversationProgram } from "../conversation.js";
import type { DatasetRecord, ItemContext, ItemOutcome, Recipe } from "../recipe.js";

/**
 * A judge added to a built-in recipe (`--judge MODEL`, `judge:` in its config section): each
 * accepted record is scored; one below the pass rule is rejected as `judge_low_score` and the
 * engine makes another in its place; the others carry the verdict in `metadata.judge`.
 */
export interface JudgeSetup {
  rubric: Rubric;
  rule: PassRule;
}

/** The pipeline role of the judge's model. */
export const JUDGE_MODEL_ROLE = "judge";

/** What a judge reads of a record: its messages (a separate system prompt first) and its tools. */
export function subjectOfRecord(record: DatasetRecord): JudgeSubject {
  const raw = Array.isArray(record.messages) ? (record.messages as Record<string, unknown>[]) : [];
  const messages: ChatMessage[] = raw.map((m) => ({
    role: m.role as ChatMessage["role"],
    content: typeof m.content === "string" ? m.content : null,
  }));
  if (typeof record.system_prompt === "string")
    messages.unshift({ role: "system", content: record.system_prompt });
  return { messages, tools: Array.isArray(record.tools) ? record.tools : undefined };
}

function withVerdict(record: DatasetRecord, verdict: JudgeVerdict): DatasetRecord {
  const metadata = typeof record.metadata === "object" && record.metadata !== null ? record.metadata : {};
  return { ...record, metadata: { ...metadata, judge: verdict } };
}

/** A one-request recipe (the item engine's) with a judge call after each accepted record. */
export function judgedRecipe(recipe: Recipe, judge: JudgeSetup): Recipe {
  return {
    name: recipe.name,
    modelRoles: [...recipe.modelRoles, JUDGE_MODEL_ROLE],
    checkInOrder: recipe.checkInOrder?.bind(recipe),
    restore: recipe.restore?.bind(recipe),
    async runItem(ctx: ItemContext): Promise<ItemOutcome> {
      const outcome = await recipe.runItem(ctx);
      if (outcome.kind !== "accepted") return outcome;
      const request = judgeRequest(judge.rubric, subjectOfRecord(outcome.record));
      const result = await ctx
        .model(JUDGE_MODEL_ROLE)
        .generate({ ...request, nonce: `${ctx.nonce}/judge`, itemId: ctx.id }, ctx.signal);
      const parsed = parseVerdict(judge.rubric, judge.rule, result);
      if (!parsed.ok)
        return {
          kind: "rejected",
          reason: parsed.reason,
          detail: parsed.detail,
          raw: outcome.record,
          retryable: true,
        };
      const record = withVerdict(outcome.record, parsed.value);
      if (!parsed.value.passed)
        return {
          kind: "rejected",
          reason: "judge_low_score",
          detail: failureDetail(parsed.value, judge.rubric, judge.rule),
          raw: record,
        };
      return { kind: "accepted", record };
    },
  };
}

/** A turn-by-turn program with a journaled judge step after each complete record of `file`. */
export function judgedProgram<I>(
  program: ConversationProgram<I>,
  judge: JudgeSetup,
  file: string,
  rejectedFile: string,
): ConversationProgram<I> {
  return {
    name: program.name,
    modelRoles: [...program.modelRoles, JUDGE_MODEL_ROLE],
    outputFiles: program.outputFiles,
    restore: program.restore,
    idFor: (index, runSeed) => program.idFor(index, runSeed),
    checkInOrder: program.checkInOrder?.bind(program),
    async run(ctx: ConversationContext, input: I): Promise<ConversationOutcome> {
      const outcome = await program.run(ctx, input);
      const write = outcome.status === "complete" ? outcome.writes.find((w) => w.file === file) : undefined;
      if (!write) return outcome;
      const record = write.value as DatasetRecord;
      const done = await ctx.step({
        name: "judge",
        role: JUDGE_MODEL_ROLE,
        request: () => judgeRequest(judge.rubric, subjectOfRecord(record)),
        parse: (result) => parseVerdict(judge.rubric, judge.rule, result),
      });
      const judged = withVerdict(record, done.value);
      if (done.value.passed)
        return { ...outcome, writes: outcome.writes.map((w) => (w === write ? { file, value: judged } : w)) };
      const detail = failureDetail(done.value, judge.rubric, judge.rule);
      const value = {
        index: ctx.index,
        id: ctx.id,
        kind: "rejected",
        reason: "judge_low_score",
        detail,
        raw: judged,
      };
      return {
        status: "rejected",
        writes: [{ file: rejectedFile, value }],
        reason: "judge_low_score",
        detail,
      };
    },
  };
}
