import type { ChatMessage, ToolSpec } from "./conversation.js";

/** A message of a dataset record: OpenAI's per-message `weight` (0 = do not train on this turn) survives. */
export type RecordMessage = ChatMessage & { weight?: number };

/** What every record says about itself: the recipe that wrote it first, then the recipe's own facts. */
export interface RecordMetadata {
  recipe: string;
  [key: string]: unknown;
}

/**
 * The one line shape every recipe writes to `dataset.jsonl`: OpenAI-style messages (a system
 * prompt is `messages[0]`, tool calls are `tool_calls` answered by `tool` messages), the tool
 * schemas beside them, and `metadata.recipe` naming the writer, so readers never guess.
 * The seed scripts' own shapes (roleplay's prompt/completion, tools' Qwen XML text, rounds'
 * history line) are exporters over this one. A rounds run's per-round files are not: the engine
 * appends them at each commit beside dataset.jsonl (the recipe only returns their lines), so a
 * stopped or killed run has them as far as it got, and a resume cuts them back like the dataset.
 */
// A type, not an interface, so it stays assignable to the engine's open `{id, [key]: unknown}` records.
export type CanonicalRecord = {
  id: string;
  messages: RecordMessage[];
  tools?: ToolSpec[];
  metadata: RecordMetadata;
};

/** A canonical record with its keys in the one order every file uses: id, messages, tools, metadata. */
export function canonicalRecord(
  id: string,
  messages: RecordMessage[],
  metadata: RecordMetadata,
  tools?: ToolSpec[],
): CanonicalRecord {
  return tools && tools.length > 0 ? { id, messages, tools, metadata } : { id, messages, metadata };
}

/** The recipe a parsed line names in `metadata.recipe`, or undefined for a line of another shape. */
export function recipeOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { messages, metadata } = value as { messages?: unknown; metadata?: unknown };
  if (!Array.isArray(messages) || typeof metadata !== "object" || metadata === null) return undefined;
  const recipe = (metadata as { recipe?: unknown }).recipe;
  return typeof recipe === "string" && recipe !== "" ? recipe : undefined;
}
