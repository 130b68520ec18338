import { readFileSync } from "node:fs";
import { InputError } from "../../core/errors.js";
import { type RowOrSkip, readJsonlRows } from "./read-jsonl.js";

/** The array of records in a parsed JSON document: the top level, or the one array property of an object (`{"data": [...]}`). */
function recordsOf(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === "object") {
    const arrays = Object.values(doc).filter(
      (v) => Array.isArray(v) && v.some((x) => x && typeof x === "object"),
    );
    if (arrays.length === 1) return arrays[0] as unknown[];
  }
  return undefined;
}

/**
 * A JSON array of records (read whole: JSON has no line boundaries to stream on). Many datasets
 * name JSON Lines files `.json`; such a file is read as JSON Lines.
 */
export async function* readJsonRows(path: string): AsyncGenerator<RowOrSkip> {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const firstLine = text.trimStart().split("\n", 1)[0];
    let looksJsonl = false;
    try {
      const first = JSON.parse(firstLine);
      looksJsonl = first !== null && typeof first === "object" && !Array.isArray(first);
    } catch {
      looksJsonl = false;
    }
    if (looksJsonl) {
      yield* readJsonlRows(path);
      return;
    }
    throw new InputError(
      `${path}: not valid JSON (${(e as Error).message}); check the file or its extension`,
    );
  }
  const records = recordsOf(doc);
  if (!records)
    throw new InputError(
      `${path}: expected a JSON array of records (or {"data": [...]}); got a JSON ${doc === null ? "null" : typeof doc}`,
    );
  for (let i = 0; i < records.length; i++) yield { row: i + 1, value: records[i] };
}
