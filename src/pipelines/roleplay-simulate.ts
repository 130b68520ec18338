import type { FileConfig } from "../config/file-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { recordId } from "../core/record-id.js";
import { deriveSeed, type Rng, Rng as SeededRng } from "../core/rng.js";
import { runConversationRun, withOpenRun } from "../engine/run-conversations.js";
import { itemIndexes } from "../recipes/one-shot.js";
import type { Turn } from "../recipes/roleplay/dialogue-normalizer.js";
import type { ExampleDialogue } from "../recipes/roleplay/prompt-builder.js";
import type { RoleplayRecipe } from "../recipes/roleplay/roleplay-recipe.js";
import { SimulateProgram } from "../recipes/roleplay/simulate/simulate-program.js";
import { customerMessages, personaMessages } from "../recipes/roleplay/simulate/simulate-prompts.js";
import { type DryRunPlan, type PlannedCall, promptDryRun } from "./dry-run.js";
import { judgeRole, withJudgeOption } from "./judge-option.js";
import type { RoleplayFlags, RoleplayIo, RoleplayResult, RoleplayRunOptions } from "./roleplay-options.js";
import { dryRunModels, resolveRoleModels, runSettings, type SavedRunConfig } from "./run-options.js";

/** Pipeline roles of the simulate strategy: the customer simulator and the persona. */
export const SIMULATE_ROLES = ["user", "assistant"] as const;

/** max_tokens of one chat message (messenger messages are short). */
const TURN_TOKENS = 400;

/** About 45 tokens a chat message in Russian or English (the oneshot dry run's figure). */
const TOKENS_PER_MESSAGE = 45;

export interface SimulateRun {
  flags: RoleplayFlags;
  section: { model?: string; user_model?: string; assistant_model?: string; max_cost?: number };
  config: FileConfig;
  options: RoleplayRunOptions;
  seed: number;
  count: number;
  dir: string;
  /** The oneshot recipe of the same options: its near-duplicate checks apply to simulated records too. */
  recipe: RoleplayRecipe;
  examplesFor?: (rng: Rng) => ExampleDialogue[];
  saved?: SavedRunConfig;
  io: RoleplayIo;
}

function program(
  run: SimulateRun,
  models: Partial<Record<(typeof SIMULATE_ROLES)[number], NamedModelConfig>>,
): SimulateProgram {
  const { options, recipe } = run;
  const caps = SIMULATE_ROLES.map((r) => models[r]?.max_tokens ?? TURN_TOKENS);
  return new SimulateProgram({
    pack: options.pack,
    language: options.language,
    minMessages: options.min_messages,
    maxMessages: options.max_messages,
    turnTokens: Math.min(TURN_TOKENS, ...caps),
    idFor: (index, runSeed) => recordId("roleplay", runSeed, index),
    examplesFor: run.examplesFor,
    checkInOrder: (record) => recipe.checkInOrder(record),
    restore: (record) => recipe.restore(record),
    systemMessage: options.system_message === true,
  });
}

/** A placeholder message of typical length, so the dry run measures prompts that grow like real ones. */
function filler(language: string, i: number): string {
  const ru = "Понятно, спасибо, а можно подробнее про цену, сроки и то, как всё это работает на практике?";
  const en =
    "Got it, thanks, could you tell me more about the price, the timing and how it all works in practice?";
  return `${language === "ru" ? ru : en} (${i + 1})`;
}

/**
 * `generate roleplay --strategy simulate`: the customer simulator (`--user-model`) and the persona
 * (`--assistant-model`) take turns through the turn-by-turn runner; records as the oneshot's.
 */
export async function runRoleplaySimulate(run: SimulateRun): Promise<RoleplayResult> {
  const { flags, section, config, options, seed, count, dir, saved, io } = run;
  const roleNames = {
    user: { flag: flags.userModel, config: section.user_model ?? section.model },
    assistant: { flag: flags.assistantModel, config: section.assistant_model ?? section.model },
  };

  if (flags.dryRun) {
    const models: Partial<Record<"user" | "assistant", NamedModelConfig>> = dryRunModels(
      roleNames,
      config,
      flags,
      saved,
    );
    const prog = program(run, models);
    const { scenario, examples } = prog.plan(new SeededRng(deriveSeed(seed, 0)));
    const calls: PlannedCall[] = [];
    const turns: Turn[] = [];
    for (let n = 0; n < scenario.target_messages; n++) {
      const messages =
        n % 2 === 0
          ? customerMessages(options.pack, scenario, turns, prog.stage(scenario, n))
          : personaMessages(options.pack, turns, examples, scenario.pauses.includes(n - 1));
      const role = n % 2 === 0 ? "user" : "assistant";
      calls.push({ role, model: models[role], messages, completionTokens: TOKENS_PER_MESSAGE });
      turns.push({ role, content: filler(options.language, n) });
    }
    const plan: DryRunPlan = { recipe: "roleplay (simulate)", count, items: count, calls };
    const first = calls[0].messages;
    const persona = calls[1]?.messages ?? [];
    const sample = {
      system: `${first[0]?.content ?? ""}\n--- persona system prompt ---\n${persona[0]?.content ?? ""}`,
      user: first[1]?.content ?? "",
    };
    return promptDryRun(plan, sample, dir);
  }

  const models = resolveRoleModels({ ...roleNames, ...judgeRole(run.options.judge) }, config, flags, saved);
  const runConfig = { recipe: "roleplay", seed, count, options: { ...options }, models };
  const outcome = await withOpenRun(dir, runConfig, (paths) =>
    runConversationRun({
      ...runSettings(flags, config, io),
      program: withJudgeOption(program(run, models), run.options.judge),
      inputs: itemIndexes(),
      paths,
      models,
      seed,
      target: count,
      maxConversations: flags.maxAttempts ?? count * 3,
      maxCostUsd: flags.maxCost ?? section.max_cost,
      onProgress: io.onProgress,
      onStart: io.onStart,
      reportExtras: (result) => ({
        strategy: "simulate",
        roles: Object.fromEntries(Object.entries(models).map(([role, m]) => [role, m.name])),
        conversations: result.counts,
        steps: result.steps,
      }),
    }),
  );
  return { kind: "run", ...outcome };
}
