import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  statSync,
} from "node:fs";
import { createInterface } from "node:readline";
import { appendWhole } from "./append-whole.js";
import { InputError } from "./errors.js";
import { writeFailure } from "./fs-errors.js";

export interface JsonlLine<T = unknown> {
  /** 1-based line number in the file. */
  line: number;
  value: T;
}

export interface ReadJsonlOptions {
  /** Called for a line that is not valid JSON; without it such a line is an InputError. */
  onBadLine?: (line: number, text: string, error: Error) => void;
}

/** Streams a JSONL file line by line; blank lines are skipped. Never holds the file in memory. */
export async function* readJsonl<T = unknown>(
  path: string,
  options: ReadJsonlOptions = {},
): AsyncGenerator<JsonlLine<T>> {
  if (!existsSync(path)) throw new InputError(`file not found: ${path}`);
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === "") continue;
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch (e) {
      if (options.onBadLine) {
        options.onBadLine(line, text, e as Error);
        continue;
      }
      throw new InputError(
        `${path}:${line}: not valid JSON (${(e as Error).message}); fix or remove that line`,
      );
    }
    yield { line, value };
  }
}

/**
 * Append-only JSONL writer. Each record is one complete line; with buffering, only whole lines are
 * ever handed to the OS, so a crash can at worst leave one partial last line, which
 * `repairJsonlTail` removes before a resumed run appends.
 */
export class JsonlWriter {
  private fd: number;
  /** Bytes in the file: where a failed write is cut back to. */
  private size: number;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private closed = false;
  linesWritten = 0;

  /**
   * @param bufferChars flush once this many characters are pending (0: write every line at once,
   *   the right choice when each line is paid-for work).
   */
  constructor(
    readonly path: string,
    private readonly bufferChars = 0,
    mode: "append" | "truncate" = "append",
  ) {
    try {
      this.fd = openSync(path, mode === "append" ? "a" : "w");
    } catch (e) {
      throw writeFailure(e, path);
    }
    this.size = fstatSync(this.fd).size;
  }

  write(value: unknown): void {
    this.writeLine(JSON.stringify(value));
  }

  /** `line` must be one JSON document without newlines. */
  writeLine(line: string): void {
    if (this.closed) throw new Error(`JsonlWriter for ${this.path} is closed`);
    if (this.bufferChars <= 0) {
      this.size = appendWhole(this.fd, `${line}\n`, this.size, this.path);
      this.linesWritten++;
      return;
    }
    this.linesWritten++;
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    if (this.bufferedChars >= this.bufferChars) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join("\n")}\n`;
    this.buffer = [];
    this.bufferedChars = 0;
    this.size = appendWhole(this.fd, chunk, this.size, this.path);
  }

  /** Flushes and asks the OS to put the bytes on disk (used at checkpoints). */
  sync(): void {
    this.flush();
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

/**
 * Removes a trailing partial line (left by a kill mid-write) so appends start on a line boundary.
 * Returns the number of bytes removed.
 */
export function repairJsonlTail(path: string): number {
  if (!existsSync(path)) return 0;
  const size = statSync(path).size;
  if (size === 0) return 0;
  const fd = openSync(path, "r+");
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    // Scan backwards for the last newline.
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      for (let i = n - 1; i >= 0; i--) {
        if (chunk[i] === 0x0a) {
          const keep = start + i + 1;
          if (keep < size) ftruncateSync(fd, keep);
          return size - keep;
        }
      }
      end = start;
    }
    ftruncateSync(fd, 0);
    return size;
  } finally {
    closeSync(fd);
  }
}

/** File size in bytes, or 0 if missing. */
export function fileSize(path: string): number {
  if (!existsSync(path)) return 0;
  const fd = openSync(path, "r");
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}
