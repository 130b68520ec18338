import type { ToolCall } from "../../core/conversation.js";
import { hasToolCallText, parseToolCallText, parseToolResponseText } from "./qwen-text.js";
import { type DatasetMessage, RecordError } from "./types.js";

export interface NormaliseOptions {
  /** Convert Qwen's `<tool_call>`/`<tool_response>` text form to structured calls (tools recipe output). */
  textToolCalls?: boolean;
}

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Deterministic tool-call ids (`call_1`, `call_2`, ... per conversation) for calls that have none;
 * ids already in the input are kept and never reused.
 */
export class ToolCallIds {
  private next = 1;
  private readonly used = new Set<string>();
  reserve(id: string): void {
    this.used.add(id);
  }
  create(): string {
    let id: string;
    do id = `call_${this.next++}`;
    while (this.used.has(id));
    this.used.add(id);
    return id;
  }
}

/** Message content as a string or null; OpenAI content-part arrays are joined when all text. */
export function readContent(value: unknown, where: string): string | null {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    let text = "";
    for (const part of value) {
      if (typeof part === "string") text += part;
      else if (isObject(part) && part.type === "text" && typeof part.text === "string") text += part.text;
      else throw new RecordError("unsupported_content", `${where}: only text content parts can be converted`);
    }
    return text;
  }
  throw new RecordError("bad_content", `${where}: content is a ${typeof value}, expected a string`);
}

/** Arguments as the JSON string OpenAI uses; TRL-style objects are serialised. */
export function argumentsText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "{}";
  return JSON.stringify(value);
}

function readToolCalls(raw: unknown, ids: ToolCallIds, where: string): ToolCall[] {
  if (!Array.isArray(raw)) throw new RecordError("bad_tool_call", `${where}: tool_calls is not a list`);
  const calls: ToolCall[] = [];
  for (const c of raw) {
    if (!isObject(c)) throw new RecordError("bad_tool_call", `${where}: a tool call is not an object`);
    // OpenAI/TRL nest under `function`; some exports put name/arguments at the top.
    const fn = isObject(c.function) ? c.function : c;
    if (typeof fn.name !== "string" || fn.name === "") {
      throw new RecordError("bad_tool_call", `${where}: a tool call has no function name`);
    }
    calls.push({
      id: typeof c.id === "string" && c.id !== "" ? c.id : "",
      type: "function",
      function: { name: fn.name, arguments: argumentsText(fn.arguments) },
    });
  }
  for (const c of calls) if (c.id) ids.reserve(c.id);
  for (const c of calls) if (!c.id) c.id = ids.create();
  return calls;
}

const ROLES = new Set(["system", "user", "assistant", "tool"]);

/**
 * Normalises an OpenAI/TRL-style message list (also the math, roleplay and tools recipes') into
 * canonical messages: structured tool calls with ids, tool messages linked by `tool_call_id` and
 * named after their call. Throws RecordError for what cannot convert.
 */
export function normaliseMessages(raw: unknown, options: NormaliseOptions = {}): DatasetMessage[] {
  if (!Array.isArray(raw)) throw new RecordError("bad_messages", "messages is not a list");
  const ids = new ToolCallIds();
  const out: DatasetMessage[] = [];
  // Calls of the latest assistant turn still waiting for a result, in order.
  let pending: ToolCall[] = [];
  for (let i = 0; i < raw.length; i++) {
    const m = raw[i];
    const where = `message ${i + 1}`;
    if (!isObject(m)) throw new RecordError("bad_message", `${where} is not an object`);
    let role = m.role;
    if (role === "function") role = "tool"; // legacy function results
    if (typeof role !== "string" || !ROLES.has(role)) {
      throw new RecordError(
        "unknown_role",
        `${where}: role ${JSON.stringify(m.role)} is not system/user/assistant/tool`,
      );
    }
    let content = readContent(m.content, where);
    if (role === "assistant") {
      let calls: ToolCall[] | undefined;
      if (m.tool_calls !== undefined && m.tool_calls !== null)
        calls = readToolCalls(m.tool_calls, ids, where);
      else if (isObject(m.function_call)) calls = readToolCalls([{ function: m.function_call }], ids, where);
      else if (options.textToolCalls && content !== null && hasToolCallText(content)) {
        const parsed = parseToolCallText(content);
        content = parsed.content;
        calls = parsed.calls.map((c) => ({
          id: ids.create(),
          type: "function" as const,
          function: { name: c.name, arguments: c.arguments },
        }));
      }
      const msg: DatasetMessage = { role: "assistant", content };
      if (calls && calls.length > 0) msg.tool_calls = calls;
      if (typeof m.weight === "number") msg.weight = m.weight;
      out.push(msg);
      pending = calls ? calls.slice() : [];
      continue;
    }
    if (role === "tool") {
      out.push(toolMessage(m, content ?? "", pending));
      continue;
    }
    if (role === "user" && options.textToolCalls && pending.length > 0 && content !== null) {
      const results = parseToolResponseText(content);
      if (results) {
        if (results.length !== pending.length) {
          throw new RecordError(
            "tool_response_count_mismatch",
            `${where}: ${results.length} <tool_response> block(s) for ${pending.length} tool call(s)`,
          );
        }
        for (let k = 0; k < results.length; k++) {
          out.push({
            role: "tool",
            tool_call_id: pending[k].id,
            name: pending[k].function.name,
            content: results[k],
          });
        }
        pending = [];
        continue;
      }
    }
    pending = [];
    const msg: DatasetMessage = { role: role as "system" | "user", content };
    if (typeof m.name === "string") msg.name = m.name;
    out.push(msg);
  }
  return out;
}

/** A tool result linked to its call: by id, else (TRL files carry no ids) by name, else in order. */
function toolMessage(m: Obj, content: string, pending: ToolCall[]): DatasetMessage {
  let id = typeof m.tool_call_id === "string" && m.tool_call_id !== "" ? m.tool_call_id : undefined;
  let index = id ? pending.findIndex((c) => c.id === id) : -1;
  if (!id && pending.length > 0) {
    index = typeof m.name === "string" ? pending.findIndex((c) => c.function.name === m.name) : -1;
    if (index < 0) index = 0;
    id = pending[index].id;
  }
  const call = index >= 0 ? pending[index] : undefined;
  if (index >= 0) pending.splice(index, 1);
  const msg: DatasetMessage = { role: "tool", content };
  if (id) msg.tool_call_id = id;
  const name = typeof m.name === "string" ? m.name : call?.function.name;
  if (name) msg.name = name;
  return msg;
}
