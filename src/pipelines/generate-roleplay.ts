import { existsSync } from "node:fs";
import { z } from "zod";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig, parseWithSchema } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { deriveSeed, Rng as SeededRng } from "../core/rng.js";
import { runConversationRun, withOpenRun } from "../engine/run-conversations.js";
import { oneShotProgram, oneShotRun } from "../recipes/one-shot.js";
import type { ExampleDialogue } from "../recipes/roleplay/prompt-builder.js";
import { type RolePack, RolePackSchema } from "../recipes/roleplay/role-pack.js";
import { type NearDuplicateIndex, RoleplayRecipe } from "../recipes/roleplay/roleplay-recipe.js";
import { type DryRunPlan, firstPrompts, promptDryRun } from "./dry-run.js";
import { JudgeSectionSchema, judgeRole, resolveJudgeOption, withJudgeOption } from "./judge-option.js";
import type { RoleplayFlags, RoleplayIo, RoleplayResult, RoleplayRunOptions } from "./roleplay-options.js";
import { resolveRolePack } from "./roleplay-roles.js";
import { runRoleplaySimulate } from "./roleplay-simulate.js";
import {
  DEFAULT_SEED,
  dryRunModels,
  resolveRoleModels,
  resolveRunDir,
  runSettings,
  type SavedRunConfig,
} from "./run-options.js";

/** The `roleplay:` section of dialogsmith.yaml. */
export const RoleplaySectionSchema = z.strictObject({
  model: z.string().optional(),
  role: z.string().optional(),
  role_file: z.string().optional(),
  count: z.int().positive().optional(),
  seed: z.int().nonnegative().optional(),
  lang: z.string().optional(),
  min_messages: z.int().min(2).optional(),
  max_messages: z.int().min(2).optional(),
  raw_dir: z.string().optional(),
  assistant_name: z.union([z.string(), z.array(z.string())]).optional(),
  examples_per_prompt: z.int().min(0).max(10).optional(),
  example_tokens: z.int().positive().optional(),
  near_duplicate_threshold: z.number().min(0).max(1).optional(),
  max_cost: z.number().nonnegative().optional(),
  /** "simulate": turn by turn, a customer-simulator model and the persona model. */
  strategy: z.enum(["oneshot", "simulate"]).optional(),
  /** false: records without the persona's system message. */
  system_message: z.boolean().optional(),
  user_model: z.string().optional(),
  assistant_model: z.string().optional(),
  /** An LLM judge that scores each dialogue (default rubric: roleplay). */
  judge: JudgeSectionSchema.optional(),
});

/** Loading raw examples is injected so this pipeline stays testable and format code stays in formats/. */
export interface RoleplayDeps {
  loadExamples?: (
    dir: string,
    assistantName: string | string[] | undefined,
  ) => Promise<{ examples: ExampleDialogue[]; warnings: string[] }>;
  pickExamples?: (examples: ExampleDialogue[], rng: Rng, k: number, tokenBudget: number) => ExampleDialogue[];
  nearDuplicates?: (threshold: number) => NearDuplicateIndex;
}

function resolveOptions(
  flags: RoleplayFlags,
  config: FileConfig,
  configPath: string | undefined,
  section: z.output<typeof RoleplaySectionSchema>,
  pack: RolePack,
): RoleplayRunOptions {
  const min = flags.minMessages ?? section.min_messages ?? 40;
  const max = flags.maxMessages ?? section.max_messages ?? 80;
  if (min > max) throw new UsageError(`--min-messages (${min}) is larger than --max-messages (${max})`);
  void config;
  void configPath;
  return {
    role: pack.name,
    pack,
    language: flags.lang ?? section.lang ?? pack.language,
    min_messages: min,
    max_messages: max,
    raw_dir: flags.raw ?? section.raw_dir ?? "data/raw",
    assistant_name: flags.assistantName ?? section.assistant_name,
    examples_per_prompt: flags.examples ?? section.examples_per_prompt ?? 1,
    example_tokens: section.example_tokens ?? 1500,
    near_duplicate_threshold: section.near_duplicate_threshold ?? 0.8,
    system_message: flags.systemMessage ?? section.system_message ?? true,
  };
}

/** `dialogsmith generate roleplay`: resolve role, models and run directory, then run or dry-run. */
/** The role pack of a new run: --role, --role-file, or (on a terminal) the user's choice. */
async function chooseRolePack(
  flags: RoleplayFlags,
  config: FileConfig,
  configPath: string | undefined,
  section: z.output<typeof RoleplaySectionSchema>,
  io: RoleplayIo,
): Promise<RolePack> {
  let role = flags.role ?? section.role;
  const roleFile = flags.roleFile ?? section.role_file;
  if (!role && !roleFile) {
    const roles = [
      ...new Set([...Object.keys(config.roles ?? {}), "crypto_seller", "sneakers_seller", "it_sales"]),
    ];
    if (!io.chooseRole)
      throw new UsageError(`no role given and not a terminal: pass --role with one of ${roles.join(", ")}`);
    const choice = await io.chooseRole(roles);
    if ("custom" in choice) {
      const { genericPack } = await import("../recipes/roleplay/generic-pack.js");
      return genericPack("custom", choice.custom, flags.lang ?? section.lang ?? "ru");
    }
    role = choice.role;
  }
  return resolveRolePack({ role, roleFile, configRoles: config.roles, configPath });
}

interface SettledRoleplay {
  options: RoleplayRunOptions;
  seed: number;
  count: number;
  dir: string;
  saved?: SavedRunConfig;
}

/** The run's options, seed, count and directory: from config.json on resume, else flags and config. */
async function settleRoleplay(
  flags: RoleplayFlags,
  config: FileConfig,
  configPath: string | undefined,
  section: z.output<typeof RoleplaySectionSchema>,
  io: RoleplayIo,
): Promise<SettledRoleplay> {
  const probe = resolveRunDir("roleplay", undefined, flags, config);
  if (probe.saved) {
    const options = probe.saved.options as unknown as RoleplayRunOptions;
    const { name: _name, ...savedPack } = options.pack;
    options.pack = {
      ...parseWithSchema(RolePackSchema, savedPack, `${probe.dir}/config.json`, ["options", "pack"]),
      name: options.role,
    };
    return {
      options,
      seed: probe.saved.seed,
      count: flags.count ?? probe.saved.count,
      dir: probe.dir,
      saved: probe.saved,
    };
  }
  const pack = await chooseRolePack(flags, config, configPath, section, io);
  const options = resolveOptions(flags, config, configPath, section, pack);
  if ((flags.strategy ?? section.strategy) === "simulate") options.strategy = "simulate";
  const judge = resolveJudgeOption(flags, section.judge, "roleplay");
  if (judge) options.judge = judge;
  return {
    options,
    seed: flags.seed ?? section.seed ?? DEFAULT_SEED,
    count: flags.count ?? section.count ?? 150,
    dir: resolveRunDir("roleplay", options.role, flags, config).dir,
  };
}

/** Few-shot examples from data/raw/, rotated per item (none when there are none). */
async function examplesPicker(
  options: RoleplayRunOptions,
  deps: RoleplayDeps,
  io: RoleplayIo,
): Promise<((rng: Rng) => ExampleDialogue[]) | undefined> {
  if (options.examples_per_prompt <= 0 || !deps.loadExamples) return undefined;
  const { examples, warnings } = await deps.loadExamples(options.raw_dir, options.assistant_name);
  // A missing data/raw/ is normal: examples are optional unless a directory was named.
  for (const w of warnings) if (existsSync(options.raw_dir)) io.warn?.(w);
  if (!examples.length || !deps.pickExamples) return undefined;
  const pick = deps.pickExamples;
  return (rng) => pick(examples, rng, options.examples_per_prompt, options.example_tokens);
}

/** The first item's prompts and the run's estimated calls and cost; nothing sent. */
function oneShotDryRun(
  recipe: RoleplayRecipe,
  model: NamedModelConfig | undefined,
  s: SettledRoleplay,
): RoleplayResult {
  const { messages, scenario } = recipe.planRequest(new SeededRng(deriveSeed(s.seed, 0)));
  // About 45 tokens a chat message in Russian or English, capped by max_tokens.
  const completion = Math.min(model?.max_tokens ?? Infinity, scenario.target_messages * 45);
  const plan: DryRunPlan = {
    recipe: "roleplay",
    count: s.count,
    items: s.count,
    calls: [{ role: "writer", model, messages, completionTokens: completion }],
  };
  return promptDryRun(plan, firstPrompts(messages), s.dir);
}

export async function generateRoleplay(
  flags: RoleplayFlags,
  deps: RoleplayDeps = {},
  io: RoleplayIo = {},
): Promise<RoleplayResult> {
  const { config, path: configPath } = loadConfig(flags.config);
  const section = parseWithSchema(RoleplaySectionSchema, config.roleplay ?? {}, configPath ?? "config", [
    "roleplay",
  ]);
  const s = await settleRoleplay(flags, config, configPath, section, io);
  const { options, seed, count, dir } = s;
  const examplesFor = await examplesPicker(options, deps, io);
  const recipe = new RoleplayRecipe({
    pack: options.pack,
    language: options.language,
    minMessages: options.min_messages,
    maxMessages: options.max_messages,
    examplesFor,
    nearDuplicates: deps.nearDuplicates?.(options.near_duplicate_threshold),
    nearDuplicateThreshold: options.near_duplicate_threshold,
    systemMessage: options.system_message === true,
  });
  if (options.strategy === "simulate") {
    const args = {
      flags,
      section,
      config,
      options,
      seed,
      count,
      dir,
      recipe,
      examplesFor,
      saved: s.saved,
      io,
    };
    return runRoleplaySimulate(args);
  }
  if (flags.dryRun)
    return oneShotDryRun(recipe, dryRunModels({ writer: section.model }, config, flags, s.saved).writer, s);

  const roles = { writer: section.model, ...judgeRole(options.judge) };
  const models = resolveRoleModels(roles, config, flags, s.saved);
  const runConfig = { recipe: "roleplay", seed, count, options: { ...options }, models };
  const outcome = await withOpenRun(dir, runConfig, (paths) =>
    runConversationRun({
      ...runSettings(flags, config, io),
      ...oneShotRun(withJudgeOption(oneShotProgram(recipe), options.judge), count, flags.maxAttempts),
      paths,
      models,
      seed,
      maxCostUsd: flags.maxCost ?? section.max_cost,
      onProgress: io.onProgress,
      onStart: io.onStart,
    }),
  );
  return { kind: "run", ...outcome };
}

export type { RoleplayFlags, RoleplayIo, RoleplayResult, RoleplayRunOptions } from "./roleplay-options.js";
