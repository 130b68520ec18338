import type OpenAI from "openai";
import { redactSecrets } from "../core/secrets.js";

/** Default cap on one answer's body: a runaway model cannot fill the disk or the heap. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** What the body of a 2xx answer turned out to be. */
export type BodyOutcome =
  | { kind: "completion"; completion: OpenAI.Chat.Completions.ChatCompletion }
  /** Not an OpenAI chat completion at all: HTML, text, invalid JSON, no choices. `what` says what came. */
  | { kind: "not_completion"; what: string }
  | { kind: "too_large"; limit: number };

/**
 * Reads the body of a 2xx answer, at most `maxBytes` of it, and says whether it is a chat
 * completion. A stream error (the deadline, a dropped connection) rejects; the caller classifies it.
 */
export async function readCompletion(response: Response, maxBytes: number): Promise<BodyOutcome> {
  const text = await readCapped(response, maxBytes);
  if (text === undefined) return { kind: "too_large", limit: maxBytes };
  const type = (response.headers.get("content-type") ?? "no content type").split(";")[0].trim();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Some servers mislabel JSON, so the type only names what came when the body is not JSON.
    const label =
      /html/i.test(type) || /^\s*<(!doctype|html)/i.test(text)
        ? "an HTML page"
        : /json/i.test(type)
          ? "invalid JSON"
          : type;
    return {
      kind: "not_completion",
      what: `${label} (status ${response.status}, ${type}): ${snippet(text)}`,
    };
  }
  const choices = (value as { choices?: unknown } | null)?.choices;
  const message = Array.isArray(choices)
    ? (choices[0] as { message?: unknown } | undefined)?.message
    : undefined;
  if (!message || typeof message !== "object")
    return {
      kind: "not_completion",
      what: `JSON without choices[0].message (status ${response.status}): ${snippet(text)}`,
    };
  return { kind: "completion", completion: value as OpenAI.Chat.Completions.ChatCompletion };
}

/** The body as text, or undefined once it passes `maxBytes` (the rest is not downloaded). */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get("content-length"));
  const reader = response.body?.getReader();
  if (!reader) return "";
  if (declared > maxBytes) {
    await reader.cancel().catch(() => {});
    return undefined;
  }
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}

/** The start of a body on one line, quoted and scrubbed, for an error message. */
function snippet(text: string): string {
  const flat = redactSecrets(text).replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat);
}
