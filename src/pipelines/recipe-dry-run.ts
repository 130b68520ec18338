import type { ChatMessage } from "../core/conversation.js";
import { deriveSeed, Rng } from "../core/rng.js";
import type { ChatRequest, ChatResult } from "../models/types.js";
import type {
  ConversationContext,
  ConversationOutcome,
  StepDone,
  StepSpec,
} from "../recipes/conversation.js";

/**
 * A dialogue run with placeholder answers and no model: every step's request is built and kept,
 * so a dry run can show the rendered prompts of every step, and a real run can find a template
 * that fails to render before it pays for anything.
 */
export interface PlannedStep {
  name: string;
  role: string;
  request: ChatRequest;
}

export interface PlaceholderRun {
  steps: PlannedStep[];
  outcome: ConversationOutcome;
}

type Schema = Record<string, unknown>;

/** The smallest value a JSON Schema accepts, with `text` in every string (a placeholder answer). */
export function placeholderFor(schema: Schema | undefined, text: string): unknown {
  if (!schema) return text;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const branch = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branch?.length) return placeholderFor(branch[0], text);
  switch (schema.type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(props)) out[k] = placeholderFor(s, text);
      return out;
    }
    case "array":
      return Array.from({ length: Number(schema.minItems ?? 0) }, () =>
        placeholderFor(schema.items as Schema, text),
      );
    case "integer":
    case "number":
      return Number(schema.maximum ?? schema.minimum ?? 0);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return text;
  }
}

function placeholderAnswer(role: string, n: number, request: ChatRequest): ChatResult {
  const text = `(${role}'s message ${n})`;
  const content = request.outputSchema
    ? JSON.stringify(placeholderFor(request.outputSchema.schema, text))
    : text;
  return {
    content,
    finishReason: "stop",
    usage: { prompt_tokens: 0, completion_tokens: 0 },
    cached: false,
    model: "(dry run)",
    costUsd: 0,
  };
}

/** Runs dialogue `index` of a program with placeholder answers, keeping every step's request. */
export async function runWithPlaceholders<I>(
  program: {
    idFor(index: number, seed: number): string;
    run(ctx: ConversationContext, input: I): Promise<ConversationOutcome>;
  },
  seed: number,
  input: I,
  index = 0,
): Promise<PlaceholderRun> {
  const steps: PlannedStep[] = [];
  const ctx: ConversationContext = {
    index,
    id: program.idFor(index, seed),
    runSeed: seed,
    rng: new Rng(deriveSeed(seed, index)),
    signal: new AbortController().signal,
    step: async <T>(spec: StepSpec<T>): Promise<StepDone<T>> => {
      const request = spec.request();
      steps.push({ name: spec.name, role: spec.role, request });
      const parsed = spec.parse(placeholderAnswer(spec.role, steps.length, request), {
        attempt: 0,
        final: true,
      });
      if (!parsed.ok)
        throw new Error(`step ${spec.name}: a placeholder answer was rejected (${parsed.reason})`);
      return { value: parsed.value, model: "(dry run)", replayed: false };
    },
  };
  const outcome = await program.run(ctx, input);
  return { steps, outcome };
}

/** The parts of a request a recipe's templates wrote: the system prompt, and a templated user message. */
export function templatedParts(messages: readonly ChatMessage[]): {
  system?: string;
  user?: string;
  history: number;
} {
  const system = messages[0]?.role === "system" ? (messages[0].content ?? "") : undefined;
  const rest = system === undefined ? messages : messages.slice(1);
  if (rest.length === 1 && rest[0].role === "user")
    return { system, user: rest[0].content ?? "", history: 0 };
  return { system, history: rest.length };
}
