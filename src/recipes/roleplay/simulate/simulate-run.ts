import type { NamedModelConfig } from "../../../config/model-config.js";
import { recordId } from "../../../core/record-id.js";
import { deriveSeed, type Rng, Rng as SeededRng } from "../../../core/rng.js";
import type { PlannedRequests } from "../../define-recipe.js";
import type { Turn } from "../dialogue-normalizer.js";
import type { ExampleDialogue } from "../prompt-builder.js";
import type { RolePack } from "../role-pack.js";
import type { RoleplayRecipe } from "../roleplay-recipe.js";
import { SimulateProgram } from "./simulate-program.js";
import { customerMessages, personaMessages } from "./simulate-prompts.js";

/** The roles of the simulate strategy: the customer simulator and the persona. */
export const SIMULATE_ROLES = ["user", "assistant"] as const;

/** max_tokens of one chat message (messenger messages are short). */
const TURN_TOKENS = 400;

/** About 45 tokens a chat message in Russian or English (the oneshot dry run's figure). */
export const TOKENS_PER_MESSAGE = 45;

export interface SimulateSetup {
  pack: RolePack;
  language: string;
  minMessages: number;
  maxMessages: number;
  systemMessage: boolean;
  /** The oneshot recipe of the same options: its near-duplicate checks apply to simulated records too. */
  recipe: RoleplayRecipe;
  examplesFor?: (rng: Rng) => ExampleDialogue[];
}

/**
 * `generate roleplay --strategy simulate`: the customer simulator (`--user-model`) and the persona
 * (`--assistant-model`) take turns, one call a message; records as the oneshot's.
 */
export function simulateProgram(
  setup: SimulateSetup,
  models: Partial<Record<string, NamedModelConfig>>,
): SimulateProgram {
  const { recipe } = setup;
  const caps = SIMULATE_ROLES.map((r) => models[r]?.max_tokens ?? TURN_TOKENS);
  return new SimulateProgram({
    pack: setup.pack,
    language: setup.language,
    minMessages: setup.minMessages,
    maxMessages: setup.maxMessages,
    turnTokens: Math.min(TURN_TOKENS, ...caps),
    idFor: (index, runSeed) => recordId("roleplay", runSeed, index),
    examplesFor: setup.examplesFor,
    checkInOrder: (record) => recipe.checkInOrder(record),
    restore: (record) => recipe.restore(record),
    systemMessage: setup.systemMessage,
  });
}

/** A placeholder message of typical length, so the dry run measures prompts that grow like real ones. */
function filler(language: string, i: number): string {
  const ru = "Понятно, спасибо, а можно подробнее про цену, сроки и то, как всё это работает на практике?";
  const en =
    "Got it, thanks, could you tell me more about the price, the timing and how it all works in practice?";
  return `${language === "ru" ? ru : en} (${i + 1})`;
}

/** The dry run's requests: a call per message on each side, with placeholder messages of typical length. */
export function simulatePlan(program: SimulateProgram, setup: SimulateSetup, seed: number): PlannedRequests {
  const { scenario, examples } = program.plan(new SeededRng(deriveSeed(seed, 0)));
  const calls: PlannedRequests["calls"] = [];
  const turns: Turn[] = [];
  for (let n = 0; n < scenario.target_messages; n++) {
    const messages =
      n % 2 === 0
        ? customerMessages(setup.pack, scenario, turns, program.stage(scenario, n))
        : personaMessages(setup.pack, turns, examples, scenario.pauses.includes(n - 1));
    const role = n % 2 === 0 ? "user" : "assistant";
    calls.push({ role, messages, completionTokens: TOKENS_PER_MESSAGE });
    turns.push({ role, content: filler(setup.language, n) });
  }
  const first = calls[0].messages;
  const persona = calls[1]?.messages ?? [];
  const sample = {
    system: `${first[0]?.content ?? ""}\n--- persona system prompt ---\n${persona[0]?.content ?? ""}`,
    user: first[1]?.content ?? "",
  };
  return { label: "roleplay (simulate)", calls, sample };
}
