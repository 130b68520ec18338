import { relative } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { exitCodeFor } from "../../engine/report.js";
import type { ResultsSummary } from "../../models/batch/results.js";
import type { BatchStatusFile } from "../../models/batch/status.js";
import type { BatchEvent } from "../../models/batch/submit.js";
import type { ToolsFlags } from "../../pipelines/batch-config.js";
import {
  batchCancel,
  batchRetrieve,
  batchRetry,
  batchStatus,
  batchSubmit,
} from "../../pipelines/batch-jobs.js";
import { batchPrepareTools } from "../../pipelines/batch-prepare.js";
import { type BatchRunFlags, type BatchRunResult, batchRunTools } from "../../pipelines/batch-run.js";
import { ToolsDataOptions } from "../../recipes/tools/recipe.js";
import { installInterruptHandler } from "../interrupt.js";
import { cliCommand } from "../invocation.js";
import { intRange, numberOption, numberRange } from "../options.js";
import { info, setQuiet, warn } from "../output.js";
import { topRejectionReasons } from "../run-summary.js";
import { addOptionFields } from "./recipe-command.js";

interface EndpointFlags {
  baseUrl?: string;
  apiKeyEnv?: string;
  quiet?: boolean;
}

interface SubmitFlags extends EndpointFlags {
  wait?: boolean;
  pollInterval?: number;
  maxRequestsPerBatch?: number;
  maxBytesPerBatch?: number;
}

function shortPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}

function requireTools(recipe: string): void {
  if (recipe !== "tools")
    throw new UsageError(`the Batch API pipeline exists for the tools recipe only, not '${recipe}'`);
}

function describeEvent(e: BatchEvent): string {
  const where = `round ${e.round}${"part" in e ? ` part ${e.part}` : ""}`;
  switch (e.type) {
    case "split":
      return `round ${e.round}: split into ${e.parts} batches (request or size limit)`;
    case "uploaded":
      return `${where}: uploaded as ${e.file_id}`;
    case "created":
      return `${where}: created batch ${e.batch_id}`;
    case "reconciled":
      return `${where}: found batch ${e.batch_id} created before an interruption (not created again)`;
    case "status":
      return `${where}: ${e.batch_id} ${e.status}${e.counts ? ` (${e.counts.completed}/${e.counts.total} done, ${e.counts.failed} failed)` : ""}`;
  }
}

function printStatus(status: BatchStatusFile): void {
  for (const round of status.rounds) {
    for (const p of round.parts) {
      const c = p.request_counts;
      const counts = c ? ` ${c.completed}/${c.total} done, ${c.failed} failed` : "";
      process.stdout.write(
        `round ${round.round} part ${p.part}/${round.parts.length}: ${p.batch_id ?? "(not created)"} ${p.status ?? "not submitted"}${counts}\n`,
      );
      for (const e of p.errors ?? [])
        process.stdout.write(
          `  error ${e.code ?? ""}${e.line ? ` at line ${e.line}` : ""}: ${e.message ?? ""}\n`,
        );
    }
  }
}

function printSummary(s: ResultsSummary): void {
  info(
    `${s.succeeded}/${s.requests} succeeded, ${s.failed} failed, ${s.pending} pending; ${s.usage.prompt_tokens + s.usage.completion_tokens} tokens, $${s.cost_usd.toFixed(4)} at batch prices`,
  );
  const codes = Object.entries(s.errors).sort((a, b) => b[1] - a[1]);
  if (codes.length)
    info(`failures by error: ${codes.map(([c, n]) => `${c} ${n}`).join(", ")} (listed in results.jsonl)`);
}

function addEndpointOptions(cmd: Command): Command {
  return cmd
    .option(
      "--base-url <url>",
      "Batch API endpoint (default: the one the directory was prepared or submitted with)",
    )
    .option("--api-key-env <VAR>", "environment variable holding the API key (default: the prepared model's)")
    .option("--quiet", "no progress output");
}

function addSubmitOptions(cmd: Command): Command {
  return addSplitOptions(
    cmd
      .option("--wait", "poll until every batch has finished")
      .addOption(
        numberOption(
          "--poll-interval <s>",
          "seconds between polls with --wait (default 30)",
          numberRange(0, 86_400),
        ),
      ),
  );
}

/** The limits above which one round is split into several batches. */
function addSplitOptions(cmd: Command): Command {
  return cmd
    .addOption(
      numberOption(
        "--max-requests-per-batch <n>",
        "split above this many requests (default 50000)",
        intRange(1, 50_000),
      ),
    )
    .addOption(
      numberOption(
        "--max-bytes-per-batch <n>",
        "split above this many bytes (default 200 MB)",
        intRange(1, 1_000_000_000),
      ),
    );
}

function addPrepareOptions(cmd: Command): Command {
  // The tools recipe's data options, from its schema (the same flags as `generate tools`).
  addOptionFields(cmd, ToolsDataOptions);
  return cmd
    .option("--config <path>", "config file (default: ./dialogsmith.yaml if present)")
    .addOption(
      numberOption(
        "--count <n>",
        "training requests (default 400; 0 with --gold for the gold set only)",
        intRange(0, 100_000_000),
      ),
    )
    .addOption(
      numberOption("--seed <n>", "run seed: same seed and options, same requests", intRange(0, 2 ** 31 - 1)),
    )
    .option("--out <dir>", "batch directory (default: data/generated/tools_<domain>-batch_<time>)")
    .option("--model <name>", "model id (default: tools.model in the config, else gpt-4.1-mini)")
    .option("--base-url <url>", "endpoint (default: the model's base_url, else $OPENAI_BASE_URL or OpenAI)")
    .option(
      "--api-key-env <VAR>",
      "name of the environment variable holding the API key (default OPENAI_API_KEY)",
    )
    .option("--quiet", "no progress output");
}

async function askYesNo(question: string): Promise<boolean> {
  const { confirm, isCancel } = await import("@clack/prompts");
  const answer = await confirm({ message: question });
  return !isCancel(answer) && answer === true;
}

/** Ctrl-C while waiting stops the waiting only: the batches go on running on the server. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = installInterruptHandler(() => {});
  try {
    return await fn(interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}

function stoppedWaiting(dir: string): number {
  info(
    `stopped waiting; the batches keep running. Continue with: ${cliCommand("batch", "submit", shortPath(dir), "--wait")}`,
  );
  return 1;
}

const onEvent = (e: BatchEvent) => info(describeEvent(e));

/** `dialogsmith batch prepare|submit|status|cancel|retrieve|retry|run`: the OpenAI Batch API (half the price). */
export function registerBatchCommand(program: Command): void {
  const batch = program.command("batch");
  registerPrepare(batch);
  registerSubmit(batch);
  registerStatus(batch);
  registerCancel(batch);
  registerRetrieve(batch);
  registerRetry(batch);
  registerRun(batch);
}

function registerPrepare(batch: Command): void {
  addPrepareOptions(
    batch
      .command("prepare")
      .description("write DIR/batch_input.jsonl (no API call; deterministic custom_ids)")
      .argument("<recipe>", "tools"),
  ).action(async (recipe: string, flags: ToolsFlags) => {
    requireTools(recipe);
    setQuiet(Boolean(flags.quiet));
    const r = await batchPrepareTools(flags);
    info(
      `${r.unchanged ? "already prepared" : "prepared"}: ${r.requests} requests (${r.train} training, ${r.gold} gold) for ${r.model}`,
    );
    info(`next: ${cliCommand("batch", "submit", shortPath(r.dir), "--wait")}`);
    process.stdout.write(`${r.dir}\n`);
  });
}

function registerSubmit(batch: Command): void {
  addSubmitOptions(
    addEndpointOptions(
      batch
        .command("submit")
        .description("upload and create the batches (continues after an interruption)")
        .argument("<dir>", "batch directory"),
    ),
  ).action(async (dir: string, flags: SubmitFlags) => {
    setQuiet(Boolean(flags.quiet));
    const result = await withInterrupt((signal) =>
      batchSubmit({ dir, ...flags, pollIntervalS: flags.pollInterval, onEvent, signal }),
    );
    if (!flags.quiet) printStatus(result.status);
    if (flags.wait && !result.finished) process.exitCode = stoppedWaiting(dir);
    else if (result.finished)
      info(`all batches finished: ${cliCommand("batch", "retrieve", shortPath(dir))}`);
  });
}

function registerStatus(batch: Command): void {
  addEndpointOptions(
    batch
      .command("status")
      .description("show every batch of the directory")
      .argument("<dir>", "batch directory"),
  ).action(async (dir: string, flags: EndpointFlags) => {
    setQuiet(Boolean(flags.quiet));
    printStatus(await batchStatus({ dir, ...flags }));
  });
}

function registerCancel(batch: Command): void {
  addEndpointOptions(
    batch.command("cancel").description("cancel every unfinished batch").argument("<dir>", "batch directory"),
  ).action(async (dir: string, flags: EndpointFlags) => {
    setQuiet(Boolean(flags.quiet));
    const { status, cancelled } = await batchCancel({ dir, ...flags, onEvent });
    info(
      `${cancelled} batch(es) cancelling; finished requests stay retrievable (${cliCommand("batch", "retrieve", shortPath(dir))})`,
    );
    if (!flags.quiet) printStatus(status);
  });
}

function registerRetrieve(batch: Command): void {
  addEndpointOptions(
    batch
      .command("retrieve")
      .description("download results into DIR/results.jsonl, matched by custom_id")
      .argument("<dir>", "batch directory"),
  ).action(async (dir: string, flags: EndpointFlags) => {
    setQuiet(Boolean(flags.quiet));
    const r = await batchRetrieve({ dir, ...flags, onEvent });
    printSummary(r);
    if (!r.complete) {
      info(`some batches are still running: ${cliCommand("batch", "status", shortPath(dir))}`);
      process.exitCode = 1;
    } else if (r.failed > 0)
      info(
        `next: ${cliCommand("batch", "retry", shortPath(dir), "--wait")}, or ${cliCommand("preprocess", shortPath(dir))}`,
      );
    else info(`next: ${cliCommand("preprocess", shortPath(dir))}`);
  });
}

function registerRetry(batch: Command): void {
  addSubmitOptions(
    addEndpointOptions(
      batch
        .command("retry")
        .description("resubmit only failed and expired requests, then merge")
        .argument("<dir>", "batch directory"),
    ),
  ).action(async (dir: string, flags: SubmitFlags) => {
    setQuiet(Boolean(flags.quiet));
    const r = await withInterrupt((signal) =>
      batchRetry({ dir, ...flags, pollIntervalS: flags.pollInterval, onEvent, signal }),
    );
    if (r.kind === "nothing") {
      info("nothing to retry: no request failed");
      return;
    }
    info(`round ${r.round.round}: ${r.round.requests} request(s) resubmitted`);
    if (r.summary) printSummary(r.summary);
    else if (flags.wait) process.exitCode = stoppedWaiting(dir);
    else
      info(
        `then: ${cliCommand("batch", "submit", shortPath(dir), "--wait")} && ${cliCommand("batch", "retrieve", shortPath(dir))}`,
      );
  });
}

function registerRun(batch: Command): void {
  const run = batch
    .command("run")
    .description(
      "every step in one command: prepare, submit --wait, retrieve, retry failures once, preprocess, render samples, push",
    )
    .argument("<recipe>", "tools");
  addPrepareOptions(run);
  run.addOption(
    numberOption("--poll-interval <s>", "seconds between polls (default 30)", numberRange(0, 86_400)),
  );
  addSplitOptions(run)
    .option("--template <name|path>", "chat template for samples/ (default qwen2.5; none to skip)")
    .option("--push-to <user/name>", "push the result to this Hugging Face dataset repo")
    .option("--private", "create the Hub repo private")
    .option("--hub-url <url>", "Hub base URL")
    .option("--token-env <VAR>", "environment variable holding the Hub token (default HF_TOKEN)")
    .option("--yes", "do not ask before submitting (asked only on a terminal)")
    .action(async (recipe: string, flags: BatchRunFlags & { yes?: boolean }) => {
      requireTools(recipe);
      setQuiet(Boolean(flags.quiet));
      const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !flags.yes;
      const result = await withInterrupt((signal) =>
        batchRunTools(flags, {
          signal,
          onEvent,
          onStep: (step, message) => info(`[${step}] ${message}`),
          confirm: interactive ? askYesNo : undefined,
        }),
      );
      reportRun(result);
    });
}

/** What `batch run` ended with: the summary, the dataset, and the exit code for what is left to do. */
function reportRun(result: BatchRunResult): void {
  const dir = shortPath(result.prepared.dir);
  if (result.kind === "waiting") {
    info(`stopped waiting; the batches keep running. Continue with the same command (--out ${dir}).`);
    process.exitCode = 1;
    return;
  }
  printSummary(result.retrieved);
  const r = result.preprocessed.report;
  info(`dataset: ${shortPath(result.preprocessed.dataset)} (${r.accepted} records)`);
  const reasons = topRejectionReasons(r);
  if (reasons)
    info(`top rejection reasons: ${reasons} (all in ${shortPath(result.preprocessed.rejectedFile)})`);
  if (result.preprocessed.goldDataset)
    info(
      `gold set: ${shortPath(result.preprocessed.goldDataset)} (${(r.gold as { accepted: number }).accepted} records)`,
    );
  if (result.retrieved.failed > 0) {
    warn(
      `${result.retrieved.failed} request(s) still failed after one retry: ${cliCommand("batch", "retry", dir, "--wait")}, then ${cliCommand("preprocess", dir)}`,
    );
    process.exitCode = 1;
  } else if (r.stopped !== "done") {
    warn(`stopped short: ${r.accepted} of ${r.requested} training records accepted`);
    process.exitCode = exitCodeFor(r.stopped);
  }
  process.stdout.write(`${result.prepared.dir}\n`);
}
