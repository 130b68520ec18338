import { createReadStream, existsSync } from "node:fs";
import { InputError } from "../../core/errors.js";
import { assertUtf8 } from "./utf8.js";

export interface TextLine {
  /** 1-based line number. */
  line: number;
  text: string;
  /** Set (and `text` empty) for a line longer than `maxLineBytes`: its size, not its content. */
  oversize?: number;
}

/**
 * What the dataset tools that read every text (validate, stats, report) read of one line at most:
 * no dialogue a model can train on is that long, and a 50 MB line would otherwise cost minutes
 * and gigabytes. Longer lines are reported as oversize records.
 */
export const MAX_RECORD_BYTES = 16 << 20;

export interface ReadLinesOptions {
  /** Bytes read at a time (default 1 MiB). */
  chunkSize?: number;
  /** Replace invalid UTF-8 with U+FFFD instead of failing on it (see assertUtf8). */
  lossy?: boolean;
  /**
   * Lines longer than this many bytes are not read into memory but reported by size
   * (`oversize`): a 50 MB line must not cost gigabytes and minutes. Default: no limit.
   */
  maxLineBytes?: number;
}

/**
 * Streams the non-blank lines of a file. Decodes each chunk once up to its last newline (so no
 * UTF-8 sequence is cut) and splits with indexOf; memory stays at one chunk plus one partial line
 * (at most maxLineBytes of it).
 */
export async function* readLines(
  path: string,
  options: ReadLinesOptions | number = {},
): AsyncGenerator<TextLine> {
  const o = typeof options === "number" ? { chunkSize: options } : options;
  const max = o.maxLineBytes ?? Number.POSITIVE_INFINITY;
  if (!existsSync(path)) throw new InputError(`${path}: no such file; check the path`);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** The partial line in `pending` passed maxLineBytes: its bytes are counted, not kept. */
  let skipping = false;
  let line = 0;
  const hold = (bytes: Buffer) => {
    pendingBytes += bytes.length;
    if (skipping) return;
    if (pendingBytes > max) {
      skipping = true;
      pending = [];
    } else if (bytes.length > 0) pending.push(bytes);
  };
  for await (const chunk of createReadStream(path, {
    highWaterMark: o.chunkSize ?? 1 << 20,
  }) as AsyncIterable<Buffer>) {
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      hold(chunk);
      continue;
    }
    let body: Buffer | undefined;
    if (skipping) {
      const first = chunk.indexOf(10);
      line++;
      yield { line, text: "", oversize: pendingBytes + first };
      body = first < last ? chunk.subarray(first + 1, last) : undefined;
    } else
      body =
        pending.length > 0 ? Buffer.concat([...pending, chunk.subarray(0, last)]) : chunk.subarray(0, last);
    pending = [];
    pendingBytes = 0;
    skipping = false;
    if (body) {
      yield* linesOf(body, line, path, o.lossy, max);
      line += countNewlines(body) + 1;
    }
    hold(chunk.subarray(last + 1));
  }
  if (skipping) yield { line: line + 1, text: "", oversize: pendingBytes };
  else if (pendingBytes > 0) yield* linesOf(Buffer.concat(pending), line, path, o.lossy, max);
}

/** The lines of `body` (whole lines, without the last newline), numbered after `before`. */
function* linesOf(
  body: Buffer,
  before: number,
  path: string,
  lossy: boolean | undefined,
  max: number,
): Generator<TextLine> {
  if (!lossy) assertUtf8(body, path, before + 1);
  const text = body.toString("utf8");
  let line = before;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    line++;
    // A UTF-8 byte order mark (Windows editors write one) is not part of the first line.
    if (line === 1 && text.charCodeAt(0) === 0xfeff) start = 1;
    // A line of more characters than the limit has bytes: count them only then.
    const bytes = end - start > max / 3 ? Buffer.byteLength(text.slice(start, end)) : 0;
    if (bytes > max) yield { line, text: "", oversize: bytes };
    else {
      const s = lineText(text, start, end);
      if (s !== undefined) yield { line, text: s };
    }
    start = end + 1;
  }
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** The line without a trailing \r, or undefined when blank. */
function lineText(text: string, start: number, end: number): string | undefined {
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  if (end === start) return undefined;
  const s = text.slice(start, end);
  // Cheap blank check: only trim when the line starts with whitespace.
  const c = s.charCodeAt(0);
  if ((c === 32 || c === 9) && s.trim() === "") return undefined;
  return s;
}

/** One JSONL line parsed; a line that is not JSON fails with its place and the fix. */
export function parseJsonLine(text: string, source: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(
      `${source}:${line}: not valid JSON (${(e as Error).message}); fix or remove that line`,
    );
  }
}
