import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { z } from "zod";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { UsageError } from "../core/errors.js";
import { refuseShrinkingRun } from "../engine/resume-count.js";
import {
  type ConversationRun,
  type ConversationRunOutcome,
  runConversationRun,
  withOpenRun,
} from "../engine/run-conversations.js";
import { openRunDir } from "../engine/run-dir.js";
import { lockRunDir } from "../engine/run-lock.js";
import type {
  AnyRecipe,
  FollowUpRun,
  PlannedRequests,
  PreparedRecipe,
  RecipeDefinition,
  RecipeIo,
} from "../recipes/define-recipe.js";
import "../recipes/recipe-sections.js";
import { type ExportSummary, exportDataset } from "../formats/export/run-export.js";
import { RECIPES } from "../recipes/registry.js";
import {
  type DryRunEstimate,
  type DryRunPlan,
  estimatePlan,
  firstPrompts,
  type PromptSample,
} from "./dry-run.js";
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
  runSettings,
  type SavedRunConfig,
} from "./run-options.js";

/** What the caller of a run may hand it (the CLI's progress view and Ctrl-C, a library's callbacks). */
export type GenerateIo = Pick<
  ConversationRun<unknown>,
  "onStart" | "warn" | "stopSignal" | "onProgress" | "onModelEvent" | "env" | "fetch" | "maxTries" | "window"
> & {
  /** A run that follows the main one (a gold set) starts: progress from here on is that run's. */
  onFollowUp?: (name: string) => void;
  /** Asks the user on a terminal (the CLI's role choice); absent: nobody to ask. */
  choose?: RecipeIo["choose"];
};

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
  /** The first request's prompts, for recipes that plan their requests themselves. */
  sample?: PromptSample;
}

/** A run that followed the main one: its outcome, and where its dataset was published. */
export interface FollowUpOutcome extends ConversationRunOutcome {
  name: string;
  published?: string;
}

export type GenerateResult =
  | ({ kind: "run"; exports: ExportSummary[]; followUps: FollowUpOutcome[] } & ConversationRunOutcome)
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

async function settle(recipe: AnyRecipe, flags: RecipeFlags, io: RecipeIo): Promise<Settled> {
  const { config, path: configPath } = loadConfig(flags.config);
  const section = recipeSection(recipe, config, configPath);
  const probe = resolveRunDir(recipe.name, undefined, flags, config);
  const { saved } = probe;
  const count = flags.count ?? (saved ? saved.count : (section.count as number | undefined));
  // (`count: 0` in a section means something to `batch prepare tools` only: the gold set alone.)
  if (count === 0 && !saved) throw new UsageError(`--count must be at least 1 for generate ${recipe.name}`);
  let options: Record<string, unknown>;
  let dir = probe.dir;
  if (saved) options = optionsFromSaved(recipe, saved.options, resolve(dir, "config.json"));
  else {
    const given = optionsFromSettings(recipe, flags, section, configPath);
    const sections = config as unknown as Record<string, unknown>;
    options = recipe.settle
      ? await recipe.settle(given, { count, io, config: { path: configPath, sections } })
      : given;
    if (!flags.out && !flags.resume)
      dir = resolveRunDir(recipe.name, recipe.label?.(options), flags, config).dir;
  }
  const seed = saved?.seed ?? flags.seed ?? (section.seed as number | undefined) ?? DEFAULT_SEED;
  return { config, section, options, dir, saved, seed, count };
}

function recipeIo(io: GenerateIo, dir?: string): RecipeIo {
  return {
    warn: (m) => io.warn?.(m),
    resolvePath: (p) => resolve(p),
    ...(dir ? { runFiles: runFilesIn(dir) } : {}),
    ...(io.choose ? { choose: io.choose } : {}),
  };
}

async function firstInput<I>(prepared: PreparedRecipe<I>): Promise<I | undefined> {
  const iterator = prepared.inputs()[Symbol.asyncIterator]();
  const first = await iterator.next();
  await iterator.return?.();
  return first.done ? undefined : first.value;
}

/** The first conversation's steps, run with placeholder answers (or as the recipe plans them). */
async function plannedSteps(
  prepared: PreparedRecipe<unknown>,
  models: Partial<Record<string, NamedModelConfig>>,
  seed: number,
): Promise<{ steps: RecipeDryRun["steps"]; calls: DryRunPlan["calls"]; planned?: PlannedRequests }> {
  const planned = prepared.plan?.(models);
  if (planned) {
    const calls = planned.calls.map((c) => ({ ...c, model: models[c.role] }));
    const steps = calls.map((c, i) => ({
      name: String(i + 1),
      role: c.role,
      request: { messages: c.messages },
      model: c.model,
    }));
    return { steps, calls, planned };
  }
  const run = await runWithPlaceholders(prepared.program, seed, await firstInput(prepared));
  const steps = run.steps.map((step) => ({ ...step, model: models[step.role] }));
  const calls = steps.map((step) => ({
    role: step.role,
    model: step.model,
    messages: step.request.messages,
    completionTokens: Math.min(step.request.max_tokens ?? step.model?.max_tokens ?? 150, 150),
  }));
  return { steps, calls };
}

/** One dialogue's requests (placeholder answers), and the calls and cost of the whole run. */
async function dryRun(
  recipe: AnyRecipe,
  s: Settled,
  flags: RecipeFlags,
  io: GenerateIo,
): Promise<RecipeDryRun> {
  const choices = roleChoices(recipe, s.options, flags, s.section);
  const models = dryRunModels(choices, s.config, flags, s.saved);
  const prepared = await recipe.prepare({
    options: s.options,
    seed: s.seed,
    count: s.count ?? recipe.defaultCount,
    models: models as Record<string, NamedModelConfig>,
    io: recipeIo(io),
    resuming: s.saved !== undefined,
  });
  const { steps, calls, planned } = await plannedSteps(prepared, models, s.seed);
  const items = planned?.items ?? prepared.target ?? prepared.total ?? s.count ?? recipe.defaultCount ?? 0;
  const plan: DryRunPlan = { recipe: planned?.label ?? recipe.name, count: items, items, calls };
  return {
    kind: "dry-run",
    recipe: recipe.name,
    steps,
    plan,
    estimate: estimatePlan(plan),
    outDir: s.dir,
    notes: prepared.notes ?? [],
    ...(planned ? { sample: planned.sample ?? firstPrompts(calls[0].messages) } : {}),
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

/** The engine's fields every run of this command shares (main run and follow-ups). */
function commonRun(s: Settled, flags: RecipeFlags, io: GenerateIo, models: Record<string, NamedModelConfig>) {
  const { onFollowUp: _f, choose: _c, ...engineIo } = io;
  return { ...runSettings(flags, s.config, io), ...engineIo, models, seed: s.seed };
}

/**
 * Runs that follow a complete main run (a gold set), each in its own subdirectory with its own
 * config.json, within what is left of --max-cost; a dataset they publish is copied in atomically.
 */
async function runFollowUps(
  followUps: readonly FollowUpRun[],
  main: ConversationRunOutcome,
  common: ReturnType<typeof commonRun>,
  maxCost: number | undefined,
  s: Settled,
  io: GenerateIo,
): Promise<FollowUpOutcome[]> {
  const out: FollowUpOutcome[] = [];
  let spent = main.report.cost_usd;
  for (const f of followUps) {
    io.onFollowUp?.(f.name);
    const config = {
      recipe: main.report.recipe,
      seed: s.seed,
      count: f.target,
      options: f.options,
      models: common.models,
    };
    const outcome = await withOpenRun(join(main.paths.dir, f.name), config, (paths) =>
      runConversationRun({
        ...common,
        program: f.program,
        inputs: f.inputs(),
        window: f.window ?? common.window,
        target: f.target,
        maxConversations: f.maxConversations,
        paths,
        maxCostUsd: maxCost === undefined ? undefined : Math.max(0, maxCost - spent),
        onStart: undefined,
      }),
    );
    spent += outcome.report.cost_usd;
    const published = f.publishAs ? join(main.paths.dir, f.publishAs) : undefined;
    if (published && existsSync(outcome.paths.dataset)) copyAtomic(outcome.paths.dataset, published);
    out.push({ name: f.name, ...outcome, ...(published ? { published } : {}) });
    if (outcome.fatal || outcome.report.stopped !== "done") break;
  }
  return out;
}

function copyAtomic(from: string, to: string): void {
  const tmp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/** The recipe's program, inputs and aims; a new run whose preparation fails leaves nothing behind. */
async function prepareRun(
  recipe: AnyRecipe,
  s: Settled,
  models: Record<string, NamedModelConfig>,
  count: number | undefined,
  io: GenerateIo,
  dir: string,
  unlockIfFresh: (() => void) | undefined,
): Promise<PreparedRecipe<unknown>> {
  try {
    return await recipe.prepare({
      options: s.options,
      seed: s.seed,
      count,
      models,
      io: recipeIo(io, dir),
      resuming: s.saved !== undefined,
    });
  } catch (e) {
    if (unlockIfFresh) {
      unlockIfFresh();
      forgetUnstartedRun(dir);
    }
    throw e;
  }
}

/**
 * `dialogsmith generate <recipe>` for every recipe of the registry: settles the options (section,
 * flags, or config.json on resume), binds each role to a `models:` entry, locks and opens the run
 * directory, and runs the recipe's program on the step-journaled engine (then its follow-ups).
 */
export async function generateWith(
  recipe: AnyRecipe,
  flags: RecipeFlags,
  io: GenerateIo = {},
): Promise<GenerateResult> {
  const s = await settle(recipe, flags, recipeIo(io));
  if (flags.dryRun) return dryRun(recipe, s, flags, io);
  const choices = roleChoices(recipe, s.options, flags, s.section);
  const models = resolveRoleModels(choices, s.config, flags, s.saved);
  const count = s.count ?? recipe.defaultCount;
  const savedCount = recipe.savedCount ? recipe.savedCount(s.options) : (count ?? 0);
  const maxCost = flags.maxCost ?? (s.section.max_cost as number | undefined);
  const common = commonRun(s, flags, io, models);
  const lock = lockRunDir(s.dir);
  try {
    if (!recipe.savedCount) await refuseShrinkingRun(s.dir, savedCount);
    const fresh = !existsSync(join(s.dir, "config.json"));
    const config = { recipe: recipe.name, seed: s.seed, count: savedCount, options: s.options, models };
    const paths = openRunDir(s.dir, config);
    const prepared = await prepareRun(
      recipe,
      s,
      models,
      count,
      io,
      paths.dir,
      fresh ? lock.release : undefined,
    );
    const outcome = await runConversationRun({
      ...common,
      program: prepared.program,
      inputs: prepared.inputs(),
      paths,
      total: prepared.total,
      target: prepared.target,
      window: io.window ?? prepared.window,
      maxConversations:
        prepared.maxConversations ??
        flags.maxAttempts ??
        (prepared.target !== undefined ? prepared.target * 3 : undefined),
      maxCostUsd: maxCost,
      reportExtras: (result) => ({
        roles: Object.fromEntries(Object.entries(models).map(([role, m]) => [role, m.name])),
        conversations: result.counts,
        steps: result.steps,
        ...prepared.reportExtras?.(result),
      }),
    });
    const done = !outcome.fatal && outcome.report.stopped === "done";
    const exports = done && prepared.exporters ? await writeExports(prepared.exporters, paths.dir) : [];
    const followUps =
      done && prepared.followUps
        ? await runFollowUps(prepared.followUps, outcome, common, maxCost, s, io)
        : [];
    return { kind: "run", exports, followUps, ...outcome };
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
