import { z } from "zod";
import type { NamedModelConfig } from "../../config/model-config.js";
import { UsageError } from "../../core/errors.js";
import { defineRecipe, type FollowUpRun, type RecipeRun } from "../define-recipe.js";
import {
  type JudgeOption,
  judgeFields,
  judgeRole,
  settleJudge,
  withJudgeOption,
} from "../judge/judge-option.js";
import { itemIndexes, oneShotProgram, oneShotWindow } from "../one-shot.js";
import { type DomainPack, DomainPackSchema } from "./domain-pack.js";
import { resolveDomainPack } from "./domain-packs.js";
import { ToolsRecipe, type ToolsRecipeOptions, type ToolsSet } from "./tools-recipe.js";
import { TOOLS_RUN_EXPORTS } from "./tools-record.js";

/** The gold set's run lives in `<run>/gold/`; its records are published as `<run>/gold_dataset.jsonl`. */
export const GOLD_SUBDIR = "gold";
export const GOLD_DATASET = "gold_dataset.jsonl";

export const DEFAULT_TOOLS_COUNT = 400;

const Turns = z.int().min(1).max(50);
const Share = z.number().min(0).max(1);

/** What shapes the data, online and through the Batch API alike (`batch prepare tools` takes these flags). */
export const ToolsDataOptions = z.object({
  domain: z
    .string()
    .default("delivery")
    .describe("built-in domain pack (delivery) or a pack file in YAML/JSON")
    .meta({ valueName: "name|path" }),
  gold: z
    .boolean()
    .default(false)
    .describe(
      "also write the pack's gold evaluation set (delivery: 8 categories x 10) as gold_dataset.jsonl",
    ),
  min_turns: Turns.default(2).describe("fewest user messages a dialogue has"),
  max_turns: Turns.default(5).describe("most user messages a dialogue has"),
  unsupported_ratio: Share.default(0.1).describe("share of requests no tool can serve"),
  twist_ratio: Share.default(0.25).describe("share of dialogues with an edge-case twist"),
  /** The domain pack itself, as settled (config.json, batch_config.json). */
  pack: DomainPackSchema.optional().meta({ hidden: true }),
});

const ToolsOptions = ToolsDataOptions.extend(judgeFields("tools"));

type Options = z.output<typeof ToolsOptions>;

/** Options saved with a run (config.json, batch_config.json): the pack itself, not its file. */
export interface ToolsRunOptions {
  domain: string;
  pack: DomainPack;
  gold: boolean;
  min_turns: number;
  max_turns: number;
  unsupported_ratio: number;
  twist_ratio: number;
  /** The online run's judge; absent without one (runs without keep their fingerprint). */
  judge?: JudgeOption;
}

/** The data options of a new run (online or batch): the pack read, the bounds checked. */
export function toolsRunOptions(options: z.output<typeof ToolsDataOptions>): ToolsRunOptions {
  const pack = resolveDomainPack(options.domain);
  const min = options.min_turns;
  const max = options.max_turns;
  if (min > max) throw new UsageError(`--min-turns (${min}) is larger than --max-turns (${max})`);
  if (options.gold && pack.gold_categories.length === 0)
    throw new UsageError(
      `--gold: the domain pack '${pack.name}' has no gold_categories; add some or drop --gold`,
    );
  return {
    domain: pack.name,
    pack,
    gold: options.gold,
    min_turns: min,
    max_turns: max,
    unsupported_ratio: options.unsupported_ratio,
    twist_ratio: options.twist_ratio,
  };
}

/** Saved options as read back from a run or batch directory, by the same schema (a hand-edited pack is caught). */
export const SavedToolsOptions = ToolsOptions.required({ pack: true });

export function recipeOptions(options: ToolsRunOptions, set: ToolsSet): ToolsRecipeOptions {
  return {
    pack: options.pack,
    set,
    scenario: {
      minTurns: options.min_turns,
      maxTurns: options.max_turns,
      unsupportedRatio: options.unsupported_ratio,
      twistRatio: options.twist_ratio,
    },
  };
}

/** Rough completion size of one dialogue: JSON overhead plus about 350 tokens a user turn (Korean, with calls and results). */
export function expectedCompletionTokens(turns: number, maxTokens?: number): number {
  return Math.min(maxTokens ?? Number.POSITIVE_INFINITY, 300 + turns * 350);
}

/** Each gold scenario is tried once (plus the engine's one content retry): the set keeps its shape. */
function goldRun(options: ToolsRunOptions, gold: ToolsRecipe): FollowUpRun<number> {
  return {
    name: GOLD_SUBDIR,
    program: oneShotProgram(gold),
    inputs: itemIndexes,
    target: gold.goldCount,
    maxConversations: gold.goldCount,
    window: oneShotWindow,
    options: { ...options, set: "gold" },
    publishAs: GOLD_DATASET,
  };
}

/**
 * The options of a run, settled (a new run) or parsed from config.json or batch_config.json (a
 * resume): the pack is there.
 */
export function settledRun(options: Options): ToolsRunOptions {
  const { pack } = options;
  if (!pack)
    throw new UsageError(
      "the tools options name no domain pack: pass --domain, or start again with another --out",
    );
  return { ...options, pack, judge: settleJudge(options, "tools") };
}

function prepare(run: RecipeRun<Options>) {
  const options = settledRun(run.options);
  const count = run.count as number;
  const train = new ToolsRecipe(recipeOptions(options, "train"));
  const gold = options.gold ? new ToolsRecipe(recipeOptions(options, "gold")) : undefined;
  return {
    // Only the training set is judged: the gold set keeps its fixed shape.
    program: withJudgeOption(oneShotProgram(train), options.judge),
    inputs: itemIndexes,
    target: count,
    window: oneShotWindow,
    followUps: gold ? [goldRun(options, gold)] : [],
    exporters: [...TOOLS_RUN_EXPORTS],
    plan: (models: Partial<Record<string, NamedModelConfig>>) => {
      const first = train.planItem(run.seed, 0);
      const turns = (options.min_turns + options.max_turns) / 2;
      const completionTokens = expectedCompletionTokens(turns, models.writer?.max_tokens);
      return {
        calls: [{ role: "writer", messages: first.messages, completionTokens }],
        items: count + (gold?.goldCount ?? 0),
      };
    },
  };
}

/**
 * `dialogsmith generate tools`: function-calling dialogues through the online engine. With
 * `--gold`, the pack's gold set (8 categories x 10 for delivery) runs after the training set.
 */
export default defineRecipe({
  name: "tools",
  summary: "function-calling dialogues from a domain pack, online through the engine",
  options: ToolsOptions,
  roles: { writer: { description: "writes each whole dialogue", flag: false, key: false } },
  runRoles: (options) => ({
    writer: { description: "writes each whole dialogue", flag: false, key: false },
    ...judgeRole(options.judge),
  }),
  defaultCount: DEFAULT_TOOLS_COUNT,
  label: (o) => o.domain,
  settle(options) {
    const judge = settleJudge(options, "tools");
    return { ...toolsRunOptions(options), ...(judge ? { judge } : {}) };
  },
  prepare,
});
