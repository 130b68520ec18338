import { UsageError } from "../../core/errors.js";
import { QA_FIELDS, type QaField, type QaTriple } from "./types.js";

/** Where each of question/answer/correction is read from: a key, or a dotted path (`meta.prompt`, `turns.0`). */
export type FieldMap = Record<QaField, string>;

export const DEFAULT_FIELDS: FieldMap = { question: "question", answer: "answer", correction: "correction" };

/** Parses `question=prompt,answer=response,correction=corrected` (any subset; the rest keep their names). */
export function parseFieldMap(spec: string | Record<string, string> | undefined): FieldMap {
  const map: FieldMap = { ...DEFAULT_FIELDS };
  if (spec === undefined) return map;
  const pairs =
    typeof spec === "string"
      ? spec
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)
          .map((p) => {
            const eq = p.indexOf("=");
            if (eq <= 0 || eq === p.length - 1) {
              throw new UsageError(
                `--fields: '${p}' is not NAME=COLUMN; write e.g. --fields question=prompt,answer=response`,
              );
            }
            return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as const;
          })
      : Object.entries(spec);
  for (const [name, column] of pairs) {
    if (!(QA_FIELDS as readonly string[]).includes(name)) {
      throw new UsageError(`--fields: unknown field '${name}'; the fields are ${QA_FIELDS.join(", ")}`);
    }
    if (typeof column !== "string" || column === "")
      throw new UsageError(`--fields: no column given for '${name}'`);
    map[name as QaField] = column;
  }
  return map;
}

/** The top-level column a field is read from (the first segment of its path). */
export function topColumn(path: string): string {
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.slice(0, dot);
}

function lookup(value: unknown, path: string): unknown {
  if (value && typeof value === "object" && path in (value as object))
    return (value as Record<string, unknown>)[path];
  let current: unknown = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(key)] : (current as Record<string, unknown>)[key];
  }
  return current;
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

export type MappedRow = { ok: true; triple: QaTriple } | { ok: false; reason: string };

/**
 * The triple of a row, or why it is skipped: `not_an_object`, `missing_<field>` (absent, null or
 * not text) or `empty_<field>` (only whitespace).
 */
export function mapRow(value: unknown, fields: FieldMap): MappedRow {
  if (!value || typeof value !== "object" || Array.isArray(value))
    return { ok: false, reason: "not_an_object" };
  const out: Partial<QaTriple> = {};
  for (const field of QA_FIELDS) {
    const text = asText(lookup(value, fields[field]));
    if (text === undefined) return { ok: false, reason: `missing_${field}` };
    const trimmed = text.trim();
    if (trimmed === "") return { ok: false, reason: `empty_${field}` };
    out[field] = trimmed;
  }
  return { ok: true, triple: out as QaTriple };
}
