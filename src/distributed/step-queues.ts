import { Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { NamedModelConfig } from "../config/model-config.js";
import { ModelError } from "../models/model-error.js";
import {
  JOB_OPTIONS,
  QUEUE_PREFIX,
  REGISTRY_CHANNEL,
  REGISTRY_KEY,
  type StepJob,
  type StepResult,
  StepResultSchema,
} from "./protocol.js";
import { connectionOptions, openRedis, type RedisTarget } from "./redis-connection.js";

/** How often steps waited on for a while are looked up directly (events missed across a restart). */
const SWEEP_MS = 5000;

interface Waiter {
  model: string;
  jobId: string;
  job: StepJob;
  since: number;
  /** A job found failed from an earlier session is retried once. */
  retried: boolean;
  checking: boolean;
  resolve: (result: StepResult) => void;
  reject: (error: unknown) => void;
  promise: Promise<StepResult>;
}

/** Whether any key matches (SCAN: the keyspace is walked once, at start, without blocking Redis). */
async function anyKey(redis: Redis, pattern: string): Promise<boolean> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    if (keys.length > 0) return true;
    cursor = next;
  } while (cursor !== "0");
  return false;
}

/** A step that failed outside the model call (the worker broke, or answered in another version): its item fails. */
function workerFailure(message: string, reason: string): ModelError {
  return new ModelError({ kind: "server", message, label: reason }, { reason, stopsRun: false });
}

function parseResult(value: unknown, jobId: string): StepResult {
  const parsed = StepResultSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw workerFailure(
    `the worker's answer to step ${jobId} is not one this version reads (is the worker a different dialogsmith version?)`,
    "worker_answer_invalid",
  );
}

/**
 * The coordinator's side of the queue: puts steps on their model's BullMQ queue under
 * deterministic job ids and waits for their results. A step added again (a coordinator restarted
 * with --resume) joins the existing job: a result already there is taken, not paid for again.
 * Results arrive as queue events; a periodic look-up catches any missed across a Redis restart,
 * and puts back a job Redis lost.
 */
export class StepQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly events: QueueEvents[] = [];
  private readonly waiters = new Map<string, Waiter>();
  private readonly sweep: NodeJS.Timeout;
  private readonly started = Date.now();
  /** Models whose queue held jobs of this run when it opened (a resume): a new step may join one. */
  private readonly resumed = new Set<string>();
  /** The entries this run registered, as registered (JSON). */
  private readonly definitions = new Map<string, string>();
  private readonly registry: Redis;

  private constructor(target: RedisTarget) {
    this.registry = openRedis(target);
    this.sweep = setInterval(() => this.lookUpStale(), SWEEP_MS);
    this.sweep.unref();
  }

  /**
   * Opens one queue per model entry and registers the entries for the workers. `jobPrefix`
   * starts every job id of this run.
   */
  static async open(target: RedisTarget, models: NamedModelConfig[], jobPrefix: string): Promise<StepQueues> {
    const self = new StepQueues(target);
    const connection = connectionOptions(target);
    const registry = self.registry;
    try {
      for (const model of models) {
        if (self.queues.has(model.name)) continue;
        const queue = new Queue(model.name, {
          connection,
          prefix: QUEUE_PREFIX,
          // Results ride on the events stream: keep enough of it for a coordinator that lags.
          streams: { events: { maxLen: 100_000 } },
        });
        queue.on("error", () => {});
        self.queues.set(model.name, queue);
        const events = new QueueEvents(model.name, { connection, prefix: QUEUE_PREFIX });
        events.on("error", () => {});
        events.on("completed", ({ jobId, returnvalue }) => self.settle(model.name, jobId, returnvalue));
        events.on("failed", ({ jobId, failedReason }) => self.fail(model.name, jobId, failedReason));
        self.events.push(events);
        await events.waitUntilReady();
        self.definitions.set(model.name, JSON.stringify(model));
        await registry.hset(REGISTRY_KEY, model.name, JSON.stringify(model));
        if (await anyKey(registry, `${QUEUE_PREFIX}:${model.name}:${jobPrefix}*`))
          self.resumed.add(model.name);
      }
      await registry.publish(REGISTRY_CHANNEL, "");
    } catch (error) {
      await self.close();
      throw error;
    }
    return self;
  }

  /** Queues a step (or joins its job) and resolves with the worker's result. */
  async submit(model: string, jobId: string, job: StepJob, signal?: AbortSignal): Promise<StepResult> {
    signal?.throwIfAborted();
    const queue = this.queues.get(model);
    if (!queue) throw new Error(`no queue opened for model '${model}'`);
    const key = `${model}/${jobId}`;
    const running = this.waiters.get(key);
    if (running) return running.promise;
    const waiter = this.newWaiter(model, jobId, job);
    this.waiters.set(key, waiter);
    const onAbort = () => this.abandon(waiter, signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await queue.add(model, job, { ...JOB_OPTIONS, jobId });
      // In a resumed run the job may have been there already, even finished: look.
      if (this.resumed.has(model)) void this.lookUp(waiter, "after_add");
      return await waiter.promise;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      if (this.waiters.get(key) === waiter) this.waiters.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    await Promise.allSettled(this.events.map((e) => e.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.registry.disconnect();
  }

  private newWaiter(model: string, jobId: string, job: StepJob): Waiter {
    const waiter = { model, jobId, job, since: Date.now(), retried: false, checking: false } as Waiter;
    waiter.promise = new Promise<StepResult>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    // A rejection nobody awaits yet (the add still pending) must not crash the process.
    waiter.promise.catch(() => {});
    return waiter;
  }

  private settle(model: string, jobId: string, value: unknown): void {
    const waiter = this.waiters.get(`${model}/${jobId}`);
    if (!waiter) return; // another coordinator's step, or one given up
    try {
      waiter.resolve(parseResult(value, jobId));
    } catch (error) {
      waiter.reject(error);
    }
  }

  private fail(model: string, jobId: string, reason: string): void {
    this.waiters
      .get(`${model}/${jobId}`)
      ?.reject(workerFailure(`step ${jobId} failed on a worker: ${reason}`, "worker_failed"));
  }

  /** Stops waiting; a step no worker has taken yet is taken off the queue. */
  private abandon(waiter: Waiter, reason: unknown): void {
    waiter.reject(reason ?? new Error("aborted"));
    this.queues
      .get(waiter.model)
      ?.remove(waiter.jobId)
      .catch(() => {}); // taken already (locked by a worker): its result stays for a resume
  }

  /** Reads the job's state from Redis and acts on it (see the class comment). */
  private async lookUp(waiter: Waiter, when: "after_add" | "sweep"): Promise<void> {
    const queue = this.queues.get(waiter.model);
    if (!queue || waiter.checking) return;
    waiter.checking = true;
    try {
      const state = await queue.getJobState(waiter.jobId);
      if (state === "unknown") {
        // Redis lost it (restarted without its data): put it back.
        if (when === "sweep")
          await queue.add(waiter.model, waiter.job, { ...JOB_OPTIONS, jobId: waiter.jobId });
        return;
      }
      if (state !== "completed" && state !== "failed") return;
      const job = await Job.fromId(queue, waiter.jobId);
      if (!job) return;
      if (state === "completed") this.settle(waiter.model, waiter.jobId, job.returnvalue);
      else {
        const earlier = (job.finishedOn ?? 0) < this.started;
        if ((when === "after_add" || earlier) && !waiter.retried) {
          waiter.retried = true;
          await job.retry("failed");
        } else this.fail(waiter.model, waiter.jobId, job.failedReason);
      }
    } catch {
      // Redis unreachable for now: the next sweep looks again.
    } finally {
      waiter.checking = false;
    }
  }

  private lookUpStale(): void {
    if (this.waiters.size === 0) return;
    const now = Date.now();
    for (const waiter of this.waiters.values())
      if (now - waiter.since >= SWEEP_MS) void this.lookUp(waiter, "sweep");
    void this.registerAgain();
  }

  /** A Redis that lost its data lost the entries too: workers that start now must find them. */
  private async registerAgain(): Promise<void> {
    try {
      let added = 0;
      for (const [name, json] of this.definitions)
        added += await this.registry.hsetnx(REGISTRY_KEY, name, json);
      if (added > 0) await this.registry.publish(REGISTRY_CHANNEL, "");
    } catch {
      // Redis away: the next sweep tries again.
    }
  }
}
