import { createReadStream, existsSync } from "node:fs";
import { InputError } from "../../core/errors.js";
import { assertUtf8 } from "../read/utf8.js";

export interface LineChunk {
  /** Whole lines (the last one without its newline). */
  data: Buffer;
  /** 1-based number of the first line in `data`. */
  firstLine: number;
  /** Lines in `data`. */
  lines: number;
}

/**
 * Reads a file as blocks of whole lines, cut at the last newline of each read so no line or UTF-8
 * sequence is split. Lines are counted with Buffer.indexOf (memchr), without decoding; each block
 * is checked to be UTF-8 (see assertUtf8) unless `lossy`.
 */
export async function* readLineChunks(
  path: string,
  chunkSize = 4 << 20,
  options: { lossy?: boolean } = {},
): AsyncGenerator<LineChunk> {
  if (!existsSync(path)) throw new InputError(`${path}: no such file; check the path`);
  let carry: Buffer | undefined;
  let line = 1;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    let buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    // A UTF-8 byte order mark (Windows editors write one) is not part of the first line.
    if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
      buf = buf.subarray(3);
    first = false;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      carry = buf;
      continue;
    }
    const data = buf.subarray(0, last);
    carry = last + 1 < buf.length ? buf.subarray(last + 1) : undefined;
    const lines = countNewlines(data) + 1;
    if (!options.lossy) assertUtf8(data, path, line);
    yield { data, firstLine: line, lines };
    line += lines;
  }
  if (carry && carry.length > 0) {
    if (!options.lossy) assertUtf8(carry, path, line);
    yield { data: carry, firstLine: line, lines: countNewlines(carry) + 1 };
  }
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i >= 0) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}
