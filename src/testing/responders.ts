import { createHash } from "node:crypto";
import type { ChatRequestBody, Reply, Responder, ResponderContext } from "./types.js";

/** About 4 characters a token for Latin text, about one a character for CJK: cheap and stable. */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3000 && c <= 0xd7ff) cjk++;
  }
  return Math.ceil((text.length - cjk) / 4 + cjk);
}

/** The text of a message's content, whether a string or an array of parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((p) => (typeof p?.text === "string" ? p.text : typeof p === "string" ? p : ""))
      .join("");
  return "";
}

/** Prompt tokens the way OpenAI counts them: content plus about 3 a message and 3 for the reply. */
export function promptTokensOf(body: ChatRequestBody, count: (text: string) => number): number {
  let n = 3;
  for (const m of body.messages) {
    n += 3 + count(contentText(m.content));
    if (m.name) n += 1;
    if (m.tool_calls) n += count(JSON.stringify(m.tool_calls));
  }
  if (body.tools?.length) n += count(JSON.stringify(body.tools));
  const schema = body.response_format?.json_schema?.schema;
  if (schema) n += count(JSON.stringify(schema));
  return n;
}

const LOREM =
  "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua";
const WORDS = LOREM.split(" ");

/**
 * A deterministic instance of a JSON schema: every property, `minItems` (at least 1) array items,
 * enums cycled by array position (so a `role: ["user", "assistant"]` list alternates), numbers at
 * their minimum. Handles $ref to $defs/definitions, anyOf/oneOf (first non-null), allOf (merged).
 */
export function sampleFromSchema(schema: Record<string, unknown>, seedText = ""): unknown {
  return sample(schema, schema, 0, seedText, 0);
}

function resolve(node: Record<string, unknown>, root: Record<string, unknown>): Record<string, unknown> {
  let current = node;
  for (let depth = 0; typeof current.$ref === "string" && depth < 32; depth++) {
    const path = (current.$ref as string).replace(/^#\/?/, "").split("/").filter(Boolean);
    let target: unknown = root;
    for (const key of path)
      target = (target as Record<string, unknown> | undefined)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (!target || typeof target !== "object") return {};
    current = target as Record<string, unknown>;
  }
  return current;
}

function sample(
  raw: Record<string, unknown>,
  root: Record<string, unknown>,
  position: number,
  seedText: string,
  depth: number,
): unknown {
  const node = resolve(raw, root);
  if (depth > 24) return null;
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[position % node.enum.length];
  const alternatives = (node.anyOf ?? node.oneOf) as Array<Record<string, unknown>> | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    const pick = alternatives.find((a) => resolve(a, root).type !== "null") ?? alternatives[0];
    return sample(pick, root, position, seedText, depth + 1);
  }
  if (Array.isArray(node.allOf)) {
    const merged: Record<string, unknown> = { type: "object", properties: {}, required: [] };
    for (const part of node.allOf as Array<Record<string, unknown>>) {
      const p = resolve(part, root);
      Object.assign(merged.properties as object, p.properties ?? {});
    }
    return sample(merged, root, position, seedText, depth + 1);
  }
  let type = node.type;
  if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? "null";
  if (type === undefined) type = node.properties ? "object" : node.items ? "array" : "string";
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, sub] of Object.entries(props))
        out[key] = sample(sub, root, position, seedText, depth + 1);
      return out;
    }
    case "array": {
      const min = typeof node.minItems === "number" ? node.minItems : 1;
      const max = typeof node.maxItems === "number" ? node.maxItems : Math.max(min, 1);
      const n = Math.min(Math.max(min, 1), max);
      const items = (node.items ?? {}) as Record<string, unknown>;
      return Array.from({ length: n }, (_, i) => sample(items, root, i, seedText, depth + 1));
    }
    case "string": {
      if (node.format === "date") return "2025-01-01";
      if (node.format === "date-time") return "2025-01-01T00:00:00Z";
      let text = `${WORDS[position % WORDS.length]} ${position + 1}${seedText ? ` (${seedText})` : ""}.`;
      const min = typeof node.minLength === "number" ? node.minLength : 0;
      while (text.length < min) text += ` ${LOREM}`;
      if (typeof node.maxLength === "number") text = text.slice(0, node.maxLength);
      return text;
    }
    case "integer":
    case "number": {
      let v = typeof node.minimum === "number" ? node.minimum : 0;
      if (typeof node.exclusiveMinimum === "number") v = node.exclusiveMinimum + 1;
      if (typeof node.maximum === "number" && v > node.maximum) v = node.maximum;
      return type === "integer" ? Math.ceil(v) : v;
    }
    case "boolean":
      return true;
    default:
      return null;
  }
}

function shortHash(body: ChatRequestBody): string {
  return createHash("sha1").update(JSON.stringify(body.messages)).digest("hex").slice(0, 8);
}

/**
 * The default responder: deterministic from the request alone. With a json_schema response_format,
 * an instance of the schema; with json_object, `{"reply": ...}`; otherwise a short echo of the last
 * user message. Useful for dry runs; tests usually bring their own.
 */
export const defaultResponder: Responder = (body: ChatRequestBody, ctx: ResponderContext): Reply => {
  const tag = shortHash(body);
  if (ctx.responseFormat === "json_schema" && ctx.schema)
    return JSON.stringify(sampleFromSchema(ctx.schema, tag));
  const echo = ctx.lastUserMessage.replace(/\s+/g, " ").slice(0, 200);
  if (ctx.responseFormat === "json_object") return JSON.stringify({ reply: `Fake reply ${tag} to: ${echo}` });
  return `Fake reply ${tag} to: ${echo}`;
};
