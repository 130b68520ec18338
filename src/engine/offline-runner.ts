import { closeSync, existsSync, openSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../core/atomic-file.js";
import { UsageError } from "../core/errors.js";
import { deriveSeed } from "../core/rng.js";
import { emptyReport, type RunReport } from "./report.js";
import { ensureRunDir, type RunPaths, writeReport } from "./run-dir.js";

/**
 * Runs a model-free recipe: takes its stream of records and writes a run directory
 * (dataset.jsonl, or train.jsonl + eval.jsonl; config.json; report.json). Nothing is held in
 * memory beyond one output buffer per file and a counter per stratum, so a million records
 * cost no more memory than a thousand.
 */
export interface OfflineItem<R extends { id: string } = { id: string }> {
  /** The record as written (one JSON line); `id` must be stable for (seed, index). */
  record: R;
  /** Stratum for the train/eval split (e.g. "chain/quadratic"): each gets its share of eval. */
  stratum: string;
  /** Values tallied in report.json's breakdown, e.g. {mode: "chain", language: "ru"}. */
  facets: Record<string, string | number>;
}

/** Everything about an offline run except where its records come from. */
export interface OfflineRunBase {
  recipe: string;
  /** The run directory (created if missing). */
  dir: string;
  requested: number;
  seed: number;
  /** Written to config.json with recipe, seed and requested count: what reproduces the run. */
  config: Record<string, unknown>;
  /** 0 < ratio < 1: write train.jsonl + eval.jsonl instead of dataset.jsonl. */
  evalRatio?: number;
  /** Called every `progressEvery` records (default 50,000) and at the end. */
  onProgress?: (done: number, requested: number) => void;
  progressEvery?: number;
  /** Output buffer per file, in bytes (default 1 MiB). */
  bufferChars?: number;
}

export interface OfflineRunOptions<R extends { id: string } = { id: string }> extends OfflineRunBase {
  items: Iterable<OfflineItem<R>>;
}

/**
 * Where a recipe that serialises its own records writes them (runOfflineWith): records go in
 * order, as JSON lines or as ready UTF-8 bytes, and the recipe tallies the report's breakdown
 * itself, so a million records cost no per-record objects here.
 */
export interface OfflineOutput {
  /** True when records are split into train/eval (then `stratum` arguments matter). */
  readonly splitting: boolean;
  /** One record as a JSON line, without the newline. */
  line(text: string, stratum: string): void;
  /** One record already encoded: `data[start, end)` is its UTF-8 JSON line, "\n" included. */
  bytes(data: Uint8Array, start: number, end: number, stratum: string): void;
  /** Adds `n` records with `facet` = `value` to report.json's breakdown. */
  tally(facet: string, value: string | number, n: number): void;
}

export interface OfflineRunResult {
  paths: RunPaths;
  report: RunReport;
  /** Files written, with their record counts. */
  files: Record<string, number>;
}

const DEFAULT_BUFFER = 1 << 20;

/**
 * Append-only JSONL output that encodes each line straight into one reusable UTF-8 buffer and
 * hands the OS whole lines only (so a crash leaves at most a missing tail, never half a line).
 * Model-free recipes write hundreds of MB per run; skipping the join-then-encode of a generic
 * writer matters here, unlike for paid-for model output written line by line.
 */
class Utf8LineWriter {
  private readonly fd: number;
  private readonly buf: Buffer;
  private pos = 0;
  linesWritten = 0;

  constructor(path: string, bufferBytes: number) {
    this.fd = openSync(path, "w");
    this.buf = Buffer.allocUnsafe(Math.max(bufferBytes, 1 << 16));
  }

  writeLine(line: string): void {
    this.linesWritten++;
    const worst = line.length * 3 + 1;
    if (this.pos + worst > this.buf.length) this.flush();
    if (worst > this.buf.length) {
      writeSync(this.fd, `${line}\n`);
      return;
    }
    this.pos += this.buf.write(line, this.pos, "utf8");
    this.buf[this.pos++] = 10;
  }

  /** One line already encoded, "\n" included. */
  writeBytes(data: Uint8Array, start: number, end: number): void {
    this.linesWritten++;
    const n = end - start;
    if (this.pos + n > this.buf.length) this.flush();
    if (n > this.buf.length) {
      let off = start;
      while (off < end) off += writeSync(this.fd, data, off, end - off);
      return;
    }
    this.buf.set(data.subarray(start, end), this.pos);
    this.pos += n;
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const GOLDEN = 0.6180339887498949;

/**
 * Deterministic streaming split: record j of a stratum goes to eval when floor((j + 1)·r + φ)
 * passes an integer, φ a per-stratum phase. Every stratum gets its exact share (±1) spread
 * evenly through the stream. Phases follow a golden-ratio sequence from a seed-derived start,
 * so the ±1 roundings of many small strata cancel out and the total stays close to count·r.
 * The same seed and stream always split the same way.
 */
class StratifiedSplit {
  private readonly state = new Map<string, { n: number; phase: number }>();
  private readonly offset: number;

  constructor(
    private readonly ratio: number,
    seed: number,
  ) {
    this.offset = (deriveSeed(seed, 0x5e1) >>> 0) / 0x100000000;
  }

  isEval(stratum: string): boolean {
    let st = this.state.get(stratum);
    if (!st) {
      const phase = (this.offset + this.state.size * GOLDEN) % 1;
      st = { n: 0, phase };
      this.state.set(stratum, st);
    }
    const before = Math.floor(st.n * this.ratio + st.phase);
    st.n++;
    return Math.floor(st.n * this.ratio + st.phase) > before;
  }
}

/** A run directory is written once: never mix two runs' files or overwrite finished data. */
function refuseExisting(paths: RunPaths): void {
  for (const name of ["dataset.jsonl", "train.jsonl", "eval.jsonl", "report.json"]) {
    const path = join(paths.dir, name);
    if (existsSync(path) && statSync(path).size > 0)
      throw new UsageError(
        `${paths.dir} already holds a run (${name}); choose another --out directory or remove it`,
      );
  }
}

export function runOffline<R extends { id: string }>(o: OfflineRunOptions<R>): OfflineRunResult {
  return runOfflineWith(o, (out) => {
    for (const item of o.items) {
      out.line(JSON.stringify(item.record), item.stratum);
      for (const key in item.facets) out.tally(key, item.facets[key], 1);
    }
  });
}

/** Implements OfflineOutput over the run's writers, split, breakdown and progress. */
class Output implements OfflineOutput {
  readonly splitting: boolean;
  done = 0;
  // Tallies in Maps: a plain object keyed by many values falls into slow dictionary mode.
  readonly breakdown = new Map<string, Map<string | number, number>>();
  private readonly every: number;

  constructor(
    readonly main: Utf8LineWriter,
    readonly evalWriter: Utf8LineWriter | undefined,
    private readonly splitter: StratifiedSplit | undefined,
    private readonly o: OfflineRunBase,
  ) {
    this.splitting = splitter !== undefined;
    this.every = o.progressEvery ?? 50_000;
  }

  line(text: string, stratum: string): void {
    if (this.splitter?.isEval(stratum)) this.evalWriter!.writeLine(text);
    else this.main.writeLine(text);
    this.advance();
  }

  bytes(data: Uint8Array, start: number, end: number, stratum: string): void {
    if (this.splitter?.isEval(stratum)) this.evalWriter!.writeBytes(data, start, end);
    else this.main.writeBytes(data, start, end);
    this.advance();
  }

  tally(facet: string, value: string | number, n: number): void {
    let counts = this.breakdown.get(facet);
    if (!counts) {
      counts = new Map();
      this.breakdown.set(facet, counts);
    }
    counts.set(value, (counts.get(value) ?? 0) + n);
  }

  private advance(): void {
    this.done++;
    if (this.o.onProgress && this.done % this.every === 0) this.o.onProgress(this.done, this.o.requested);
  }
}

/**
 * Runs an offline recipe that writes its own records to `out` (see OfflineOutput): the same run
 * directory, split, report and progress as runOffline, without a per-record item object.
 */
export function runOfflineWith(o: OfflineRunBase, produce: (out: OfflineOutput) => void): OfflineRunResult {
  const started = performance.now();
  const paths = ensureRunDir(o.dir);
  const split = o.evalRatio !== undefined && o.evalRatio > 0 && o.evalRatio < 1;
  const trainPath = join(paths.dir, "train.jsonl");
  const evalPath = join(paths.dir, "eval.jsonl");
  refuseExisting(paths);

  writeJsonAtomic(paths.config, {
    recipe: o.recipe,
    seed: o.seed,
    requested: o.requested,
    ...o.config,
    eval_ratio: split ? o.evalRatio : undefined,
    created_at: new Date().toISOString(),
  });

  const buffer = o.bufferChars ?? DEFAULT_BUFFER;
  const main = new Utf8LineWriter(split ? trainPath : paths.dataset, buffer);
  const evalWriter = split ? new Utf8LineWriter(evalPath, buffer) : undefined;
  const splitter = split ? new StratifiedSplit(o.evalRatio!, o.seed) : undefined;
  const out = new Output(main, evalWriter, splitter, o);
  try {
    produce(out);
  } finally {
    main.close();
    evalWriter?.close();
  }
  const done = out.done;
  o.onProgress?.(done, o.requested);

  const duration = (performance.now() - started) / 1000;
  const files: Record<string, number> = split
    ? { "train.jsonl": main.linesWritten, "eval.jsonl": evalWriter!.linesWritten }
    : { "dataset.jsonl": main.linesWritten };
  const report: RunReport = {
    ...emptyReport(o.recipe, o.requested),
    accepted: done,
    attempts: done,
    stopped: "done",
    duration_s: Math.round(duration * 1000) / 1000,
    seed: o.seed,
    files,
    records_per_second: duration > 0 ? Math.round(done / duration) : done,
    breakdown: sortBreakdown(out.breakdown),
  };
  if (split)
    report.split = { eval_ratio: o.evalRatio, train: main.linesWritten, eval: evalWriter!.linesWritten };
  writeReport(paths, report);
  return { paths, report, files };
}

/** Keys in a stable order (numeric keys numerically) so report.json diffs cleanly. */
function sortBreakdown(b: Map<string, Map<string | number, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [facet, tally] of b) {
    const counts: Record<string, number> = {};
    for (const [k, n] of tally) counts[String(k)] = (counts[String(k)] ?? 0) + n;
    const keys = Object.keys(counts).sort((x, y) => {
      const nx = Number(x);
      const ny = Number(y);
      return Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    });
    const sorted: Record<string, number> = {};
    for (const k of keys) sorted[k] = counts[k];
    out[facet] = sorted;
  }
  return out;
}
