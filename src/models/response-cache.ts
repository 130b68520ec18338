import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  writeSync,
} from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ToolCall } from "../core/conversation.js";
import { sha256Hex, stableStringify } from "../core/hash.js";
import type { ChatRequest, Usage } from "./types.js";

/** What is stored per response: enough to replay it exactly, nothing about who asked. */
export interface CachedResponse {
  content: string | null;
  toolCalls?: ToolCall[];
  finishReason: string | null;
  usage: Usage;
  model: string;
}

/** `$XDG_CACHE_HOME/dialogsmith`, else `~/.cache/dialogsmith`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== "" ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "dialogsmith");
}

/** What of a model entry decides its answers. */
export interface CacheIdentity {
  provider: string;
  /** The entry's endpoint (all of its replicas, when it has several: not the one that served). */
  endpoint: string | undefined;
  model: string;
  extra_body?: Record<string, unknown>;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
}

/**
 * The cache key: SHA-256 of everything that determines the answer — the endpoint, the model id
 * and its settings, the messages, tools and output schema, the sample nonce — and nothing else:
 * not the structured-output mode a server forced (the same answer was asked for), never the API key.
 */
export function cacheKey(identity: CacheIdentity, request: ChatRequest): string {
  return sha256Hex(
    stableStringify({
      v: 2,
      ...identity,
      temperature: request.temperature ?? identity.temperature,
      top_p: request.top_p ?? identity.top_p,
      max_tokens: request.max_tokens ?? identity.max_tokens,
      messages: request.messages,
      tools: request.tools,
      output_schema: request.outputSchema,
      nonce: request.nonce ?? "",
    }),
  );
}

/** Where one entry's bytes are. */
interface Location {
  segment: number;
  offset: number;
  length: number;
}

const LAYOUT = "v2";

/**
 * An append-only response cache: each process appends answers to a data segment of its own and
 * their keys (with offset and length) to the segment's index, through two file descriptors kept
 * open — no file is opened per response. The indexes of all segments are read once, at the first
 * lookup. A kill can leave a torn last line; it reads as a miss. The cache is an optimisation: a
 * write that fails (disk full, `--cache-dir` a file) is reported once through `onWriteError` and
 * never fails the request whose answer it was storing.
 */
export class ResponseCache {
  private readonly root: string;
  private index: Map<string, Location> | undefined;
  private readonly segments: string[] = [];
  private writer: { data: number; index: number; segment: number; size: number } | undefined;
  private writeBroken = false;
  private readonly readFds = new Map<number, number>();

  constructor(
    readonly dir: string,
    /** false: never read (still write, so a later run can reuse what this one paid for). */
    readonly readEnabled = true,
    private readonly onWriteError?: (message: string) => void,
  ) {
    this.root = join(dir, LAYOUT);
  }

  get(key: string): CachedResponse | undefined {
    if (!this.readEnabled) return undefined;
    const at = this.loadIndex().get(key);
    if (!at) return undefined;
    try {
      const buffer = Buffer.alloc(at.length);
      readSync(this.readFd(at.segment), buffer, 0, at.length, at.offset);
      return JSON.parse(buffer.toString("utf8")) as CachedResponse;
    } catch {
      return undefined; // A damaged entry is a miss, not a crash.
    }
  }

  set(key: string, value: CachedResponse): void {
    if (this.writeBroken) return;
    try {
      const w = this.openWriter();
      const bytes = Buffer.from(`${JSON.stringify(value)}\n`, "utf8");
      writeSync(w.data, bytes);
      const at: Location = { segment: w.segment, offset: w.size, length: bytes.length - 1 };
      w.size += bytes.length;
      // The data first: an index line never points past what was written.
      writeSync(w.index, `${key} ${at.offset} ${at.length}\n`);
      this.index?.set(key, at);
    } catch (error) {
      this.writeBroken = true;
      const e = error as NodeJS.ErrnoException;
      const why = e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? error);
      this.onWriteError?.(
        `cannot write the response cache in ${this.dir} (${why.split("\n")[0]}): answers are used but not cached, so a re-run or resume pays for them again; free space or pass --cache-dir`,
      );
    }
  }

  close(): void {
    for (const fd of this.readFds.values()) closeSync(fd);
    this.readFds.clear();
    if (!this.writer) return;
    closeSync(this.writer.data);
    closeSync(this.writer.index);
    this.writer = undefined;
  }

  /** One descriptor per segment read from, kept open for the run. */
  private readFd(segment: number): number {
    let fd = this.readFds.get(segment);
    if (fd === undefined) {
      fd = openSync(this.segments[segment], "r");
      this.readFds.set(segment, fd);
    }
    return fd;
  }

  private openWriter(): { data: number; index: number; segment: number; size: number } {
    if (this.writer) return this.writer;
    mkdirSync(this.root, { recursive: true });
    this.loadIndex();
    const name = `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const dataPath = join(this.root, `${name}.data`);
    this.segments.push(dataPath);
    this.writer = {
      data: openSync(dataPath, "a"),
      index: openSync(join(this.root, `${name}.index`), "a"),
      segment: this.segments.length - 1,
      size: 0,
    };
    return this.writer;
  }

  private loadIndex(): Map<string, Location> {
    if (this.index) return this.index;
    const index = new Map<string, Location>();
    this.index = index;
    if (!existsSync(this.root)) return index;
    let names: string[];
    try {
      names = readdirSync(this.root)
        .filter((n) => n.endsWith(".index"))
        .sort();
    } catch {
      return index; // Unreadable: every lookup misses.
    }
    for (const name of names) {
      const segment = this.segments.push(join(this.root, name.replace(/\.index$/, ".data"))) - 1;
      let text: string;
      try {
        text = readFileSync(join(this.root, name), "utf8");
      } catch {
        continue;
      }
      for (const line of text.split("\n")) {
        const [key, offset, length] = line.split(" ");
        if (key?.length === 64 && length !== undefined && /^\d+$/.test(offset) && /^\d+$/.test(length))
          index.set(key, { segment, offset: Number(offset), length: Number(length) });
      }
    }
    return index;
  }
}
