import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { InputError, UsageError } from "../../core/errors.js";
import {
  emptyLengths,
  lengthRatioWarning,
  lengthSummary,
  mergeLengths,
  type PreferenceLengths,
} from "../preference-lengths.js";
import type { RecordShape } from "../read/types.js";
import { type ResolvedInput, resolveInput } from "../resolve-input.js";
import { readLineChunks } from "./chunks.js";
import { type ChunkResult, type ChunkSkip, encodeLines, exportChunk } from "./export-chunk.js";
import { ExportPool, type PoolResult, workersAvailable } from "./export-pool.js";
import { getExporter } from "./registry.js";
import { AtomicFileSink, type LineSink, StdoutSink } from "./sink.js";
import { DEFAULT_EXPORT_TARGET, type Exporter, type ExportOptions, type ExportTarget } from "./types.js";

export interface ExportRequest {
  /** A dataset file or a run directory. */
  input: string;
  /** Default DEFAULT_EXPORT_TARGET. */
  target?: ExportTarget | string;
  /**
   * Output file, `-` for stdout; for a run directory already split into train/eval, a directory
   * that receives `train.jsonl` and `eval.jsonl`. Default: beside the input (see defaultOutput).
   */
  out?: string;
  /** Also write every skipped line with its reason here. */
  rejected?: string;
  options?: ExportOptions;
  /**
   * Worker threads converting blocks of lines (1 = in-thread). Default: one per core but one (at
   * most 4) for inputs of 32 MB or more. The output is the same whatever the number.
   */
  workers?: number;
  /** Bytes read per block of lines (default 1 MB in-thread, 2 MB per worker task). */
  chunkBytes?: number;
  /** Replace invalid UTF-8 with U+FFFD instead of failing on it (--lossy). */
  lossy?: boolean;
}

export interface SkipExample {
  source: string;
  line: number;
  detail: string;
}

export interface ExportSummary {
  target: ExportTarget;
  /** One entry per output file written. */
  outputs: { source: string; output: string; read: number; written: number }[];
  /** Input records read (non-blank lines). */
  read: number;
  /** Input records converted (each may give several lines, e.g. a dpo pair per round). */
  converted: number;
  /** Output lines written. */
  written: number;
  /** Skipped input records by reason. */
  skipped: Record<string, number>;
  skippedTotal: number;
  /** The first few skipped lines per reason, for the message to the user. */
  examples: Record<string, SkipExample[]>;
  /** Written with a noteworthy change (e.g. `weight_dropped`), by kind. */
  notes: Record<string, number>;
  /** Input records by detected shape. */
  shapes: Partial<Record<RecordShape, number>>;
  rejectedFile?: string;
  /** The reader of `--out -` went away (e.g. `| head`): the export stopped there. */
  outputClosed?: boolean;
  /** Preference targets (dpo): how long the chosen side is against the rejected side. */
  preferenceLengths?: ReturnType<typeof lengthSummary>;
  /** Things the user should know about the data written (e.g. a chosen/rejected length ratio over 1.5). */
  warnings: string[];
}

const EXAMPLES_PER_REASON = 3;

/** The default output path of an export (an output directory for split inputs). */
export function defaultOutput(resolved: ResolvedInput, target: string): string {
  if (resolved.kind === "file") return resolved.files[0].path.replace(/(\.jsonl?)?$/i, `.${target}.jsonl`);
  const dir = resolved.dir ?? ".";
  return resolved.kind === "splits" ? join(dir, "export", target) : join(dir, "export", `${target}.jsonl`);
}

/**
 * Streams a dataset through one exporter: line by line, memory flat in the file size. Outputs
 * appear only when complete (temp file + rename); a bad line aborts with an InputError naming it
 * and leaves any earlier output untouched.
 */
export async function exportDataset(request: ExportRequest): Promise<ExportSummary> {
  const exporter = getExporter(request.target ?? DEFAULT_EXPORT_TARGET);
  const resolved = resolveInput(request.input);
  const out = request.out ?? defaultOutput(resolved, exporter.target);
  const plan = planOutputs(resolved, out);

  const summary: ExportSummary = {
    target: exporter.target,
    outputs: [],
    read: 0,
    converted: 0,
    written: 0,
    skipped: {},
    skippedTotal: 0,
    examples: {},
    notes: {},
    shapes: {},
    warnings: [],
  };
  const lengths = emptyLengths();
  const sinks: LineSink[] = [];
  let rejectedSink: AtomicFileSink | undefined;
  const options = request.options ?? {};
  const keepRaw = request.rejected !== undefined;
  const workers = workerCount(request.workers, resolved);
  const ctx: ExportContext = {
    exporter,
    options,
    keepRaw,
    workers,
    chunkBytes: request.chunkBytes,
    lossy: request.lossy,
    pool: workers > 1 ? new ExportPool(workers, exporter.target, options, keepRaw) : undefined,
  };
  try {
    if (request.rejected) {
      checkNotInput(request.rejected, resolved, "--rejected");
      rejectedSink = new AtomicFileSink(resolve(request.rejected));
      summary.rejectedFile = request.rejected;
    }
    for (const { source, output } of plan) {
      const sink = output === "-" ? new StdoutSink() : new AtomicFileSink(resolve(output));
      sinks.push(sink);
      const counts = await exportFile(source, sink, ctx, summary, rejectedSink, lengths);
      summary.outputs.push({ source, output, ...counts });
      if (sink.closed) {
        summary.outputClosed = true;
        break;
      }
    }
    if (summary.converted === 0 && summary.read > 0) throw nothingRecognised(summary);
    if (lengths.pairs > 0) {
      summary.preferenceLengths = lengthSummary(lengths);
      const warning = lengthRatioWarning(lengths);
      if (warning) summary.warnings.push(warning);
    }
    for (const sink of sinks) await sink.commit();
    await rejectedSink?.commit();
    return summary;
  } catch (e) {
    for (const sink of sinks) sink.abort();
    rejectedSink?.abort();
    throw e;
  } finally {
    await ctx.pool?.close();
  }
}

interface ExportContext {
  exporter: Exporter;
  options: ExportOptions;
  keepRaw: boolean;
  workers: number;
  chunkBytes?: number;
  lossy?: boolean;
  pool?: ExportPool;
}

/** Inputs below this size export in-thread: starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 32 << 20;

function workerCount(requested: number | undefined, resolved: ResolvedInput): number {
  if (!workersAvailable()) return 1;
  if (requested !== undefined) return Math.max(1, Math.min(requested, 16));
  const bytes = resolved.files.reduce((n, f) => n + statSync(f.path).size, 0);
  if (bytes < PARALLEL_MIN_BYTES) return 1;
  // One core stays with the main thread (reading, merging, writing); on two cores, in-thread wins.
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

function planOutputs(resolved: ResolvedInput, out: string): { source: string; output: string }[] {
  if (resolved.kind === "splits" && resolved.files.length > 1) {
    if (out === "-")
      throw new UsageError("the input has train.jsonl and eval.jsonl: give --out a directory, not -");
    if (existsSync(out) && !statSync(out).isDirectory()) {
      throw new UsageError(`${out}: the input has train and eval splits; --out must be a directory`);
    }
    return resolved.files.map((f) => ({ source: f.path, output: join(out, `${f.split}.jsonl`) }));
  }
  if (out !== "-") {
    if (existsSync(out) && statSync(out).isDirectory()) {
      throw new UsageError(`${out} is a directory; give --out a file path (or - for stdout)`);
    }
    checkNotInput(out, resolved, "--out");
  }
  return [{ source: resolved.files[0].path, output: out }];
}

function checkNotInput(path: string, resolved: ResolvedInput, flag: string): void {
  for (const f of resolved.files) {
    if (resolve(f.path) === resolve(path))
      throw new UsageError(`${flag} ${path} is the input file; choose another path`);
  }
}

async function exportFile(
  source: string,
  sink: LineSink,
  ctx: ExportContext,
  summary: ExportSummary,
  rejectedSink: LineSink | undefined,
  lengths: PreferenceLengths,
): Promise<{ read: number; written: number }> {
  const totals = { read: 0, written: 0 };
  // Results are merged strictly in input order, so output and counts do not depend on workers.
  const merge = async (r: ChunkResult, out: string | Uint8Array) => {
    if (r.error) {
      throw new InputError(
        `${source}:${r.error.line}: not valid JSON (${r.error.message}); fix or remove that line`,
      );
    }
    totals.read += r.read;
    totals.written += r.written;
    summary.converted += r.converted;
    if (r.preference) mergeLengths(lengths, r.preference);
    for (const [k, n] of Object.entries(r.shapes)) {
      const shape = k as RecordShape;
      summary.shapes[shape] = (summary.shapes[shape] ?? 0) + n;
    }
    for (const [k, n] of Object.entries(r.notes)) summary.notes[k] = (summary.notes[k] ?? 0) + n;
    for (const s of r.skipped) countSkip(summary, source, s, rejectedSink);
    const pending = sink.write(out);
    if (pending) await pending;
  };

  const pool = ctx.pool;
  if (!pool) {
    for await (const chunk of readLineChunks(source, ctx.chunkBytes ?? 1 << 20, ctx)) {
      const r = exportChunk(
        chunk.data.toString("latin1"),
        chunk.firstLine,
        ctx.exporter,
        ctx.options,
        ctx.keepRaw,
      );
      await merge(r, encodeLines(r.out));
      if (sink.closed) break;
    }
  } else {
    const inFlight: Promise<PoolResult>[] = [];
    const limit = ctx.workers * 2;
    let id = 0;
    for await (const chunk of readLineChunks(source, ctx.chunkBytes ?? 2 << 20, ctx)) {
      const task = pool.run(id++, chunk.data, chunk.firstLine);
      task.catch(() => {}); // observed when merged; never an unhandled rejection if we stop early
      inFlight.push(task);
      if (inFlight.length >= limit) {
        const done = await inFlight.shift()!;
        await merge(done.result, done.out);
        if (sink.closed) break;
      }
    }
    while (inFlight.length > 0 && !sink.closed) {
      const done = await inFlight.shift()!;
      await merge(done.result, done.out);
    }
    // Settle what is left (a closed pipe) so no rejection goes unhandled.
    await Promise.allSettled(inFlight);
  }
  summary.read += totals.read;
  summary.written += totals.written;
  return totals;
}

/** A skipped line: counted by reason, the first few kept as examples, written to the rejected file. */
function countSkip(summary: ExportSummary, source: string, s: ChunkSkip, rejectedSink: LineSink | undefined) {
  summary.skipped[s.reason] = (summary.skipped[s.reason] ?? 0) + 1;
  summary.skippedTotal++;
  let list = summary.examples[s.reason];
  if (!list) {
    list = [];
    summary.examples[s.reason] = list;
  }
  if (list.length < EXAMPLES_PER_REASON) list.push({ source, line: s.line, detail: s.detail });
  if (rejectedSink && s.raw !== undefined) {
    // The raw line is JSON already: splice it in rather than parse and re-serialise it.
    const head = JSON.stringify({ line: s.line, source, reason: s.reason, detail: s.detail });
    rejectedSink.write(`${head.slice(0, -1)},"record":${s.raw}}\n`);
  }
}

function nothingRecognised(summary: ExportSummary): InputError {
  const [reason, examples] = Object.entries(summary.examples)[0] ?? [];
  const ex = examples?.[0];
  const where = ex ? `${ex.source}:${ex.line}` : "input";
  if (reason === "unrecognised_shape" || reason === "not_an_object") {
    return new InputError(
      `${where}: not a dataset record (${ex?.detail}); pass a dialogsmith, OpenAI, ShareGPT or TRL JSONL file`,
    );
  }
  return new InputError(
    `no record could be exported to ${summary.target} (first: ${where}: ${reason}: ${ex?.detail}); choose another --to or fix the input`,
  );
}
