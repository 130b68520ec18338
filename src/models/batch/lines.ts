import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";

export interface RawLine {
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Bytes of the line without its newline. */
  length: number;
  text: string;
}

/**
 * Streams a file's lines with their byte offsets (blank lines skipped), so a later pass can read
 * one line back without keeping any of them in memory.
 */
export async function* readLinesWithOffsets(path: string): AsyncGenerator<RawLine> {
  let carry: Buffer = Buffer.alloc(0);
  let base = 0; // file offset of carry[0]
  for await (const chunk of createReadStream(path)) {
    let buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (end > start)
        yield { offset: base + start, length: end - start, text: buf.toString("utf8", start, end) };
      start = nl + 1;
    }
    base += start;
    carry = buf.subarray(start);
    buf = carry;
  }
  if (carry.length) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    if (end > 0) yield { offset: base, length: end, text: carry.toString("utf8", 0, end) };
  }
}

/** Reads single lines back by offset from one open file. */
export class LineReader {
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, "r");
  }
  read(offset: number, length: number): string {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return buf.toString("utf8", 0, got);
  }
  close(): void {
    closeSync(this.fd);
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
