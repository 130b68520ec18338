import { hostname } from "node:os";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig } from "../config/load-config.js";
import {
  describeEndpoints,
  endpointsOf,
  type NamedModelConfig,
  type StructuredOutputMode,
} from "../config/model-config.js";
import { withFallbacks } from "../config/resolve-model.js";
import { stableStringify } from "../core/hash.js";
import { redactSecrets } from "../core/secrets.js";
import { type ComposedModel, createChatModel } from "../models/create-model.js";
import { ModelError } from "../models/model-error.js";
import { OpenAICompatibleModel } from "../models/openai-compatible.js";
import { RequestStats } from "../models/request-stats.js";
import { type ChatRequest, wrapGenerate } from "../models/types.js";
import {
  COUNTS_KEY,
  countField,
  DEFAULT_LOCK_MS,
  MAX_STALLED,
  ModelDefinitionSchema,
  PROTOCOL_VERSION,
  QUEUE_PREFIX,
  QUEUED_STEPS_PER_SLOT,
  REGISTRY_CHANNEL,
  REGISTRY_KEY,
  type StepEvent,
  type StepJob,
  StepJobSchema,
  type StepResult,
} from "./protocol.js";
import { RecentAnswers } from "./recent-answers.js";
import {
  checkRedis,
  connectionOptions,
  openRedis,
  parseRedisUrl,
  type RedisTarget,
} from "./redis-connection.js";
import { SharedRequestLimiter } from "./shared-limiter.js";

export interface StepWorkerOptions {
  /** The queue's Redis URL, as the coordinator was given it. */
  queue: string;
  /** This machine's config (default: ./dialogsmith.yaml if present): its `models:` entries win. */
  configPath?: string;
  /** Shown in `queue status` and the coordinator's events (default: host-pid). */
  name?: string;
  /** BullMQ's lock: a killed worker's steps go back to the queue about this long after. */
  lockDurationMs?: number;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  maxTries?: number;
  /** What the worker has to say (models served, Redis lost and back); silent by default. */
  log?: (line: string) => void;
  /** How often the entry registry is read for new models (default 1 s). */
  pollMs?: number;
}

/** Which config a step runs with, and whether it came from this machine's config. */
interface Resolved {
  config: NamedModelConfig;
  own: boolean;
}

/**
 * `dialogsmith worker`: takes model steps from the queue of every `models:` entry a coordinator
 * has registered, runs each with this machine's definition of the entry (else the coordinator's,
 * sent with the step; API keys always from this machine's environment), through the same model
 * client as a local run (retries, adaptive concurrency; RPM/TPM shared with every other worker
 * through Redis), and returns the answer or why the step failed for good.
 */
export class StepWorker {
  readonly name: string;
  private readonly workers = new Map<string, Worker>();
  private readonly models = new Map<string, ComposedModel>();
  /** The structured-output mode each step in progress was last sent in, by its tag. */
  private readonly modes = new Map<string, StructuredOutputMode>();
  private readonly limiters = new Map<string, SharedRequestLimiter>();
  private readonly capture = new Map<string, StepEvent[]>();
  /** Per served entry: the answers of its last steps, for a step Redis lost after it ran. */
  private readonly recent = new Map<string, RecentAnswers<StepResult>>();
  private readonly stats = new RequestStats();
  private readonly poll: NodeJS.Timeout;
  private sequence = 0;
  private announcements?: Redis;
  private closing = false;

  private constructor(
    private readonly options: StepWorkerOptions,
    private readonly target: RedisTarget,
    private readonly redis: Redis,
    private readonly config: FileConfig,
  ) {
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    this.poll = setInterval(() => void this.discover(), options.pollMs ?? 1000);
  }

  static async start(options: StepWorkerOptions): Promise<StepWorker> {
    const target = parseRedisUrl(options.queue);
    const { config } = loadConfig(options.configPath);
    await checkRedis(target);
    const redis = openRedis(target);
    const worker = new StepWorker(options, target, redis, config);
    let connected = true;
    redis.on("close", () => {
      if (connected && !worker.closing) options.log?.(`lost Redis at ${target.display}; reconnecting`);
      connected = false;
    });
    redis.on("ready", () => {
      if (!connected) options.log?.(`Redis at ${target.display} is back`);
      connected = true;
    });
    // New entries are announced (serve them at once) and polled for (an announcement missed).
    const announcements = redis.duplicate();
    announcements.on("error", () => {});
    announcements.on("message", () => void worker.discover());
    await announcements.subscribe(REGISTRY_CHANNEL);
    worker.announcements = announcements;
    await worker.discover();
    return worker;
  }

  /** Models served so far, by entry name. */
  get served(): string[] {
    return [...this.workers.keys()];
  }

  /** Stops taking steps; steps in progress finish first unless `force` (they then go to another worker). */
  async close(force = false): Promise<void> {
    this.closing = true;
    clearInterval(this.poll);
    this.announcements?.disconnect();
    await Promise.allSettled([...this.workers.values()].map((w) => w.close(force)));
    this.redis.disconnect();
  }

  /** Starts serving the queue of every registered entry not served yet. */
  private async discover(): Promise<void> {
    if (this.closing) return;
    let registered: Record<string, string>;
    try {
      registered = await this.redis.hgetall(REGISTRY_KEY);
    } catch {
      return; // Redis away: the next poll looks again
    }
    for (const [name, json] of Object.entries(registered)) {
      if (this.workers.has(name) || this.closing) continue;
      const parsed = ModelDefinitionSchema.safeParse(safeJson(json));
      if (!parsed.success) {
        this.options.log?.(`model '${name}' is registered in a form this version does not read; skipped`);
        continue;
      }
      this.serve(name, this.resolve(name, { ...parsed.data, name }), parsed.data.concurrency);
    }
  }

  private serve(name: string, { config, own }: Resolved, coordinatorConcurrency: number): void {
    const lockDuration = this.options.lockDurationMs ?? DEFAULT_LOCK_MS;
    // A step Redis lost is one a coordinator still waits for: at most its window of queued steps
    // (concurrency x QUEUED_STEPS_PER_SLOT); twice that covers the new steps answered meanwhile.
    this.recent.set(name, new RecentAnswers(2 * coordinatorConcurrency * QUEUED_STEPS_PER_SLOT));
    const worker = new Worker(name, (job, _token, signal) => this.runStep(name, job, signal), {
      connection: connectionOptions(this.target),
      prefix: QUEUE_PREFIX,
      name: this.name,
      concurrency: config.concurrency,
      lockDuration,
      stalledInterval: Math.min(lockDuration, 30_000),
      maxStalledCount: MAX_STALLED,
      // After a Redis error (a restart), try again in a second rather than BullMQ's 15 s: a
      // finished step waits for that to be recorded.
      runRetryDelay: 1000,
    });
    worker.on("error", () => {}); // connection errors: ioredis reconnects
    worker.on("failed", (job) => {
      if (job) void this.count(name, "failed");
    });
    this.workers.set(name, worker);
    this.options.log?.(
      `serving '${name}' with ${own ? "this machine's" : "the coordinator's"} definition: model ${config.model} at ${describeEndpoints(config)}, ${config.concurrency} at once${config.rpm || config.tpm ? `, shared limits rpm ${config.rpm ?? "-"} tpm ${config.tpm ?? "-"}` : ""}`,
    );
  }

  /**
   * This machine's entry of that name, else the coordinator's. Limits the own entry does not set
   * are the coordinator's: a model's rpm/tpm hold over every worker, wherever it is defined.
   */
  private resolve(name: string, definition: NamedModelConfig): Resolved {
    const own = this.config.models[name];
    if (!own) return { config: definition, own: false };
    return {
      config: withFallbacks(this.config, {
        ...own,
        name,
        rpm: own.rpm ?? definition.rpm,
        tpm: own.tpm ?? definition.tpm,
      }),
      own: true,
    };
  }

  /** The entry's model as a local run composes it (retries, limits), without a cache. */
  private modelFor(config: NamedModelConfig): ComposedModel {
    const key = stableStringify(config);
    let model = this.models.get(key);
    if (!model) {
      model = createChatModel(config, {
        stats: this.stats,
        onEvent: (e) => this.capture.get((e as { item?: string }).item ?? "")?.push(e as StepEvent),
        env: this.options.env,
        fetch: this.options.fetch,
        retry: this.options.maxTries !== undefined ? { maxTries: this.options.maxTries } : undefined,
        limiter: (replica, entry) => this.limiterFor(replica, endpointsOf(entry).length > 1),
        transport: (c) => this.noteModes(new OpenAICompatibleModel(c, this.options)),
      });
      this.models.set(key, model);
    }
    return model;
  }

  /** The transport, noting the structured-output mode each step went out in (the coordinator's event). */
  private noteModes(transport: OpenAICompatibleModel): ReturnType<typeof wrapGenerate> {
    return wrapGenerate(transport, (call, signal) => {
      if (call.itemId && call.structuredMode) this.modes.set(call.itemId, call.structuredMode);
      return transport.generate(call, signal);
    });
  }

  /**
   * The model's limits, shared in Redis by every worker; a replica of a model with several has
   * its own (its URL names it), a model with one endpoint has the entry's wherever it points.
   */
  private limiterFor(config: NamedModelConfig, replica: boolean): SharedRequestLimiter | undefined {
    if (!config.rpm && !config.tpm) return undefined;
    const name = replica ? `${config.name}@${config.base_url}` : config.name;
    const key = stableStringify([name, config.rpm, config.tpm]);
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new SharedRequestLimiter(this.redis, name, { rpm: config.rpm, tpm: config.tpm });
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  /**
   * One step: the answer, or a failure the coordinator acts on; anything else fails the job. A
   * step this worker answered already (queued again after Redis lost it) is not asked again.
   */
  private async runStep(name: string, job: Job, signal?: AbortSignal): Promise<StepResult> {
    const parsed = StepJobSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`step ${job.id} is not one this worker's version reads`);
    const recent = this.recent.get(name);
    if (!job.id || !recent) return this.ask(job, parsed.data, signal);
    const { answer, reused } = recent.answer(job.id, parsed.data, () => this.ask(job, parsed.data, signal));
    if (reused)
      this.options.log?.(
        `step ${job.id} was queued again after Redis lost it: answered from memory, not asked again`,
      );
    return answer;
  }

  /** Sends the step's request through the entry's model. */
  private async ask(job: Job, step: StepJob, signal?: AbortSignal): Promise<StepResult> {
    const { model, definition, request } = step;
    const { config } = this.resolve(model, definition);
    const chatModel = this.modelFor(config);
    // The request's events are this step's (tagged by item), whatever else runs at once.
    const tag = `${job.id}@${++this.sequence}`;
    const events: StepEvent[] = [];
    this.capture.set(tag, events);
    const common = { v: PROTOCOL_VERSION, worker: this.name, events } as const;
    try {
      const {
        cached: _cached,
        costUsd: _cost,
        ...answer
      } = await chatModel.generate({ ...(request as unknown as ChatRequest), itemId: tag }, signal);
      void this.count(model, "done");
      const structured = this.modes.get(tag) ?? config.structured_output;
      return { ...common, ok: true, answer, structured_output: structured };
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      void this.count(model, "failed");
      const { kind, label, reason, stopsRun, status } = error;
      const message = redactSecrets(error.message);
      return { ...common, ok: false, error: { kind, message, label, reason, stopsRun, status } };
    } finally {
      this.capture.delete(tag);
      this.modes.delete(tag);
    }
  }

  private async count(model: string, outcome: "done" | "failed"): Promise<void> {
    await this.redis.hincrby(COUNTS_KEY, countField(model, this.name, outcome), 1).catch(() => {});
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
