import { z } from "zod";

/**
 * A recipe's options are one zod object: its keys are the YAML section's keys and config.json's,
 * its descriptions and defaults are the `--help` text and the README table, its bounds are the
 * flags' ranges. This module reads that schema (through zod's JSON Schema) into flat field
 * descriptions the CLI and the docs generator share, so nothing is declared twice.
 */

/** Extra facts a field may carry with `.meta({...})`. */
export interface OptionMeta {
  /** The flag's name without dashes when it is not the key in kebab case (e.g. "lang"). */
  flag?: string;
  /** The placeholder in `--help` (`<n>`, `<list>`, `<path>`). */
  valueName?: string;
  /** Not a flag: set in the YAML section only (long texts, nested objects). */
  yamlOnly?: boolean;
  /** A flag that does not shape the data (saved config.json leaves it out). */
  runOnly?: boolean;
  /** Set by the recipe itself (saved in config.json), neither a flag nor a documented YAML key. */
  hidden?: boolean;
  /** A flag only, not a YAML key: the recipe's settle() folds it into another option. */
  flagOnly?: boolean;
  /** A list flag given once per value (`--assistant-name A --assistant-name B`), not comma-separated. */
  repeatable?: boolean;
}

export type OptionKind = "integer" | "number" | "string" | "boolean" | "list" | "enum" | "object";

export interface OptionField {
  /** snake_case: the YAML key and the config.json key. */
  key: string;
  /** `--kebab-case` (without the dashes). */
  flag: string;
  kind: OptionKind;
  description: string;
  defaultValue?: unknown;
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** For lists: the values each item may take, when fixed. */
  itemChoices?: readonly string[];
  valueName: string;
  yamlOnly: boolean;
  runOnly: boolean;
  hidden: boolean;
  flagOnly: boolean;
  repeatable: boolean;
}

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
} & OptionMeta;

const kebab = (key: string) => key.replace(/_/g, "-");

/** The branches of a union (nullable and optional wrappers flattened). */
function branches(node: JsonSchema): JsonSchema[] {
  const alternatives = node.anyOf ?? node.oneOf;
  if (!alternatives) return [node];
  return alternatives.flatMap(branches).filter((b) => b.type !== "null");
}

function kindOf(node: JsonSchema): Pick<OptionField, "kind" | "choices" | "itemChoices"> {
  const all = branches(node);
  const list = all.find((b) => b.type === "array");
  if (list) {
    const items = list.items ? branches(list.items) : [];
    const itemChoices = items.flatMap((i) => (i.enum ?? []).map(String));
    return { kind: "list", ...(itemChoices.length ? { itemChoices } : {}) };
  }
  const choices = all.flatMap((b) => (b.enum ?? (b.const !== undefined ? [b.const] : [])).map(String));
  if (choices.length && all.every((b) => b.enum || b.const !== undefined)) return { kind: "enum", choices };
  const types = new Set(all.map((b) => (Array.isArray(b.type) ? b.type[0] : b.type)));
  if (types.size === 1) {
    const [t] = types;
    if (t === "integer" || t === "number" || t === "boolean" || t === "object") return { kind: t };
  }
  return { kind: "string" };
}

function bounds(node: JsonSchema, kind: OptionKind): Pick<OptionField, "min" | "max"> {
  const numeric = branches(node).find((b) => b.type === "integer" || b.type === "number");
  if (!numeric || (kind !== "integer" && kind !== "number")) return {};
  const step = kind === "integer" ? 1 : 0;
  const min =
    numeric.minimum ?? (numeric.exclusiveMinimum !== undefined ? numeric.exclusiveMinimum + step : undefined);
  const max =
    numeric.maximum ?? (numeric.exclusiveMaximum !== undefined ? numeric.exclusiveMaximum - step : undefined);
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

const VALUE_NAMES: Record<OptionKind, string> = {
  integer: "n",
  number: "x",
  string: "value",
  boolean: "",
  list: "list",
  enum: "name",
  object: "value",
};

/** The fields of a recipe's options schema, in declaration order. */
export function optionFields(schema: z.ZodObject): OptionField[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([key, node]) => {
    const kind = kindOf(node);
    return {
      key,
      flag: node.flag ?? kebab(key),
      ...kind,
      ...bounds(node, kind.kind),
      description: node.description ?? "",
      ...(node.default !== undefined ? { defaultValue: node.default } : {}),
      valueName: node.valueName ?? VALUE_NAMES[kind.kind],
      yamlOnly: node.yamlOnly === true || kind.kind === "object",
      runOnly: node.runOnly === true,
      hidden: node.hidden === true,
      flagOnly: node.flagOnly === true,
      repeatable: node.repeatable === true,
    };
  });
}

/** A field's accepted values in words: "2 to 1000", "one of a, b", "comma-separated". */
export function describeRange(field: OptionField): string {
  if (field.choices) return `one of ${field.choices.join(", ")}`;
  if (field.repeatable) return "repeatable";
  if (field.itemChoices) return `comma-separated, from ${field.itemChoices.join(", ")}`;
  if (field.kind === "list") return "comma-separated";
  const { min, max } = field;
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `${min} or more`;
  if (max !== undefined) return `up to ${max}`;
  return "";
}
