import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Where exported lines go. Nothing is visible at `path` until `commit()`. */
export interface LineSink {
  readonly path: string;
  /**
   * Appends whole lines: a string or UTF-8 bytes, each line ending in a newline. Returns a promise
   * only when the caller must wait (stdout backpressure).
   */
  write(lines: string | Uint8Array): void | Promise<void>;
  /** True once the consumer went away (a closed pipe): stop producing. */
  readonly closed: boolean;
  commit(): Promise<void>;
  abort(): void;
}

/**
 * Writes to a hidden sibling temp file and renames it over the target on commit: a failed or
 * interrupted export never leaves a half-written or truncated file behind.
 */
export class AtomicFileSink implements LineSink {
  private readonly tmp: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  readonly closed = false;
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
    this.fd = openSync(this.tmp, "w");
  }
  write(lines: string | Uint8Array): void {
    if (typeof lines === "string") {
      // Small strings (a line at a time) are gathered into ~1 MB writes.
      this.pending.push(lines);
      this.pendingChars += lines.length;
      if (this.pendingChars >= 1 << 20) this.flush();
      return;
    }
    this.flush();
    this.writeBytes(lines);
  }
  /** One line without its newline. */
  writeLine(line: string): void {
    this.write(`${line}\n`);
  }
  async commit(): Promise<void> {
    this.close();
    renameSync(this.tmp, this.path);
  }
  abort(): void {
    try {
      this.close();
    } finally {
      rmSync(this.tmp, { force: true });
    }
  }
  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join("");
    this.pending = [];
    this.pendingChars = 0;
    this.writeBytes(Buffer.from(text));
  }
  private writeBytes(bytes: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.path}: write after close`);
    // writeSync may write less than asked: loop until every byte is out.
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }
  private close(): void {
    if (this.fd === undefined) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

/** `--out -`: chunked writes to stdout that wait for the pipe to drain. */
export class StdoutSink implements LineSink {
  readonly path = "-";
  private broken = false;
  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    // A reader that stops early (`| head`) closes the pipe: end quietly instead of crashing.
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") this.broken = true;
      else throw e;
    });
  }
  get closed(): boolean {
    return this.broken;
  }
  write(lines: string | Uint8Array): void | Promise<void> {
    if (this.broken || lines.length === 0) return undefined;
    if (this.stream.write(lines)) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off("drain", done);
        this.stream.off("close", done);
        resolve();
      };
      this.stream.on("drain", done);
      this.stream.on("close", done);
    });
  }
  async commit(): Promise<void> {}
  abort(): void {}
}
