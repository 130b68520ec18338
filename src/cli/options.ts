import { type Command, InvalidArgumentError, Option } from "commander";

/** Commander argument parsers: a bad value becomes a one-line usage error naming the flag. */
export function parseIntArg(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, got '${value}'.`);
    const n = Number(value);
    if (n < min || n > max)
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got ${n}.`);
    return n;
  };
}

export function parseNumberArg(min = -Infinity, max = Infinity) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n))
      throw new InvalidArgumentError(`expected a number, got '${value}'.`);
    if (n < min || n > max)
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got ${n}.`);
    return n;
  };
}

/** The values a numeric option accepts (enforced with exit 2, shown in --help). */
export interface NumberRange {
  min: number;
  max: number;
  integer: boolean;
}

export function intRange(min: number, max: number): NumberRange {
  return { min, max, integer: true };
}

export function numberRange(min: number, max: number): NumberRange {
  return { min, max, integer: false };
}

/** `1-100,000,000`: how a range reads in --help and errors. */
export function formatRange(r: NumberRange): string {
  const f = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 6, useGrouping: n >= 10_000 });
  return `${f(r.min)}-${f(r.max)}`;
}

/** A numeric option: values outside `range` are a usage error, and --help shows the range. */
export function numberOption(
  flags: string,
  description: string,
  range: NumberRange,
  fallback?: number,
): Option {
  const parse = range.integer ? parseIntArg(range.min, range.max) : parseNumberArg(range.min, range.max);
  const option = new Option(flags, `${description} (${formatRange(range)})`).argParser(parse);
  (option as Option & { range?: NumberRange }).range = range;
  return fallback === undefined ? option : option.default(fallback);
}

/** Comma-separated list, empty items dropped. */
export function parseList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `5` or `3-7` (inclusive), each within [min, max]. */
export function parseRangeArg(min: number, max: number) {
  return (value: string): number[] => {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(value);
    if (!m) throw new InvalidArgumentError(`expected N or N-M, got '${value}'.`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo < min || hi > max || lo > hi)
      throw new InvalidArgumentError(`expected a range within ${min}-${max}, got '${value}'.`);
    const out: number[] = [];
    for (let i = lo; i <= hi; i++) out.push(i);
    return out;
  };
}

/** Options every `generate` command has. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option("--config <path>", "config file (default: ./dialogsmith.yaml if present)")
    .addOption(numberOption("--count <n>", "number of accepted records to produce", intRange(1, 100_000_000)))
    .addOption(
      numberOption("--seed <n>", "run seed: same seed and options, same data", intRange(0, 2 ** 31 - 1)),
    )
    .option("--out <dir>", "run directory (default: data/generated/<recipe>_<label>_<time>)")
    .option("--resume [dir]", "continue an interrupted run (default: the latest run of this recipe)")
    .option("--quiet", "no progress output")
    .option("--debug", "print stack traces and request details");
}

/** Options of commands that call a model. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option(
      "--base-url <url>",
      "OpenAI-compatible endpoint (default: the model's base_url, else $OPENAI_BASE_URL)",
    )
    .option("--model <name>", "model id sent to the endpoint")
    .option("--api-key-env <VAR>", "name of the environment variable holding the API key")
    .addOption(numberOption("--concurrency <n>", "maximum requests in flight", intRange(1, 4096)))
    .addOption(numberOption("--rpm <n>", "requests per minute limit", numberRange(0.001, 1_000_000)))
    .addOption(numberOption("--tpm <n>", "tokens per minute limit", numberRange(1, 1_000_000_000)))
    .addOption(numberOption("--timeout <s>", "request timeout in seconds", numberRange(0.1, 3600)))
    .addOption(
      numberOption(
        "--max-cost <usd>",
        "stop before projected spend passes this many USD",
        numberRange(0, 1_000_000),
      ),
    )
    .addOption(
      numberOption(
        "--max-attempts <n>",
        "items tried at most (default: 3 x count)",
        intRange(1, 1_000_000_000),
      ),
    )
    .option(
      "--repair",
      "on resume, move corrupt dataset lines to rejected.jsonl and generate their items again",
    )
    .option("--no-cache", "do not read responses from the cache")
    .option("--cache-dir <dir>", "response cache directory (default: $XDG_CACHE_HOME/dialogsmith)")
    .option(
      "--queue <url>",
      "coordinate: model steps go to workers through this Redis (redis://HOST:PORT/DB)",
    )
    .option("--dry-run", "show what would be sent and the estimated cost; send nothing")
    .option("--yes", "do not ask for confirmation");
}

/** A rubric scale's scores: 0-100 covers every scale we accept (1-5, 1-10, 0-100). */
export const SCORE_RANGE: NumberRange = numberRange(0, 100);

/** The judge options of the built-in LLM recipes' generate commands. */
export function addJudgeOptions(cmd: Command, rubric: string): Command {
  return cmd
    .option(
      "--judge <model>",
      "a models: entry that scores each dialogue; below the pass rule it is replaced",
    )
    .option("--rubric <name|file>", `the judge's rubric: built-in name or file (default ${rubric})`)
    .addOption(
      numberOption("--min-score <n>", "the judge's pass rule: the mean score must reach this", SCORE_RANGE),
    );
}

export { Option };
