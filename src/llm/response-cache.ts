import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomic-file.js";
import { sha256Hex, stableStringify } from "../core/hash.js";
import type { ToolCall, Usage } from "./types.js";

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

/**
 * The cache key: SHA-256 of everything that determines the answer (endpoint, model, messages,
 * sampling parameters, response format, tools, sample nonce) and nothing else — never the API key.
 */
export function cacheKey(parts: { baseUrl: string; body: Record<string, unknown>; nonce?: string }): string {
  return sha256Hex(
    stableStringify({
      v: 1,
      base_url: parts.baseUrl.replace(/\/+$/, ""),
      body: parts.body,
      nonce: parts.nonce ?? "",
    }),
  );
}

/**
 * One JSON file per response under a two-level fan-out; writes are atomic renames. The cache is an
 * optimisation: a write that fails (disk full, `--cache-dir` a file) is reported through
 * `onWriteError` and never fails the request whose answer it was storing.
 */
export class ResponseCache {
  constructor(
    readonly dir: string,
    /** false: never read (still write, so a later run can reuse what this one paid for). */
    readonly readEnabled = true,
    private readonly onWriteError?: (message: string) => void,
  ) {}

  /** The one-line message for a failed write (the caller decides how often to show it). */
  protected writeFailed(error: unknown): void {
    const e = error as NodeJS.ErrnoException;
    const why = e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? error);
    this.onWriteError?.(
      `cannot write the response cache in ${this.dir} (${why.split("\n")[0]}): answers are used but not cached, so a re-run or resume pays for them again; free space or pass --cache-dir`,
    );
  }

  private pathFor(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): CachedResponse | undefined {
    if (!this.readEnabled) return undefined;
    const path = this.pathFor(key);
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(readFileSync(path, "utf8")) as CachedResponse;
    } catch {
      return undefined; // A damaged entry is a miss, not a crash.
    }
  }

  set(key: string, value: CachedResponse): void {
    const path = this.pathFor(key);
    try {
      mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
      // No fsync: a kill -9 keeps what the OS has, and a torn entry (power loss) reads as a miss.
      writeFileAtomic(path, JSON.stringify(value), { fsync: false });
    } catch (error) {
      try {
        rmSync(`${path}.tmp-${process.pid}`, { force: true });
      } catch {
        // Nothing was created (the directory itself could not be).
      }
      this.writeFailed(error);
    }
  }
}
