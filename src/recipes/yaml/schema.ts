import { z } from "zod";

/**
 * What a YAML recipe file may hold. The structure is checked here; what needs the whole file to
 * judge (a role a turn plan names, a model entry, a template's syntax, the scenario's samplers and
 * checks by name) is checked by the compiler, each error naming its path in the file.
 */

const Name = z.string().regex(/^[A-Za-z_][\w-]*$/, "letters, digits, _ and -, starting with a letter or _");
const JsonSchema = z.record(z.string(), z.unknown());

export const RoleSchema = z.strictObject({
  /** A `models:` entry of the user's config (dialogsmith.yaml). */
  model: z.string().min(1).describe("a models: entry of dialogsmith.yaml"),
  /** Where the role's messages go: the dataset's user or assistant side, or nowhere (a director). */
  as: z.enum(["user", "assistant", "hidden"]),
  /** The role's system prompt (a template). */
  system: z.string(),
  /** The first user message the role sees when it opens the conversation (a template). */
  start: z.string().optional(),
  /** One user message (a template) sent instead of the conversation as chat messages. */
  prompt: z.string().optional(),
  /** Most recent messages the role sees (default: turns.window, else all). */
  window: z.int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  max_tokens: z.int().positive().optional(),
  /** Structured output: the answer is a JSON object following this schema... */
  output_schema: JsonSchema.optional(),
  /** ...and this field of it becomes the message text. */
  text_field: z.string().optional(),
});

export const StopSchema = z.strictObject({
  /** A role ends the conversation by writing this (it is removed from the message). */
  marker: z.string().min(1),
  /** Roles whose marker counts (default: every role). */
  roles: z.array(z.string()).optional(),
  /** A marker before this many messages is ignored. */
  min_messages: z.int().nonnegative().optional(),
  /** After the marker, the next speaker answers once more (a closing reply). */
  reply: z.boolean().optional(),
});

export const TurnsSchema = z.strictObject({
  /** Who speaks, in a cycle (default: the roles that appear in the output, in file order). */
  order: z.array(z.string()).min(1).optional(),
  /** Or a template naming the next role, rendered before each step. */
  next: z.string().optional(),
  /** Messages in the dialogue: a number, or a sampler (`{int: [6, 10]}`, `{expr: ...}`). */
  count: z.unknown().optional(),
  /** Most recent messages each role sees (default: all). */
  window: z.int().positive().optional(),
  stop: StopSchema.optional(),
  /** An expression checked after every step: true ends the conversation (a director says done). */
  until: z.string().optional(),
  /** After the turns end (count, marker, until), go on until the last message is this side's. */
  end_with: z.enum(["user", "assistant"]).optional(),
  /** Most steps a conversation may take (hidden roles' and tool steps included). */
  max_steps: z.int().positive().optional(),
});

export const ToolsSchema = z.strictObject({
  /** A built-in domain pack (`delivery`) or the path of a pack file. */
  domain: z.string().min(1),
  /** The role that may call the pack's tools. */
  caller: z.string(),
  /** The hidden role that plays the tools, answering each call with a result in the pack's format. */
  simulator: z.string(),
  /** Rounds of tool calls in one turn before the turn is rejected. */
  max_rounds: z.int().positive().max(20).optional(),
});

export const JudgeBlockSchema = z.strictObject({
  /** A `models:` entry. */
  model: z.string().min(1),
  /** A built-in rubric name, a rubric file (relative to the recipe), or the rubric itself. */
  rubric: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** Overrides the rubric's pass rule: the mean score must reach this. */
  min_score: z.number().optional(),
});

export const OutputSchema = z.strictObject({
  /** Put this role's system prompt first in `messages`. */
  system: z.string().optional(),
  /** Extra metadata fields: a template each (`"{{ grade }}"`). */
  metadata: z.record(z.string(), z.string()).optional(),
  /** Exports written into the run directory when the run is done (`openai`, `sharegpt`...). */
  exporters: z.array(z.string()).optional(),
});

export const RecipeFileSchema = z.strictObject({
  name: Name,
  description: z.string().optional(),
  /** The dialogues' language (metadata.language). */
  language: z.string().min(2).optional(),
  /** Default number of dialogues (`--count` overrides). */
  count: z.int().positive().optional(),
  /** A seed dataset (JSONL, JSON, CSV, Parquet): dialogue i gets row i (`--input` overrides). */
  input: z.string().optional(),
  roles: z.record(Name, RoleSchema).refine((r) => Object.keys(r).length > 0, "at least one role"),
  scenario: z.record(Name, z.unknown()).optional(),
  turns: TurnsSchema.optional(),
  tools: ToolsSchema.optional(),
  checks: z.array(z.unknown()).optional(),
  judge: JudgeBlockSchema.optional(),
  output: OutputSchema.optional(),
});

export type RecipeFile = z.output<typeof RecipeFileSchema>;
export type RoleFile = z.output<typeof RoleSchema>;
export type TurnsFile = z.output<typeof TurnsSchema>;
