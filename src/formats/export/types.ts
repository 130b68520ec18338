import type { ReadRecord } from "../read/types.js";

export const EXPORT_TARGETS = [
  "openai",
  "sharegpt",
  "llama-factory",
  "trl",
  "trl-prompt-completion",
  "prompt-completion",
  "dpo",
  "sft",
  "aligner",
  "roleplay-seed",
  "tools-seed",
  "rounds-seed",
] as const;

export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/**
 * The target when none is given: OpenAI chat messages, which every trainer reads and which train
 * on every assistant turn (a roleplay record's own prompt/completion would train its last reply only).
 */
export const DEFAULT_EXPORT_TARGET: ExportTarget = "openai";

export interface ExportOptions {
  /** Rounds records to dpo/aligner: a pair per round (default) or only for the last round. */
  rounds?: "all" | "last";
}

/**
 * What one input record becomes: output lines (objects to serialise), or a rejection with a stable
 * reason. `notes` name lossless-but-noteworthy changes (e.g. a `weight` the target cannot express),
 * counted and reported beside the written records. `exactNumbers`: the values hold numbers read
 * with their spelling (tool call arguments as objects), written as spelled.
 */
export type ExportOutcome =
  | { ok: true; values: unknown[]; notes?: string[]; exactNumbers?: boolean }
  | { ok: false; reason: string; detail: string };

export interface Exporter {
  readonly target: ExportTarget;
  /** One line for --help and the docs. */
  readonly description: string;
  /** May throw RecordError for what cannot convert; use `convertRecord` to get it as an outcome. */
  convert(record: ReadRecord, options: ExportOptions): ExportOutcome;
}
