import type { Conversation } from "../../core/conversation.js";
import { InputError } from "../../core/errors.js";
import { type ResolvedInput, resolveInput } from "../resolve-input.js";
import { type ReadLinesOptions, readLines } from "./lines.js";
import { parseRecord } from "./parse-record.js";
import type { ReadItem, SkippedLine } from "./types.js";

export interface ReadRecordsOptions extends Pick<ReadLinesOptions, "lossy" | "maxLineBytes"> {
  /** A line that is not JSON: an InputError naming file and line (default), or a skipped item. */
  badJson?: "error" | "skip";
}

/**
 * Streams the records of a dataset file or run directory, one converted line at a time. Lines
 * that do not convert come back as `{ok: false}` so callers count them.
 */
export async function* readRecords(
  input: string | ResolvedInput,
  options: ReadRecordsOptions = {},
): AsyncGenerator<ReadItem> {
  const resolved = typeof input === "string" ? resolveInput(input) : input;
  for (const file of resolved.files) {
    for await (const { line, text, oversize } of readLines(file.path, options)) {
      if (oversize !== undefined) {
        yield { ok: false, skipped: oversizeLine(file.path, line, oversize, options.maxLineBytes) };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        if (options.badJson === "skip") {
          yield {
            ok: false,
            skipped: {
              line,
              source: file.path,
              reason: "invalid_json",
              detail: (e as Error).message,
              raw: text,
            },
          };
          continue;
        }
        throw new InputError(
          `${file.path}:${line}: not valid JSON (${(e as Error).message}); fix or remove that line`,
        );
      }
      yield parseRecord(value, line, file.path);
    }
  }
}

/** A line too long to read (see ReadLinesOptions.maxLineBytes): counted, never parsed. */
export function oversizeLine(source: string, line: number, bytes: number, limit = 0): SkippedLine {
  return {
    line,
    source,
    reason: "oversize",
    detail: `a record of ${(bytes / 2 ** 20).toFixed(1)} MB, more than the ${(limit / 2 ** 20).toFixed(0)} MB limit; not read`,
    raw: undefined,
  };
}

export interface ReadConversationsOptions extends ReadRecordsOptions {
  /** Told about every line that is not a usable record (default: ignored). */
  onSkip?: (skipped: SkippedLine) => void;
}

/**
 * The canonical conversations of any dataset file or run directory (every recipe's shape, OpenAI,
 * ShareGPT, TRL). The entry point for commands that only need conversations (render, stats, push).
 */
export async function* readConversations(
  input: string | ResolvedInput,
  options: ReadConversationsOptions = {},
): AsyncGenerator<Conversation> {
  for await (const item of readRecords(input, options)) {
    if (item.ok) yield item.record.conversation;
    else options.onSkip?.(item.skipped);
  }
}
