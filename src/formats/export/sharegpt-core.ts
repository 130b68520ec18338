import type { ChatMessage } from "../../core/conversation.js";
import { isBlankAscii, trimAscii } from "../read/ascii.js";
import { OBSERVATION_SEPARATOR } from "../read/sharegpt.js";
import type { ReadRecord } from "../read/types.js";
import { RecordError } from "../read/types.js";
import {
  argumentsObject,
  assertHasAssistant,
  assertNoZeroWeightTurn,
  assertToolFlow,
  hasWeights,
} from "./checks.js";

export interface ShareGptTurn {
  from: "system" | "human" | "gpt" | "function_call" | "observation";
  value: string;
}

const ODD: ReadonlySet<string> = new Set(["human", "observation"]);
const EVEN: ReadonlySet<string> = new Set(["gpt", "function_call"]);

/**
 * LLaMA-Factory's strict ShareGPT rules (SharegptDatasetConverter): after an optional system turn,
 * human/observation at positions 1, 3, 5..., gpt/function_call at 2, 4, 6..., an even count.
 * Returns the violation, or undefined when the turns would load.
 */
export function shareGptViolation(
  turns: readonly { from: string }[],
): { reason: string; detail: string } | undefined {
  const start = turns.length > 0 && turns[0].from === "system" ? 1 : 0;
  for (let i = start; i < turns.length; i++) {
    const k = i - start;
    const allowed = k % 2 === 0 ? ODD : EVEN;
    if (!allowed.has(turns[i].from)) {
      return {
        reason: "roles_not_alternating",
        detail: `turn ${k + 1} is "${turns[i].from}" where ${k % 2 === 0 ? "human/observation" : "gpt/function_call"} is required`,
      };
    }
  }
  const n = turns.length - start;
  if (n === 0) return { reason: "empty_conversation", detail: "no turns after the system prompt" };
  if (n % 2 !== 0) {
    return {
      reason: "odd_message_count",
      detail: `${n} turns after the system prompt; it must end with a gpt/function_call turn`,
    };
  }
  return undefined;
}

/**
 * Canonical messages to ShareGPT turns: tool calls become one function_call turn (a JSON object,
 * or a list for parallel calls, arguments as objects), consecutive tool results ONE observation
 * in call order. Throws RecordError for what the format cannot hold.
 */
export function toShareGpt(record: ReadRecord): {
  system?: string;
  turns: ShareGptTurn[];
  tools?: string;
  notes?: string[];
} {
  const messages = record.conversation.messages;
  assertHasAssistant(messages);
  assertToolFlow(messages);
  assertNoZeroWeightTurn(messages);
  let i = 0;
  let system: string | undefined;
  if (messages[0]?.role === "system") {
    system = messages[0].content ?? "";
    i = 1;
  }
  const turns: ShareGptTurn[] = [];
  let lastCalls: ChatMessage["tool_calls"];
  while (i < messages.length) {
    const m = messages[i];
    switch (m.role) {
      case "system":
        throw new RecordError("system_not_first", `message ${i + 1}: a system message after the start`);
      case "user":
        turns.push({ from: "human", value: m.content ?? "" });
        i++;
        break;
      case "assistant":
        if (m.tool_calls && m.tool_calls.length > 0) {
          if (m.content && !isBlankAscii(m.content)) {
            throw new RecordError(
              "tool_call_with_text",
              `message ${i + 1}: an assistant turn with both text and tool calls; ShareGPT's function_call holds only the calls`,
            );
          }
          // Built from the arguments text as is (checked to be an object): numbers keep their spelling.
          const calls = m.tool_calls.map((c) => {
            argumentsObject(c.function.arguments);
            return `{"name":${JSON.stringify(c.function.name)},"arguments":${trimAscii(c.function.arguments)}}`;
          });
          turns.push({
            from: "function_call",
            value: calls.length === 1 ? calls[0] : `[${calls.join(",")}]`,
          });
          lastCalls = m.tool_calls;
        } else {
          turns.push({ from: "gpt", value: m.content ?? "" });
        }
        i++;
        break;
      case "tool": {
        let j = i;
        while (j < messages.length && messages[j].role === "tool") j++;
        const results = messages.slice(i, j);
        // Results in call order, so the merged observation splits back onto the right calls.
        const order = lastCalls ?? [];
        results.sort((a, b) => indexOfCall(order, a.tool_call_id) - indexOfCall(order, b.tool_call_id));
        turns.push({
          from: "observation",
          value: results.map((r) => r.content ?? "").join(OBSERVATION_SEPARATOR),
        });
        i = j;
        break;
      }
    }
  }
  const violation = shareGptViolation(turns);
  if (violation) throw new RecordError(violation.reason, violation.detail);
  const out: { system?: string; turns: ShareGptTurn[]; tools?: string; notes?: string[] } = { turns };
  if (system !== undefined) out.system = system;
  if (record.conversation.tools) out.tools = JSON.stringify(record.conversation.tools);
  if (hasWeights(messages)) out.notes = ["weight_dropped"];
  return out;
}

function indexOfCall(calls: NonNullable<ChatMessage["tool_calls"]>, id: string | undefined): number {
  const k = calls.findIndex((c) => c.id === id);
  return k < 0 ? calls.length : k;
}
