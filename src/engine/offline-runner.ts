import { closeSync, fstatSync, openSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { appendWhole } from "../core/append-whole.js";
import { writeJsonAtomic } from "../core/atomic-file.js";
import { writeFailure } from "../core/fs-errors.js";
import { deriveSeed } from "../core/rng.js";
import { type OfflineConfig, prepareOfflineDir } from "./offline-resume.js";
import {
  breakdownFromState,
  breakdownToState,
  type OfflineState,
  writeOfflineState,
} from "./offline-state.js";
import type { RunReport, StopReason } from "./report.js";
import { buildRunReport } from "./report-builder.js";
import { type RunPaths, runPaths, writeReport } from "./run-dir.js";
import { lockRunDir } from "./run-lock.js";

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
  /**
   * Records between checkpoints (state.json; default 100,000). A resumed run continues from the
   * last one; between them the run can also be stopped (runOfflineUntil).
   */
  checkpointEvery?: number;
}

/**
 * Writes records [from, to) of the run to `out`, in order, and tallies their breakdown. Called
 * once per stretch between checkpoints, for consecutive stretches.
 */
export type OfflineProducer = (out: OfflineOutput, from: number, to: number) => void;

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
  /** Bytes in the file (a failed write is cut back to it). */
  size: number;

  /** Appends to `path` (cut back to its last checkpoint already), which holds `linesWritten` records. */
  constructor(
    readonly path: string,
    bufferBytes: number,
    public linesWritten = 0,
  ) {
    try {
      this.fd = openSync(path, "a");
    } catch (e) {
      throw writeFailure(e, path);
    }
    this.size = fstatSync(this.fd).size;
    this.buf = Buffer.allocUnsafe(Math.max(bufferBytes, 1 << 16));
  }

  writeLine(line: string): void {
    this.linesWritten++;
    const worst = line.length * 3 + 1;
    if (this.pos + worst > this.buf.length) this.flush();
    if (worst > this.buf.length) {
      this.size = appendWhole(this.fd, `${line}\n`, this.size, this.path);
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
      this.size = appendWhole(this.fd, data.subarray(start, end), this.size, this.path);
      return;
    }
    this.buf.set(data.subarray(start, end), this.pos);
    this.pos += n;
  }

  /** Hands the buffered lines to the OS: all of them, or (on a full disk) none. */
  flush(): void {
    const n = this.pos;
    this.pos = 0;
    if (n > 0) this.size = appendWhole(this.fd, this.buf.subarray(0, n), this.size, this.path);
  }

  close(): void {
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
    saved: OfflineState["split"] = [],
  ) {
    this.offset = (deriveSeed(seed, 0x5e1) >>> 0) / 0x100000000;
    for (const [stratum, n, phase] of saved) this.state.set(stratum, { n, phase });
  }

  snapshot(): NonNullable<OfflineState["split"]> {
    return [...this.state].map(([stratum, st]) => [stratum, st.n, st.phase]);
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

export function runOffline<R extends { id: string }>(o: OfflineRunOptions<R>): OfflineRunResult {
  const items = o.items[Symbol.iterator]();
  let at = 0;
  return runOfflineWith(o, (out, from, to) => {
    // Stretches are consecutive; a resumed run first skips what is written already.
    for (; at < to; at++) {
      const next = items.next();
      if (next.done) return;
      if (at < from) continue;
      const item = next.value;
      out.line(JSON.stringify(item.record), item.stratum);
      for (const key in item.facets) out.tally(key, item.facets[key], 1);
    }
  });
}

/** Implements OfflineOutput over the run's writers, split, breakdown and progress. */
class Output implements OfflineOutput {
  readonly splitting: boolean;
  private readonly every: number;

  constructor(
    readonly main: Utf8LineWriter,
    readonly evalWriter: Utf8LineWriter | undefined,
    readonly splitter: StratifiedSplit | undefined,
    private readonly o: OfflineRunBase,
    public done: number,
    // Tallies in Maps: a plain object keyed by many values falls into slow dictionary mode.
    readonly breakdown: Map<string, Map<string | number, number>>,
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
 * directory, split, report and progress as runOffline, without a per-record item object. Run
 * again on the same directory, it continues from the last checkpoint; a finished run is left as
 * it is (with a larger count, it is extended).
 */
export function runOfflineWith(o: OfflineRunBase, produce: OfflineProducer): OfflineRunResult {
  const steps = offlineRun(o, produce, () => false);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * runOfflineWith that gives the event loop a turn at every checkpoint and stops there once
 * `signal` is aborted (Ctrl-C): report.json then says "interrupted", and running it again resumes.
 */
export async function runOfflineUntil(
  o: OfflineRunBase,
  produce: OfflineProducer,
  signal: AbortSignal,
): Promise<OfflineRunResult> {
  const steps = offlineRun(o, produce, () => signal.aborted);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

const DEFAULT_CHECKPOINT = 100_000;

/** The run, one stretch between checkpoints per step; it asks `stopped` before each next stretch. */
function* offlineRun(
  o: OfflineRunBase,
  produce: OfflineProducer,
  stopped: () => boolean,
): Generator<void, OfflineRunResult> {
  const lock = lockRunDir(o.dir);
  try {
    const session = new OfflineSession(o);
    try {
      const every = Math.max(1, o.checkpointEvery ?? DEFAULT_CHECKPOINT);
      let from = session.out.done;
      while (from < o.requested) {
        const to = Math.min(o.requested, from + every);
        produce(session.out, from, to);
        session.checkpoint("running");
        from = to;
        if (from < o.requested) {
          yield;
          if (stopped()) return session.finish("interrupted");
        }
      }
      return session.finish("done");
    } finally {
      session.close();
    }
  } finally {
    lock.release();
  }
}

/** One session of a run in its directory: its writers, split and tallies, checkpoints and report. */
class OfflineSession {
  readonly paths: RunPaths;
  readonly out: Output;
  private readonly split: boolean;
  private readonly names: string[];
  private readonly started = performance.now();
  private readonly priorDuration: number;

  constructor(private readonly o: OfflineRunBase) {
    this.paths = runPaths(o.dir);
    this.split = o.evalRatio !== undefined && o.evalRatio > 0 && o.evalRatio < 1;
    this.names = this.split ? ["train.jsonl", "eval.jsonl"] : ["dataset.jsonl"];
    const config: OfflineConfig = {
      recipe: o.recipe,
      seed: o.seed,
      requested: o.requested,
      ...o.config,
      eval_ratio: this.split ? o.evalRatio : undefined,
    };
    const { state, createdAt } = prepareOfflineDir(this.paths, config, this.names);
    writeJsonAtomic(this.paths.config, { ...config, created_at: createdAt ?? new Date().toISOString() });

    const buffer = o.bufferChars ?? DEFAULT_BUFFER;
    const writer = (name: string) =>
      new Utf8LineWriter(join(this.paths.dir, name), buffer, state?.files[name]?.lines ?? 0);
    const main = writer(this.names[0]);
    const evalWriter = this.split ? writer(this.names[1]) : undefined;
    const splitter = this.split ? new StratifiedSplit(o.evalRatio!, o.seed, state?.split) : undefined;
    this.priorDuration = state?.duration_s ?? 0;
    const done = state?.next_index ?? 0;
    this.out = new Output(main, evalWriter, splitter, o, done, breakdownFromState(state?.breakdown));
  }

  private writers(): Utf8LineWriter[] {
    return this.out.evalWriter ? [this.out.main, this.out.evalWriter] : [this.out.main];
  }

  private duration(): number {
    return this.priorDuration + (performance.now() - this.started) / 1000;
  }

  /** Puts every buffered record in the files, then records where the files end. */
  checkpoint(status: OfflineState["status"]): void {
    const files: OfflineState["files"] = {};
    for (const [k, w] of this.writers().entries()) {
      w.flush();
      files[this.names[k]] = { bytes: w.size, lines: w.linesWritten };
    }
    writeOfflineState(this.paths.state, {
      version: 1,
      recipe: this.o.recipe,
      seed: this.o.seed,
      count: this.o.requested,
      status,
      next_index: this.out.done,
      accepted: this.out.done,
      duration_s: this.duration(),
      updated_at: new Date().toISOString(),
      files,
      split: this.out.splitter?.snapshot(),
      breakdown: breakdownToState(this.out.breakdown),
    });
  }

  finish(stopped: StopReason): OfflineRunResult {
    const { o, out } = this;
    this.checkpoint(stopped);
    o.onProgress?.(out.done, o.requested);
    const duration = this.duration();
    const files: Record<string, number> = {};
    for (const [k, w] of this.writers().entries()) files[this.names[k]] = w.linesWritten;
    const report: RunReport = {
      ...buildRunReport({
        recipe: o.recipe,
        requested: o.requested,
        accepted: out.done,
        rejected: 0,
        failed: 0,
        attempts: out.done,
        stopped,
        durationS: duration,
      }),
      seed: o.seed,
      files,
      records_per_second: duration > 0 ? Math.round(out.done / duration) : out.done,
      breakdown: sortBreakdown(out.breakdown),
    };
    if (this.split)
      report.split = { eval_ratio: o.evalRatio, train: files["train.jsonl"], eval: files["eval.jsonl"] };
    writeReport(this.paths, report);
    return { paths: this.paths, report, files };
  }

  close(): void {
    for (const w of this.writers()) w.close();
  }
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
