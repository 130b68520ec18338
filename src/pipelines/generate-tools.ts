import { copyFileSync, existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { UsageError } from "../core/errors.js";
import type { EngineProgress } from "../engine/progress.js";
import { type ConversationRunOutcome, runConversationRun, withOpenRun } from "../engine/run-conversations.js";
import type { RunNotices } from "../engine/run-notices.js";
import type { ModelEvent } from "../models/events.js";
import { oneShotProgram, oneShotRun } from "../recipes/one-shot.js";
import { ToolsRecipe, type ToolsSet } from "../recipes/tools/tools-recipe.js";
import { TOOLS_RUN_EXPORTS } from "../recipes/tools/tools-record.js";
import { type DryRunPlan, firstPrompts, type PromptDryRun, promptDryRun } from "./dry-run.js";
import { writeExports } from "./generate.js";
import { judgeRole, resolveJudgeOption, withJudgeOption } from "./judge-option.js";
import { DEFAULT_SEED, dryRunModels, resolveRoleModels, resolveRunDir, runSettings } from "./run-options.js";
import {
  DEFAULT_TOOLS_COUNT,
  recipeOptions,
  resolveToolsOptions,
  restoreToolsOptions,
  type ToolsFlags,
  type ToolsRunOptions,
  toolsSection,
} from "./tools-options.js";

export interface ToolsIo extends RunNotices {
  stopSignal?: AbortSignal;
  /** `set` says which engine run the progress is for (the gold set runs after the training set). */
  onProgress?: (p: EngineProgress, set: ToolsSet) => void;
  onModelEvent?: (e: ModelEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export type ToolsResult =
  | ({ kind: "run"; gold?: ConversationRunOutcome; goldDataset?: string } & ConversationRunOutcome)
  | PromptDryRun;

/** The gold set's engine run lives in `<run>/gold/`; its records are published as `<run>/gold_dataset.jsonl`. */
export const GOLD_SUBDIR = "gold";
export const GOLD_DATASET = "gold_dataset.jsonl";

/** Rough completion size of one dialogue: JSON overhead plus about 350 tokens a user turn (Korean, with calls and results). */
export function expectedCompletionTokens(turns: number, maxTokens?: number): number {
  return Math.min(maxTokens ?? Number.POSITIVE_INFINITY, 300 + turns * 350);
}

/** The first item's prompts and the run's estimated calls and cost (gold set included); nothing sent. */
function toolsDryRun(
  train: ToolsRecipe,
  options: ToolsRunOptions,
  model: NamedModelConfig | undefined,
  run: { seed: number; items: number; dir: string },
): ToolsResult {
  const first = train.planItem(run.seed, 0);
  const completionTokens = expectedCompletionTokens(
    (options.min_turns + options.max_turns) / 2,
    model?.max_tokens,
  );
  const plan: DryRunPlan = {
    recipe: "tools",
    count: run.items,
    items: run.items,
    calls: [{ role: "writer", model, messages: first.messages, completionTokens }],
  };
  return promptDryRun(plan, firstPrompts(first.messages), run.dir);
}

/**
 * `dialogsmith generate tools`: function-calling dialogues through the online engine. With
 * `--gold`, the pack's gold set (8 categories x 10 for delivery) runs after the training set.
 */
export async function generateTools(flags: ToolsFlags, io: ToolsIo = {}): Promise<ToolsResult> {
  const { config, path: configPath } = loadConfig(flags.config);
  const section = toolsSection(config, configPath);
  const probe = resolveRunDir("tools", undefined, flags, config);
  let options: ToolsRunOptions;
  let seed: number;
  let count: number;
  if (probe.saved) {
    options = restoreToolsOptions(probe.saved.options, join(probe.dir, "config.json"));
    seed = probe.saved.seed;
    count = flags.count ?? probe.saved.count;
  } else {
    options = resolveToolsOptions(flags, section);
    const judge = resolveJudgeOption(flags, section.judge, "tools");
    if (judge) options.judge = judge;
    seed = flags.seed ?? section.seed ?? DEFAULT_SEED;
    count = flags.count ?? section.count ?? DEFAULT_TOOLS_COUNT;
  }
  if (count < 1) throw new UsageError("--count must be at least 1 for generate tools");
  const { dir } = probe.saved ? probe : resolveRunDir("tools", options.domain, flags, config);
  const train = new ToolsRecipe(recipeOptions(options, "train"));
  const gold = options.gold ? new ToolsRecipe(recipeOptions(options, "gold")) : undefined;

  if (flags.dryRun) {
    const model = dryRunModels({ writer: section.model }, config, flags, probe.saved).writer;
    return toolsDryRun(train, options, model, { seed, items: count + (gold?.goldCount ?? 0), dir });
  }

  const roles = { writer: section.model, ...judgeRole(options.judge) };
  const models = resolveRoleModels(roles, config, flags, probe.saved);
  const maxCost = flags.maxCost ?? section.max_cost;
  const common = { ...runSettings(flags, config, io), models, seed };
  const trainConfig = { recipe: "tools", seed, count, options: { ...options }, models };
  const outcome = await withOpenRun(dir, trainConfig, (paths) =>
    runConversationRun({
      ...common,
      // Only the training set is judged: the gold set keeps its fixed shape.
      ...oneShotRun(withJudgeOption(oneShotProgram(train), options.judge), count, flags.maxAttempts),
      paths,
      maxCostUsd: maxCost,
      onStart: io.onStart,
      onProgress: (p) => io.onProgress?.(p, "train"),
    }),
  );
  if (outcome.report.stopped === "done") await writeExports(TOOLS_RUN_EXPORTS, outcome.paths.dir);
  if (!gold || outcome.fatal || outcome.report.stopped !== "done") return { kind: "run", ...outcome };

  // Each gold scenario is tried once (plus the engine's one content retry): the set keeps its shape.
  const goldDir = join(outcome.paths.dir, GOLD_SUBDIR);
  const goldConfig = {
    recipe: "tools",
    seed,
    count: gold.goldCount,
    options: { ...options, set: "gold" },
    models,
  };
  const goldOutcome = await withOpenRun(goldDir, goldConfig, (paths) =>
    runConversationRun({
      ...common,
      ...oneShotRun(oneShotProgram(gold), gold.goldCount, gold.goldCount),
      paths,
      maxCostUsd: maxCost === undefined ? undefined : Math.max(0, maxCost - outcome.report.cost_usd),
      onProgress: (p) => io.onProgress?.(p, "gold"),
    }),
  );
  const goldDataset = join(outcome.paths.dir, GOLD_DATASET);
  if (existsSync(goldOutcome.paths.dataset)) {
    const tmp = `${goldDataset}.tmp-${process.pid}`;
    copyFileSync(goldOutcome.paths.dataset, tmp);
    renameSync(tmp, goldDataset);
  }
  return { kind: "run", ...outcome, gold: goldOutcome, goldDataset };
}
