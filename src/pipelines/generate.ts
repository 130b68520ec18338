import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { z } from "zod";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { UsageError } from "../core/errors.js";
import type { EngineProgress } from "../engine/progress.js";
import { refuseShrinkingRun } from "../engine/resume-count.js";
import { type ConversationRunOutcome, runConversationRun } from "../engine/run-conversations.js";
import { openRunDir } from "../engine/run-dir.js";
import { lockRunDir } from "../engine/run-lock.js";
import type { RunNotices } from "../engine/run-notices.js";
import type { ModelEvent } from "../models/events.js";
import type { AnyRecipe, PreparedRecipe, RecipeDefinition, RecipeIo } from "../recipes/define-recipe.js";
import "../recipes/recipe-sections.js";
import { type ExportSummary, exportDataset } from "../formats/export/run-export.js";
import { RECIPES } from "../recipes/registry.js";
import { type DryRunEstimate, type DryRunPlan, estimatePlan } from "./dry-run.js";
import { type PlannedStep, runWithPlaceholders } from "./recipe-dry-run.js";
import {
  optionsFromSaved,
  optionsFromSettings,
  type RecipeFlags,
  recipeSection,
  roleChoices,
} from "./recipe-settings.js";
import { runFilesIn } from "./run-files.js";
import {
  DEFAULT_SEED,
  dryRunModels,
  resolveRoleModels,
  resolveRunDir,
  type SavedRunConfig,
} from "./run-options.js";

/** What the caller of a run may hand it (the CLI's progress view and Ctrl-C, a library's callbacks). */
export interface GenerateIo extends RunNotices {
  stopSignal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onModelEvent?: (e: ModelEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Retries per request (default 8). */
  maxTries?: number;
  /** Conversations in progress at once (default: twice the models' summed concurrency). */
  window?: number;
}

export interface RecipeDryRun {
  kind: "dry-run";
  recipe: string;
  /** The first conversation's requests, step by step, answered with placeholders. */
  steps: (PlannedStep & { model?: NamedModelConfig })[];
  plan: DryRunPlan;
  estimate: DryRunEstimate;
  outDir: string;
  /** What the recipe says about its inputs. */
  notes: string[];
}

export type GenerateResult =
  | ({ kind: "run"; exports: ExportSummary[] } & ConversationRunOutcome)
  | RecipeDryRun;

/** Exports the recipe asks for, into the run directory's export/ folder. */
export async function writeExports(targets: readonly string[], dir: string): Promise<ExportSummary[]> {
  const out: ExportSummary[] = [];
  for (const target of targets) out.push(await exportDataset({ input: dir, target, workers: 1 }));
  return out;
}

/** Everything a run is decided by, before anything is written. */
interface Settled {
  config: FileConfig;
  section: Record<string, unknown>;
  options: Record<string, unknown>;
  dir: string;
  saved?: SavedRunConfig;
  seed: number;
  count: number | undefined;
}

function settle(recipe: AnyRecipe, flags: RecipeFlags, io: RecipeIo): Settled {
  const { config, path: configPath } = loadConfig(flags.config);
  const section = recipeSection(recipe, config, configPath);
  const probe = resolveRunDir(recipe.name, undefined, flags, config);
  const { saved } = probe;
  let options: Record<string, unknown>;
  let dir = probe.dir;
  if (saved) options = optionsFromSaved(recipe, saved.options, resolve(dir, "config.json"));
  else {
    const given = optionsFromSettings(recipe, flags, section, configPath);
    options = recipe.settle ? recipe.settle(given, { count: flags.count, io }) : given;
    if (!flags.out && !flags.resume)
      dir = resolveRunDir(recipe.name, recipe.label?.(options), flags, config).dir;
  }
  const seed = saved?.seed ?? flags.seed ?? (section.seed as number | undefined) ?? DEFAULT_SEED;
  const count = flags.count ?? (saved ? saved.count : undefined);
  return { config, section, options, dir, saved, seed, count };
}

function recipeIo(io: GenerateIo, dir?: string): RecipeIo {
  return {
    warn: (m) => io.warn?.(m),
    resolvePath: (p) => resolve(p),
    ...(dir ? { runFiles: runFilesIn(dir) } : {}),
  };
}

async function firstInput<I>(prepared: PreparedRecipe<I>): Promise<I | undefined> {
  const iterator = prepared.inputs()[Symbol.asyncIterator]();
  const first = await iterator.next();
  await iterator.return?.();
  return first.done ? undefined : first.value;
}

/** One dialogue run with placeholder answers: its requests, and the calls and cost of the whole run. */
async function dryRun(
  recipe: AnyRecipe,
  s: Settled,
  flags: RecipeFlags,
  io: GenerateIo,
): Promise<RecipeDryRun> {
  const models = dryRunModels(roleChoices(recipe, flags, s.section), s.config, flags, s.saved);
  const prepared = await recipe.prepare({
    options: s.options,
    seed: s.seed,
    count: s.count ?? recipe.defaultCount,
    models: models as Record<string, NamedModelConfig>,
    io: recipeIo(io),
    resuming: s.saved !== undefined,
  });
  const run = await runWithPlaceholders(prepared.program, s.seed, await firstInput(prepared));
  const steps = run.steps.map((step) => ({ ...step, model: models[step.role] }));
  const items = prepared.target ?? prepared.total ?? s.count ?? recipe.defaultCount ?? 0;
  const plan: DryRunPlan = {
    recipe: recipe.name,
    count: items,
    items,
    calls: steps.map((step) => ({
      role: step.role,
      model: step.model,
      messages: step.request.messages,
      completionTokens: Math.min(step.request.max_tokens ?? step.model?.max_tokens ?? 150, 150),
    })),
  };
  const estimate = estimatePlan(plan);
  return {
    kind: "dry-run",
    recipe: recipe.name,
    steps,
    plan,
    estimate,
    outDir: s.dir,
    notes: prepared.notes ?? [],
  };
}

/**
 * A new run whose preparation failed (an unreadable input) has done nothing: what it wrote goes
 * (config.json, folders left empty), so the same --out can be used again with other options.
 */
function forgetUnstartedRun(dir: string): void {
  rmSync(join(dir, "config.json"), { force: true });
  const removeIfEmpty = (path: string): void => {
    if (!existsSync(path) || !statSync(path).isDirectory()) return;
    for (const entry of readdirSync(path)) removeIfEmpty(join(path, entry));
    if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
  };
  removeIfEmpty(dir);
}

/**
 * `dialogsmith generate <recipe>` for every recipe of the registry: settles the options (section,
 * flags, or config.json on resume), binds each role to a `models:` entry, locks and opens the run
 * directory, and runs the recipe's program on the step-journaled engine.
 */
export async function generateWith(
  recipe: AnyRecipe,
  flags: RecipeFlags,
  io: GenerateIo = {},
): Promise<GenerateResult> {
  const s = settle(recipe, flags, recipeIo(io));
  if (flags.dryRun) return dryRun(recipe, s, flags, io);
  const models = resolveRoleModels(roleChoices(recipe, flags, s.section), s.config, flags, s.saved);
  const count = s.count ?? recipe.defaultCount;
  const savedCount = recipe.savedCount ? recipe.savedCount(s.options) : (count ?? 0);
  const lock = lockRunDir(s.dir);
  try {
    if (!recipe.savedCount) await refuseShrinkingRun(s.dir, savedCount);
    const fresh = !existsSync(join(s.dir, "config.json"));
    const config = { recipe: recipe.name, seed: s.seed, count: savedCount, options: s.options, models };
    const paths = openRunDir(s.dir, config);
    let prepared: PreparedRecipe<unknown>;
    try {
      prepared = await recipe.prepare({
        options: s.options,
        seed: s.seed,
        count,
        models,
        io: recipeIo(io, paths.dir),
        resuming: s.saved !== undefined,
      });
    } catch (e) {
      lock.release();
      if (fresh) forgetUnstartedRun(paths.dir);
      throw e;
    }
    const outcome = await runConversationRun({
      program: prepared.program,
      inputs: prepared.inputs(),
      paths,
      models,
      seed: s.seed,
      total: prepared.total,
      target: prepared.target,
      maxConversations:
        prepared.maxConversations ??
        flags.maxAttempts ??
        (prepared.target !== undefined ? prepared.target * 3 : undefined),
      maxCostUsd: flags.maxCost ?? (s.section.max_cost as number | undefined),
      cacheDir: flags.cacheDir ?? s.config.cache_dir,
      readCache: flags.cache !== false,
      queue: flags.queue,
      ...io,
      reportExtras: (result) => ({
        roles: Object.fromEntries(Object.entries(models).map(([role, m]) => [role, m.name])),
        conversations: result.counts,
        steps: result.steps,
        ...prepared.reportExtras?.(result),
      }),
    });
    const done = outcome.report.stopped === "done";
    const exports = done && prepared.exporters ? await writeExports(prepared.exporters, paths.dir) : [];
    return { kind: "run", exports, ...outcome };
  } finally {
    lock.release();
  }
}

/** How a library call names a run's settings (the CLI's flags, in camelCase, are accepted too). */
export type GenerateSettings<Options extends z.ZodObject = z.ZodObject> = Omit<RecipeFlags, "options"> & {
  /** The recipe's options by their YAML keys, typed by its schema. */
  options?: Partial<z.input<Options>>;
};

/**
 * Generates a dataset with a recipe: a definition (`defineRecipe`) or the name of a registered one.
 * Silent: progress and warnings reach `io`'s callbacks; the result holds report.json's fields.
 */
export async function generate<Options extends z.ZodObject>(
  recipe: RecipeDefinition<Options> | string,
  settings: GenerateSettings<Options> = {},
  io: GenerateIo = {},
): Promise<GenerateResult> {
  const definition = typeof recipe === "string" ? await registeredRecipe(recipe) : (recipe as AnyRecipe);
  return generateWith(definition, settings as RecipeFlags, io);
}

async function registeredRecipe(name: string): Promise<AnyRecipe> {
  const entry = RECIPES.find((r) => r.name === name);
  if (!entry)
    throw new UsageError(
      `no recipe '${name}' in the registry: known are ${RECIPES.map((r) => r.name).join(", ")}`,
    );
  return entry.load();
}
