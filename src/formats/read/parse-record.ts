import type { Conversation } from "../../core/conversation.js";
import { recipeOf } from "../../core/record.js";
import { isObject, normaliseMessages } from "./messages.js";
import { readPreference } from "./preference.js";
import { parseRoleText, sortByOrder, startsWithRoleMarker } from "./roleplay.js";
import { readRound, readRounds, roundsToMessages } from "./rounds.js";
import { readShareGptMessages } from "./sharegpt.js";
import { readTools } from "./tools-spec.js";
import {
  type DatasetMessage,
  type ReadItem,
  type ReadRecord,
  RecordError,
  type RecordShape,
  type Round,
} from "./types.js";

type Obj = Record<string, unknown>;

/** The shape of a canonical record, by the recipe it names; a YAML recipe's records are plain messages. */
const CANONICAL_SHAPES: Readonly<Record<string, RecordShape>> = {
  roleplay: "roleplay",
  math: "math",
  tools: "tools",
  rounds: "rounds",
};

function canonicalShape(recipe: string): RecordShape {
  return Object.hasOwn(CANONICAL_SHAPES, recipe) ? CANONICAL_SHAPES[recipe] : "messages";
}

/**
 * Which shape a parsed line has, or undefined when it is no dataset record we know. A canonical
 * record names its recipe in `metadata.recipe`; other lines (files of 0.2.0 and earlier, files
 * users bring) are told apart by their fields.
 */
export function detectShape(value: unknown): RecordShape | undefined {
  const recipe = recipeOf(value);
  if (recipe !== undefined) return canonicalShape(recipe);
  return detectLegacyShape(value);
}

/** The shape of a line without `metadata.recipe`, guessed from its fields. */
export function detectLegacyShape(value: unknown): RecordShape | undefined {
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.messages)) {
    if (typeof value.system_prompt === "string" || value.uid !== undefined) return "tools";
    if (typeof value.prompt === "string" || value.messages.some((m) => isObject(m) && "order" in m)) {
      return "roleplay";
    }
    const meta = value.metadata;
    if (isObject(meta) && ("mode" in meta || "task_type" in meta)) return "math";
    return "messages";
  }
  if (Array.isArray(value.conversations)) return "sharegpt";
  if (Array.isArray(value.rounds)) return "rounds";
  if (value.chosen !== undefined && value.rejected !== undefined) return "preference";
  if (Array.isArray(value.prompt) && Array.isArray(value.completion)) return "trl-prompt-completion";
  if (typeof value.prompt === "string" && typeof value.completion === "string") {
    return startsWithRoleMarker(value.prompt) ? "roleplay" : "prompt-completion";
  }
  if (typeof value.question === "string" && typeof value.correction === "string") return "rounds-single";
  return undefined;
}

const EXPECTED =
  "expected messages, conversations, prompt/completion, prompt/chosen/rejected, rounds, or question/answer/correction";

/**
 * Converts one parsed JSONL line to a ReadRecord. Never throws for bad data: a line that cannot
 * convert comes back as `{ok: false}` with a stable reason.
 */
export function parseRecord(value: unknown, line = 0, source?: string): ReadItem {
  const skip = (reason: string, detail: string): ReadItem => ({
    ok: false,
    skipped: { line, source, reason, detail, raw: value },
  });
  if (!isObject(value)) return skip("not_an_object", `the line is a JSON ${jsonType(value)}, not an object`);
  const recipe = recipeOf(value);
  const shape = recipe !== undefined ? canonicalShape(recipe) : detectLegacyShape(value);
  if (!shape) {
    const keys = Object.keys(value).slice(0, 8).join(", ");
    return skip("unrecognised_shape", `keys {${keys}}; ${EXPECTED}`);
  }
  try {
    const record = recipe !== undefined ? convertCanonical(value, shape) : convert(value, shape);
    record.line = line;
    record.raw = value;
    if (source !== undefined) record.source = source;
    return { ok: true, record };
  } catch (e) {
    if (e instanceof RecordError) return skip(e.reason, e.message);
    throw e;
  }
}

/**
 * A canonical record: its messages as they are (tool calls already structured), the rounds of a
 * rounds record from `metadata.rounds` (for the preference exports).
 */
function convertCanonical(v: Obj, shape: RecordShape): ReadRecord {
  const r = withParallel(record(shape, base(v, normaliseMessages(v.messages))), v);
  const rounds = (v.metadata as Obj).rounds;
  if (shape === "rounds" && rounds !== undefined) r.rounds = readRounds(rounds);
  return r;
}

function convert(v: Obj, shape: RecordShape): ReadRecord {
  switch (shape) {
    case "tools":
      return withParallel(record(shape, toolsConversation(v)), v);
    case "messages":
    case "math": {
      // Text-form tool calls only make sense beside a tools list (a Qwen-style tools file).
      const textToolCalls = Array.isArray(v.tools) && v.tools.length > 0;
      return withParallel(record(shape, base(v, normaliseMessages(v.messages, { textToolCalls }))), v);
    }
    case "roleplay":
      return record(shape, base(v, roleplayMessages(v)));
    case "prompt-completion": {
      const messages: DatasetMessage[] = [
        { role: "user", content: v.prompt as string },
        { role: "assistant", content: v.completion as string },
      ];
      return record(shape, base(v, messages));
    }
    case "trl-prompt-completion": {
      const messages = normaliseMessages([...(v.prompt as unknown[]), ...(v.completion as unknown[])]);
      return record(shape, base(v, messages));
    }
    case "sharegpt":
      return record(shape, base(v, readShareGptMessages(v.conversations, v.system)));
    case "preference": {
      const preference = readPreference(v);
      return { ...record(shape, base(v, [...preference.prompt, ...preference.chosen])), preference };
    }
    case "rounds":
      return roundsRecord(shape, v, readRounds(v.rounds));
    case "rounds-single":
      return roundsRecord(shape, v, [readRound(v, "the record")]);
  }
}

/** A record before parseRecord fills in its line and raw value. */
function record(shape: RecordShape, conversation: Conversation): ReadRecord {
  return { line: 0, raw: undefined, shape, conversation };
}

/** The conversation around `messages`: the record's id (or uid), tools and metadata. */
function base(v: Obj, messages: DatasetMessage[]): Conversation {
  const c: Conversation = { messages };
  const id = v.id ?? v.uid;
  if (typeof id === "string" || typeof id === "number") c.id = String(id);
  const tools = readTools(v.tools);
  if (tools) c.tools = tools;
  if (isObject(v.metadata)) c.metadata = v.metadata;
  return c;
}

/** A tools record: its system_prompt becomes the system message, its dates go to metadata. */
function toolsConversation(v: Obj): Conversation {
  const messages = normaliseMessages(v.messages, { textToolCalls: true });
  if (typeof v.system_prompt === "string" && v.system_prompt !== "" && messages[0]?.role !== "system") {
    messages.unshift({ role: "system", content: v.system_prompt });
  }
  const c = base(v, messages);
  if (typeof v.dates === "string") c.metadata = { ...c.metadata, dates: v.dates };
  return c;
}

/** Roleplay messages from an ordered messages list, or else from role-marked prompt text. */
function roleplayMessages(v: Obj): DatasetMessage[] {
  if (Array.isArray(v.messages) && v.messages.length > 0) {
    const messages = normaliseMessages(sortByOrder(v.messages));
    const last = messages[messages.length - 1];
    // Some writers keep the final reply only in `completion`.
    if (last.role !== "assistant" && typeof v.completion === "string" && v.completion !== "") {
      messages.push({ role: "assistant", content: v.completion });
    }
    return messages;
  }
  const messages = parseRoleText(String(v.prompt ?? ""));
  if (typeof v.completion === "string") messages.push({ role: "assistant", content: v.completion });
  return messages;
}

function roundsRecord(shape: RecordShape, v: Obj, rounds: Round[]): ReadRecord {
  return { ...record(shape, base(v, roundsToMessages(rounds))), rounds };
}

function withParallel(r: ReadRecord, v: Obj): ReadRecord {
  if (typeof v.parallel_tool_calls === "boolean") r.parallelToolCalls = v.parallel_tool_calls;
  return r;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
