import { parse, stringify } from "lossless-json";

/**
 * JSON read without losing what Python would see: every number stays a `LosslessNumber` holding
 * its source text, so `21.0` is rendered `21.0` (a float in Python) and `21` stays `21`.
 * Everything else is as JSON.parse makes it.
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text);
}

/** The inverse: numbers written back exactly as read. */
export function stringifyJsonLossless(value: unknown): string {
  return stringify(value) ?? "null";
}

/**
 * A tool call's `arguments` for rendering. Conversation keeps them as a JSON string (OpenAI's
 * form); templates need the object (a string would be encoded twice by `tojson`). A string that
 * is not JSON is passed on as a string, which is what the template would then show.
 */
export function parseToolArguments(args: unknown): unknown {
  if (typeof args !== "string") return args;
  try {
    return parse(args);
  } catch {
    return args;
  }
}
