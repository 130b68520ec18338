import type { DomainPack } from "./domain-pack.js";
import { isIdArgument } from "./id-provenance.js";

type Schema = Record<string, unknown>;

function bounds(s: Schema): string {
  const parts: string[] = [];
  if (typeof s.minimum === "number") parts.push(`>= ${s.minimum}`);
  if (typeof s.maximum === "number") parts.push(`<= ${s.maximum}`);
  return parts.length ? ` ${parts.join(", ")}` : "";
}

/** How one argument is written, read off its JSON Schema. */
function describe(name: string, s: Schema, language: string): string {
  if (isIdArgument(name)) {
    const what = s.type === "array" ? "a list of ids" : "an id";
    return `${what}, copied exactly from the user's words, an earlier tool result or the assistant's system prompt; never invented`;
  }
  if (Array.isArray(s.enum)) return `one of ${s.enum.join(", ")} — exactly as written here, never translated`;
  if (/_code$/i.test(name)) return "a code copied exactly as the user or a tool result gives it";
  switch (s.type) {
    case "integer":
      return `an integer${bounds(s)}`;
    case "number":
      return `a number${bounds(s)}`;
    case "boolean":
      return "true or false";
    case "array": {
      const items = (s.items ?? {}) as Schema;
      return Array.isArray(items.enum)
        ? `a list of values from ${items.enum.join(", ")}`
        : `a list of ${items.type === "string" ? `strings in ${language}` : "values following the schema"}`;
    }
    case "string":
      return `free text in ${language}, as the user would write it`;
    default:
      return "a value following the tool's schema";
  }
}

/**
 * One line per tool argument saying how to write it: enum values as listed (an English code stays
 * English even in a Korean dialogue), free text in the dialogue's language, ids copied. The
 * language of the dialogue never overrides a tool's schema.
 */
export function argumentGuide(pack: DomainPack, language: string): string[] {
  const lines: string[] = [];
  for (const tool of pack.tools) {
    const params = tool.function.parameters;
    const required = new Set(Array.isArray(params.required) ? (params.required as string[]) : []);
    for (const [name, schema] of Object.entries((params.properties ?? {}) as Record<string, Schema>)) {
      const req = required.has(name) ? " (required)" : "";
      lines.push(`- ${tool.function.name}.${name}${req}: ${describe(name, schema, language)}`);
    }
  }
  return lines;
}
