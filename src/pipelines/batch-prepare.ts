import { renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { chosenEntry, resolveModel } from "../config/resolve-model.js";
import { writeJsonAtomic } from "../core/atomic-file.js";
import { UsageError } from "../core/errors.js";
import { JsonlWriter } from "../core/jsonl.js";
import { packageVersion } from "../core/version.js";
import { defaultRunDir } from "../engine/run-dir.js";
import { withRunLock } from "../engine/run-lock.js";
import { BATCH_ENDPOINT } from "../models/batch/client.js";
import { sha256File } from "../models/batch/lines.js";
import { readBatchStatus } from "../models/batch/status.js";
import { buildChatBody } from "../models/request-body.js";
import toolsRecipe, {
  DEFAULT_TOOLS_COUNT,
  recipeOptions,
  type ToolsRunOptions,
  toolsRunOptions,
} from "../recipes/tools/recipe.js";
import { type ToolsItemPlan, ToolsRecipe } from "../recipes/tools/tools-recipe.js";
import {
  BATCH_CONFIG,
  BATCH_INPUT,
  type BatchConfigFile,
  SCENARIOS,
  type ScenarioLine,
  type ToolsFlags,
} from "./batch-config.js";
import { optionsFromSettings, recipeSection } from "./recipe-settings.js";
import { DEFAULT_SEED } from "./run-options.js";

/** The model a batch uses when none is configured: the Batch API is OpenAI's. */
export const DEFAULT_BATCH_MODEL = "gpt-4.1-mini";

export interface BatchPrepareResult {
  dir: string;
  requests: number;
  train: number;
  gold: number;
  model: string;
  /** True when the directory already held this exact input (nothing rewritten). */
  unchanged: boolean;
}

/** The batch model: the chosen `models:` entry (see chosenEntry) or flags, else the default OpenAI model. */
export function resolveBatchModel(
  flags: ToolsFlags,
  configModel: string | undefined,
  config: FileConfig,
): NamedModelConfig {
  const chosen = chosenEntry(config, configModel, flags);
  const withDefault = chosen || flags.model ? flags : { ...flags, model: DEFAULT_BATCH_MODEL };
  return resolveModel(config, configModel, withDefault);
}

/**
 * `dialogsmith batch prepare tools`: writes DIR/batch_input.jsonl (one chat request per line,
 * custom_id `tools-<seed>-<index>` then `gold-<category>-<index>`), DIR/scenarios.jsonl and
 * DIR/batch_config.json. No API call; the same options always give the same bytes. A directory
 * whose input was already submitted is left alone if the input is the same, refused otherwise.
 */
export async function batchPrepareTools(flags: ToolsFlags): Promise<BatchPrepareResult> {
  const { config, path: configPath } = loadConfig(flags.config);
  // The `tools:` section and the flags, read by the tools recipe's own schema.
  const section = recipeSection(toolsRecipe, config, configPath);
  const given = optionsFromSettings(toolsRecipe, flags, section, configPath);
  const options = toolsRunOptions(given as Parameters<typeof toolsRunOptions>[0]);
  const seed = flags.seed ?? (section.seed as number | undefined) ?? DEFAULT_SEED;
  const count = flags.count ?? (section.count as number | undefined) ?? DEFAULT_TOOLS_COUNT;
  const model = resolveBatchModel(flags, section.model as string | undefined, config);
  const train = new ToolsRecipe(recipeOptions(options, "train"));
  const gold = options.gold ? new ToolsRecipe(recipeOptions(options, "gold")) : undefined;
  const goldCount = gold?.goldCount ?? 0;
  if (count + goldCount === 0) throw new UsageError("nothing to prepare: --count 0 needs --gold");
  const dir = resolve(
    flags.out ?? defaultRunDir("tools", `${options.domain}-batch`, config.output_dir ?? "data/generated"),
  );
  // The lock creates the directory (and names the path when it cannot).
  return withRunLock(dir, () => prepareInto(dir, { options, seed, count, model, train, gold, goldCount }));
}

interface PrepareJob {
  options: ToolsRunOptions;
  seed: number;
  count: number;
  model: ReturnType<typeof resolveBatchModel>;
  train: ToolsRecipe;
  gold: ToolsRecipe | undefined;
  goldCount: number;
}

/** Writes the batch input and scenarios of a prepare into its (locked) directory. */
async function prepareInto(dir: string, job: PrepareJob): Promise<BatchPrepareResult> {
  const { options, seed, count, model, train, gold, goldCount } = job;
  const inputTmp = join(dir, `${BATCH_INPUT}.tmp-${process.pid}`);
  const scenariosTmp = join(dir, `${SCENARIOS}.tmp-${process.pid}`);
  const input = new JsonlWriter(inputTmp, 1 << 20, "truncate");
  const scenarios = new JsonlWriter(scenariosTmp, 1 << 20, "truncate");
  const write = (recipe: ToolsRecipe, plan: ToolsItemPlan) => {
    // The body the online model would send (a pure function: no client, no key).
    const body = buildChatBody(model, { messages: plan.messages, outputSchema: recipe.outputSchema });
    input.write({ custom_id: plan.id, method: "POST", url: BATCH_ENDPOINT, body });
    const line: ScenarioLine = {
      custom_id: plan.id,
      set: plan.set,
      index: plan.index,
      uid: plan.uid,
      scenario: plan.scenario,
    };
    scenarios.write(line);
  };
  try {
    for (let i = 0; i < count; i++) write(train, train.planItem(seed, i));
    for (let i = 0; i < goldCount; i++) write(gold!, gold!.planItem(seed, i));
  } finally {
    input.close();
    scenarios.close();
  }

  const result = { dir, requests: count + goldCount, train: count, gold: goldCount, model: model.model };
  const submitted = readBatchStatus(dir);
  if (submitted) {
    const same = submitted.rounds[0]?.input_sha256 === (await sha256File(inputTmp));
    rmSync(inputTmp, { force: true });
    rmSync(scenariosTmp, { force: true });
    if (!same)
      throw new UsageError(
        `${dir} already holds a submitted batch with different requests: use a new --out, or the options it was prepared with`,
      );
    return { ...result, unchanged: true };
  }
  const batchConfig: BatchConfigFile = {
    dialogsmith_version: packageVersion(),
    recipe: "tools",
    seed,
    count,
    gold_count: goldCount,
    options,
    model,
  };
  writeJsonAtomic(join(dir, BATCH_CONFIG), batchConfig);
  renameSync(scenariosTmp, join(dir, SCENARIOS));
  renameSync(inputTmp, join(dir, BATCH_INPUT));
  return { ...result, unchanged: false };
}
