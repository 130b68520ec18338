import { isLosslessNumber } from "lossless-json";

/**
 * Python's `json.dumps` as chat templates see it through transformers' `tojson` filter
 * (`json.dumps(x, ensure_ascii=False)`): `", "` and `": "` separators, keys in insertion order,
 * non-ASCII kept, floats printed the way Python's `repr(float)` prints them (`21.0`, `1e-05`).
 *
 * Numbers read with lossless-json arrive as `LosslessNumber`: their source text decides int vs
 * float exactly as Python's `json.loads` would (`21.0` stays a float, `21` an int, big ints exact).
 */
export interface PyJsonOptions {
  /** Python's `indent`: a count of spaces or a string; null/undefined = one line. */
  indent?: number | string | null;
  ensureAscii?: boolean;
  /** Python's `separators=(item, key)`; default `(", ", ": ")`, or `(",", ": ")` with an indent. */
  separators?: readonly [string, string] | null;
  sortKeys?: boolean;
}

export function pyJsonDumps(value: unknown, options: PyJsonOptions = {}): string {
  const ctx = makeContext(options);
  return dumpValue(value, ctx, 0);
}

interface DumpContext {
  indent: string | null;
  itemSep: string;
  keySep: string;
  ensureAscii: boolean;
  sortKeys: boolean;
}

export function makeContext(options: PyJsonOptions): DumpContext {
  const indent =
    options.indent === null || options.indent === undefined
      ? null
      : typeof options.indent === "number"
        ? " ".repeat(Math.max(0, options.indent))
        : options.indent;
  const [itemSep, keySep] = options.separators ?? (indent === null ? [", ", ": "] : [",", ": "]);
  return {
    indent,
    itemSep,
    keySep,
    ensureAscii: options.ensureAscii ?? false,
    sortKeys: options.sortKeys ?? false,
  };
}

function dumpValue(value: unknown, ctx: DumpContext, depth: number): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return pyJsonString(value, ctx.ensureAscii);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isInteger(value) ? pyIntRepr(value) : pyFloatRepr(value);
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return "null";
  }
  if (isLosslessNumber(value)) return pyNumberFromLiteral(value.value);
  if (Array.isArray(value)) {
    return dumpContainer(
      value.map((v) => dumpValue(v, ctx, depth + 1)),
      "[",
      "]",
      ctx,
      depth,
    );
  }
  let entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (ctx.sortKeys) entries = entries.sort(([a], [b]) => compareCodePoints(a, b));
  return dumpContainer(
    entries.map(
      ([k, v]) => `${pyJsonString(k, ctx.ensureAscii)}${ctx.keySep}${dumpValue(v, ctx, depth + 1)}`,
    ),
    "{",
    "}",
    ctx,
    depth,
  );
}

/** Joins already-dumped members the way Python's encoder does (newline + indent per level). */
export function dumpContainer(
  parts: string[],
  open: string,
  close: string,
  ctx: DumpContext,
  depth: number,
): string {
  if (parts.length === 0) return open + close;
  if (ctx.indent === null) return open + parts.join(ctx.itemSep) + close;
  const inner = `\n${ctx.indent.repeat(depth + 1)}`;
  return `${open}${inner}${parts.join(ctx.itemSep + inner)}\n${ctx.indent.repeat(depth)}${close}`;
}

/** Python sorts dict keys by code point; JS `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/**
 * A JSON string literal as Python writes it. With ensure_ascii=False JSON.stringify already agrees
 * (same short escapes, `\u00XX` lower-case for other controls, non-ASCII kept).
 */
export function pyJsonString(s: string, ensureAscii = false): string {
  const json = JSON.stringify(s);
  if (!ensureAscii) return json;
  // Python's ensure_ascii escapes everything outside ' '..'~', DEL included, as UTF-16 units.
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A JSON number literal read losslessly, printed as Python prints what `json.loads` made of it. */
export function pyNumberFromLiteral(text: string): string {
  if (/^-?\d+$/.test(text)) return /^-?0+$/.test(text) ? "0" : text; // a Python int: exact, any size
  return pyFloatRepr(Number(text));
}

/** Python's `repr(int)` for a JS integer (no exponent form, even past 1e21). */
export function pyIntRepr(n: number): string {
  if (Object.is(n, -0)) return "0";
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/**
 * Python's `repr(float)`, as json.dumps writes floats: the shortest round-trip digits (the same
 * digits JavaScript chooses), fixed notation when the decimal exponent is in [-4, 16), else
 * `d.ddde±XX`; an integral float keeps `.0`.
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, expText] = Math.abs(x).toExponential().split("e");
  const digits = mantissa!.replace(".", "");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${"0".repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}
