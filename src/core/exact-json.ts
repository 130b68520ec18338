import { isLosslessNumber, LosslessNumber, parse, stringify } from "lossless-json";

/**
 * A number as spelled. JSON.stringify (a value that reaches it by another path) writes it as the
 * number JSON.parse would have read, never as an object.
 */
class SpelledNumber extends LosslessNumber {
  toJSON(): number {
    return Number(this.value);
  }
}

/**
 * JSON read keeping every number as the writer spelled it (`1.50`, `0.0000001`, `21.0` stay so),
 * as a lossless-json LosslessNumber. Text that lossless-json refuses but JSON.parse reads (a key
 * given twice) is read as JSON.parse reads it; text neither reads throws JSON.parse's error.
 */
export function parseExactJson(text: string): unknown {
  try {
    return parse(text, undefined, (spelled) => new SpelledNumber(spelled));
  } catch {
    return JSON.parse(text);
  }
}

/** Compact JSON, keys in their order, numbers spelled as read (JSON.stringify's output otherwise). */
export function stringifyExactJson(value: unknown): string {
  return stringify(value) ?? "null";
}

/** The value JSON.parse makes of the same text: every number read as a double. */
export function plainJson(value: unknown): unknown {
  if (isLosslessNumber(value)) return Number(value.value);
  if (Array.isArray(value)) return value.map(plainJson);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainJson(v);
    return out;
  }
  return value;
}
