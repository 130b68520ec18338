import { Queue } from "bullmq";
import { COUNTS_KEY, QUEUE_PREFIX, REGISTRY_KEY } from "./protocol.js";
import { checkRedis, connectionOptions, openRedis, parseRedisUrl } from "./redis-connection.js";

export interface ModelQueueStatus {
  model: string;
  /** Waiting for a worker (delayed included). */
  queued: number;
  active: number;
  /** Steps answered, over the queue's life (finished jobs are trimmed; these counts are not). */
  done: number;
  /** Steps that failed for good (the endpoint's final answer, or a worker lost too often). */
  failed: number;
}

export interface WorkerStatus extends Omit<ModelQueueStatus, "queued"> {
  worker: string;
  /** Connected to the queue now. */
  connected: boolean;
}

export interface QueueStatus {
  /** The URL, password hidden. */
  queue: string;
  models: ModelQueueStatus[];
  /** One row per worker and model. */
  workers: WorkerStatus[];
}

/** `dialogsmith queue status URL`: steps queued, active, done and failed per model and worker. */
export async function queueStatus(url: string): Promise<QueueStatus> {
  const target = parseRedisUrl(url, "queue status");
  await checkRedis(target, "the URL");
  const redis = openRedis(target);
  try {
    const names = (await redis.hkeys(REGISTRY_KEY)).sort();
    const counts = await redis.hgetall(COUNTS_KEY);
    const rows = new Map<string, WorkerStatus>();
    const row = (model: string, worker: string) => {
      const key = `${model}|${worker}`;
      const r = rows.get(key) ?? { worker, model, active: 0, done: 0, failed: 0, connected: false };
      rows.set(key, r);
      return r;
    };
    for (const [field, value] of Object.entries(counts)) {
      const [model, worker, outcome] = field.split("|");
      if (outcome === "done" || outcome === "failed") row(model, worker)[outcome] += Number(value) || 0;
    }
    const models: ModelQueueStatus[] = [];
    for (const model of names) {
      const queue = new Queue(model, { connection: connectionOptions(target), prefix: QUEUE_PREFIX });
      queue.on("error", () => {});
      try {
        const c = await queue.getJobCounts("waiting", "delayed", "prioritized", "active");
        for (const job of await queue.getActive(0, 9999)) row(model, job.processedBy ?? "?").active++;
        for (const client of await queue.getWorkers()) {
          const name = /:w:(.+)$/.exec(client.rawname ?? client.name ?? "")?.[1];
          if (name) row(model, name).connected = true;
        }
        const mine = [...rows.values()].filter((r) => r.model === model);
        models.push({
          model,
          queued: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          done: mine.reduce((s, r) => s + r.done, 0),
          failed: mine.reduce((s, r) => s + r.failed, 0),
        });
      } finally {
        await queue.close();
      }
    }
    const workers = [...rows.values()].sort(
      (a, b) => a.model.localeCompare(b.model) || a.worker.localeCompare(b.worker),
    );
    return { queue: target.display, models, workers };
  } finally {
    redis.disconnect();
  }
}
