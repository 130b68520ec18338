import { parse as losslessParse, stringify as losslessStringify } from "lossless-json";
import type { ToolCall } from "../../core/conversation.js";
import { isObject, readContent, ToolCallIds } from "./messages.js";
import { type DatasetMessage, RecordError } from "./types.js";

/** How LLaMA-Factory joins the results of parallel calls into one observation (OpenAIDatasetConverter). */
export const OBSERVATION_SEPARATOR = "\n</tool_response>\n<tool_response>\n";

const USER_TAGS = new Set(["human", "user"]);
const ASSISTANT_TAGS = new Set(["gpt", "assistant", "model", "bot", "chatgpt"]);
const OBSERVATION_TAGS = new Set(["observation", "tool"]);

/**
 * ShareGPT `conversations` (from/value, or role/content) to canonical messages. A `function_call`
 * value is `{"name","arguments"}` or a list of them; one observation answers all calls of the
 * preceding function_call, split back with LLaMA-Factory's separator.
 */
export function readShareGptMessages(conversations: unknown, system: unknown): DatasetMessage[] {
  if (!Array.isArray(conversations)) throw new RecordError("bad_messages", "conversations is not a list");
  const out: DatasetMessage[] = [];
  if (typeof system === "string" && system !== "") out.push({ role: "system", content: system });
  const ids = new ToolCallIds();
  let pending: ToolCall[] = [];
  for (let i = 0; i < conversations.length; i++) {
    const m = conversations[i];
    const where = `conversations[${i}]`;
    if (!isObject(m)) throw new RecordError("bad_message", `${where} is not an object`);
    const tag = typeof m.from === "string" ? m.from : m.role;
    const value = readContent(m.value !== undefined ? m.value : m.content, where) ?? "";
    if (typeof tag !== "string") throw new RecordError("unknown_role", `${where} has no "from"`);
    if (USER_TAGS.has(tag)) {
      out.push({ role: "user", content: value });
      pending = [];
    } else if (ASSISTANT_TAGS.has(tag)) {
      out.push({ role: "assistant", content: value });
      pending = [];
    } else if (tag === "system") {
      out.push({ role: "system", content: value });
      pending = [];
    } else if (tag === "function_call") {
      const calls = parseFunctionCall(value, ids, where);
      out.push({ role: "assistant", content: null, tool_calls: calls });
      pending = calls.slice();
    } else if (OBSERVATION_TAGS.has(tag)) {
      if (pending.length === 0) {
        throw new RecordError(
          "observation_without_call",
          `${where}: an observation with no function_call before it`,
        );
      }
      const parts = pending.length === 1 ? [value] : value.split(OBSERVATION_SEPARATOR);
      if (parts.length !== pending.length) {
        throw new RecordError(
          "observation_count_mismatch",
          `${where}: one observation for ${pending.length} parallel calls that cannot be split into ${pending.length} results`,
        );
      }
      for (let k = 0; k < parts.length; k++) {
        out.push({
          role: "tool",
          tool_call_id: pending[k].id,
          name: pending[k].function.name,
          content: parts[k],
        });
      }
      pending = [];
    } else {
      throw new RecordError("unknown_role", `${where}: unknown "from" ${JSON.stringify(tag)}`);
    }
  }
  return out;
}

function parseFunctionCall(value: string, ids: ToolCallIds, where: string): ToolCall[] {
  let parsed: unknown;
  try {
    // Lossless: arguments keep their number spelling (`21.0`) through a round trip.
    parsed = losslessParse(value);
  } catch {
    throw new RecordError("bad_tool_call", `${where}: function_call value is not JSON`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) throw new RecordError("bad_tool_call", `${where}: function_call is an empty list`);
  return list.map((c) => {
    if (!isObject(c) || typeof c.name !== "string" || c.name === "") {
      throw new RecordError("bad_tool_call", `${where}: function_call needs {"name","arguments"}`);
    }
    return {
      id: ids.create(),
      type: "function" as const,
      function: { name: c.name, arguments: argsText(c.arguments) },
    };
  });
}

function argsText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "{}";
  return losslessStringify(value) ?? "{}";
}
