import type { ChatMessage } from "../../core/conversation.js";
import { parseExactJson } from "../../core/exact-json.js";
import { type DatasetMessage, RecordError } from "../read/types.js";

/**
 * Structural rules every trainer format shares, thrown as RecordError (caught per record and
 * counted): each tool call is answered by a tool message before the conversation moves on, and
 * each tool message answers a call.
 */
export function assertToolFlow(messages: readonly ChatMessage[]): void {
  let pending: Set<string> | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.role === "tool") {
      if (!pending || !m.tool_call_id || !pending.delete(m.tool_call_id)) {
        throw new RecordError(
          "orphan_tool_result",
          `message ${i + 1}: a tool result that answers no pending tool call`,
        );
      }
      continue;
    }
    if (pending && pending.size > 0) {
      throw new RecordError(
        "unanswered_tool_call",
        `message ${i}: tool call(s) ${[...pending].join(", ")} have no tool result before message ${i + 1}`,
      );
    }
    pending =
      m.role === "assistant" && m.tool_calls?.length ? new Set(m.tool_calls.map((c) => c.id)) : undefined;
  }
  if (pending && pending.size > 0) {
    throw new RecordError(
      "unanswered_tool_call",
      `the conversation ends with unanswered tool call(s) ${[...pending].join(", ")}`,
    );
  }
}

export function assertHasAssistant(messages: readonly ChatMessage[]): void {
  if (messages.length === 0) throw new RecordError("empty_conversation", "the record has no messages");
  for (const m of messages) if (m.role === "assistant") return;
  throw new RecordError("no_assistant_message", "no assistant message to train on");
}

/** Arguments as an object (TRL, ShareGPT): the JSON string must parse to one. */
export function argumentsObject(args: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(args);
  } catch {
    throw new RecordError(
      "tool_call_arguments_not_json",
      `tool call arguments are not JSON: ${args.slice(0, 60)}`,
    );
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new RecordError("tool_call_arguments_not_json", "tool call arguments are not a JSON object");
  }
  return v as Record<string, unknown>;
}

/**
 * Arguments as an object whose numbers keep their spelling (LosslessNumber), for targets that
 * write arguments as objects: JSON.stringify would write `1.50` as `1.5` and `3.0` as `3` (an int
 * to Python). The outcome says `exactNumbers` so its line is written with them as spelled.
 */
export function exactArgumentsObject(args: string): unknown {
  argumentsObject(args);
  return parseExactJson(args);
}

/** True when some message calls tools (its arguments, written as objects, need `exactNumbers`). */
export function hasToolCalls(messages: readonly ChatMessage[]): boolean {
  for (const m of messages) if (m.tool_calls && m.tool_calls.length > 0) return true;
  return false;
}

/** True when some message carries an OpenAI `weight`, which this target cannot express. */
export function hasWeights(messages: readonly ChatMessage[]): boolean {
  for (const m of messages) if ((m as DatasetMessage).weight !== undefined) return true;
  return false;
}

/**
 * For targets that train on every assistant turn (no per-turn weight): a turn weighted 0 (a
 * planted wrong answer) would be learned as if it were right, so the record is dropped with a
 * reason instead. Targets whose prompt holds it (prompt/completion, dpo) or that keep `weight`
 * (openai) are the ones to use for such records.
 */
export function assertNoZeroWeightTurn(messages: readonly ChatMessage[]): void {
  for (let i = 0; i < messages.length; i++)
    if ((messages[i] as DatasetMessage).weight === 0)
      throw new RecordError(
        "weight_zero_turn",
        `message ${i + 1} has weight 0 (not to be trained on) and this format trains on every assistant turn; export with --to openai, trl-prompt-completion or dpo`,
      );
}

export function textOf(m: ChatMessage): string {
  return m.content ?? "";
}
