import { InputError } from "../../core/errors.js";
import { deriveSeed, Rng } from "../../core/rng.js";
import { type FieldMap, mapRow, topColumn } from "./fields.js";
import { readCsvRows } from "./read-csv.js";
import { readJsonRows } from "./read-json.js";
import { type RowOrSkip, readJsonlRows } from "./read-jsonl.js";
import { readParquetRows } from "./read-parquet.js";
import { detectFormat } from "./sniff.js";
import { type InputStats, QA_FIELDS, type QaTriple } from "./types.js";

export interface ReadQaOptions {
  fields: FieldMap;
  /** Keep a seeded random sample of this many usable records (in file order). */
  sample?: number;
  /** Keep the first this many usable records. */
  first?: number;
  /** Seed of the sample. */
  seed?: number;
}

/** Stream number of the sample's random draws (kept apart from per-conversation streams). */
const SAMPLE_STREAM = 0x5a4d;

function columnChecker(path: string, fields: FieldMap) {
  return (columns: string[]) => {
    for (const field of QA_FIELDS) {
      const column = topColumn(fields[field]);
      if (!columns.includes(column)) {
        const shown = columns.slice(0, 12).join(", ") + (columns.length > 12 ? ", ..." : "");
        throw new InputError(
          `${path} has no column '${column}' for ${field} (columns: ${shown}); map it with --fields ${field}=COLUMN`,
        );
      }
    }
  };
}

function rowsOf(path: string, format: InputStats["format"], fields: FieldMap): AsyncGenerator<RowOrSkip> {
  const check = columnChecker(path, fields);
  switch (format) {
    case "jsonl":
      return readJsonlRows(path);
    case "json":
      return readJsonRows(path);
    case "csv":
      return readCsvRows(path, check);
    case "parquet":
      return readParquetRows(path, [...new Set(QA_FIELDS.map((f) => topColumn(fields[f])))], check);
  }
}

/**
 * Reads question/answer/correction triples from JSONL, a JSON array, CSV or Parquet and hands the
 * kept ones to `emit` in file order. A record missing a field is skipped and counted by reason,
 * never a crash; a file that is not what it claims is one InputError. With `sample`, only the
 * sample is held in memory (reservoir sampling); otherwise records stream straight through.
 */
export async function readQaTriples(
  path: string,
  options: ReadQaOptions,
  emit: (triple: QaTriple) => void,
): Promise<InputStats> {
  const format = detectFormat(path);
  const stats: InputStats = { file: path, format, rows: 0, used: 0, skipped: {} };
  const skip = (reason: string) => {
    stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1;
  };
  const rng = new Rng(deriveSeed(options.seed ?? 0, SAMPLE_STREAM));
  const reservoir: { order: number; triple: QaTriple }[] = [];
  let usable = 0;
  for await (const item of rowsOf(path, format, options.fields)) {
    stats.rows++;
    if ("skip" in item) {
      skip(item.skip);
      continue;
    }
    const mapped = mapRow(item.value, options.fields);
    if (!mapped.ok) {
      skip(mapped.reason);
      continue;
    }
    const order = usable++;
    if (options.sample !== undefined) {
      // Algorithm R: every usable record ends up in the sample with the same probability.
      if (reservoir.length < options.sample) reservoir.push({ order, triple: mapped.triple });
      else {
        const j = rng.int(0, order);
        if (j < options.sample) reservoir[j] = { order, triple: mapped.triple };
      }
      continue;
    }
    emit(mapped.triple);
    stats.used++;
    if (options.first !== undefined && stats.used >= options.first) break;
  }
  if (options.sample !== undefined) {
    reservoir.sort((a, b) => a.order - b.order);
    for (const r of reservoir) emit(r.triple);
    stats.used = reservoir.length;
  }
  if (stats.used === 0) {
    const reasons = Object.entries(stats.skipped)
      .map(([r, n]) => `${r} ${n}`)
      .join(", ");
    const wanted = QA_FIELDS.map((f) => `${f}=${options.fields[f]}`).join(",");
    throw new InputError(
      `${path}: no usable record among ${stats.rows} (${reasons || "the file is empty"}); each needs text in ${wanted}: map your field names with --fields`,
    );
  }
  return stats;
}
