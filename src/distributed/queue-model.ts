import { resolve } from "node:path";
import type { NamedModelConfig, StructuredOutputMode } from "../config/model-config.js";
import { AuthError, EndpointError } from "../core/errors.js";
import { sha256Hex, stableStringify } from "../core/hash.js";
import { costOf } from "../llm/cost.js";
import { chatRequestBody, type LlmEvent } from "../llm/model-client.js";
import { RequestFailedError } from "../llm/request-failed-error.js";
import type { RequestStats } from "../llm/request-stats.js";
import { cacheKey, type ResponseCache } from "../llm/response-cache.js";
import type { ChatRequest, ChatResult, ModelHandle } from "../llm/types.js";
import { PROTOCOL_VERSION, type StepJob, type StepResult } from "./protocol.js";
import { checkRedis, parseRedisUrl } from "./redis-connection.js";
import { bookWorkerRequests } from "./step-accounting.js";
import { StepQueues } from "./step-queues.js";

/**
 * Steps a coordinator keeps queued per model, as a multiple of the entry's `concurrency` (one
 * worker's slots): enough to keep 16 such workers busy. The engine's window follows from it.
 */
export const QUEUED_STEPS_PER_SLOT = 16;

/** What the handles of a run share (the engine's counters, cache and events). */
export interface QueueModelShared {
  stats: RequestStats;
  cache?: ResponseCache;
  onEvent?: (e: LlmEvent) => void;
}

/** The handles of a distributed run, as the engine takes a run's model handles. */
export interface QueueModels {
  byRole: Record<string, ModelHandle>;
  /** No local clients: the workers hold them. */
  clients: Record<string, never>;
  /** Steps kept queued, over the distinct models. */
  concurrency: number;
  close: () => Promise<void>;
}

/**
 * A model handle whose steps run on workers: the coordinator's side of a distributed run. The
 * response cache stays here (a hit is never queued); a miss becomes a job on the entry's queue
 * with a deterministic id (run directory + cache key), so a resumed coordinator joins the jobs of
 * its previous session. The worker's requests are booked here as if sent from this process, and
 * usage and cost are counted from the answer at this entry's prices (--max-cost holds for the run).
 */
export class QueueModel implements ModelHandle {
  readonly name: string;
  /** The coordinator's definition; `concurrency` is the steps it keeps queued. */
  readonly config: NamedModelConfig;
  private structuredMode: StructuredOutputMode;
  private readonly baseUrl: string;

  constructor(
    private readonly definition: NamedModelConfig,
    private readonly shared: QueueModelShared,
    private readonly queues: StepQueues,
    private readonly runTag: string,
  ) {
    this.name = definition.name;
    this.config = { ...definition, concurrency: definition.concurrency * QUEUED_STEPS_PER_SLOT };
    this.structuredMode = definition.structured_output;
    this.baseUrl = (definition.base_url ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  }

  private keyFor(request: ChatRequest, mode: StructuredOutputMode): string {
    const body = chatRequestBody(this.definition, mode, request);
    return cacheKey({ baseUrl: this.baseUrl, body, nonce: request.nonce });
  }

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    const { stats, cache, onEvent } = this.shared;
    const key = this.keyFor(request, this.structuredMode);
    const hit = cache?.get(key);
    if (hit) {
      stats.cached++;
      onEvent?.({ type: "cache_hit", model: this.name, item: request.itemId });
      return { ...hit, cached: true, costUsd: 0 };
    }
    const job: StepJob = {
      v: PROTOCOL_VERSION,
      model: this.name,
      definition: this.definition,
      request: request as StepJob["request"],
    };
    const result = await this.queues.submit(this.name, `${this.runTag}-${key}`, job, signal);
    bookWorkerRequests(stats, this.definition, result.events, {
      item: request.itemId,
      worker: result.worker,
      onEvent,
    });
    if (!result.ok) throw stepError(result, this.name);
    // The answer is cached under the request as it was asked (a worker's server may refuse a
    // richer structured-output mode, or a worker may be set up with another).
    const asked = result.structured_output;
    const storeKey = asked === this.structuredMode ? key : this.keyFor(request, asked);
    if (MODE_RANK[asked] < MODE_RANK[this.structuredMode]) {
      onEvent?.({
        type: "structured_output_fallback",
        model: this.name,
        from: this.structuredMode,
        to: asked,
        reason: `worker ${result.worker} asked in ${asked}`,
      });
      this.structuredMode = asked;
    }
    const costUsd = costOf(result.answer.usage, this.definition.price);
    stats.recordUsage(this.name, result.answer.usage, costUsd);
    cache?.set(storeKey, result.answer);
    return { ...result.answer, cached: false, costUsd };
  }
}

const MODE_RANK: Record<StructuredOutputMode, number> = { none: 0, json_object: 1, json_schema: 2 };

/** The error a failed step raises on the coordinator, as the local client would have raised it. */
function stepError(result: Extract<StepResult, { ok: false }>, model: string): Error {
  const { kind, message, reason, status } = result.error;
  const text = `${message} (worker ${result.worker})`;
  if (kind === "auth") return new AuthError(text);
  if (kind === "endpoint") return new EndpointError(text);
  return new RequestFailedError(text, reason ?? `model_${model}_failed`, status);
}

/**
 * The handles of a distributed run (see openRoleModels): one QueueModel per distinct entry, over
 * one connection to the queue, checked before anything is queued.
 */
export async function openQueueModels(
  models: Record<string, NamedModelConfig>,
  shared: QueueModelShared,
  queue: { url: string; runDir: string },
): Promise<QueueModels> {
  const target = parseRedisUrl(queue.url);
  await checkRedis(target);
  const runTag = sha256Hex(resolve(queue.runDir)).slice(0, 16);
  const queues = await StepQueues.open(target, Object.values(models), `${runTag}-`);
  const byKey: Record<string, QueueModel> = {};
  const byRole: Record<string, ModelHandle> = {};
  for (const [role, model] of Object.entries(models)) {
    const key = stableStringify(model);
    byKey[key] ??= new QueueModel(model, shared, queues, runTag);
    byRole[role] = byKey[key];
  }
  return {
    byRole,
    clients: {},
    concurrency: Object.values(byKey).reduce((sum, m) => sum + m.config.concurrency, 0),
    close: () => queues.close(),
  };
}
