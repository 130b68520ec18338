import { resolve } from "node:path";
import type { NamedModelConfig, StructuredOutputMode } from "../config/model-config.js";
import { sha256Hex } from "../core/hash.js";
import { costOf } from "../models/cost.js";
import { type ModelPool, type ModelServices, poolByConfig } from "../models/create-model.js";
import { cacheIdentity, withCache } from "../models/middleware/cache.js";
import { AdaptiveConcurrency } from "../models/middleware/concurrency.js";
import { ModelError } from "../models/model-error.js";
import { cacheKey } from "../models/response-cache.js";
import {
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ModelCall,
  wrapModel,
} from "../models/types.js";
import { PROTOCOL_VERSION, QUEUED_STEPS_PER_SLOT, type StepJob, type StepResult } from "./protocol.js";
import { checkRedis, parseRedisUrl } from "./redis-connection.js";
import { bookWorkerRequests, servingEntry } from "./step-accounting.js";
import { StepQueues } from "./step-queues.js";

/** What the models of a distributed run share (the engine's counters, cache and events). */
export type QueueModelShared = Pick<ModelServices, "stats" | "cache" | "onEvent">;

/** The models of a distributed run, as the engine takes a run's models. */
export interface QueueModels extends ModelPool {
  close: () => Promise<void>;
}

const MODE_RANK: Record<StructuredOutputMode, number> = { none: 0, json_object: 1, json_schema: 2 };

/** The request as it travels: what decides the answer, none of the wrappers' callbacks. */
function wireRequest(call: ModelCall): ChatRequest {
  const { structuredMode: _mode, attempt: _attempt, onSent: _sent, onAnswer: _answer, ...request } = call;
  return request;
}

/**
 * A model whose steps run on workers: the coordinator's side of a distributed run (provider
 * "queue"; the response cache around it stays here, so a hit is never queued). A step becomes a
 * job on the entry's queue with a deterministic id (run directory + cache key), so a resumed
 * coordinator joins the jobs of its previous session. The worker's requests are booked here as
 * if sent from this process, and usage and cost are counted from the answer at this entry's
 * prices (--max-cost holds for the run). A worker's failure is final (it retried already).
 */
export class QueueTransport implements ChatModel {
  readonly provider = "queue";
  /** Keyed in the cache as a local run keys them: the workers' endpoints answer. */
  readonly cacheProvider = "openai-compatible";
  readonly modelId: string;
  /** The weakest structured-output mode a worker answered in so far (for the fallback event). */
  private structuredMode: StructuredOutputMode;

  constructor(
    readonly config: NamedModelConfig,
    private readonly shared: QueueModelShared,
    private readonly queues: StepQueues,
    private readonly runTag: string,
  ) {
    this.modelId = config.model;
    this.structuredMode = config.structured_output;
  }

  async generate(call: ModelCall, signal?: AbortSignal): Promise<ChatResult> {
    const { stats, onEvent } = this.shared;
    const request = wireRequest(call);
    const key = cacheKey(cacheIdentity(this), request);
    const job: StepJob = {
      v: PROTOCOL_VERSION,
      model: this.config.name,
      definition: this.config,
      request: request as StepJob["request"],
    };
    const result = await this.queues.submit(this.config.name, `${this.runTag}-${key}`, job, signal);
    bookWorkerRequests(stats, this.config, result.events, {
      item: call.itemId,
      worker: result.worker,
      onEvent,
    });
    if (!result.ok) throw stepError(result);
    this.noteMode(result.structured_output, result.worker);
    const served = servingEntry(this.config, result.events);
    const costUsd = costOf(result.answer.usage, served.price);
    stats.recordUsage(served.name, result.answer.usage, costUsd);
    const answer: ChatResult = { ...result.answer, cached: false, costUsd };
    call.onAnswer?.(answer);
    return answer;
  }

  private noteMode(asked: StructuredOutputMode, worker: string): void {
    if (MODE_RANK[asked] >= MODE_RANK[this.structuredMode]) return;
    this.shared.onEvent?.({
      type: "structured_output_fallback",
      model: this.config.name,
      from: this.structuredMode,
      to: asked,
      reason: `worker ${worker} asked in ${asked}`,
    });
    this.structuredMode = asked;
  }
}

/** The error a failed step raises on the coordinator: the worker's, as a local run would raise it. */
function stepError(result: Extract<StepResult, { ok: false }>): ModelError {
  const { message, reason, stopsRun, ...init } = result.error;
  return new ModelError({ ...init, message: `${message} (worker ${result.worker})` }, { reason, stopsRun });
}

/**
 * The models of a distributed run (see openRunModels): one per distinct entry (the cache around
 * a QueueTransport), over one connection to the queue, checked before anything is queued.
 */
export async function openQueueModels(
  roles: Record<string, NamedModelConfig>,
  shared: QueueModelShared,
  queue: { url: string; runDir: string },
): Promise<QueueModels> {
  const target = parseRedisUrl(queue.url);
  await checkRedis(target);
  const runTag = sha256Hex(resolve(queue.runDir)).slice(0, 16);
  const queues = await StepQueues.open(target, Object.values(roles), `${runTag}-`);
  const pool = poolByConfig(roles, (config) => {
    const transport = new QueueTransport(config, shared, queues, runTag);
    const cached = shared.cache
      ? wrapModel(transport, withCache(shared.cache, shared.stats, shared.onEvent))
      : transport;
    // No limit here (the workers keep theirs): the figure sizes the engine's window.
    const concurrency = new AdaptiveConcurrency(config.concurrency * QUEUED_STEPS_PER_SLOT);
    return Object.assign(cached, { concurrency, slots: concurrency.limit });
  });
  return {
    ...pool,
    close: () => queues.close(),
  };
}
