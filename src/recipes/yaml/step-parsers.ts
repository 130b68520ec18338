import { parseExactJson, plainJson, stringifyExactJson } from "../../core/exact-json.js";
import type { StepParse } from "../../engine/program.js";
import { extractJson } from "../../models/json-extract.js";
import type { ChatResult } from "../../models/types.js";
import { resultSchema } from "../tools/output-schema.js";
import type { MessageCheck } from "./checks.js";
import type { CompiledRole, CompiledStop, CompiledTools } from "./compiled.js";
import type { MadeCall } from "./dialogue-state.js";

/**
 * How each kind of step's answer becomes a journaled value: a message (with its structured data
 * and whether it carried the stop marker), a caller's tool calls, or a simulated tool result.
 * A failure names its reason; the runner retries it once with a new sample.
 */
export interface MessageValue {
  text: string;
  data?: unknown;
  /** The role wrote the stop marker (allowed at this point). */
  end?: boolean;
  calls?: MadeCall[];
}

export interface ToolResultValue {
  result: unknown;
}

// Zero-width and bidi controls, BOM, soft hyphen: invisible in a message, harmful in training data.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;

function clean(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n").replace(INVISIBLE, "").trim();
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface MessageParseContext {
  role: CompiledRole;
  stop?: CompiledStop;
  /** Messages in the dataset before this one. */
  visible: number;
  checks: readonly MessageCheck[];
  /** Checks are off in a dry run (placeholder answers). */
  checksOn: boolean;
}

/** The message text of an answer: the text field of a structured answer, or the content. */
function messageText(
  role: CompiledRole,
  content: string | null,
): StepParse<{ text: string; data?: unknown }> {
  if (!role.structured) return { ok: true, value: { text: content ?? "" } };
  let data: unknown;
  try {
    data = extractJson(content ?? "");
  } catch (e) {
    return { ok: false, reason: "invalid_json", detail: (e as Error).message };
  }
  const error = role.structured.validate(data);
  if (error) return { ok: false, reason: "schema_mismatch", detail: error };
  const text = (data as Record<string, unknown>)[role.structured.textField];
  if (typeof text !== "string")
    return { ok: false, reason: "schema_mismatch", detail: `'${role.structured.textField}' is not a string` };
  return { ok: true, value: { text, data } };
}

/** A message step's answer: text, stop marker, checks. */
export function parseMessage(result: ChatResult, ctx: MessageParseContext): StepParse<MessageValue> {
  const { role, stop } = ctx;
  if (result.finishReason === "length")
    return { ok: false, reason: "truncated", detail: "the message hit max_tokens (finish_reason: length)" };
  const read = messageText(role, result.content);
  if (!read.ok) return read;
  let text = clean(read.value.text);
  let end = false;
  if (stop && (!stop.roles || stop.roles.has(role.name))) {
    const marker = new RegExp(escapeRegex(stop.marker), "gi");
    if (marker.test(text)) {
      text = clean(text.replace(marker, ""));
      // A marker before min_messages is ignored: the conversation goes on.
      end = ctx.visible + (text === "" ? 0 : 1) >= stop.minMessages;
    }
  }
  if (text === "" && !end)
    return { ok: false, reason: "empty_message", detail: `${role.name} wrote nothing` };
  if (ctx.checksOn && text !== "") {
    for (const check of ctx.checks) {
      const applies = check.roles ? check.roles.has(role.name) : role.side !== "hidden";
      if (!applies) continue;
      const failure = check.check(text, read.value.data);
      if (failure) return { ok: false, ...failure };
    }
  }
  const value: MessageValue = { text };
  if (read.value.data !== undefined) value.data = read.value.data;
  if (end) value.end = true;
  return { ok: true, value };
}

/** The caller's answer: tool calls (each checked against its tool's parameters), or a message. */
export function parseCallerTurn(
  result: ChatResult,
  ctx: MessageParseContext,
  tools: CompiledTools,
  callId: (k: number) => string,
): StepParse<MessageValue> {
  const calls = result.toolCalls ?? [];
  if (calls.length === 0) return parseMessage(result, ctx);
  const made: MadeCall[] = [];
  for (const [k, call] of calls.entries()) {
    const name = call.function.name;
    if (!tools.schemas.has(name))
      return {
        ok: false,
        reason: "unknown_tool",
        detail: `no tool '${name}' in the ${tools.pack.name} pack`,
      };
    // Read keeping each number's spelling: the dataset gets the model's `1.50`, not `1.5`.
    let exact: unknown;
    try {
      exact = call.function.arguments.trim() === "" ? {} : parseExactJson(call.function.arguments);
    } catch {
      return { ok: false, reason: "invalid_tool_arguments", detail: `${name}: arguments are not JSON` };
    }
    const args = plainJson(exact);
    const check = tools.schemas.checkArguments(name, args);
    if (!check.ok) return { ok: false, reason: "invalid_tool_arguments", detail: `${name}: ${check.error}` };
    made.push({ id: callId(k), name, arguments: args, json: stringifyExactJson(exact) });
  }
  return { ok: true, value: { text: clean(result.content ?? ""), calls: made } };
}

/** The structured answer of the tools' simulator: `{"result": ...}` in the tool's result format. */
export function toolResultSchema(tools: CompiledTools, name: string): Record<string, unknown> {
  return {
    type: "object",
    properties: { result: resultSchema(tools.pack, name) },
    required: ["result"],
    additionalProperties: false,
  };
}

export function parseToolResult(
  result: ChatResult,
  tools: CompiledTools,
  name: string,
  checksOn: boolean,
): StepParse<ToolResultValue> {
  if (result.finishReason === "length")
    return { ok: false, reason: "truncated", detail: "the tool result hit max_tokens" };
  let data: unknown;
  try {
    data = extractJson(result.content ?? "");
  } catch (e) {
    return { ok: false, reason: "invalid_json", detail: (e as Error).message };
  }
  const value = (data as Record<string, unknown> | null)?.result;
  if (value === undefined) return { ok: false, reason: "invalid_tool_result", detail: "no 'result' field" };
  if (checksOn) {
    const check = tools.schemas.checkResult(name, value);
    if (!check.ok) return { ok: false, reason: "invalid_tool_result", detail: `${name}: ${check.error}` };
  }
  return { ok: true, value: { result: value } };
}
