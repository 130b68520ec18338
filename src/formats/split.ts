import { dirname, join, resolve } from "node:path";
import { InputError, UsageError } from "../core/errors.js";
import { deriveSeed, Rng } from "../core/rng.js";
import { AtomicFileSink } from "./export/sink.js";
import { parseJsonLine, readLines, type TextLine } from "./read/lines.js";
import { resolveInput } from "./resolve-input.js";

export interface SplitRequest {
  /** A dataset file or a run directory. */
  input: string;
  /** Fraction of each stratum that goes to eval, in (0, 1). */
  evalRatio: number;
  seed: number;
  /** Dotted path of the field to stratify by, e.g. `metadata.mode`. */
  stratify?: string;
  /** Directory for train.jsonl and eval.jsonl (default: the run directory, or the input file's directory). */
  outDir?: string;
  /** Replace invalid UTF-8 with U+FFFD instead of failing on it (--lossy). */
  lossy?: boolean;
}

export interface StratumCounts {
  key: string;
  total: number;
  train: number;
  eval: number;
}

export interface SplitSummary {
  trainPath: string;
  evalPath: string;
  total: number;
  train: number;
  eval: number;
  /** Per stratum (one entry, key "(all)", without --stratify), largest first. */
  strata: StratumCounts[];
}

export const MISSING_STRATUM = "(missing)";

/**
 * Deterministic streaming train/eval split. Pass 1 counts records per stratum; pass 2 decides each
 * line on its own with selection sampling (Knuth's Algorithm S): a line goes to eval with
 * probability (eval still needed) / (lines still to come) in its stratum, from a random stream
 * seeded by (seed, stratum). Every stratum gets exactly round(ratio x size) eval lines, chosen
 * uniformly, with memory O(strata) whatever the file size. Lines are copied byte for byte.
 */
export async function splitDataset(request: SplitRequest): Promise<SplitSummary> {
  const { evalRatio, seed, stratify } = request;
  if (!(evalRatio > 0 && evalRatio < 1))
    throw new UsageError(`--eval-ratio must be between 0 and 1, got ${evalRatio}`);
  const { source, trainPath, evalPath } = splitPaths(request);
  const path = stratify ? stratify.split(".") : undefined;
  const keyOf = stratumReader(source, path);
  const lines = () => readLines(source, { lossy: request.lossy });

  // Pass 1: sizes.
  const sizes = new Map<string, number>();
  for await (const { line, text } of lines()) {
    const key = keyOf(text, line);
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  const state = new Map<string, StratumState>();
  for (const [key, total] of sizes) {
    state.set(key, {
      need: Math.round(evalRatio * total),
      left: total,
      rng: new Rng(deriveSeed(seed, hash32(key))),
      counts: { key, total, train: 0, eval: 0 },
    });
  }

  // Pass 2: decide each line as it streams by.
  // Without --stratify the line was validated in pass 1; skip the second parse.
  const stateOf = (text: string, line: number) => state.get(path ? keyOf(text, line) : "(all)");
  await writeSplit(source, lines(), stateOf, trainPath, evalPath);
  const strata = [...state.values()]
    .map((s) => s.counts)
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  return {
    trainPath,
    evalPath,
    total: strata.reduce((n, s) => n + s.total, 0),
    train: strata.reduce((n, s) => n + s.train, 0),
    eval: strata.reduce((n, s) => n + s.eval, 0),
    strata,
  };
}

/** Selection-sampling state of one stratum: eval lines still needed, lines still to come. */
interface StratumState {
  need: number;
  left: number;
  rng: Rng;
  counts: StratumCounts;
}

/** The input file and the two outputs, refusing an input already split or an output over the input. */
function splitPaths(request: SplitRequest): { source: string; trainPath: string; evalPath: string } {
  const resolved = resolveInput(request.input);
  if (resolved.kind === "splits") {
    throw new UsageError(
      `${request.input} is already split into train/eval; pass its dataset.jsonl or another file`,
    );
  }
  const source = resolved.files[0].path;
  const outDir = request.outDir ?? resolved.dir ?? dirname(source);
  const trainPath = join(outDir, "train.jsonl");
  const evalPath = join(outDir, "eval.jsonl");
  for (const p of [trainPath, evalPath]) {
    if (resolve(p) === resolve(source)) {
      throw new UsageError(`writing ${p} would overwrite the input; give --out another directory`);
    }
  }
  return { source, trainPath, evalPath };
}

/** The stratum key of one line (parsing it, so a line that is not JSON fails with its place). */
function stratumReader(source: string, path: string[] | undefined): (text: string, line: number) => string {
  return (text, line) => {
    const value = parseJsonLine(text, source, line);
    return path ? stratumKey(value, path) : "(all)";
  };
}

/** Pass 2: each line to eval or train; both files appear together or not at all. */
async function writeSplit(
  source: string,
  lines: AsyncIterable<TextLine>,
  stateOf: (text: string, line: number) => StratumState | undefined,
  trainPath: string,
  evalPath: string,
): Promise<void> {
  const train = new AtomicFileSink(resolve(trainPath));
  const evalSink = new AtomicFileSink(resolve(evalPath));
  try {
    for await (const { line, text } of lines) {
      const s = stateOf(text, line);
      if (!s || s.left === 0)
        throw new InputError(`${source} changed while it was being split; run split again`);
      const toEval = s.rng.float() * s.left < s.need;
      s.left--;
      if (toEval) {
        s.need--;
        s.counts.eval++;
        evalSink.writeLine(text);
      } else {
        s.counts.train++;
        train.writeLine(text);
      }
    }
    await train.commit();
    await evalSink.commit();
  } catch (e) {
    train.abort();
    evalSink.abort();
    throw e;
  }
}

/** The stratum of a record: the value at a dotted path, as text. */
export function stratumKey(value: unknown, path: readonly string[]): string {
  let v = value;
  for (const p of path) {
    if (typeof v !== "object" || v === null) return MISSING_STRATUM;
    v = (v as Record<string, unknown>)[p];
  }
  if (v === undefined || v === null) return MISSING_STRATUM;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** FNV-1a: a stable 32-bit number per stratum name for its random stream. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
