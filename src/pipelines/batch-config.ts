import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseWithSchema } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { InputError } from "../core/errors.js";
import { SavedToolsOptions, settledRun, type ToolsRunOptions } from "../recipes/tools/recipe.js";
import type { RecipeFlags } from "./recipe-settings.js";

export const BATCH_CONFIG = "batch_config.json";
export const BATCH_INPUT = "batch_input.jsonl";
export const SCENARIOS = "scenarios.jsonl";

/** DIR/batch_config.json: what `batch prepare` planned, enough to preprocess the results later. Never a key. */
export interface BatchConfigFile {
  dialogsmith_version: string;
  recipe: "tools";
  seed: number;
  /** Training requests (gold requests come after them). */
  count: number;
  gold_count: number;
  options: ToolsRunOptions;
  model: NamedModelConfig;
}

/** One line of scenarios.jsonl, in the order of batch_input.jsonl. */
export interface ScenarioLine {
  custom_id: string;
  set: "train" | "gold";
  index: number;
  uid: string;
  scenario: unknown;
}

export function readBatchConfig(dir: string): BatchConfigFile {
  const path = join(dir, BATCH_CONFIG);
  if (!existsSync(path))
    throw new InputError(
      `${dir} is not a batch directory (no ${BATCH_CONFIG}): run dialogsmith batch prepare tools --out ${dir}`,
    );
  let value: BatchConfigFile;
  try {
    value = JSON.parse(readFileSync(path, "utf8")) as BatchConfigFile;
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (value.recipe !== "tools")
    throw new InputError(`${path}: recipe '${value.recipe}' has no batch support`);
  // Read back by the recipe's own schema (the pack may have been edited).
  const options = parseWithSchema(SavedToolsOptions, value.options, path, ["options"]);
  return { ...value, options: settledRun(options) };
}

/** Flags of `batch prepare tools`: the tools recipe's data options (its schema's flags) and the run's. */
export type ToolsFlags = RecipeFlags;

/** Flags of `batch run` (tools through the Batch API). */
export interface BatchRunFlags extends ToolsFlags {
  pollInterval?: number;
  maxRequestsPerBatch?: number;
  maxBytesPerBatch?: number;
  /** Chat template for the samples (default qwen2.5); "none" skips rendering. */
  template?: string;
  pushTo?: string;
  private?: boolean;
  hubUrl?: string;
  tokenEnv?: string;
}
