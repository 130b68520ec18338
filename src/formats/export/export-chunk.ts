import { stringifyExactJson } from "../../core/exact-json.js";
import { addPair, codePoints, emptyLengths, type PreferenceLengths } from "../preference-lengths.js";
import { isBlankAscii } from "../read/ascii.js";
import { parseRecord } from "../read/parse-record.js";
import { convertRecord } from "./registry.js";
import type { Exporter, ExportOptions } from "./types.js";

/** A skipped input line; `raw` (the line's JSON text) only when a rejected file is wanted. */
export interface ChunkSkip {
  line: number;
  reason: string;
  detail: string;
  raw?: string;
}

/** What one chunk of whole input lines became. Plain data: it crosses worker boundaries. */
export interface ChunkResult {
  /** Output lines (without newlines) as latin1 strings; `encodeLines` makes the bytes. */
  out: string[];
  read: number;
  converted: number;
  written: number;
  skipped: ChunkSkip[];
  notes: Record<string, number>;
  shapes: Record<string, number>;
  /** Preference targets: lengths of the chosen and rejected sides written. */
  preference?: PreferenceLengths;
  /** A line that is not JSON: the export stops there. */
  error?: { line: number; message: string };
}

/**
 * Exports a block of complete lines (`firstLine` is the 1-based number of its first line). The one
 * conversion path of `exportDataset`, run in-thread or in workers: same input, same bytes out.
 *
 * Speed: `binary` is the block decoded as latin1 (one char per UTF-8 byte) and `out` comes back in
 * the same form, to be written as latin1. Decoding UTF-8 to UTF-16 and back was a third of the
 * time of a GB export of Cyrillic or Hangul text; as one-byte strings, JSON.parse and
 * JSON.stringify carry every multi-byte sequence through untouched (they only escape quotes,
 * backslashes and chars below 0x20, never bytes 0x80-0xFF), and all the converters look for are
 * ASCII markers (`<tool_call>`, `user:`, ASCII whitespace). A line holding a `\u` escape is the
 * exception: JSON.parse would produce real UTF-16 chars there, so that line is decoded as UTF-8
 * and its output re-encoded, byte for byte what the slow path gives.
 */
export function exportChunk(
  binary: string,
  firstLine: number,
  exporter: Exporter,
  options: ExportOptions,
  keepRaw: boolean,
): ChunkResult {
  const r: ChunkResult = { out: [], read: 0, converted: 0, written: 0, skipped: [], notes: {}, shapes: {} };
  const parts = r.out;
  let line = firstLine - 1;
  let start = 0;
  while (start <= binary.length) {
    let end = binary.indexOf("\n", start);
    if (end < 0) end = binary.length;
    line++;
    let stop = end;
    if (stop > start && binary.charCodeAt(stop - 1) === 13) stop--;
    const raw = stop > start ? binary.slice(start, stop) : "";
    start = end + 1;
    if (isBlankAscii(raw)) continue;
    r.read++;
    // `unicode`: this line is handled as real UTF-16 text (it has \u escapes).
    const unicode = raw.includes("\\u");
    const text = unicode ? fromBinary(raw) : raw;
    const real = (s: string) => (unicode ? s : fromBinary(s));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      r.error = { line, message: real((e as Error).message) };
      break;
    }
    const item = parseRecord(value, line);
    if (!item.ok) {
      r.skipped.push({
        line,
        reason: item.skipped.reason,
        detail: real(item.skipped.detail),
        raw: keepRaw ? real(text) : undefined,
      });
      continue;
    }
    const shape = item.record.shape;
    r.shapes[shape] = (r.shapes[shape] ?? 0) + 1;
    const outcome = convertRecord(exporter, item.record, options);
    if (!outcome.ok) {
      r.skipped.push({
        line,
        reason: outcome.reason,
        detail: real(outcome.detail),
        raw: keepRaw ? real(text) : undefined,
      });
      continue;
    }
    r.converted++;
    if (outcome.notes) for (const n of outcome.notes) r.notes[n] = (r.notes[n] ?? 0) + 1;
    if (exporter.target === "dpo") {
      r.preference ??= emptyLengths();
      measurePairs(outcome.values, !unicode, r.preference);
    }
    for (const v of outcome.values) {
      const json = outcome.exactNumbers ? stringifyExactJson(v) : JSON.stringify(v);
      parts.push(unicode ? toBinary(json) : json);
      r.written++;
    }
  }
  return r;
}

/** Adds each preference pair's chosen and rejected text lengths (message contents, in code points). */
function measurePairs(values: unknown[], utf8Bytes: boolean, into: PreferenceLengths): void {
  const side = (messages: unknown) =>
    Array.isArray(messages)
      ? messages.reduce(
          (n: number, m) => n + (typeof m?.content === "string" ? codePoints(m.content, utf8Bytes) : 0),
          0,
        )
      : 0;
  for (const v of values) {
    const pair = v as { chosen?: unknown; rejected?: unknown };
    if (pair && Array.isArray(pair.chosen) && Array.isArray(pair.rejected))
      addPair(into, side(pair.chosen), side(pair.rejected));
  }
}

/** The output lines as bytes, each followed by a newline, written straight into one buffer. */
export function encodeLines(lines: readonly string[]): Buffer {
  let size = 0;
  for (const l of lines) size += l.length + 1;
  // Its own ArrayBuffer (never the shared small-Buffer pool), so workers can transfer it.
  const buf = Buffer.allocUnsafeSlow(size);
  let off = 0;
  for (const l of lines) {
    off += buf.write(l, off, "latin1");
    buf[off++] = 10;
  }
  return buf;
}

/** UTF-8 bytes held one per char back to the text they encode. */
export function fromBinary(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

/** Text to one char per UTF-8 byte. */
export function toBinary(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}
