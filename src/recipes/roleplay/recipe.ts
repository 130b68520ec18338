import { existsSync } from "node:fs";
import { z } from "zod";
import { UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import { deriveSeed, Rng as SeededRng } from "../../core/rng.js";
import { loadRawExamples, pickExamples } from "../../formats/raw-examples/index.js";
import { NearDuplicateDetector } from "../../quality/near-duplicates.js";
import {
  defineRecipe,
  type RecipeConfig,
  type RecipeIo,
  type RecipeRole,
  type RecipeRun,
} from "../define-recipe.js";
import {
  type JudgeOption,
  judgeFields,
  judgeRole,
  settleJudge,
  withJudgeOption,
} from "../judge/judge-option.js";
import { itemIndexes, oneShotProgram, oneShotWindow } from "../one-shot.js";
import { genericPack } from "./generic-pack.js";
import type { ExampleDialogue } from "./prompt-builder.js";
import { checkRolePack, type RolePack, RolePackObject } from "./role-pack.js";
import { resolveRolePack } from "./role-packs.js";
import { RoleplayRecipe } from "./roleplay-recipe.js";
import {
  type SimulateSetup,
  simulatePlan,
  simulateProgram,
  TOKENS_PER_MESSAGE,
} from "./simulate/simulate-run.js";

const Messages = z.int().min(2).max(1000);

/** A pack as saved in config.json: the pack itself (not its file), under the role's name. */
const SavedPack = RolePackObject.extend({ name: z.string() }).superRefine(checkRolePack);

const RoleplayOptions = z.object({
  role: z
    .string()
    .optional()
    .describe("built-in role (crypto_seller, sneakers_seller, it_sales) or one from roles: in the config")
    .meta({ valueName: "name" }),
  role_file: z.string().optional().describe("a role pack in YAML or JSON").meta({ valueName: "path" }),
  lang: z
    .string()
    .optional()
    .describe("language of the dialogues (default: the role pack's)")
    .meta({ valueName: "code" }),
  min_messages: Messages.default(40).describe("fewest messages a dialogue may have"),
  max_messages: Messages.default(80).describe("most messages a dialogue may have"),
  raw_dir: z
    .string()
    .default("data/raw")
    .describe("few-shot examples: JSON/JSONL/HTML/TXT/MD and chat exports")
    .meta({ flag: "raw", valueName: "dir" }),
  assistant_name: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe("in chat exports, the participant who is the seller/assistant")
    .meta({ valueName: "name", repeatable: true }),
  examples_per_prompt: z
    .int()
    .min(0)
    .max(10)
    .default(1)
    .describe("examples shown per prompt (0 for none)")
    .meta({ flag: "examples" }),
  example_tokens: z
    .int()
    .min(1)
    .max(1_000_000)
    .default(1500)
    .describe("token budget of the examples in one prompt")
    .meta({ yamlOnly: true }),
  near_duplicate_threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.8)
    .describe("similarity at which a dialogue counts as a near duplicate of an earlier one")
    .meta({ yamlOnly: true }),
  strategy: z
    .enum(["oneshot", "simulate"])
    .optional()
    .describe("oneshot: one request writes a dialogue; simulate: two models take turns, one call a message"),
  system_message: z.boolean().default(true).describe("the persona as each record's system message"),
  ...judgeFields("roleplay"),
  /** The role pack itself and the dialogues' language, as settled (config.json). */
  pack: SavedPack.optional().meta({ hidden: true }),
  language: z.string().optional().meta({ hidden: true }),
});

type Options = z.output<typeof RoleplayOptions>;

/** oneshot: the writer; simulate: the customer simulator and the persona (each its own flag and key). */
const ROLES: Record<"writer" | "user" | "assistant", RecipeRole> = {
  writer: { description: "writes each whole dialogue (oneshot)", flag: false, key: false },
  user: { description: "plays the customer (simulate)", flag: "user-model", key: "user_model" },
  assistant: { description: "plays the persona (simulate)", flag: "assistant-model", key: "assistant_model" },
};
type Settled = Omit<Options, "judge" | "pack" | "language"> & {
  pack: RolePack;
  language: string;
  judge?: JudgeOption;
};

/** The roles asked for when no role is given, besides the config's `roles:`. */
const OFFERED_ROLES = ["crypto_seller", "sneakers_seller", "it_sales"];

/** The role pack of a new run: --role, --role-file, or (on a terminal) the user's choice. */
async function chooseRolePack(options: Options, io: RecipeIo, config: RecipeConfig): Promise<RolePack> {
  const configRoles = config.sections.roles as Record<string, unknown> | undefined;
  let role = options.role;
  if (!role && !options.role_file) {
    const roles = [...new Set([...Object.keys(configRoles ?? {}), ...OFFERED_ROLES])];
    if (!io.choose)
      throw new UsageError(`no role given and not a terminal: pass --role with one of ${roles.join(", ")}`);
    const answer = await io.choose({
      message: "Which role should the assistant play?",
      choices: roles,
      custom: {
        label: "custom (describe one)",
        message: "Describe the persona (e.g. 'продавец курсов английского')",
      },
    });
    if (!answer) throw new UsageError("no role chosen: pass --role NAME");
    if ("custom" in answer) {
      const text = answer.custom.trim();
      if (!text) throw new UsageError("no role described: pass --role NAME or --role-file FILE");
      return genericPack("custom", text, options.lang ?? "ru");
    }
    role = answer.choice;
  }
  return resolveRolePack({ role, roleFile: options.role_file, configRoles, configPath: config.path });
}

/**
 * The options saved in config.json: everything that shapes the data (the pack itself, not its
 * file); a oneshot run and a run without a judge leave those keys out (their fingerprint stays).
 */
async function settle(options: Options, io: RecipeIo, config: RecipeConfig): Promise<Settled> {
  const pack = await chooseRolePack(options, io, config);
  const min = options.min_messages;
  const max = options.max_messages;
  if (min > max) throw new UsageError(`--min-messages (${min}) is larger than --max-messages (${max})`);
  const judge = settleJudge(options, "roleplay");
  return {
    role: pack.name,
    pack,
    language: options.lang ?? pack.language,
    min_messages: min,
    max_messages: max,
    raw_dir: options.raw_dir,
    ...(options.assistant_name !== undefined ? { assistant_name: options.assistant_name } : {}),
    examples_per_prompt: options.examples_per_prompt,
    example_tokens: options.example_tokens,
    near_duplicate_threshold: options.near_duplicate_threshold,
    system_message: options.system_message,
    ...(options.strategy === "simulate" ? { strategy: "simulate" as const } : {}),
    ...(judge ? { judge } : {}),
  };
}

/** Few-shot examples from the raw directory, rotated per item (none when there are none). */
async function examplesPicker(
  options: Settled,
  io: RecipeIo,
): Promise<((rng: Rng) => ExampleDialogue[]) | undefined> {
  if (options.examples_per_prompt <= 0) return undefined;
  const { examples, warnings } = await loadRawExamples(options.raw_dir, {
    assistantName: options.assistant_name,
  });
  // A missing data/raw/ is normal: examples are optional unless a directory was named.
  for (const w of warnings) if (existsSync(options.raw_dir)) io.warn(w);
  if (!examples.length) return undefined;
  return (rng) => pickExamples(examples, rng, options.examples_per_prompt, options.example_tokens);
}

/** The options of a run, settled (a new run) or parsed from config.json (a resume): the pack is there. */
function settledRun(options: Options): Settled {
  const { pack, language } = options;
  if (!pack || !language)
    throw new UsageError(
      "the roleplay options name no role pack: pass --role, or start again with another --out",
    );
  return { ...options, pack, language, judge: settleJudge(options, "roleplay") };
}

async function prepare(run: RecipeRun<Options>) {
  const options = settledRun(run.options);
  const count = run.count as number;
  const examplesFor = await examplesPicker(options, run.io);
  const setup: SimulateSetup = {
    pack: options.pack,
    language: options.language,
    minMessages: options.min_messages,
    maxMessages: options.max_messages,
    systemMessage: options.system_message === true,
    recipe: new RoleplayRecipe({
      pack: options.pack,
      language: options.language,
      minMessages: options.min_messages,
      maxMessages: options.max_messages,
      examplesFor,
      nearDuplicates: new NearDuplicateDetector<string>({ threshold: options.near_duplicate_threshold }),
      nearDuplicateThreshold: options.near_duplicate_threshold,
      systemMessage: options.system_message === true,
    }),
    examplesFor,
  };
  const common = { inputs: itemIndexes, target: count };
  if (options.strategy === "simulate") {
    const program = simulateProgram(setup, run.models);
    return {
      ...common,
      program: withJudgeOption(program, options.judge),
      reportExtras: () => ({ strategy: "simulate" }),
      plan: () => simulatePlan(program, setup, run.seed),
    };
  }
  return {
    ...common,
    program: withJudgeOption(oneShotProgram(setup.recipe), options.judge),
    window: oneShotWindow,
    plan: (models: Partial<Record<string, { max_tokens?: number }>>) => {
      const { messages, scenario } = setup.recipe.planRequest(new SeededRng(deriveSeed(run.seed, 0)));
      // About 45 tokens a chat message in Russian or English, capped by max_tokens.
      const tokens = Math.min(
        models.writer?.max_tokens ?? Infinity,
        scenario.target_messages * TOKENS_PER_MESSAGE,
      );
      return { calls: [{ role: "writer", messages, completionTokens: tokens }] };
    },
  };
}

export default defineRecipe({
  name: "roleplay",
  summary: "long persona sales dialogues through an OpenAI-compatible model",
  options: RoleplayOptions,
  roles: ROLES,
  runRoles: (options) => {
    const { writer, user, assistant } = ROLES;
    const own: Record<string, RecipeRole> =
      options.strategy === "simulate" ? { user, assistant } : { writer };
    return { ...own, ...judgeRole(options.judge) };
  },
  defaultCount: 150,
  label: (o) => o.role,
  settle: async (options, { io, config }) => (await settle(options, io, config)) as Options,
  prepare,
});
