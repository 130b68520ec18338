import { isLosslessNumber } from "lossless-json";
import { parseExactJson, plainJson, stringifyExactJson } from "../../core/exact-json.js";

/**
 * The dialogue as the writer returns it, parsed into typed turns. Tool results are separate
 * `tool` turns answering the calls of the assistant turn before them, in order.
 */
export interface DialogueCall {
  name: string;
  /** Parsed arguments (an object when valid; validation reports anything else). */
  arguments: unknown;
  /**
   * The arguments as the dataset's JSON string, in one spelling whatever form the writer gave
   * (object or JSON string): compact, keys in the writer's order, every number as it wrote it.
   */
  text: string;
}

export type DialogueTurn =
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; calls: DialogueCall[] }
  | { role: "tool"; name: string; result: unknown };

export type ParseResult = { ok: true; turns: DialogueTurn[] } | { ok: false; detail: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !isLosslessNumber(v);
}

/**
 * A call's arguments, read (for the checks) and as text (for the dataset). They sometimes arrive
 * as a JSON string (the OpenAI wire form): read as the object it encodes; a string that is not
 * JSON stays as it is (the checks reject it).
 */
function readArguments(value: unknown): Pick<DialogueCall, "arguments" | "text"> {
  if (value === undefined || value === null) return { arguments: {}, text: "{}" };
  let exact: unknown = value;
  if (typeof value === "string") {
    try {
      exact = parseExactJson(value);
    } catch {
      return { arguments: value, text: value };
    }
  }
  return { arguments: plainJson(exact), text: stringifyExactJson(exact) };
}

/** A tool result given as JSON text is read as the value it encodes, so it is written once, canonically. */
function readResult(value: unknown): unknown {
  if (typeof value !== "string") return plainJson(value);
  const t = value.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * `{"messages": [...]}` (or the bare list) into turns. Tolerates the spellings models drift into:
 * OpenAI-style `tool_calls[].function`, arguments as a JSON string, a tool result under `result`.
 * `value` may be read with parseExactJson (numbers as spelled): the arguments' text keeps them.
 */
export function parseDialogue(value: unknown): ParseResult {
  const list = Array.isArray(value) ? value : isObject(value) ? value.messages : undefined;
  if (!Array.isArray(list)) return { ok: false, detail: 'expected {"messages": [...]}' };
  const turns: DialogueTurn[] = [];
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    const where = `message ${i + 1}`;
    if (!isObject(m)) return { ok: false, detail: `${where} is not an object` };
    if (m.role === "user") {
      if (typeof m.content !== "string")
        return { ok: false, detail: `${where}: user content is not a string` };
      turns.push({ role: "user", content: m.content });
    } else if (m.role === "assistant") {
      const content = typeof m.content === "string" ? m.content : "";
      if (m.content !== undefined && m.content !== null && typeof m.content !== "string")
        return { ok: false, detail: `${where}: assistant content is not a string` };
      const raw = m.tool_calls ?? [];
      if (!Array.isArray(raw)) return { ok: false, detail: `${where}: tool_calls is not a list` };
      const calls: DialogueCall[] = [];
      for (const c of raw) {
        const fn = isObject(c) && isObject(c.function) ? c.function : c;
        if (!isObject(fn) || typeof fn.name !== "string")
          return { ok: false, detail: `${where}: a tool call has no name` };
        calls.push({ name: fn.name, ...readArguments(fn.arguments) });
      }
      turns.push({ role: "assistant", content, calls });
    } else if (m.role === "tool") {
      if (typeof m.name !== "string") return { ok: false, detail: `${where}: a tool result has no name` };
      const result = m.content !== undefined ? m.content : m.result;
      if (result === undefined || result === null)
        return { ok: false, detail: `${where}: a tool result has no content` };
      turns.push({ role: "tool", name: m.name, result: readResult(result) });
    } else {
      return { ok: false, detail: `${where}: role ${JSON.stringify(m.role)} is not user/assistant/tool` };
    }
  }
  return { ok: true, turns };
}
