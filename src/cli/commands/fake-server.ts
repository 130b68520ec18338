import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import {
  DEFAULT_FAIL_WITH,
  type FakeServerOptions,
  normalizeFault,
  startFakeOpenAIServer,
} from "../../testing/fake-openai-server.js";
import { intRange, numberOption, numberRange, Option, parseList } from "../options.js";
import { info, setQuiet } from "../output.js";

interface FakeServerFlags {
  host: string;
  port: number;
  models?: string[];
  apiKeyEnv?: string;
  latencyMs: number;
  jitterMs: number;
  concurrency?: number;
  overload: "queue" | "reject";
  maxQueue?: number;
  failRate: number;
  failKinds?: string[];
  retryAfter?: number;
  structuredOutput: "json_schema" | "json_object" | "none";
  enforceMaxTokens?: boolean;
  batchStageMs?: number;
  batchExpireMs?: number;
  seed: number;
  verbose?: boolean;
  quiet?: boolean;
}

/**
 * `dialogsmith fake-server`: a local OpenAI-compatible server (chat, models, files, batches) with
 * latency, a concurrency limit and injected faults, for dry-running pipelines offline and for
 * tests that spawn the CLI. Hidden from the main help; see docs/fake-server.md.
 */
export function registerFakeServerCommand(program: Command): void {
  const cmd = program
    .command("fake-server", { hidden: true })
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .addOption(
      numberOption(
        "--port <n>",
        "port (0: any free port; the URL is printed on stdout)",
        intRange(0, 65535),
        0,
      ),
    )
    .option("--models <list>", "model ids served, comma-separated (default: any model)", parseList)
    .option("--api-key-env <VAR>", "require the API key held in this environment variable")
    .addOption(numberOption("--latency-ms <n>", "latency of each chat answer", numberRange(0, 600_000), 0))
    .addOption(
      numberOption("--jitter-ms <n>", "uniform latency jitter, plus or minus", numberRange(0, 600_000), 0),
    )
    .addOption(
      numberOption(
        "--concurrency <n>",
        "chat requests processed at once; the rest queue (default: unlimited)",
        intRange(1, 100_000),
      ),
    )
    .addOption(
      new Option("--overload <mode>", "beyond --concurrency: queue, or answer 429")
        .choices(["queue", "reject"])
        .default("queue"),
    )
    .addOption(numberOption("--max-queue <n>", "queued requests beyond this get 429", intRange(0, 1_000_000)))
    .addOption(
      numberOption("--fail-rate <f>", "probability that a chat request fails (seeded)", numberRange(0, 1), 0),
    )
    .option(
      "--fail-kinds <list>",
      `faults drawn by --fail-rate (default: ${DEFAULT_FAIL_WITH.join(",")}); e.g. 429,429:2,429-date,500,503,408,drop,hang,slow:5000,slow-body,truncated-json,malformed-json,html,text-plain,empty-choices,empty-content,code-fence,prose,length`,
      parseList,
    )
    .addOption(
      numberOption("--retry-after <s>", "Retry-After seconds on 429 answers", numberRange(0, 86_400)),
    )
    .addOption(
      new Option("--structured-output <mode>", "richest response_format accepted (others get 400)")
        .choices(["json_schema", "json_object", "none"])
        .default("json_schema"),
    )
    .option("--enforce-max-tokens", "cut replies at max_tokens with finish_reason length")
    .addOption(
      numberOption(
        "--batch-stage-ms <n>",
        "batches move a stage after this long (default: one stage per poll)",
        intRange(0, 86_400_000),
      ),
    )
    .addOption(
      numberOption(
        "--batch-expire-ms <n>",
        "batches unfinished this long after creation expire",
        intRange(0, 86_400_000),
      ),
    )
    .addOption(numberOption("--seed <n>", "seed of every random choice", intRange(0, 2 ** 31 - 1), 1))
    .option("--verbose", "print one line per request on stderr")
    .option("--quiet", "print only the URL");
  cmd.action(async (flags: FakeServerFlags) => runFakeServer(flags));
}

async function runFakeServer(flags: FakeServerFlags): Promise<void> {
  setQuiet(Boolean(flags.quiet));
  let apiKey: string | undefined;
  if (flags.apiKeyEnv) {
    apiKey = process.env[flags.apiKeyEnv];
    if (!apiKey)
      throw new UsageError(`--api-key-env ${flags.apiKeyEnv}: that environment variable is not set`);
  }
  const failWith = flags.failKinds ?? DEFAULT_FAIL_WITH;
  for (const kind of failWith) {
    try {
      normalizeFault(kind);
    } catch (e) {
      throw new UsageError(`--fail-kinds: ${(e as Error).message}`);
    }
  }
  const options: FakeServerOptions = {
    host: flags.host,
    port: flags.port,
    models: flags.models?.length ? flags.models : "any",
    apiKey,
    latencyMs: flags.latencyMs,
    jitterMs: flags.jitterMs,
    concurrency: flags.concurrency,
    overload: flags.overload,
    maxQueue: flags.maxQueue,
    failRate: flags.failRate,
    failWith,
    retryAfter: flags.retryAfter,
    structuredOutputs: flags.structuredOutput,
    enforceMaxTokens: Boolean(flags.enforceMaxTokens),
    seed: flags.seed,
    batch: {
      progression: flags.batchStageMs !== undefined ? { stageMs: flags.batchStageMs } : "on-poll",
      expireAfterMs: flags.batchExpireMs,
    },
    onRequest: flags.verbose
      ? (e) =>
          process.stderr.write(
            `${e.method} ${e.path} ${e.outcome}${e.fault ? ` [${e.fault}]` : ""} ${Math.round(e.durationMs ?? 0)}ms\n`,
          )
      : undefined,
  };
  const server = await startFakeOpenAIServer(options);
  // stdout carries only the URL, so scripts and tests can read it.
  process.stdout.write(`${server.url}\n`);
  info(
    `fake OpenAI-compatible server at ${server.url} (models: ${flags.models?.join(", ") || "any"}; Ctrl-C to stop)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  const s = server.stats;
  info(
    `fake server stopped: ${s.total} requests (${Object.entries(s.byStatus)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ")}), ${s.chat.promptTokens + s.chat.completionTokens} tokens`,
  );
}
