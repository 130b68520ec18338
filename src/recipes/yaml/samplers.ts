import type { Faker } from "@faker-js/faker";
import type { Rng } from "../../core/rng.js";
import { hashString32 } from "../../quality/hash32.js";
import { pathText, type RecipeIssues } from "./issues.js";
import { loadFaker, samplePerson } from "./person.js";
import { PromptTemplate, TemplateRenderError, ValueExpression } from "./templates.js";

/**
 * The scenario of a YAML recipe: named fields, each drawn per dialogue by a sampler. Every field
 * draws from its own stream (forked from the dialogue's by the field's name), so adding or
 * editing one field never changes what the others draw. Derived fields (template, expr) are
 * computed after the fields they read; a cycle among them is an error.
 */
export type Sampler =
  | { kind: "const"; value: unknown }
  | { kind: "choice"; items: unknown[] | ValueExpression; weights?: number[] }
  | { kind: "sample"; items: unknown[] | ValueExpression; k: [number, number] }
  | { kind: "int"; min: number; max: number }
  | { kind: "float"; min: number; max: number; digits: number }
  | { kind: "input"; column?: string }
  | { kind: "person"; faker: Faker; locale: string; age: [number, number] }
  | { kind: "template"; template: PromptTemplate }
  | { kind: "expr"; expr: ValueExpression };

export const SAMPLER_KINDS = [
  "choice",
  "sample",
  "int",
  "float",
  "file",
  "input",
  "person",
  "template",
  "expr",
  "value",
] as const;

/** Reads the lines (or YAML/JSON list) of a file a recipe names, relative to the recipe. */
export type ListReader = (path: string) => unknown[];

export interface SamplerContext {
  issues: RecipeIssues;
  readList: ListReader;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function range(raw: unknown, path: (string | number)[], ctx: SamplerContext, integer: boolean) {
  const ok =
    Array.isArray(raw) &&
    raw.length === 2 &&
    raw.every((x) => typeof x === "number" && (!integer || Number.isInteger(x))) &&
    raw[0] <= raw[1];
  if (!ok) ctx.issues.fail(path, `expected [min, max] with min <= max${integer ? ", both integers" : ""}`);
  return raw as [number, number];
}

/** A list written in the file, or an expression giving one (`domain.question_topics`). */
function listOrExpression(
  raw: unknown,
  path: (string | number)[],
  ctx: SamplerContext,
): unknown[] | ValueExpression {
  if (typeof raw === "string") return ctx.issues.at(path, () => new ValueExpression(raw, pathText(path)));
  if (!Array.isArray(raw) || raw.length === 0)
    ctx.issues.fail(path, "expected a non-empty list, or an expression giving one");
  return raw;
}

function choice(raw: unknown, spec: Record<string, unknown>, path: (string | number)[], ctx: SamplerContext) {
  if (typeof raw === "string") return { kind: "choice" as const, items: listOrExpression(raw, path, ctx) };
  if (isPlainObject(raw)) {
    const weights = Object.values(raw);
    if (!weights.every((w) => typeof w === "number" && w >= 0) || !weights.some((w) => (w as number) > 0))
      ctx.issues.fail(path, "a {value: weight} map needs non-negative numbers, one above 0");
    return { kind: "choice" as const, items: Object.keys(raw), weights: weights as number[] };
  }
  if (!Array.isArray(raw) || raw.length === 0) ctx.issues.fail(path, "expected a non-empty list");
  const weights = spec.weights;
  if (weights === undefined) return { kind: "choice" as const, items: raw };
  if (
    !Array.isArray(weights) ||
    weights.length !== raw.length ||
    !weights.every((w) => typeof w === "number" && w >= 0)
  )
    ctx.issues.fail([...path.slice(0, -1), "weights"], `expected ${raw.length} non-negative numbers`);
  return { kind: "choice" as const, items: raw, weights: weights as number[] };
}

function kRange(raw: unknown, path: (string | number)[], ctx: SamplerContext): [number, number] {
  if (raw === undefined) return [1, 1];
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0) return [raw, raw];
  return range(raw, path, ctx, true);
}

/** Keys a sampler may have beside its own. */
const EXTRA_KEYS: Record<string, string[]> = {
  choice: ["weights"],
  sample: ["k"],
  float: ["digits"],
  file: ["k"],
  person: [],
};

/** One scenario field's sampler from what the file says (async: a person sampler loads names). */
export async function parseSampler(
  raw: unknown,
  path: (string | number)[],
  ctx: SamplerContext,
): Promise<Sampler> {
  if (!isPlainObject(raw)) return { kind: "const", value: raw };
  const keys = Object.keys(raw);
  const kind = keys.find((k) => (SAMPLER_KINDS as readonly string[]).includes(k));
  if (!kind)
    ctx.issues.fail(
      path,
      `unknown sampler (keys: ${keys.join(", ") || "none"}); use one of ${SAMPLER_KINDS.join(", ")}`,
    );
  const extra = keys.filter((k) => k !== kind && !(EXTRA_KEYS[kind] ?? []).includes(k));
  if (extra.length) ctx.issues.fail([...path, extra[0]], `unknown key beside '${kind}'`);
  const value = raw[kind];
  const at = [...path, kind];
  switch (kind) {
    case "value":
      return { kind: "const", value };
    case "choice":
      return choice(value, raw, at, ctx);
    case "sample":
      return {
        kind: "sample",
        items: listOrExpression(value, at, ctx),
        k: kRange(raw.k, [...path, "k"], ctx),
      };
    case "file": {
      if (typeof value !== "string") ctx.issues.fail(at, "expected the path of a file");
      const items = ctx.issues.at(at, () => ctx.readList(value));
      if (items.length === 0) ctx.issues.fail(at, `${value} holds no items`);
      if (raw.k === undefined) return { kind: "choice", items };
      return { kind: "sample", items, k: kRange(raw.k, [...path, "k"], ctx) };
    }
    case "int": {
      const [min, max] = range(value, at, ctx, true);
      return { kind: "int", min, max };
    }
    case "float": {
      const [min, max] = range(value, at, ctx, false);
      const digits = raw.digits ?? 2;
      if (typeof digits !== "number" || !Number.isInteger(digits) || digits < 0 || digits > 10)
        ctx.issues.fail([...path, "digits"], "expected an integer from 0 to 10");
      return { kind: "float", min, max, digits };
    }
    case "input": {
      if (value === true) return { kind: "input" };
      if (typeof value === "string" && value !== "") return { kind: "input", column: value };
      return ctx.issues.fail(at, "expected true (the whole row) or a column name");
    }
    case "person":
      return person(value, at, ctx);
    case "template":
      if (typeof value !== "string") ctx.issues.fail(at, "expected a template string");
      return { kind: "template", template: ctx.issues.at(at, () => new PromptTemplate(value, pathText(at))) };
    default: {
      if (typeof value !== "string") ctx.issues.fail(at, "expected an expression string");
      return { kind: "expr", expr: ctx.issues.at(at, () => new ValueExpression(value, pathText(at))) };
    }
  }
}

async function person(raw: unknown, at: (string | number)[], ctx: SamplerContext): Promise<Sampler> {
  const spec = raw === true || raw === null || raw === undefined ? {} : raw;
  if (!isPlainObject(spec)) return ctx.issues.fail(at, "expected true or {locale, age}");
  const unknown = Object.keys(spec).filter((k) => k !== "locale" && k !== "age");
  if (unknown.length) ctx.issues.fail([...at, unknown[0]], "unknown key (person takes locale and age)");
  const locale = spec.locale ?? "en";
  if (typeof locale !== "string" || !/^[a-z]{2}([-_][A-Za-z]{2})?$/.test(locale))
    ctx.issues.fail([...at, "locale"], "expected a locale like en, ru, ko, de_AT");
  const age =
    spec.age === undefined ? ([18, 70] as [number, number]) : range(spec.age, [...at, "age"], ctx, true);
  let faker: Faker;
  try {
    faker = await loadFaker(locale);
  } catch {
    return ctx.issues.fail(
      [...at, "locale"],
      `no names for locale '${locale}' (try en, ru, ko, de, fr, es, ja)`,
    );
  }
  return { kind: "person", faker, locale, age };
}

/** The fields a sampler reads (derived samplers only). */
export function samplerNames(s: Sampler): ReadonlySet<string> {
  if (s.kind === "template") return s.template.names;
  if (s.kind === "expr") return s.expr.names;
  if ((s.kind === "choice" || s.kind === "sample") && s.items instanceof ValueExpression)
    return s.items.names;
  return new Set();
}

function itemsOf(
  items: unknown[] | ValueExpression,
  vars: Record<string, unknown>,
  where: string,
): unknown[] {
  if (Array.isArray(items)) return items;
  const list = items.evaluate(vars);
  if (!Array.isArray(list) || list.length === 0)
    throw new TemplateRenderError(
      where,
      `expected a non-empty list, got ${JSON.stringify(list)?.slice(0, 80)}`,
    );
  return list;
}

function weightedPick(rng: Rng, items: unknown[], weights: number[]): unknown {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rng.float() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

/** Draws one value. `vars` holds the fields drawn so far; `row` the dialogue's seed-dataset row. */
export function draw(s: Sampler, rng: Rng, vars: Record<string, unknown>, row: unknown): unknown {
  switch (s.kind) {
    case "const":
      return s.value;
    case "choice": {
      const items = itemsOf(s.items, vars, "scenario");
      return s.weights ? weightedPick(rng, items, s.weights) : rng.pick(items);
    }
    case "sample":
      return rng.sample(itemsOf(s.items, vars, "scenario"), rng.int(s.k[0], s.k[1]));
    case "int":
      return rng.int(s.min, s.max);
    case "float": {
      const f = 10 ** s.digits;
      return Math.round((s.min + rng.float() * (s.max - s.min)) * f) / f;
    }
    case "input":
      if (s.column === undefined) return row ?? null;
      return isPlainObject(row) ? (row[s.column] ?? null) : null;
    case "person":
      return samplePerson(rng, s.faker, s.locale, s.age);
    case "template":
      return s.template.render(vars);
    case "expr":
      return s.expr.evaluate(vars);
  }
}

/** The stream a field draws from: the scenario stream forked by the field's name. */
export function fieldStream(rng: Rng, name: string): Rng {
  return rng.fork(hashString32(name));
}

export interface ScenarioField {
  name: string;
  sampler: Sampler;
}

export class Scenario {
  /** Fields in the order they are computed (a derived field after what it reads). */
  readonly fields: ScenarioField[];
  readonly readsInput: boolean;

  constructor(
    fields: ScenarioField[],
    /** The fields in the file's order (how metadata shows them). */
    readonly fileOrder: readonly string[] = fields.map((f) => f.name),
  ) {
    this.fields = fields;
    this.readsInput = fields.some((f) => f.sampler.kind === "input");
  }

  /** Draws every field; derived ones also see `context` (e.g. the tools' domain pack). */
  sample(rng: Rng, row: unknown, context: Record<string, unknown> = {}): Record<string, unknown> {
    const vars: Record<string, unknown> = { ...context };
    const out: Record<string, unknown> = {};
    for (const f of this.fields) {
      out[f.name] = draw(f.sampler, fieldStream(rng, f.name), vars, row);
      vars[f.name] = out[f.name];
    }
    return out;
  }
}

/**
 * Orders the fields so each derived one comes after the fields it reads (file order otherwise);
 * a cycle fails naming it: `scenario.a: derived fields form a cycle: a -> b -> a`.
 */
export function orderFields(fields: ScenarioField[], issues: RecipeIssues): ScenarioField[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const state = new Map<string, "visiting" | "done">();
  const out: ScenarioField[] = [];
  const visit = (f: ScenarioField, trail: string[]) => {
    const s = state.get(f.name);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(f.name)), f.name];
      issues.fail(["scenario", cycle[0]], `derived fields form a cycle: ${cycle.join(" -> ")}`);
    }
    state.set(f.name, "visiting");
    for (const name of samplerNames(f.sampler)) {
      const dep = byName.get(name);
      if (dep) visit(dep, [...trail, f.name]);
    }
    state.set(f.name, "done");
    out.push(f);
  };
  for (const f of fields) visit(f, []);
  return out;
}

export async function compileScenario(
  raw: Record<string, unknown> | undefined,
  ctx: SamplerContext,
): Promise<Scenario> {
  const fields: ScenarioField[] = [];
  for (const [name, spec] of Object.entries(raw ?? {}))
    fields.push({ name, sampler: await parseSampler(spec, ["scenario", name], ctx) });
  return new Scenario(
    orderFields(fields, ctx.issues),
    fields.map((f) => f.name),
  );
}
