import { existsSync, readFileSync } from "node:fs";

/** The JSON values of a JSONL file, one a line ([] when the file does not exist). */
export function jsonLines<T = Record<string, unknown>>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}
