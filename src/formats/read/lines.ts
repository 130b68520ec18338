import { createReadStream, existsSync } from "node:fs";
import { InputError } from "../../core/errors.js";

export interface TextLine {
  /** 1-based line number. */
  line: number;
  text: string;
}

/**
 * Streams the non-blank lines of a file. Decodes each chunk once up to its last newline (so no
 * UTF-8 sequence is cut) and splits with indexOf; memory stays at one chunk plus one partial line.
 */
export async function* readLines(path: string, chunkSize = 1 << 20): AsyncGenerator<TextLine> {
  if (!existsSync(path)) throw new InputError(`${path}: no such file; check the path`);
  let carry: Buffer | undefined;
  let line = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      carry = buf;
      continue;
    }
    const text = buf.toString("utf8", 0, last);
    carry = last + 1 < buf.length ? buf.subarray(last + 1) : undefined;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      line++;
      // A UTF-8 byte order mark (Windows editors write one) is not part of the first line.
      if (line === 1 && text.charCodeAt(0) === 0xfeff) start = 1;
      const s = lineText(text, start, end);
      if (s !== undefined) yield { line, text: s };
      start = end + 1;
    }
  }
  if (carry && carry.length > 0) {
    line++;
    const text = carry.toString("utf8");
    const s = lineText(text, 0, text.length);
    if (s !== undefined) yield { line, text: s };
  }
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
