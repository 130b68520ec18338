import { existsSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeJsonAtomic } from "../core/atomic-file.js";
import { InputError } from "../core/errors.js";
import { JsonlWriter, readJsonl } from "../core/jsonl.js";
import { redactSecrets } from "../core/secrets.js";
import { RejectionExamples } from "../engine/acceptance-guard.js";
import { emptyReport, type RunReport } from "../engine/report.js";
import { runPaths } from "../engine/run-dir.js";
import type { BatchResultLine } from "../models/batch/results.js";
import { RESULTS_FILE } from "../models/batch/results.js";
import { batchDurationS, readBatchStatus } from "../models/batch/status.js";
import { costOf } from "../models/cost.js";
import { GOLD_DATASET, recipeOptions } from "../recipes/tools/recipe.js";
import type { ToolsScenario } from "../recipes/tools/scenario.js";
import { type ToolsItemPlan, ToolsRecipe } from "../recipes/tools/tools-recipe.js";
import { TOOLS_RUN_EXPORTS } from "../recipes/tools/tools-record.js";
import { type BatchConfigFile, readBatchConfig, SCENARIOS, type ScenarioLine } from "./batch-config.js";
import { writeExports } from "./generate.js";

export interface PreprocessResult {
  dir: string;
  report: RunReport;
  dataset: string;
  goldDataset?: string;
  rejectedFile: string;
}

interface Completion {
  model?: string;
  choices?: { message?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** A JSONL file written beside its final name and renamed at the end: re-running replaces it whole. */
function replacingWriter(path: string) {
  const tmp = `${path}.tmp-${process.pid}`;
  const writer = new JsonlWriter(tmp, 1 << 20, "truncate");
  return {
    writer,
    commit() {
      writer.close();
      renameSync(tmp, path);
    },
    abort() {
      writer.close();
      rmSync(tmp, { force: true });
    },
  };
}

/** The counts preprocess gathers for report.json while it reads the results. */
interface Tally {
  report: RunReport;
  gold: { requested: number; accepted: number; rejected: number; failed: number };
  /** Each request's final answer: "200", or the batch error code (by_status sums to the total). */
  byStatus: Record<string, number>;
  examples: RejectionExamples;
  usage: { prompt_tokens: number; completion_tokens: number };
  /** Successful responses (all paid for). */
  responses: number;
}

/**
 * `dialogsmith preprocess DIR`: validates each batch result with the tools recipe's validator and
 * converts it to the seed's shape. Training records go to dataset.jsonl, gold ones to
 * gold_dataset.jsonl, rejections and failed requests (with reasons) to rejected.jsonl, counts and
 * batch-price cost to report.json. Streams scenarios.jsonl and results.jsonl side by side.
 */
export async function preprocessTools(dirInput: string): Promise<PreprocessResult> {
  const dir = resolve(dirInput);
  const config = readBatchConfig(dir);
  const resultsPath = join(dir, RESULTS_FILE);
  if (!existsSync(resultsPath))
    throw new InputError(`${resultsPath} not found: run dialogsmith batch retrieve ${dirInput} first`);
  const recipes = {
    train: new ToolsRecipe(recipeOptions(config.options, "train")),
    gold: new ToolsRecipe(recipeOptions(config.options, "gold")),
  };
  const paths = runPaths(dir);
  const goldPath = join(dir, GOLD_DATASET);
  const out = {
    train: replacingWriter(paths.dataset),
    gold: config.gold_count > 0 ? replacingWriter(goldPath) : undefined,
    rejected: replacingWriter(paths.rejected),
  };
  const tally: Tally = {
    report: emptyReport("tools", config.count),
    gold: { requested: config.gold_count, accepted: 0, rejected: 0, failed: 0 },
    byStatus: {},
    examples: new RejectionExamples(),
    usage: { prompt_tokens: 0, completion_tokens: 0 },
    responses: 0,
  };
  const reject = rejecter(tally, out.rejected.writer);
  const { report, gold } = tally;
  try {
    for await (const { line, result } of pairedResults(dir, resultsPath)) {
      report.attempts++;
      const answered = result.ok ? "200" : String(result.status_code ?? result.error.code);
      tally.byStatus[answered] = (tally.byStatus[answered] ?? 0) + 1;
      if (!result.ok) {
        reject(line, "failed", result.error.code, result.error.message, null);
        continue;
      }
      const outcome = judgeResponse(recipes[line.set], line, result.response as Completion, config, tally);
      if (outcome.kind === "rejected") {
        reject(line, "rejected", outcome.reason, outcome.detail, outcome.raw);
        continue;
      }
      if (line.set === "gold") {
        out.gold?.writer.write(outcome.record);
        gold.accepted++;
      } else {
        out.train.writer.write(outcome.record);
        report.accepted++;
      }
    }
    out.train.commit();
    out.gold?.commit();
    out.rejected.commit();
  } catch (e) {
    out.train.abort();
    out.gold?.abort();
    out.rejected.abort();
    throw e;
  }
  completeReport(dir, config, tally);
  writeJsonAtomic(paths.report, report);
  await writeExports(TOOLS_RUN_EXPORTS, dir);
  return {
    dir,
    report,
    dataset: paths.dataset,
    goldDataset: out.gold ? goldPath : undefined,
    rejectedFile: paths.rejected,
  };
}

/** Writes a rejection or failure (secrets redacted) to rejected.jsonl and counts it. */
function rejecter(tally: Tally, rejected: JsonlWriter) {
  return (line: ScenarioLine, kind: "rejected" | "failed", reason: string, detail: string, raw: unknown) => {
    const { report } = tally;
    report.rejection_reasons[reason] = (report.rejection_reasons[reason] ?? 0) + 1;
    tally.examples.note(reason, redactSecrets(detail));
    rejected.write({
      index: line.index,
      id: line.custom_id,
      set: line.set,
      kind,
      reason,
      detail: redactSecrets(detail),
      raw: raw ?? null,
    });
    if (line.set === "gold") tally.gold[kind]++;
    else report[kind]++;
  };
}

/** scenarios.jsonl and results.jsonl side by side; they must match line for line by custom_id. */
async function* pairedResults(
  dir: string,
  resultsPath: string,
): AsyncGenerator<{ line: ScenarioLine; result: BatchResultLine }> {
  const results = readJsonl<BatchResultLine>(resultsPath)[Symbol.asyncIterator]();
  let n = 0;
  for await (const { value: line } of readJsonl<ScenarioLine>(join(dir, SCENARIOS))) {
    n++;
    const next = await results.next();
    if (next.done)
      throw new InputError(
        `${resultsPath} has fewer lines than ${SCENARIOS}: run dialogsmith batch retrieve again`,
      );
    const result = next.value.value;
    if (result.custom_id !== line.custom_id)
      throw new InputError(
        `${resultsPath}:${n}: custom_id '${result.custom_id}' where '${line.custom_id}' was expected: run batch retrieve again`,
      );
    yield { line, result };
  }
}

/** Counts a successful response's tokens and judges its answer with the recipe's validator. */
function judgeResponse(
  recipe: ToolsRecipe,
  line: ScenarioLine,
  body: Completion,
  config: BatchConfigFile,
  tally: Tally,
): ReturnType<ToolsRecipe["judge"]> {
  tally.usage.prompt_tokens += body.usage?.prompt_tokens ?? 0;
  tally.usage.completion_tokens += body.usage?.completion_tokens ?? 0;
  tally.responses++;
  const choice = body.choices?.[0];
  const plan: ToolsItemPlan = {
    set: line.set,
    index: line.index,
    id: line.custom_id,
    uid: line.uid,
    scenario: line.scenario as ToolsScenario,
    messages: [],
  };
  return recipe.judge(
    plan,
    { content: choice?.message?.content ?? null, finishReason: choice?.finish_reason ?? null },
    { model: body.model ?? config.model.model, seed: config.seed, mode: "batch" },
  );
}

/** The rest of report.json: stop reason, requests, duration, tokens and cost at batch prices. */
function completeReport(dir: string, config: BatchConfigFile, tally: Tally): void {
  const { report, usage } = tally;
  const cost = costOf(usage, config.model.price, true);
  const status = readBatchStatus(dir);
  Object.assign(report, {
    // Every request was tried (and failures retried once by batch run): short means used up.
    stopped: report.accepted >= config.count ? "done" : "max_attempts",
    requests: { total: report.attempts, retried: 0, cached: 0, by_status: tally.byStatus },
    duration_s: status ? batchDurationS(status) : 0,
    rejection_examples: tally.examples.examples,
    usage,
    cost_usd: Math.round(cost * 1e6) / 1e6,
    models: {
      [config.model.model]: { requests: tally.responses, ...usage, cost_usd: Math.round(cost * 1e6) / 1e6 },
    },
    mode: "batch",
    batch_discount: config.model.price?.batch_discount ?? 0.5,
    gold: tally.gold,
  });
}
