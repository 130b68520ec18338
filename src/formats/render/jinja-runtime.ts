import {
  Environment,
  type Environment as EnvironmentType,
  Interpreter,
  type Template,
} from "@huggingface/jinja";
import { isLosslessNumber } from "lossless-json";
import {
  compareCodePoints,
  dumpContainer,
  makeContext,
  pyFloatRepr,
  pyIntRepr,
  pyJsonString,
} from "./py-json.js";
import { pyStripChars } from "./py-str.js";

/**
 * Runs a parsed @huggingface/jinja template the way transformers renders chat templates. The
 * library already has trim_blocks/lstrip_blocks on, loop controls, and a `tojson` with Python's
 * separators; two things differ and are fixed here without patching the library globally:
 * - numbers: its value conversion turns `21.0` into an integer. Context values are converted
 *   here instead, a lossless `21.0` becoming a float value, so `tojson` prints `21.0`.
 * - `tojson`: replaced on our interpreter instance by Python's `json.dumps` (float repr,
 *   `indent=0`, sort_keys by code point, transformers' argument order).
 */

type RuntimeValue = ReturnType<EnvironmentType["lookupVariable"]>;
type RuntimeCtor = new (value?: unknown) => RuntimeValue;

/** The library exports no value classes; take their constructors from values it makes. */
const probe = new Environment();
const ctorOf = (value: unknown): RuntimeCtor =>
  probe.set(`v${probe.variables.size}`, value).constructor as RuntimeCtor;
const Rt = {
  Integer: ctorOf(1),
  Float: ctorOf(1.5),
  String: ctorOf(""),
  Boolean: ctorOf(true),
  Null: ctorOf(null),
  Undefined: ctorOf(undefined),
  Array: ctorOf([]),
  Object: ctorOf({}),
  Function: new Environment().set("f", () => null).constructor as new (
    fn: (args: RuntimeValue[]) => RuntimeValue,
  ) => RuntimeValue,
};

/** Marks an integer too big for a double, so `tojson` prints the source digits. */
const EXACT_INT = Symbol("exactInt");

/** JS value -> runtime value, like the library's own conversion except for lossless numbers. */
export function toRuntimeValue(value: unknown): RuntimeValue {
  if (value === null) return new Rt.Null(null);
  switch (typeof value) {
    case "undefined":
      return new Rt.Undefined(undefined);
    case "string":
      return new Rt.String(value);
    case "boolean":
      return new Rt.Boolean(value);
    case "number":
      return Number.isInteger(value) ? new Rt.Integer(value) : new Rt.Float(value);
    case "bigint":
      return exactInt(value.toString());
    case "function":
      return new Environment().set("f", value);
    case "object":
      break;
    default:
      throw new Error(`cannot pass ${typeof value} to a template`);
  }
  if (isLosslessNumber(value)) {
    const text = value.value;
    if (!/^-?\d+$/.test(text)) return new Rt.Float(Number(text));
    const n = Number(text);
    return Number.isSafeInteger(n) ? new Rt.Integer(n) : exactInt(text);
  }
  if (Array.isArray(value)) return new Rt.Array(value.map(toRuntimeValue));
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => [k, toRuntimeValue(v)] as const,
  );
  return new Rt.Object(new Map(entries));
}

function exactInt(text: string): RuntimeValue {
  const v = new Rt.Integer(Number(text));
  (v as unknown as Record<symbol, string>)[EXACT_INT] = /^-?0+$/.test(text) ? "0" : text;
  return v;
}

/** Python's json.dumps of a runtime value. */
function runtimeToJson(v: RuntimeValue, ctx: ReturnType<typeof makeContext>, depth: number): string {
  switch (v.type) {
    case "NullValue":
    case "UndefinedValue":
      return "null";
    case "BooleanValue":
      return v.value ? "true" : "false";
    case "IntegerValue":
      return (v as unknown as Record<symbol, string>)[EXACT_INT] ?? pyIntRepr(v.value as number);
    case "FloatValue":
      return pyFloatRepr(v.value as number);
    case "StringValue":
      return pyJsonString(v.value as string, ctx.ensureAscii);
    case "ArrayValue":
    case "TupleValue":
      return dumpContainer(
        (v.value as RuntimeValue[]).map((x) => runtimeToJson(x, ctx, depth + 1)),
        "[",
        "]",
        ctx,
        depth,
      );
    case "ObjectValue":
    case "KeywordArgumentsValue":
    case "NamespaceValue": {
      let entries = [...(v.value as Map<string, RuntimeValue>).entries()];
      if (ctx.sortKeys) entries = entries.sort(([a], [b]) => compareCodePoints(a, b));
      const parts = entries.map(
        ([k, x]) => `${pyJsonString(k, ctx.ensureAscii)}${ctx.keySep}${runtimeToJson(x, ctx, depth + 1)}`,
      );
      return dumpContainer(parts, "{", "}", ctx, depth);
    }
    default:
      throw new Error(`Object of type ${v.type} is not JSON serializable`);
  }
}

interface FilterNode {
  type: string;
  value?: string;
  callee?: { type: string; value?: string };
  args?: unknown[];
}

interface MemberNode {
  computed: boolean;
  object: unknown;
  property: { type: string; value?: unknown };
}

interface InterpreterInternals {
  evaluate(node: unknown, env: EnvironmentType): RuntimeValue;
  evaluateMemberExpression(node: MemberNode, env: EnvironmentType): RuntimeValue;
  applyFilter(operand: RuntimeValue, filter: FilterNode, env: EnvironmentType): RuntimeValue;
  evaluateArguments(args: unknown[], env: EnvironmentType): [RuntimeValue[], Map<string, RuntimeValue>];
}

/**
 * transformers' `tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)`,
 * positional arguments in that order.
 */
function pyToJson(
  operand: RuntimeValue,
  positional: RuntimeValue[],
  kwargs: Map<string, RuntimeValue>,
): string {
  const arg = (name: string, index: number) => kwargs.get(name) ?? positional[index];
  const ensureAscii = arg("ensure_ascii", 0);
  const indent = arg("indent", 1);
  const separators = arg("separators", 2);
  const sortKeys = arg("sort_keys", 3);
  const indentValue = indent && indent.type !== "NullValue" ? (indent.value as number | string) : null;
  let seps: [string, string] | null = null;
  if (separators && separators.type !== "NullValue") {
    const pair = separators.value as RuntimeValue[];
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new Error("tojson: separators must be a pair of strings");
    seps = [String(pair[0]!.value), String(pair[1]!.value)];
  }
  const ctx = makeContext({
    indent: indentValue,
    ensureAscii: ensureAscii ? Boolean(ensureAscii.__bool__().value) : false,
    separators: seps,
    sortKeys: sortKeys ? Boolean(sortKeys.__bool__().value) : false,
  });
  return runtimeToJson(operand, ctx, 0);
}

export class TemplateRaisedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateRaisedError";
  }
}

export interface RunOptions {
  /** The clock behind `strftime_now` (transformers uses the local time). */
  now?: () => Date;
}

/** Renders a parsed template with transformers' globals and our Python-faithful `tojson`. */
export function runTemplate(
  template: Template,
  context: Record<string, unknown>,
  options: RunOptions = {},
): string {
  const env = new Environment();
  env.set("false", false);
  env.set("true", true);
  env.set("none", null);
  env.set("False", false);
  env.set("True", true);
  env.set("None", null);
  env.set("raise_exception", (message: unknown) => {
    throw new TemplateRaisedError(String(message));
  });
  env.set("range", pyRange);
  env.set("strftime_now", (format: unknown) => strftime(options.now?.() ?? new Date(), String(format)));
  for (const [name, value] of Object.entries(context)) env.setVariable(name, toRuntimeValue(value));

  const interpreter = new Interpreter(env);
  const internals = interpreter as unknown as InterpreterInternals;
  const applyFilter = internals.applyFilter.bind(interpreter);
  internals.applyFilter = (operand, filter, scope) => {
    if (filter.type === "Identifier" && filter.value === "tojson")
      return new Rt.String(pyToJson(operand, [], new Map()));
    if (
      filter.type === "CallExpression" &&
      filter.callee?.type === "Identifier" &&
      filter.callee.value === "tojson"
    ) {
      const [positional, kwargs] = internals.evaluateArguments(filter.args ?? [], scope);
      return new Rt.String(pyToJson(operand, positional, kwargs));
    }
    // Jinja's `trim` is Python's strip(chars=None); the library's is JS trim().
    if (operand.type === "StringValue" && filter.type === "Identifier" && filter.value === "trim")
      return new Rt.String(pyStripChars(operand.value as string, undefined, "both"));
    if (
      operand.type === "StringValue" &&
      filter.type === "CallExpression" &&
      filter.callee?.value === "trim"
    ) {
      const [positional, kwargs] = internals.evaluateArguments(filter.args ?? [], scope);
      const chars = kwargs.get("chars") ?? positional[0];
      return new Rt.String(pyStripChars(operand.value as string, stripCharsArg(chars), "both"));
    }
    return applyFilter(operand, filter, scope);
  };
  // Python's str.strip/lstrip/rstrip take the characters to strip (Qwen3 calls
  // `content.lstrip('\n')`); the library's ignore the argument and strip all whitespace.
  const evaluateMember = internals.evaluateMemberExpression.bind(interpreter);
  internals.evaluateMemberExpression = (node, scope) => {
    const side =
      !node.computed && node.property.type === "Identifier" ? STRIPS[String(node.property.value)] : undefined;
    if (side) {
      const object = internals.evaluate(node.object, scope);
      if (object.type === "StringValue") {
        const text = object.value as string;
        return new Rt.Function((args) => new Rt.String(pyStripChars(text, stripCharsArg(args[0]), side)));
      }
    }
    return evaluateMember(node, scope);
  };
  return String(interpreter.run(template.parsed).value);
}

const STRIPS: Record<string, "both" | "start" | "end" | undefined> = {
  strip: "both",
  lstrip: "start",
  rstrip: "end",
};

function stripCharsArg(arg: RuntimeValue | undefined): string | undefined {
  if (!arg || arg.type === "NullValue" || arg.type === "UndefinedValue") return undefined;
  if (arg.type !== "StringValue") throw new Error("strip arg must be None or str");
  return arg.value as string;
}

function pyRange(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new Error("range() arg 3 must not be zero");
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Python's strftime in the C locale, with glibc's `%-d` (no padding) that Llama templates use. */
export function strftime(date: Date, format: string): string {
  return format.replace(/%(-?)([a-zA-Z%])/g, (whole, noPad: string, code: string) => {
    const pad = (n: number, width = 2) => (noPad ? String(n) : String(n).padStart(width, "0"));
    const hour12 = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
    const start = new Date(date.getFullYear(), 0, 1);
    const dayOfYear = Math.floor((date.getTime() - start.getTime()) / 86_400_000) + 1;
    switch (code) {
      case "Y":
        return String(date.getFullYear());
      case "y":
        return pad(date.getFullYear() % 100);
      case "m":
        return pad(date.getMonth() + 1);
      case "d":
        return pad(date.getDate());
      case "e":
        return String(date.getDate()).padStart(2, " ");
      case "H":
        return pad(date.getHours());
      case "I":
        return pad(hour12);
      case "M":
        return pad(date.getMinutes());
      case "S":
        return pad(date.getSeconds());
      case "p":
        return date.getHours() < 12 ? "AM" : "PM";
      case "j":
        return pad(dayOfYear, 3);
      case "B":
        return MONTHS[date.getMonth()]!;
      case "b":
        return MONTHS[date.getMonth()]!.slice(0, 3);
      case "A":
        return DAYS[date.getDay()]!;
      case "a":
        return DAYS[date.getDay()]!.slice(0, 3);
      case "%":
        return "%";
      default:
        return whole;
    }
  });
}
