import { existsSync } from "node:fs";
import { z } from "zod";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig, parseWithSchema } from "../config/load-config.js";
import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { deriveSeed, Rng as SeededRng } from "../core/rng.js";
import type { EngineProgress } from "../engine/progress.js";
import { type ConversationRunOutcome, runConversationRun, withOpenRun } from "../engine/run-conversations.js";
import type { RunNotices } from "../engine/run-notices.js";
import type { ModelEvent } from "../models/events.js";
import { oneShotProgram, oneShotRun } from "../recipes/one-shot.js";
import type { ExampleDialogue } from "../recipes/roleplay/prompt-builder.js";
import { type RolePack, RolePackSchema } from "../recipes/roleplay/role-pack.js";
import { type NearDuplicateIndex, RoleplayRecipe } from "../recipes/roleplay/roleplay-recipe.js";
import { type DryRunEstimate, type DryRunPlan, estimatePlan } from "./dry-run.js";
import {
  type JudgeFlags,
  type JudgeOption,
  JudgeSectionSchema,
  judgeRole,
  resolveJudgeOption,
  withJudgeOption,
} from "./judge-option.js";
import { resolveRolePack } from "./roleplay-roles.js";
import { runRoleplaySimulate } from "./roleplay-simulate.js";
import {
  type CommonRunFlags,
  DEFAULT_SEED,
  dryRunModels,
  resolveRoleModels,
  resolveRunDir,
  runSettings,
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

export interface RoleplayFlags extends CommonRunFlags, JudgeFlags {
  role?: string;
  roleFile?: string;
  lang?: string;
  minMessages?: number;
  maxMessages?: number;
  raw?: string;
  assistantName?: string | string[];

  examples?: number;
  strategy?: "oneshot" | "simulate";
  userModel?: string;
  assistantModel?: string;
  /** commander's --no-system-message: false when given. */
  systemMessage?: boolean;
}

/** Options saved in config.json: everything that shapes the data (the pack itself, not its file). */
export interface RoleplayRunOptions {
  role: string;
  pack: RolePack;
  language: string;
  min_messages: number;
  max_messages: number;
  raw_dir: string;
  assistant_name?: string | string[];
  examples_per_prompt: number;
  example_tokens: number;
  near_duplicate_threshold: number;
  /** The persona as each record's system message (absent in runs made before it existed: none). */
  system_message?: boolean;
  /** Absent for oneshot (so oneshot runs keep their config fingerprint). */
  strategy?: "simulate";
  /** Absent without a judge (runs without one keep their fingerprint). */
  judge?: JudgeOption;
}

/** Loading raw examples is injected so this pipeline stays testable and format code stays in formats/. */
export interface RoleplayDeps {
  loadExamples?: (
    dir: string,
    assistantName: string | string[] | undefined,
  ) => Promise<{ examples: ExampleDialogue[]; warnings: string[] }>;
  pickExamples?: (examples: ExampleDialogue[], rng: Rng, k: number, tokenBudget: number) => ExampleDialogue[];
  nearDuplicates?: (threshold: number) => NearDuplicateIndex;
}

export interface RoleplayIo extends RunNotices {
  stopSignal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onModelEvent?: (e: ModelEvent) => void;
  /** Asks for a role on a terminal; absent when not interactive. */
  chooseRole?: (roles: string[]) => Promise<{ role: string } | { custom: string }>;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export type RoleplayResult =
  | ({ kind: "run" } & ConversationRunOutcome)
  | {
      kind: "dry-run";
      plan: DryRunPlan;
      estimate: DryRunEstimate;
      sample: { system: string; user: string };
      outDir: string;
    };

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
export async function generateRoleplay(
  flags: RoleplayFlags,
  deps: RoleplayDeps = {},
  io: RoleplayIo = {},
): Promise<RoleplayResult> {
  const { config, path: configPath } = loadConfig(flags.config);
  const section = parseWithSchema(RoleplaySectionSchema, config.roleplay ?? {}, configPath ?? "config", [
    "roleplay",
  ]);
  const resumeProbe = resolveRunDir("roleplay", undefined, flags, config);
  let options: RoleplayRunOptions;
  let seed: number;
  let count: number;
  if (resumeProbe.saved) {
    options = resumeProbe.saved.options as unknown as RoleplayRunOptions;
    const { name: _name, ...savedPack } = options.pack;
    options.pack = {
      ...parseWithSchema(RolePackSchema, savedPack, `${resumeProbe.dir}/config.json`, ["options", "pack"]),
      name: options.role,
    };
    seed = resumeProbe.saved.seed;
    count = flags.count ?? resumeProbe.saved.count;
  } else {
    let role = flags.role ?? section.role;
    let pack: RolePack | undefined;
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
        pack = genericPack("custom", choice.custom, flags.lang ?? section.lang ?? "ru");
      } else role = choice.role;
    }
    pack ??= resolveRolePack({ role, roleFile, configRoles: config.roles, configPath });
    options = resolveOptions(flags, config, configPath, section, pack);
    if ((flags.strategy ?? section.strategy) === "simulate") options.strategy = "simulate";
    const judge = resolveJudgeOption(flags, section.judge, "roleplay");
    if (judge) options.judge = judge;
    seed = flags.seed ?? section.seed ?? DEFAULT_SEED;
    count = flags.count ?? section.count ?? 150;
  }
  const { dir } = resumeProbe.saved ? resumeProbe : resolveRunDir("roleplay", options.role, flags, config);

  // Few-shot examples from data/raw/, rotated per item.
  let examplesFor: ((rng: Rng) => ExampleDialogue[]) | undefined;
  if (options.examples_per_prompt > 0 && deps.loadExamples) {
    const { examples, warnings } = await deps.loadExamples(options.raw_dir, options.assistant_name);
    // A missing data/raw/ is normal: examples are optional unless a directory was named.
    for (const w of warnings) if (existsSync(options.raw_dir)) io.warn?.(w);

    if (examples.length && deps.pickExamples) {
      const pick = deps.pickExamples;
      examplesFor = (rng) => pick(examples, rng, options.examples_per_prompt, options.example_tokens);
    }
  }
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
    return runRoleplaySimulate({
      flags,
      section,
      config,
      options,
      seed,
      count,
      dir,
      recipe,
      examplesFor,
      saved: resumeProbe.saved,
      io,
    });
  }

  if (flags.dryRun) {
    const model = dryRunModels({ writer: section.model }, config, flags, resumeProbe.saved).writer;
    const { messages, scenario } = recipe.planRequest(new SeededRng(deriveSeed(seed, 0)));
    // About 45 tokens a chat message in Russian or English, capped by max_tokens.
    const completion = Math.min(model?.max_tokens ?? Infinity, scenario.target_messages * 45);
    const plan: DryRunPlan = {
      recipe: "roleplay",
      count,
      items: count,
      calls: [{ role: "writer", model, messages, completionTokens: completion }],
    };
    return {
      kind: "dry-run",
      plan,
      estimate: estimatePlan(plan),
      sample: { system: messages[0].content ?? "", user: messages[1].content ?? "" },
      outDir: dir,
    };
  }

  const roles = { writer: section.model, ...judgeRole(options.judge) };
  const models = resolveRoleModels(roles, config, flags, resumeProbe.saved);
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
