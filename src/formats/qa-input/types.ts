/** One single-turn triple of the Aligner shape: the seed of a rounds conversation. */
export interface QaTriple {
  question: string;
  answer: string;
  correction: string;
}

export type QaField = keyof QaTriple;

export const QA_FIELDS: readonly QaField[] = ["question", "answer", "correction"];

/** A row of an input file, before field mapping: an object, and where it came from. */
export interface InputRow {
  /** 1-based row number (line for JSONL, data row for CSV, record for JSON and Parquet). */
  row: number;
  value: unknown;
}

export type InputFormat = "jsonl" | "json" | "csv" | "parquet";

/** What reading an input did: rows seen, rows kept, rows skipped by reason. */
export interface InputStats {
  file: string;
  format: InputFormat;
  rows: number;
  used: number;
  skipped: Record<string, number>;
}
