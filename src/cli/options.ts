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
    .option("--count <n>", "number of accepted records to produce", parseIntArg(1))
    .option("--seed <n>", "run seed: same seed and options, same data", parseIntArg(0, 2 ** 31 - 1))
    .option("--out <dir>", "run directory (default: data/generated/<recipe>_<label>_<time>)")
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
    .option("--concurrency <n>", "maximum requests in flight", parseIntArg(1, 4096))
    .option("--rpm <n>", "requests per minute limit", parseNumberArg(0.001))
    .option("--tpm <n>", "tokens per minute limit", parseNumberArg(1))
    .option("--timeout <s>", "request timeout in seconds", parseNumberArg(0.001))
    .option("--max-cost <usd>", "stop before projected spend passes this many USD", parseNumberArg(0))
    .option("--max-attempts <n>", "items tried at most (default: 3 x count)", parseIntArg(1))
    .option("--resume [dir]", "continue an interrupted run (default: the latest run of this recipe)")
    .option("--no-cache", "do not read responses from the cache")
    .option("--cache-dir <dir>", "response cache directory (default: $XDG_CACHE_HOME/dialogsmith)")
    .option(
      "--queue <url>",
      "coordinate: model steps go to workers through this Redis (redis://HOST:PORT/DB)",
    )
    .option("--dry-run", "show what would be sent and the estimated cost; send nothing")
    .option("--yes", "do not ask for confirmation");
}

export { Option };
