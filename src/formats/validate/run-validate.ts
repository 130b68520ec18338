import { existsSync, statSync } from "node:fs";
import { InputError, UsageError } from "../../core/errors.js";
import { MAX_RECORD_BYTES, readLines } from "../read/lines.js";
import { detectLegacyShape } from "../read/parse-record.js";
import { oversizeLine } from "../read/read-records.js";
import { type IssueCollector as Collector, IssueCollector, type IssueGroup } from "./issues.js";
import { checkMessagesExample } from "./message-checks.js";
import { checkShareGptExample } from "./sharegpt-checks.js";
import { exampleTokens, resolveTokenizer, TokenCounter, type TokenDistribution } from "./token-stats.js";

export const VALIDATE_FORMATS = ["openai", "sharegpt", "llama-factory", "trl"] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

export interface ValidateRequest {
  file: string;
  /** The trainer format to check against; detected from the first record when absent. */
  as?: ValidateFormat;
  maxTokens?: number;
  /** o200k (default), cl100k, or the path of a byte-level BPE tokenizer.json. */
  tokenizer?: string;
}

export interface ValidationReport {
  file: string;
  format: ValidateFormat;
  /** True when the format was detected rather than given. */
  detected: boolean;
  examples: number;
  errors: Record<string, IssueGroup>;
  warnings: Record<string, IssueGroup>;
  /** Examples with at least one error. */
  invalidExamples: number;
  tokens?: TokenDistribution;
  ok: boolean;
}

/** OpenAI rejects a fine-tuning file with fewer examples than this. */
export const MIN_EXAMPLES = 10;

/**
 * Checks a trainer file line by line (streaming) and reports errors by type with line numbers,
 * warnings, and the token-length distribution. Never throws for bad data: that is the report.
 */
export async function validateFile(request: ValidateRequest): Promise<ValidationReport> {
  const { file } = request;
  if (!existsSync(file)) throw new InputError(`${file}: no such file; check the path`);
  if (statSync(file).isDirectory())
    throw new UsageError(`${file} is a directory; validate checks one JSONL file`);
  const counter = new TokenCounter(resolveTokenizer(request.tokenizer), request.maxTokens);
  const issues = new IssueCollector();
  let format = request.as;
  let examples = 0;
  let invalid = 0;
  // Invalid UTF-8 reads as U+FFFD here: validate reports what a trainer would load.
  for await (const { line, text, oversize } of readLines(file, {
    lossy: true,
    maxLineBytes: MAX_RECORD_BYTES,
  })) {
    examples++;
    issues.begin(line);
    if (oversize !== undefined) {
      issues.error("oversize_record", oversizeLine(file, line, oversize, MAX_RECORD_BYTES).detail);
      invalid++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      issues.error("invalid_json", (e as Error).message);
      invalid++;
      continue;
    }
    if (examples === 1) hintRecipeShape(value, file, issues);
    format ??= detectFormat(value);
    const before = errorTotal(issues);
    check(value, format, issues);
    if (errorTotal(issues) > before) invalid++;
    counter.add(exampleTokens(value, counter), line);
  }
  if (examples === 0) issues.fileError("no_examples", "the file has no examples");
  else if (examples < MIN_EXAMPLES) {
    issues.fileWarning("too_few_examples", `${examples} examples; OpenAI requires at least ${MIN_EXAMPLES}`);
  }
  const tokens = counter.result();
  if (tokens?.overLimit) {
    issues.warnings.over_max_tokens = {
      count: tokens.overLimit,
      lines: tokens.overLimitLines ?? [],
      detail: `longer than ${tokens.maxTokens} tokens; they will be truncated`,
    };
  }
  return {
    file,
    format: format ?? request.as ?? "openai",
    detected: request.as === undefined,
    examples,
    errors: issues.errors,
    warnings: issues.warnings,
    invalidExamples: invalid,
    tokens,
    ok: Object.keys(issues.errors).length === 0,
  };
}

const RECIPE_SHAPES = new Set(["roleplay", "tools", "rounds", "rounds-single", "prompt-completion"]);

/**
 * A recipe's own record of 0.2.0 and earlier is not a trainer file: say which command makes one.
 * (A canonical record is OpenAI chat messages with an id and metadata beside them.)
 */
function hintRecipeShape(value: unknown, file: string, issues: Collector): void {
  const shape = detectLegacyShape(value);
  if (shape && RECIPE_SHAPES.has(shape)) {
    issues.fileWarning(
      "not_a_trainer_file",
      `the first record is a ${shape} record, not a trainer format; convert it first: dialogsmith export ${file} --to openai (or sharegpt, llama-factory, trl)`,
    );
  }
}

function check(value: unknown, format: ValidateFormat, issues: Collector): void {
  if (format === "sharegpt" || format === "llama-factory") checkShareGptExample(value, issues);
  else checkMessagesExample(value, issues, format);
}

function errorTotal(issues: Collector): number {
  let n = 0;
  for (const g of Object.values(issues.errors)) n += g.count;
  return n;
}

/** ShareGPT when `conversations`; TRL when tool arguments are objects or it is prompt/completion; else OpenAI. */
export function detectFormat(value: unknown): ValidateFormat {
  if (typeof value !== "object" || value === null) return "openai";
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.conversations)) return "llama-factory";
  if (!Array.isArray(v.messages) && (v.prompt !== undefined || v.chosen !== undefined)) return "trl";
  if (Array.isArray(v.messages)) {
    for (const m of v.messages) {
      const calls = (m as { tool_calls?: unknown })?.tool_calls;
      if (Array.isArray(calls) && calls.some((c) => typeof c?.function?.arguments === "object")) return "trl";
    }
  }
  return "openai";
}
