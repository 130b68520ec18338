import { parse as losslessParse, stringify as losslessStringify } from "lossless-json";
import { trimAscii, trimEndAscii } from "./ascii.js";
import { RecordError } from "./types.js";

/**
 * Qwen's text form of tool use, as the tools recipe writes it: an assistant call is
 * `<tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>` (several joined by `\n`, optional
 * text before them); tool results are a user turn of `<tool_response>\n...\n</tool_response>` blocks.
 * Plain indexOf scanning: no regex per line, this runs on every message of a large export.
 */
const CALL_OPEN = "<tool_call>";
const CALL_CLOSE = "</tool_call>";
const RESPONSE_OPEN = "<tool_response>";
const RESPONSE_CLOSE = "</tool_response>";

export interface TextToolCall {
  name: string;
  /** JSON text of the arguments, numbers written as in the source (`21.0` stays `21.0`). */
  arguments: string;
}

export function hasToolCallText(content: string): boolean {
  return content.includes(CALL_OPEN);
}

/** Splits an assistant message into its leading text (null if none) and its tool calls. */
export function parseToolCallText(content: string): { content: string | null; calls: TextToolCall[] } {
  const first = content.indexOf(CALL_OPEN);
  if (first < 0) return { content, calls: [] };
  const text = trimEndAscii(content.slice(0, first));
  const calls: TextToolCall[] = [];
  let pos = first;
  while (pos < content.length) {
    if (!content.startsWith(CALL_OPEN, pos)) {
      throw new RecordError(
        "bad_tool_call",
        `text after a </tool_call> block: ${JSON.stringify(content.slice(pos, pos + 40))}`,
      );
    }
    const end = content.indexOf(CALL_CLOSE, pos + CALL_OPEN.length);
    if (end < 0) throw new RecordError("bad_tool_call", "a <tool_call> block has no </tool_call>");
    calls.push(parseCallBody(content.slice(pos + CALL_OPEN.length, end)));
    pos = skipWhitespace(content, end + CALL_CLOSE.length);
  }
  return { content: text === "" ? null : text, calls };
}

function parseCallBody(body: string): TextToolCall {
  let value: unknown;
  try {
    // Lossless: keeps the source's number spelling inside the arguments.
    value = losslessParse(trimAscii(body));
  } catch (e) {
    throw new RecordError("bad_tool_call", `a <tool_call> block is not JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new RecordError("bad_tool_call", "a <tool_call> block is not a JSON object");
  }
  const { name, arguments: args } = value as { name?: unknown; arguments?: unknown };
  if (typeof name !== "string" || name === "") {
    throw new RecordError("bad_tool_call", 'a <tool_call> block has no "name"');
  }
  let argsText: string;
  if (args === undefined || args === null) argsText = "{}";
  else if (typeof args === "string") argsText = args;
  else argsText = losslessStringify(args) ?? "{}";
  return { name, arguments: argsText };
}

function skipWhitespace(s: string, pos: number): number {
  while (pos < s.length) {
    const c = s.charCodeAt(pos);
    if (c !== 10 && c !== 13 && c !== 32 && c !== 9) break;
    pos++;
  }
  return pos;
}

/**
 * The results of a user turn made only of `<tool_response>` blocks, or undefined when the text
 * is anything else (then it is an ordinary user message).
 */
export function parseToolResponseText(content: string): string[] | undefined {
  let pos = skipWhitespace(content, 0);
  if (!content.startsWith(RESPONSE_OPEN, pos)) return undefined;
  const results: string[] = [];
  while (pos < content.length) {
    if (!content.startsWith(RESPONSE_OPEN, pos)) return undefined;
    const start = pos + RESPONSE_OPEN.length;
    const end = content.indexOf(RESPONSE_CLOSE, start);
    if (end < 0) return undefined;
    results.push(trimOneNewline(content.slice(start, end)));
    pos = skipWhitespace(content, end + RESPONSE_CLOSE.length);
  }
  return results;
}

/** The template writes exactly one newline inside each tag; strip just that, keep the rest. */
function trimOneNewline(s: string): string {
  let a = 0;
  let b = s.length;
  if (s.charCodeAt(0) === 10) a = 1;
  if (b > a && s.charCodeAt(b - 1) === 10) b--;
  return s.slice(a, b);
}

/** `{"name": "f", "arguments": {...}}` with Python json.dumps separators, as the Qwen template writes it. */
export function formatToolCallBlock(name: string, args: string): string {
  const argsText = looksLikeJsonValue(args) ? args : JSON.stringify(args);
  return `${CALL_OPEN}\n{"name": ${JSON.stringify(name)}, "arguments": ${argsText}}\n${CALL_CLOSE}`;
}

/** An assistant message in the text form: content (if any) then one block per call. */
export function formatToolCallText(content: string | null, calls: TextToolCall[]): string {
  const blocks = calls.map((c) => formatToolCallBlock(c.name, c.arguments)).join("\n");
  return content ? `${content}\n${blocks}` : blocks;
}

export function formatToolResponseText(results: string[]): string {
  return results.map((r) => `${RESPONSE_OPEN}\n${r}\n${RESPONSE_CLOSE}`).join("\n");
}

function looksLikeJsonValue(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
