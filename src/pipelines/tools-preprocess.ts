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
import type { ToolsScenario } from "../recipes/tools/scenario.js";
import { type ToolsItemPlan, ToolsRecipe } from "../recipes/tools/tools-recipe.js";
import { readBatchConfig, SCENARIOS, type ScenarioLine } from "./batch-config.js";
import { GOLD_DATASET } from "./generate-tools.js";
import { recipeOptions } from "./tools-options.js";

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
  const report = emptyReport("tools", config.count);
  const gold = { requested: config.gold_count, accepted: 0, rejected: 0, failed: 0 };
  // Each request's final answer: "200", or the batch error code (by_status sums to the total).
  const byStatus: Record<string, number> = {};
  const examples = new RejectionExamples();
  const usage = { prompt_tokens: 0, completion_tokens: 0 };
  let responses = 0;
  const reject = (
    line: ScenarioLine,
    kind: "rejected" | "failed",
    reason: string,
    detail: string,
    raw: unknown,
  ) => {
    report.rejection_reasons[reason] = (report.rejection_reasons[reason] ?? 0) + 1;
    examples.note(reason, redactSecrets(detail));
    out.rejected.writer.write({
      index: line.index,
      id: line.custom_id,
      set: line.set,
      kind,
      reason,
      detail: redactSecrets(detail),
      raw: raw ?? null,
    });
    if (line.set === "gold") gold[kind]++;
    else report[kind]++;
  };
  try {
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
      report.attempts++;
      const answered = result.ok ? "200" : String(result.status_code ?? result.error.code);
      byStatus[answered] = (byStatus[answered] ?? 0) + 1;
      if (!result.ok) {
        reject(line, "failed", result.error.code, result.error.message, null);
        continue;
      }
      const body = result.response as Completion;
      usage.prompt_tokens += body.usage?.prompt_tokens ?? 0;
      usage.completion_tokens += body.usage?.completion_tokens ?? 0;
      responses++;
      const choice = body.choices?.[0];
      const plan: ToolsItemPlan = {
        set: line.set,
        index: line.index,
        id: line.custom_id,
        uid: line.uid,
        scenario: line.scenario as ToolsScenario,
        messages: [],
      };
      const outcome = recipes[line.set].judge(
        plan,
        { content: choice?.message?.content ?? null, finishReason: choice?.finish_reason ?? null },
        { model: body.model ?? config.model.model, seed: config.seed, mode: "batch" },
      );
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
  const cost = costOf(usage, config.model.price, true);
  const status = readBatchStatus(dir);
  Object.assign(report, {
    // Every request was tried (and failures retried once by batch run): short means used up.
    stopped: report.accepted >= config.count ? "done" : "max_attempts",
    requests: { total: report.attempts, retried: 0, cached: 0, by_status: byStatus },
    duration_s: status ? batchDurationS(status) : 0,
    rejection_examples: examples.examples,
    usage,
    cost_usd: Math.round(cost * 1e6) / 1e6,
    models: {
      [config.model.model]: { requests: responses, ...usage, cost_usd: Math.round(cost * 1e6) / 1e6 },
    },
    mode: "batch",
    batch_discount: config.model.price?.batch_discount ?? 0.5,
    gold,
  });
  writeJsonAtomic(paths.report, report);
  return {
    dir,
    report,
    dataset: paths.dataset,
    goldDataset: out.gold ? goldPath : undefined,
    rejectedFile: paths.rejected,
  };
}
