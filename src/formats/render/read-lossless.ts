import { isLosslessNumber } from "lossless-json";
import { InputError } from "../../core/errors.js";
import { isObject, parseRecord } from "../read/index.js";
import { jsonNestingExceeds, MAX_JSON_NESTING } from "../read/json-depth.js";
import { readLines } from "../read/lines.js";
import type { ReadItem } from "../read/types.js";
import { resolveInput } from "../resolve-input.js";
import { parseJsonLossless, stringifyJsonLossless } from "./lossless.js";

/**
 * The records of a dataset file or run directory, read for rendering: each line is parsed
 * losslessly (numbers keep their spelling: `21.0` renders `21.0`, as Python would print it) and
 * then converted by the shared readers.
 */
export async function* readRecordsLossless(
  input: string,
  options: { lossy?: boolean } = {},
): AsyncGenerator<ReadItem> {
  for (const file of resolveInput(input).files) {
    for await (const { line, text } of readLines(file.path, options)) {
      if (jsonNestingExceeds(text, MAX_JSON_NESTING))
        throw new InputError(
          `${file.path}:${line}: JSON nested more than ${MAX_JSON_NESTING} levels deep (no chat record is); fix or remove that line`,
        );
      let value: unknown;
      try {
        value = parseJsonLossless(text);
      } catch (e) {
        throw new InputError(
          `${file.path}:${line}: not valid JSON (${(e as Error).message}); fix or remove that line`,
        );
      }
      yield parseRecord(keepNumberSpelling(value), line, file.path);
    }
  }
}

/**
 * Prepares a losslessly parsed line for the shared readers: numbers that reach the template keep
 * their spelling, everything else becomes a plain number again (the readers test
 * `typeof x === "number"` for `order`, `weight`, ids). What reaches the template: the `tools`
 * column (also when it is a JSON string, as ShareGPT writes it) and tool-call arguments, which
 * the readers would serialise with JSON.stringify, so they get a lossless JSON string here.
 */
function keepNumberSpelling(value: unknown, inCall = false): unknown {
  if (isLosslessNumber(value)) return Number(value.value);
  if (Array.isArray(value)) return value.map((item) => keepNumberSpelling(item, inCall));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, child] of Object.entries(value)) {
    if (k === "tools") out[k] = losslessTools(child);
    else if (inCall && k === "arguments" && child !== null && typeof child === "object")
      out[k] = stringifyJsonLossless(child);
    else
      out[k] = keepNumberSpelling(
        child,
        k === "tool_calls" || k === "function_call" || (inCall && k === "function"),
      );
  }
  return out;
}

function losslessTools(tools: unknown): unknown {
  if (typeof tools !== "string") return tools;
  try {
    return parseJsonLossless(tools);
  } catch {
    return tools; // the reader reports a bad tools column
  }
}
