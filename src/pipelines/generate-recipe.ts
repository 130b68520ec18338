import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig, readStructuredFile } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { ConfigError, InputError, UsageError } from "../core/errors.js";
import type { EngineProgress } from "../engine/generation-engine.js";
import { recordId } from "../engine/generation-engine.js";
import { refuseShrinkingRun } from "../engine/resume-count.js";
import { type ConversationRunOutcome, runConversationRun } from "../engine/run-conversations.js";
import { openRunDir } from "../engine/run-dir.js";
import type { RunNotices } from "../engine/run-notices.js";
import { type ExportSummary, exportDataset } from "../formats/export/run-export.js";
import { EXPORT_TARGETS } from "../formats/export/types.js";
import { readRows } from "../formats/qa-input/read-rows.js";
import type { ModelEvent } from "../models/events.js";
import type { ConversationProgram } from "../recipes/conversation.js";
import { judgedProgram } from "../recipes/judge/with-judge.js";
import type { CompiledRecipe } from "../recipes/yaml/compiled.js";
import { describeRecipe } from "../recipes/yaml/compiled.js";
import { compileRecipe } from "../recipes/yaml/compiler.js";
import { RECIPE_FILES, YamlRecipeProgram } from "../recipes/yaml/program.js";
import { type DryRunEstimate, type DryRunPlan, estimatePlan, type PlannedCall } from "./dry-run.js";
import { type PlannedStep, runWithPlaceholders } from "./recipe-dry-run.js";
import { emptyRecipeFiles, fileRecipeIo, type RecipeFiles } from "./recipe-io.js";
import {
  type CommonRunFlags,
  DEFAULT_SEED,
  dryRunModels,
  resolveRoleModels,
  resolveRunDir,
  type SavedRunConfig,
} from "./run-options.js";

/** Dialogues a recipe makes when neither the file nor `--count` says. */
export const DEFAULT_RECIPE_COUNT = 100;

export interface RecipeFlags extends CommonRunFlags {
  /** A recipe file (YAML or JSON). */
  recipe?: string;
  /** The seed dataset (instead of the recipe's `input:`). */
  input?: string;
}

/** What the caller of a turn-by-turn run may hand it (the same fields runConversationRun takes). */
export interface RecipeRunIo extends RunNotices {
  stopSignal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onModelEvent?: (e: ModelEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Retries per request (default 8). */
  maxTries?: number;
  /** Dialogues in progress at once (default: twice the models' summed concurrency). */
  window?: number;
}

export type RecipeResult =
  | ({ kind: "run"; exports: ExportSummary[] } & ConversationRunOutcome)
  | {
      kind: "dry-run";
      recipe: string;
      count: number;
      steps: (PlannedStep & { model?: NamedModelConfig })[];
      plan: DryRunPlan;
      estimate: DryRunEstimate;
      outDir: string;
    };

/** config.json's options of a recipe run: the recipe itself and what it read. */
interface RecipeRunOptions {
  recipe: unknown;
  input?: string;
  files: RecipeFiles;
}

interface RecipeSource {
  data: unknown;
  /** The file, for error messages and relative paths (undefined: inline in the config). */
  path?: string;
  label: string;
}

/** Where the recipe comes from: `--recipe FILE`, or a name under `recipes:` in dialogsmith.yaml. */
function recipeSource(
  name: string | undefined,
  flags: RecipeFlags,
  config: FileConfig,
  configPath?: string,
): RecipeSource | undefined {
  if (flags.recipe) {
    if (!existsSync(flags.recipe))
      throw new UsageError(`recipe file not found: ${flags.recipe} (check --recipe)`);
    return { data: readStructuredFile(flags.recipe, "recipe"), path: flags.recipe, label: flags.recipe };
  }
  if (!name) return undefined;
  const entry = config.recipes?.[name];
  if (entry === undefined) {
    const defined = Object.keys(config.recipes ?? {});
    throw new UsageError(
      `unknown recipe '${name}': built in are roleplay, math, rounds and tools${defined.length ? `; dialogsmith.yaml defines ${defined.join(", ")}` : ""}; or pass --recipe FILE.yaml`,
    );
  }
  const base = configPath ? dirname(configPath) : process.cwd();
  if (typeof entry === "string") {
    const path = resolve(base, entry);
    return { data: readStructuredFile(path, "recipe"), path, label: entry };
  }
  return { data: entry, path: configPath, label: `${configPath ?? "config"} (recipes.${name})` };
}

function savedRun(dir: string): SavedRunConfig {
  const path = join(resolve(dir), "config.json");
  if (!existsSync(path))
    throw new UsageError(`${dir} is not a dialogsmith run directory (no config.json): check --resume`);
  return JSON.parse(readFileSync(path, "utf8")) as SavedRunConfig;
}

function recipeName(data: unknown, label: string): string {
  const name = (data as { name?: unknown } | null)?.name;
  if (typeof name !== "string") throw new ConfigError(`${label}: name: a recipe needs a name`);
  return name;
}

/** Every row of the seed dataset, over and over (dialogue i gets row i modulo the rows). */
async function* cycledRows(path: string): AsyncGenerator<unknown> {
  for (;;) {
    let any = false;
    for await (const item of readRows(path)) {
      if ("skip" in item) continue;
      any = true;
      yield item.value;
    }
    if (!any) throw new InputError(`${path}: no usable rows in the seed dataset`);
  }
}

async function* noRows(): AsyncGenerator<unknown> {
  for (;;) yield undefined;
}

async function firstRow(recipe: CompiledRecipe): Promise<unknown> {
  if (!recipe.input) return undefined;
  const rows = cycledRows(recipe.input);
  const first = await rows.next();
  await rows.return(undefined);
  return first.value;
}

interface Prepared {
  recipe: CompiledRecipe;
  options: RecipeRunOptions;
  label: string;
  dir: string;
  saved?: SavedRunConfig;
  seed: number;
  count: number;
  config: FileConfig;
}

/** Loads and compiles the recipe, and resolves the run directory, seed and count. */
async function prepare(name: string | undefined, flags: RecipeFlags): Promise<Prepared> {
  const { config, path: configPath } = loadConfig(flags.config);
  const source = recipeSource(name, flags, config, configPath);
  if (!source && typeof flags.resume !== "string")
    throw new UsageError(
      "which recipe? pass --recipe FILE.yaml, a name from recipes: in dialogsmith.yaml, or --resume DIR",
    );
  const nameOf = source ? recipeName(source.data, source.label) : savedRun(flags.resume as string).recipe;
  const { dir, saved } = resolveRunDir(nameOf, undefined, flags, config);
  const savedOptions = saved?.options as RecipeRunOptions | undefined;
  const files = savedOptions?.files ?? emptyRecipeFiles();
  const label = source?.label ?? join(dir, "config.json");
  const input = flags.input ? resolve(flags.input) : savedOptions?.input;
  const data = savedOptions?.recipe ?? source!.data;
  const recipe = await compileRecipe(data, {
    source: label,
    io: fileRecipeIo(source?.path, files, saved !== undefined),
    models: saved || flags.model ? undefined : Object.keys(config.models),
    exporters: EXPORT_TARGETS,
    input,
  });
  const options: RecipeRunOptions = { recipe: data, ...(recipe.input ? { input: recipe.input } : {}), files };
  const seed = flags.seed ?? saved?.seed ?? DEFAULT_SEED;
  const count = flags.count ?? saved?.count ?? recipe.count ?? DEFAULT_RECIPE_COUNT;
  return { recipe, options, label, dir, saved, seed, count, config };
}

/** The recipe's program, with its judge (if any) scoring each finished dialogue. */
function recipeProgram(recipe: CompiledRecipe, checks = true): ConversationProgram<unknown> {
  const program = new YamlRecipeProgram(recipe, {
    idFor: (index, seed) => recordId(recipe.name, seed, index),
    checks,
  });
  return recipe.judge
    ? judgedProgram(program, recipe.judge, RECIPE_FILES.dataset, RECIPE_FILES.rejected)
    : program;
}

async function dryRun(p: Prepared, flags: RecipeFlags): Promise<RecipeResult> {
  const run = await runWithPlaceholders(recipeProgram(p.recipe, false), p.seed, await firstRow(p.recipe));
  if (run.outcome.reason === "template_error") throw new ConfigError(`${p.label}: ${run.outcome.detail}`);
  // A dry run needs no endpoint: models that do not resolve are left out.
  const models = dryRunModels(describeRecipe(p.recipe).roles, p.config, flags, p.saved);
  const steps = run.steps.map((s) => ({ ...s, model: models[s.role] }));
  const calls: PlannedCall[] = steps.map((s) => ({
    role: s.role,
    model: s.model,
    messages: s.request.messages,
    completionTokens: Math.min(s.request.max_tokens ?? s.model?.max_tokens ?? 150, 150),
  }));
  const plan: DryRunPlan = { recipe: p.recipe.name, count: p.count, items: p.count, calls };
  return {
    kind: "dry-run",
    recipe: p.recipe.name,
    count: p.count,
    steps,
    plan,
    estimate: estimatePlan(plan),
    outDir: p.dir,
  };
}

/** Exports the recipe asks for, into the run directory's export/ folder. */
async function writeExports(recipe: CompiledRecipe, dir: string): Promise<ExportSummary[]> {
  const out: ExportSummary[] = [];
  for (const target of recipe.output.exporters)
    out.push(await exportDataset({ input: dir, target, workers: 1 }));
  return out;
}

/**
 * `dialogsmith generate --recipe FILE` / `generate NAME`: a YAML recipe, compiled to a conversation
 * program and run on the step-journaled runner (resume, cache, budget, progress, report).
 */
export async function generateFromRecipe(
  name: string | undefined,
  flags: RecipeFlags,
  io: RecipeRunIo = {},
): Promise<RecipeResult> {
  const p = await prepare(name, flags);
  if (flags.dryRun) return dryRun(p, flags);
  // A template that cannot render fails now, before anything is paid for.
  const check = await runWithPlaceholders(recipeProgram(p.recipe, false), p.seed, await firstRow(p.recipe));
  if (check.outcome.reason === "template_error") throw new ConfigError(`${p.label}: ${check.outcome.detail}`);
  const descriptor = describeRecipe(p.recipe);
  const models = resolveRoleModels(descriptor.roles, p.config, flags, p.saved);
  await refuseShrinkingRun(p.dir, p.count);
  const paths = openRunDir(p.dir, {
    recipe: p.recipe.name,
    seed: p.seed,
    count: p.count,
    options: { ...p.options },
    models,
  });
  const outcome = await runConversationRun({
    program: recipeProgram(p.recipe),
    inputs: p.recipe.input ? cycledRows(p.recipe.input) : noRows(),
    paths,
    models,
    seed: p.seed,
    target: p.count,
    maxConversations: flags.maxAttempts ?? p.count * 3,
    maxCostUsd: flags.maxCost,
    cacheDir: flags.cacheDir ?? p.config.cache_dir,
    readCache: flags.cache !== false,
    queue: flags.queue,
    ...io,
    reportExtras: (result) => ({
      roles: descriptor.roles,
      conversations: result.counts,
      steps: result.steps,
    }),
  });
  const exports = outcome.report.stopped === "done" ? await writeExports(p.recipe, paths.dir) : [];
  return { kind: "run", exports, ...outcome };
}
