import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CachedResponse, ResponseCache } from "../llm/response-cache.js";

let sequence = 0;

/**
 * The response cache with writes off the event loop. Creating a file costs milliseconds on some
 * disks, and a synchronous write per answer stalls every conversation at a few hundred answers a
 * second. Here entries are written by libuv's threads (temp file, then rename, as ResponseCache
 * lays them out); an entry lost to a crash is only a cache miss, since the step journal holds
 * every answer the run needs. Reads are ResponseCache's.
 */
export class BackgroundResponseCache extends ResponseCache {
  private readonly pending = new Set<Promise<void>>();

  override set(key: string, value: CachedResponse): void {
    const dir = join(this.dir, key.slice(0, 2));
    const path = join(dir, `${key}.json`);
    const tmp = `${path}.tmp-${process.pid}-${++sequence}`;
    const task = mkdir(dir, { recursive: true })
      .then(() => writeFile(tmp, JSON.stringify(value)))
      .then(() => rename(tmp, path))
      .catch(() => {
        // A cache entry that could not be written is a later miss, never a failed run.
      })
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** Waits for the writes in progress. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
