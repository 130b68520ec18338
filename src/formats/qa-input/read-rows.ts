import { readCsvRows } from "./read-csv.js";
import { readJsonRows } from "./read-json.js";
import { type RowOrSkip, readJsonlRows } from "./read-jsonl.js";
import { readParquetRows } from "./read-parquet.js";
import { detectFormat } from "./sniff.js";

/** Every row of a JSONL, JSON, CSV or Parquet file as an object, streamed (a seed dataset). */
export function readRows(path: string): AsyncGenerator<RowOrSkip> {
  switch (detectFormat(path)) {
    case "jsonl":
      return readJsonlRows(path);
    case "json":
      return readJsonRows(path);
    case "csv":
      return readCsvRows(path);
    case "parquet":
      return readParquetRows(path, undefined);
  }
}
