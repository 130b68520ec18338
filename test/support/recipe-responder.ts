import {
  type ChatRequestBody,
  type Reply,
  type Responder,
  type ResponderContext,
  sampleFromSchema,
} from "../../src/testing/fake-openai-server.js";

const WORDS = (
  "maybe think step first then check again because each number matters here so try writing both sides " +
  "carefully and see what changes when you move terms across the equals sign remember fractions share " +
  "denominators percent means per hundred area needs base and height speed is distance over time"
).split(" ");

/** A sentence of words drawn from the request's seeded rng: no two dialogues alike. */
export function sentence(ctx: ResponderContext, min = 6, spread = 10): string {
  const words = Array.from(
    { length: min + ctx.rng.int(0, spread) },
    () => WORDS[ctx.rng.int(0, WORDS.length - 1)],
  );
  const text = words.join(" ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

export function systemOf(body: ChatRequestBody): string {
  const first = body.messages[0];
  return first?.role === "system" && typeof first.content === "string" ? first.content : "";
}

/** The criteria of a judge request's schema, in order. */
export function judgeCriteria(ctx: ResponderContext): string[] {
  return Object.keys((ctx.schema?.properties ?? {}) as Record<string, unknown>);
}

export interface RecipeResponderOptions {
  /** A judge's score for a criterion (default: the top of the scale, 5). */
  score?: (criterion: string, body: ChatRequestBody, ctx: ResponderContext) => number;
  /** The pairwise verdict for one order (default: "tie"). */
  prefer?: (body: ChatRequestBody, ctx: ResponderContext) => "first" | "second" | "tie";
  /** Whether a plain message ends with this stop marker (default: never). */
  endWith?: (body: ChatRequestBody, ctx: ResponderContext) => string | undefined;
  /** A plain message's text (default: a random sentence). */
  text?: (body: ChatRequestBody, ctx: ResponderContext) => string;
}

function toolCall(body: ChatRequestBody, ctx: ResponderContext): Reply {
  const tools = body.tools as { function: { name: string; parameters: Record<string, unknown> } }[];
  const tool = tools[ctx.rng.int(0, tools.length - 1)].function;
  return {
    toolCalls: [{ name: tool.name, arguments: sampleFromSchema(tool.parameters) as Record<string, unknown> }],
  };
}

/**
 * A fake model for YAML recipes: judges score (per `score`), pairwise judges prefer (per
 * `prefer`), the tools' simulator answers in the result format, a tool caller calls one tool
 * then answers, structured messages follow their schema, and plain messages are sentences.
 */
export function recipeResponder(options: RecipeResponderOptions = {}): Responder {
  return (body, ctx) => {
    const schemaName = (body.response_format?.json_schema?.name ?? "") as string;
    if (schemaName.startsWith("judge_")) {
      const verdict = Object.fromEntries(
        judgeCriteria(ctx).map((c) => [
          c,
          { reason: `about ${c}`, score: options.score?.(c, body, ctx) ?? 5 },
        ]),
      );
      return JSON.stringify(verdict);
    }
    if (schemaName === "pairwise_verdict")
      return JSON.stringify({ reason: "compared", winner: options.prefer?.(body, ctx) ?? "tie" });
    if (ctx.schema) return JSON.stringify(sampleFromSchema(ctx.schema, sentence(ctx, 2, 3)));
    if (body.tools?.length && body.messages.at(-1)?.role !== "tool") return toolCall(body, ctx);
    const text = options.text?.(body, ctx) ?? sentence(ctx);
    const end = options.endWith?.(body, ctx);
    return end ? `${text} ${end}` : text;
  };
}
