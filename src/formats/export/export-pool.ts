import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ChunkResult } from "./export-chunk.js";
import type { ExportOptions } from "./types.js";

export interface PoolResult {
  result: ChunkResult;
  /** The output lines as UTF-8 bytes, encoded in the worker. */
  out: Uint8Array;
}

const WORKER_URL = new URL("./export-worker.js", import.meta.url);

/** True where the compiled worker exists (dist/); from TypeScript sources the export runs in-thread. */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/** A fixed set of export workers; tasks are handed out round-robin, results come back by id. */
export class ExportPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (r: PoolResult) => void; reject: (e: Error) => void }
  >();
  private next = 0;
  private failed: Error | undefined;

  constructor(size: number, target: string, options: ExportOptions, keepRaw: boolean) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(WORKER_URL, { workerData: { target, options, keepRaw } });
      w.on("message", (m: { id: number; result: ChunkResult; out: Uint8Array }) => {
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        p?.resolve({ result: m.result, out: m.out });
      });
      w.on("error", (e) => this.fail(e));
      return w;
    });
  }

  run(id: number, data: Buffer, firstLine: number): Promise<PoolResult> {
    if (this.failed) return Promise.reject(this.failed);
    // A private copy that can be transferred (the read buffer may be shared with the next chunk).
    const copy = new Uint8Array(data);
    const worker = this.workers[this.next++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, data: copy, firstLine }, [copy.buffer]);
    });
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
