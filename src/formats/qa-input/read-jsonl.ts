import { InputError } from "../../core/errors.js";
import { readLines } from "../read/lines.js";
import type { InputRow } from "./types.js";

export type RowOrSkip = InputRow | { row: number; skip: string };

/**
 * JSON Lines. The first record must be a JSON object, else the file is not JSONL at all (one
 * clear error); a later line that does not parse is skipped and counted as `invalid_json`.
 */
export async function* readJsonlRows(path: string): AsyncGenerator<RowOrSkip> {
  let row = 0;
  for await (const { line, text } of readLines(path)) {
    row++;
    let value: unknown;
    try {
      value = JSON.parse(row === 1 ? text.replace(/^\uFEFF/, "") : text);
    } catch (e) {
      if (row === 1) {
        throw new InputError(
          `${path}:${line}: not JSON Lines (${(e as Error).message}); check the file or its extension`,
        );
      }
      yield { row, skip: "invalid_json" };
      continue;
    }
    if (row === 1 && (value === null || typeof value !== "object" || Array.isArray(value))) {
      throw new InputError(
        `${path}:${line}: not JSON Lines: the first line is not a JSON object; check the file or its extension`,
      );
    }
    yield { row, value };
  }
}
