import { compileJsonSchema } from "../../quality/json-schema.js";
import { isInLanguage } from "../../quality/language.js";
import type { RecipeIssues } from "./issues.js";

/**
 * The checks of a YAML recipe: built-in validators by name, each with a named rejection reason.
 * Message checks run on every step of the roles they name (a failure is retried once with a new
 * sample, then rejects the dialogue); dialogue checks run on the finished dialogue; the
 * near-duplicate check runs in index order against the dialogues accepted before.
 */
export interface Failure {
  reason: string;
  detail: string;
}

export interface MessageCheck {
  /** Roles it applies to (undefined: every role that appears in the output). */
  roles?: ReadonlySet<string>;
  check(text: string, data: unknown): Failure | undefined;
}

export interface DialogueMessage {
  role: string;
  text: string;
}

export interface DialogueCheck {
  check(messages: readonly DialogueMessage[]): Failure | undefined;
}

export interface CheckSet {
  message: MessageCheck[];
  dialogue: DialogueCheck[];
  nearDuplicate?: { threshold: number; reason: string };
}

export const VALIDATORS = [
  "length",
  "regex",
  "no_speaker_labels",
  "json_schema",
  "language",
  "messages",
  "near_duplicate",
] as const;
type Validator = (typeof VALIDATORS)[number];

const COMMON_KEYS = ["roles", "reason"];
const OWN_KEYS: Record<Validator, string[]> = {
  length: [],
  regex: ["flags", "negate"],
  no_speaker_labels: [],
  json_schema: [],
  language: [],
  messages: [],
  near_duplicate: [],
};

interface Ctx {
  issues: RecipeIssues;
  roleNames: readonly string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bounds(raw: unknown, at: (string | number)[], ctx: Ctx): { min?: number; max?: number } {
  if (!isObject(raw)) return ctx.issues.fail(at, "expected {min, max}");
  const { min, max, ...rest } = raw;
  if (Object.keys(rest).length) ctx.issues.fail([...at, Object.keys(rest)[0]], "unknown key (min, max)");
  for (const [k, v] of [
    ["min", min],
    ["max", max],
  ] as const)
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0))
      ctx.issues.fail([...at, k], "expected a non-negative integer");
  if (min === undefined && max === undefined) ctx.issues.fail(at, "give min, max or both");
  return { min: min as number | undefined, max: max as number | undefined };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Speaker labels that leaked into a message: a line starting with `Tutor:` or `user:`. */
function labelPattern(labels: readonly string[]): RegExp {
  return new RegExp(`(^|\\n)\\s*(${labels.map(escapeRegex).join("|")})\\s*:`, "i");
}

function messageCheck(kind: Validator, spec: Record<string, unknown>, at: (string | number)[], ctx: Ctx) {
  const value = spec[kind];
  const reason = spec.reason as string | undefined;
  switch (kind) {
    case "length": {
      const { min, max } = bounds(value, [...at, kind], ctx);
      return (text: string): Failure | undefined => {
        if (min !== undefined && text.length < min)
          return { reason: reason ?? "too_short", detail: `${text.length} characters, fewer than ${min}` };
        if (max !== undefined && text.length > max)
          return { reason: reason ?? "too_long", detail: `${text.length} characters, more than ${max}` };
        return undefined;
      };
    }
    case "regex": {
      if (typeof value !== "string") return ctx.issues.fail([...at, kind], "expected a pattern string");
      const flags = spec.flags ?? "";
      if (typeof flags !== "string")
        return ctx.issues.fail([...at, "flags"], "expected regex flags like 'i'");
      const re = ctx.issues.at([...at, kind], () => new RegExp(value, flags.replace("g", "")));
      const negate = spec.negate === true;
      return (text: string): Failure | undefined => {
        if (re.test(text) !== negate) return undefined;
        return negate
          ? { reason: reason ?? "forbidden_pattern", detail: `matches /${value}/` }
          : { reason: reason ?? "pattern_mismatch", detail: `does not match /${value}/` };
      };
    }
    case "no_speaker_labels": {
      const labels =
        value === true
          ? [...ctx.roleNames, "user", "assistant"]
          : Array.isArray(value) && value.every((v) => typeof v === "string") && value.length > 0
            ? (value as string[])
            : ctx.issues.fail([...at, kind], "expected true or a list of labels");
      const re = labelPattern(labels);
      return (text: string): Failure | undefined =>
        re.test(text)
          ? { reason: reason ?? "speaker_label_leak", detail: "the message speaks for someone else" }
          : undefined;
    }
    default: {
      if (!isObject(value)) return ctx.issues.fail([...at, kind], "expected a JSON Schema object");
      const validate = ctx.issues.at([...at, kind], () => compileJsonSchema(value));
      return (text: string, data: unknown): Failure | undefined => {
        let subject = data;
        if (subject === undefined) {
          try {
            subject = JSON.parse(text);
          } catch {
            return { reason: reason ?? "schema_mismatch", detail: "the message is not JSON" };
          }
        }
        const error = validate(subject);
        return error ? { reason: reason ?? "schema_mismatch", detail: error } : undefined;
      };
    }
  }
}

function dialogueCheck(
  kind: "language" | "messages",
  spec: Record<string, unknown>,
  at: (string | number)[],
  ctx: Ctx,
  roles: ReadonlySet<string> | undefined,
): DialogueCheck {
  const reason = spec.reason as string | undefined;
  const mine = (ms: readonly DialogueMessage[]) => (roles ? ms.filter((m) => roles.has(m.role)) : ms);
  if (kind === "language") {
    const lang = spec.language;
    if (typeof lang !== "string" || lang.length < 2)
      return ctx.issues.fail([...at, kind], "expected a language code like en");
    return {
      check: (ms) =>
        isInLanguage(
          mine(ms)
            .map((m) => m.text)
            .join("\n"),
          lang,
        )
          ? undefined
          : { reason: reason ?? "wrong_language", detail: `not written in '${lang}'` },
    };
  }
  const { min, max } = bounds(spec.messages, [...at, kind], ctx);
  return {
    check: (ms) => {
      const n = mine(ms).length;
      if (min !== undefined && n < min)
        return { reason: reason ?? "too_few_messages", detail: `${n} messages, fewer than ${min}` };
      if (max !== undefined && n > max)
        return { reason: reason ?? "too_many_messages", detail: `${n} messages, more than ${max}` };
      return undefined;
    },
  };
}

function roleSet(raw: unknown, at: (string | number)[], ctx: Ctx): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) return ctx.issues.fail(at, "expected a list of role names");
  raw.forEach((r, i) => {
    if (typeof r !== "string" || !ctx.roleNames.includes(r))
      ctx.issues.fail([...at, i], `no role '${String(r)}' (roles: ${ctx.roleNames.join(", ")})`);
  });
  return new Set(raw as string[]);
}

/** Compiles `checks:`: each entry is `{VALIDATOR: settings, roles?: [...], reason?: name}`. */
export function compileChecks(raw: readonly unknown[] | undefined, ctx: Ctx): CheckSet {
  const set: CheckSet = { message: [], dialogue: [] };
  for (const [i, spec] of (raw ?? []).entries()) {
    const at = ["checks", i];
    if (!isObject(spec)) ctx.issues.fail(at, "expected {validator: settings}");
    const kinds = Object.keys(spec).filter((k) => !COMMON_KEYS.includes(k));
    const kind = kinds.find((k) => (VALIDATORS as readonly string[]).includes(k)) as Validator | undefined;
    if (!kind)
      ctx.issues.fail(
        [...at, kinds[0] ?? "(none)"],
        `unknown validator '${kinds[0] ?? ""}' (known: ${VALIDATORS.join(", ")})`,
      );
    const extra = kinds.filter((k) => k !== kind && !OWN_KEYS[kind].includes(k));
    if (extra.length) ctx.issues.fail([...at, extra[0]], `unknown key beside '${kind}'`);
    if (spec.reason !== undefined && (typeof spec.reason !== "string" || !/^\w+$/.test(spec.reason)))
      ctx.issues.fail([...at, "reason"], "expected a name like tutor_too_long");
    const roles = roleSet(spec.roles, [...at, "roles"], ctx);
    if (kind === "near_duplicate") {
      const t = spec.near_duplicate;
      if (typeof t !== "number" || !(t > 0 && t <= 1))
        ctx.issues.fail([...at, kind], "expected a similarity threshold in (0, 1], e.g. 0.8");
      set.nearDuplicate = { threshold: t, reason: (spec.reason as string) ?? "near_duplicate" };
    } else if (kind === "language" || kind === "messages") {
      set.dialogue.push(dialogueCheck(kind, { ...spec, language: spec.language }, at, ctx, roles));
    } else {
      set.message.push({ roles, check: messageCheck(kind, spec, at, ctx) });
    }
  }
  return set;
}
