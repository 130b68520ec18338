import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { DialogsmithError, UsageError } from "../../../src/core/errors.js";
import { DatasetGenerator } from "../../../src/recipes/math/generator.js";
import { PlanCursor } from "../../../src/recipes/math/stream.js";
import type { Language, MathRecord } from "../../../src/recipes/math/types.js";
import { inspect } from "./quality.js";

/**
 * The math probe (`npm run probe:math`, docs/math.md "Probing more seeds"): the quality checker of
 * test/math/quality.test.ts run over many more dialogues than the test's fixed seeds reach, or
 * over a dataset file, plus a guard that every dialogue is generated without an exception. Rare
 * paths are where defects hide, so a maintainer runs it wide and a nightly job with --rotate.
 */
export interface ProbeOptions {
  seeds: number[];
  /** Dialogues per language per seed: half with reasoning, half without. */
  count: number;
  turns: number;
  languages: Language[];
  /** Check this JSONL dataset instead of generating. */
  file?: string;
  /** Examples printed per rule (default 1). */
  examples?: number;
}

export const DEFAULT_SEEDS = [101, 202, 303, 404];
export const DEFAULT_COUNT = 10_000;
/** Seeds per day with --rotate: day d probes d * ROTATE_SPAN + 1 … + K, never the same twice. */
const ROTATE_SPAN = 1000;
const LANGUAGES: Language[] = ["ru", "en"];

function positiveInt(flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw new UsageError(`${flag} ${text}: expected a whole number from 1 to ${max}`);
  return n;
}

/** K seeds that depend only on the UTC date, so a nightly run covers new ground each day. */
export function rotatingSeeds(date: Date, k: number): number[] {
  const day = Math.floor(date.getTime() / 86_400_000);
  return Array.from({ length: k }, (_, j) => day * ROTATE_SPAN + j + 1);
}

export function parseProbeArgs(argv: string[], today = new Date()): ProbeOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (see npm run probe:math -- --help)`);
  }
  const v = parsed.values;
  const count = v.count === undefined ? DEFAULT_COUNT : positiveInt("--count", v.count);
  const turns = v.turns === undefined ? 3 : positiveInt("--turns", v.turns, 10);
  const languages = (v.lang ?? "ru,en").split(",") as Language[];
  for (const l of languages)
    if (!LANGUAGES.includes(l)) throw new UsageError(`--lang ${v.lang}: expected ru, en or ru,en`);
  if (v.rotate && v.seeds) throw new UsageError("--rotate picks the seeds itself: give --rotate or --seeds");
  const k = v.rotate === undefined ? 0 : positiveInt("--rotate", v.rotate, ROTATE_SPAN - 1);
  const seeds = v.seeds
    ? v.seeds.split(",").map((s) => positiveInt("--seeds", s, 2 ** 31 - 1))
    : k > 0
      ? rotatingSeeds(today, k)
      : DEFAULT_SEEDS;
  const examples = v.examples === undefined ? 1 : positiveInt("--examples", v.examples);
  return { seeds, count, turns, languages, file: v.file, examples };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      seeds: { type: "string" },
      count: { type: "string" },
      rotate: { type: "string" },
      turns: { type: "string" },
      lang: { type: "string" },
      file: { type: "string" },
      examples: { type: "string" },
      help: { type: "boolean" },
    },
  });
}

export const HELP = `npm run probe:math -- [--seeds 101,202 | --rotate K] [--count N] [--turns T] [--lang ru,en]
npm run probe:math -- --file path/to/dataset.jsonl
(either form: --examples N prints up to N examples per rule, default 1)

Runs the math quality checker (test/math/support/quality.ts, the detectors of test/math/quality.test.ts)
over N dialogues per language at each seed (default ${DEFAULT_COUNT.toLocaleString("en-US")} at seeds ${DEFAULT_SEEDS.join(", ")}):
all modes, task types and levels 1-10, half with reasoning and half without. --rotate K picks K
seeds from today's date (UTC). --file checks an existing dataset instead. Exits 1 on any instance
of a defect or any dialogue that fails to generate, 2 on bad usage.`;

interface RuleTally {
  count: number;
  examples: string[];
}

/** What the probe found: instances per rule (with the first as an example) and crashes. */
export class ProbeTally {
  dialogues = 0;
  /** How many examples to keep per rule. */
  constructor(private readonly keep = 1) {}
  readonly rules = new Map<string, RuleTally>();
  readonly crashes: { where: string; error: string }[] = [];

  get failed(): boolean {
    return this.rules.size > 0 || this.crashes.length > 0;
  }

  /** Builds one dialogue (`make`), checks it, and records a thrown error as a crash at `where`. */
  check(where: string, make: () => MathRecord): void {
    this.dialogues++;
    let record: MathRecord;
    try {
      record = make();
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
      this.crashes.push({ where, error: error.split("\n").slice(0, 4).join("\n") });
      return;
    }
    for (const f of inspect(record)) {
      const key = `class ${f.cls}: ${f.rule}`;
      const seen = this.rules.get(key);
      const example = `${f.id} (${where}, ${f.where}): ${f.detail}`;
      if (!seen) this.rules.set(key, { count: 1, examples: [example] });
      else if (seen.count++ < this.keep) seen.examples.push(example);
    }
  }

  report(scope: string): string {
    const instances = [...this.rules.values()].reduce((s, r) => s + r.count, 0);
    const lines = [`math probe: ${this.dialogues.toLocaleString("en-US")} dialogues checked (${scope})`];
    lines.push(`instances: ${instances}${instances ? ` of ${this.rules.size} rules` : ""}`);
    for (const [rule, t] of [...this.rules].sort((a, b) => b[1].count - a[1].count))
      lines.push(`  ${rule}: ${t.count}`, ...t.examples.map((e) => `    e.g. ${e.replace(/\n/g, " ⏎ ")}`));
    lines.push(`crashes: ${this.crashes.length}`);
    for (const c of this.crashes.slice(0, 10))
      lines.push(`  ${c.where}:`, `    ${c.error.replace(/\n/g, "\n    ")}`);
    lines.push(this.failed ? "FAIL" : "ok: no instance, no crash");
    return lines.join("\n");
  }
}

/** The generate command that writes record `index` of this probe plan (its id is math-<seed>-<index>). */
function reproduce(
  seed: number,
  language: Language,
  reasoning: boolean,
  turns: number,
  index: number,
): string {
  const flags = `${reasoning ? "" : " --no-reasoning"}${turns === 3 ? "" : ` --turns ${turns}`}`;
  return `dialogsmith generate math --seed ${seed} --lang ${language}${flags} --count ${index + 1}`;
}

/**
 * Per seed and language, records 0 … N/2 - 1 with reasoning and N/2 … N - 1 without: each record
 * is the one `generate math --seed S --lang L` writes at that index (default modes, tasks, levels).
 */
export function probeGenerated(
  o: ProbeOptions,
  tally: Pick<ProbeTally, "check">,
  progress?: (line: string) => void,
): void {
  const half = Math.ceil(o.count / 2);
  for (const seed of o.seeds) {
    for (const language of o.languages)
      for (const reasoningMode of [true, false]) {
        const start = reasoningMode ? 0 : half;
        const count = reasoningMode ? half : o.count - half;
        const plan = new DatasetGenerator({ seed }).plan({
          numSamples: count,
          language,
          reasoningMode,
          turns: o.turns,
        });
        const cursor = new PlanCursor(plan);
        for (let i = start; i < start + count; i++)
          tally.check(reproduce(seed, language, reasoningMode, o.turns, i), () => cursor.record(i));
      }
    progress?.(`seed ${seed} done`);
  }
}

function isMathRecord(x: unknown): x is MathRecord {
  const r = x as MathRecord;
  return typeof r === "object" && r !== null && Array.isArray(r.messages) && r.metadata?.recipe === "math";
}

/** Checks every line of a JSONL dataset written by `generate math` (streamed, line by line). */
export async function probeFile(path: string, tally: ProbeTally): Promise<void> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`--file ${path}: no such file; give the dataset.jsonl of a math run`);
  }
  if (!isFile) throw new UsageError(`--file ${path}: not a file; give the dataset.jsonl of a math run`);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new UsageError(`${path}:${n}: not JSON; give a JSONL dataset written by generate math`);
    }
    if (!isMathRecord(record))
      throw new UsageError(`${path}:${n}: not a math record (no messages or metadata.recipe "math")`);
    tally.check(`${path}:${n}`, () => record);
  }
}

/** Where the report and progress go (process.stdout / stderr, or a test's collector). */
interface Writer {
  write(text: string): unknown;
}

/** The probe's command line: the report on stdout, progress and errors on stderr; returns the exit code. */
export async function probeMain(
  argv: string[],
  out: Writer = process.stdout,
  err: Writer = process.stderr,
): Promise<number> {
  try {
    return await probe(argv, out, err);
  } catch (e) {
    if (!(e instanceof DialogsmithError)) throw e;
    err.write(`probe:math: ${e.message}\n`);
    return e.exitCode;
  }
}

async function probe(argv: string[], out: Writer, err: Writer): Promise<number> {
  if (argv.includes("--help")) {
    out.write(`${HELP}\n`);
    return 0;
  }
  const o = parseProbeArgs(argv);
  const tally = new ProbeTally(o.examples);
  const started = performance.now();
  let scope: string;
  if (o.file) {
    await probeFile(o.file, tally);
    scope = o.file;
  } else {
    err.write(`math probe: seeds ${o.seeds.join(",")}, ${o.count} per language per seed\n`);
    probeGenerated(o, tally, (line) => err.write(`${line}\n`));
    scope = `seeds ${o.seeds.join(",")}; ${o.count.toLocaleString("en-US")} per language per seed (${o.languages.join(", ")}), half with reasoning, half without; all modes, task types, levels 1-10; turns ${o.turns}`;
  }
  const seconds = (performance.now() - started) / 1000;
  out.write(`${tally.report(`${scope}; ${seconds.toFixed(1)} s`)}\n`);
  return tally.failed ? 1 : 0;
}
