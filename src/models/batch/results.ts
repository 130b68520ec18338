import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { ModelConfig } from "../../config/model-config.js";
import { JsonlWriter } from "../../core/jsonl.js";
import { costOf } from "../cost.js";
import type { Usage } from "../types.js";
import type { BatchClient } from "./client.js";
import { LineReader, readLinesWithOffsets } from "./lines.js";
import { type BatchPart, type BatchStatusFile, isTerminal, writeBatchStatus } from "./status.js";

export const RESULTS_FILE = "results.jsonl";
export const RAW_DIR = "raw";

/** One line of results.jsonl, in input order: the chat completion, or why there is none. */
export type BatchResultLine =
  | { custom_id: string; ok: true; response: unknown }
  | { custom_id: string; ok: false; status_code?: number; error: { code: string; message: string } };

export interface ResultsSummary {
  requests: number;
  succeeded: number;
  failed: number;
  /** Requests whose batch has not finished yet. */
  pending: number;
  /** Failures by error code (batch_expired, http_400, ...). */
  errors: Record<string, number>;
  /** Tokens of every successful response, every round (all of it was paid for). */
  usage: Usage;
  /** At batch prices (`price.batch_discount`, default 0.5 of the online price). */
  cost_usd: number;
}

/** Downloads the output and error files of finished batches that are not on disk yet. */
export async function downloadResults(
  dir: string,
  status: BatchStatusFile,
  client: BatchClient,
): Promise<number> {
  let files = 0;
  mkdirSync(join(dir, RAW_DIR), { recursive: true });
  for (const round of status.rounds) {
    for (const part of round.parts) {
      if (!part.batch_id || !isTerminal(part)) continue;
      for (const kind of ["output", "error"] as const) {
        const fileId = kind === "output" ? part.output_file_id : part.error_file_id;
        if (!fileId || part.downloaded?.[kind]) continue;
        const rel = join(RAW_DIR, `${part.batch_id}_${kind}.jsonl`);
        await client.download(fileId, join(dir, rel));
        part.downloaded = { ...part.downloaded, [kind]: rel };
        writeBatchStatus(dir, status);
        files++;
      }
    }
  }
  return files;
}

/** Where the outcome of one custom_id is: a line of a downloaded file, or an error known without one. */
type Entry =
  | { ok: boolean; file: string; offset: number; length: number }
  | { ok: false; code: string; message: string };

interface OutputLine {
  custom_id?: unknown;
  response?: { status_code?: unknown; body?: unknown } | null;
  error?: { code?: unknown; message?: unknown } | null;
}

/** A line is a success only with no error, status_code 200 and a completion in the body. */
function succeeded(line: OutputLine): boolean {
  if (line.error) return false;
  if (line.response?.status_code !== 200) return false;
  const body = line.response.body as { choices?: unknown[] } | undefined;
  return Array.isArray(body?.choices) && body.choices.length > 0;
}

function failure(line: OutputLine): { code: string; message: string; status_code?: number } {
  if (line.error)
    return { code: String(line.error.code ?? "error"), message: String(line.error.message ?? "") };
  const status = line.response?.status_code;
  const body = line.response?.body as { error?: { message?: unknown; code?: unknown } } | undefined;
  if (typeof status === "number" && status !== 200)
    return {
      code: `http_${status}`,
      message: String(body?.error?.message ?? `HTTP ${status}`),
      status_code: status,
    };
  return { code: "empty_response", message: "the response has no choices", status_code: 200 };
}

/** The custom_ids of a request file, streamed. */
async function* customIds(path: string): AsyncGenerator<string> {
  for await (const line of readLinesWithOffsets(path)) {
    const id = (JSON.parse(line.text) as { custom_id?: unknown }).custom_id;
    if (typeof id === "string") yield id;
  }
}

/** A failed batch (invalid input) returns no lines: each of its requests fails with the batch's error. */
function batchFailure(part: BatchPart): { code: string; message: string } {
  const first = part.errors?.[0];
  return {
    code: part.status === "failed" ? "batch_failed" : `batch_${part.status ?? "unknown"}`,
    message: first
      ? `${first.code ?? "error"}: ${first.message ?? ""}${first.line ? ` (line ${first.line})` : ""}`
      : `the batch ended ${part.status}`,
  };
}

/**
 * Merges the downloaded files of every round into `results.jsonl`, one line per request of the
 * original input and in its order (output files come back in any order: matched by custom_id).
 * A later round's success replaces an earlier failure. Only offsets are kept in memory; each
 * response is read back from its file when its line is written.
 */
export async function buildResults(
  dir: string,
  status: BatchStatusFile,
  price?: ModelConfig["price"],
): Promise<ResultsSummary> {
  const { index, usage, pendingIds } = await indexOutcomes(dir, status);
  const summary: ResultsSummary = {
    requests: 0,
    succeeded: 0,
    failed: 0,
    pending: 0,
    errors: {},
    usage,
    cost_usd: costOf(usage, price, true),
  };
  const readers = new Map<string, LineReader>();
  const read = (entry: { file: string; offset: number; length: number }) => {
    let r = readers.get(entry.file);
    if (!r) {
      r = new LineReader(join(dir, entry.file));
      readers.set(entry.file, r);
    }
    return JSON.parse(r.read(entry.offset, entry.length)) as OutputLine;
  };
  const target = join(dir, RESULTS_FILE);
  const tmp = `${target}.tmp-${process.pid}`;
  const out = new JsonlWriter(tmp, 1 << 20, "truncate");
  try {
    for await (const id of customIds(join(dir, status.rounds[0].input))) {
      const entry = index.get(id);
      const line =
        !entry?.ok && pendingIds.has(id)
          ? pendingLine(id)
          : entry && "file" in entry
            ? lineFromFile(id, entry.ok, read(entry))
            : knownFailureLine(id, entry);
      count(summary, line);
      out.write(line);
    }
  } finally {
    out.close();
    for (const r of readers.values()) r.close();
  }
  renameSync(tmp, target);
  return summary;
}

interface Outcomes {
  /** Where each custom_id's outcome is; a success is never replaced by a later failure. */
  index: Map<string, Entry>;
  usage: Usage;
  /** Requests of batches not finished yet. */
  pendingIds: Set<string>;
}

/** Pass over every round's files: the outcome of each request, and the tokens paid for. */
async function indexOutcomes(dir: string, status: BatchStatusFile): Promise<Outcomes> {
  const outcomes: Outcomes = {
    index: new Map(),
    usage: { prompt_tokens: 0, completion_tokens: 0 },
    pendingIds: new Set(),
  };
  for (const round of status.rounds) {
    for (const part of round.parts) {
      if (!part.batch_id || !isTerminal(part)) {
        for await (const id of customIds(join(dir, part.file))) outcomes.pendingIds.add(id);
        continue;
      }
      await indexFinishedPart(dir, part, outcomes);
    }
  }
  return outcomes;
}

async function indexFinishedPart(dir: string, part: BatchPart, { index, usage }: Outcomes): Promise<void> {
  const returned = new Set<string>();
  for (const rel of [part.downloaded?.output, part.downloaded?.error]) {
    if (!rel) continue;
    for await (const raw of readLinesWithOffsets(join(dir, rel))) {
      const line = JSON.parse(raw.text) as OutputLine;
      if (typeof line.custom_id !== "string") continue;
      returned.add(line.custom_id);
      const ok = succeeded(line);
      if (ok) {
        const u = (line.response?.body as { usage?: Partial<Usage> } | undefined)?.usage;
        usage.prompt_tokens += u?.prompt_tokens ?? 0;
        usage.completion_tokens += u?.completion_tokens ?? 0;
      }
      if (index.get(line.custom_id)?.ok) continue;
      index.set(line.custom_id, { ok, file: rel, offset: raw.offset, length: raw.length });
    }
  }
  // Requests a finished batch never returned (it failed validation, or was cancelled before they ran).
  for await (const id of customIds(join(dir, part.file))) {
    if (returned.has(id) || index.get(id)?.ok) continue;
    index.set(id, { ok: false, ...batchFailure(part) });
  }
}

function pendingLine(id: string): BatchResultLine {
  return { custom_id: id, ok: false, error: { code: "pending", message: "its batch has not finished yet" } };
}

/** The line of a request whose outcome is a line of a downloaded file. */
function lineFromFile(id: string, ok: boolean, parsed: OutputLine): BatchResultLine {
  if (ok) return { custom_id: id, ok: true, response: parsed.response?.body };
  const f = failure(parsed);
  return {
    custom_id: id,
    ok: false,
    ...(f.status_code !== undefined ? { status_code: f.status_code } : {}),
    error: { code: f.code, message: f.message },
  };
}

/** A failure known without a returned line (the batch failed), or a request no batch returned. */
function knownFailureLine(id: string, entry: { code: string; message: string } | undefined): BatchResultLine {
  if (entry) return { custom_id: id, ok: false, error: { code: entry.code, message: entry.message } };
  return {
    custom_id: id,
    ok: false,
    error: { code: "not_returned", message: "no batch returned this request" },
  };
}

function count(summary: ResultsSummary, line: BatchResultLine): void {
  summary.requests++;
  if (line.ok) summary.succeeded++;
  else if (line.error.code === "pending") summary.pending++;
  else {
    summary.failed++;
    summary.errors[line.error.code] = (summary.errors[line.error.code] ?? 0) + 1;
  }
}
