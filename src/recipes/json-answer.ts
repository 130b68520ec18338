import { extractJson } from "../models/json-extract.js";
import type { Rejection } from "./recipe.js";

/**
 * The first two checks of any recipe whose model answers with one JSON document: cut short by
 * max_tokens, or not JSON at all. Both are content failures (retryable once with a new sample).
 * `parse` reads the JSON (see extractJson).
 */
export function readJsonAnswer(
  answer: { content: string | null; finishReason: string | null },
  parse?: (json: string) => unknown,
): { ok: true; value: unknown } | Rejection {
  const raw = answer.content;
  if (answer.finishReason === "length") {
    return {
      kind: "rejected",
      reason: "truncated",
      detail: "the answer hit max_tokens (finish_reason: length); raise max_tokens",
      raw,
      retryable: true,
    };
  }
  try {
    return { ok: true, value: extractJson(raw ?? "", parse) };
  } catch (e) {
    return { kind: "rejected", reason: "invalid_json", detail: (e as Error).message, raw, retryable: true };
  }
}
