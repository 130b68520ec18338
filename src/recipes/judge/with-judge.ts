import type { ChatMessage } from "../../core/conversation.js";
import type { ConversationContext, ConversationOutcome, ConversationProgram } from "../../engine/program.js";
import { toQwenTextMessages } from "../../formats/render/qwen-text-messages.js";
import type { DatasetRecord } from "../recipe.js";
import { type JudgeSubject, judgeRequest, parseVerdict } from "./judge-step.js";
import { failureDetail, type JudgeVerdict, type PassRule, type Rubric } from "./rubric.js";

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

/**
 * What a judge reads of a record: its messages (a separate system prompt first) and its tools.
 * Tool calls and results are shown in Qwen's `<tool_call>`/`<tool_response>` text, a transcript
 * the judge can read (and the text the tools recipe's records of 0.2.0 carried).
 */
export function subjectOfRecord(record: DatasetRecord): JudgeSubject {
  const raw = Array.isArray(record.messages) ? (record.messages as Record<string, unknown>[]) : [];
  const messages: ChatMessage[] = usesTools(raw)
    ? toQwenTextMessages(raw as unknown as ChatMessage[])
    : raw.map((m) => ({
        role: m.role as ChatMessage["role"],
        content: typeof m.content === "string" ? m.content : null,
      }));
  if (typeof record.system_prompt === "string")
    messages.unshift({ role: "system", content: record.system_prompt });
  return { messages, tools: Array.isArray(record.tools) ? record.tools : undefined };
}

/** Structured tool use (a canonical record's): calls with a function each, or tool results. */
function usesTools(messages: Record<string, unknown>[]): boolean {
  let found = false;
  for (const m of messages) {
    if (m.role === "tool") found = true;
    if (m.tool_calls === undefined) continue;
    if (!Array.isArray(m.tool_calls)) return false;
    for (const c of m.tool_calls) {
      const fn = (c as { function?: { name?: unknown; arguments?: unknown } })?.function;
      if (typeof fn?.name !== "string" || typeof fn.arguments !== "string") return false;
    }
    found = true;
  }
  return found;
}

function withVerdict(record: DatasetRecord, verdict: JudgeVerdict): DatasetRecord {
  const metadata = typeof record.metadata === "object" && record.metadata !== null ? record.metadata : {};
  return { ...record, metadata: { ...metadata, judge: verdict } };
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
    records: program.records,
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
