import OpenAI from "openai";
import type { NamedModelConfig, StructuredOutputMode } from "../config/model-config.js";
import { AuthError, EndpointError } from "../core/errors.js";
import { readSecretFromEnv, redactSecrets, redactSecretsInData } from "../core/secrets.js";
import { estimateTokens } from "../quality/tokens.js";
import { AdaptiveConcurrency } from "./adaptive-concurrency.js";
import { attemptDeadline } from "./attempt-deadline.js";
import {
  type AttemptFailure,
  classifyAttemptError,
  describeAnswer,
  isBrokenEndpointAnswer,
  statusLabel,
} from "./classify-error.js";
import { costOf } from "./cost.js";
import { RateLimiter } from "./rate-limiter.js";
import { DEFAULT_MAX_RESPONSE_BYTES, readCompletion } from "./read-completion.js";
import { RequestFailedError } from "./request-failed-error.js";
import type { RequestStats } from "./request-stats.js";
import { type CachedResponse, cacheKey, type ResponseCache } from "./response-cache.js";
import { backoffDelayMs, DEFAULT_MAX_TRIES, isRetryableStatus, retryAfterMs } from "./retry-policy.js";
import { watchSent } from "./sent-marker.js";
import type { ChatRequest, ChatResult, ModelHandle, ToolCall, Usage } from "./types.js";

/**
 * Structured events for events.jsonl and progress; never contain secrets or message bodies.
 * `request_sent` (the body left), `request` (its outcome, with usage), `cache_hit` and `retry` are
 * the request ledger: a resumed run rebuilds report.json's request counts from them.
 */
export type LlmEvent =
  | { type: "request_sent"; model: string; item?: string; attempt: number }
  | {
      type: "request";
      model: string;
      item?: string;
      status: string;
      attempt: number;
      ms: number;
      usage?: Usage;
      cost_usd?: number;
    }
  | { type: "cache_hit"; model: string; item?: string }
  | { type: "retry"; model: string; item?: string; status: string; attempt: number; delay_ms: number }
  | { type: "concurrency"; model: string; limit: number }
  | {
      type: "structured_output_fallback";
      model: string;
      from: StructuredOutputMode;
      to: StructuredOutputMode;
      reason: string;
    };

export interface ModelClientOptions {
  config: NamedModelConfig;
  stats: RequestStats;
  cache?: ResponseCache;
  onEvent?: (event: LlmEvent) => void;
  env?: NodeJS.ProcessEnv;
  /** Custom fetch for the SDK (tests and proxies). */
  fetch?: typeof fetch;
  maxTries?: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** RPM/TPM limits kept elsewhere (a distributed worker's, shared through Redis); default: local. */
  limiter?: RequestLimiter;
}

/** What the client asks before each attempt: see RateLimiter.acquire. */
export type RequestLimiter = Pick<RateLimiter, "acquire">;

/**
 * Before a first real answer, this many broken answers in a row for one request (see
 * isBrokenEndpointAnswer) end the run: the URL is not a chat completions API.
 */
export const BROKEN_ENDPOINT_TRIES = 4;

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * The one door to a model: cache → rate limits → adaptive concurrency → HTTP via the official SDK
 * → retry policy → usage and cost. Transient failures are retried here; what the caller sees is
 * final (see ModelHandle).
 */
export class ModelClient implements ModelHandle {
  readonly name: string;
  readonly config: NamedModelConfig;
  readonly concurrency: AdaptiveConcurrency;
  private readonly limiter: RequestLimiter;
  private readonly sdk: OpenAI;
  private readonly baseUrl: string;
  private structuredMode: StructuredOutputMode;
  private everConnected = false;
  private readonly maxTries: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ModelClientOptions) {
    this.config = options.config;
    this.name = options.config.name;
    this.baseUrl = (options.config.base_url ?? "https://api.openai.com/v1").replace(/\/+$/, "");
    this.structuredMode = options.config.structured_output;
    this.concurrency = new AdaptiveConcurrency(options.config.concurrency);
    this.limiter = options.limiter ?? new RateLimiter({ rpm: options.config.rpm, tpm: options.config.tpm });
    this.maxTries = options.maxTries ?? DEFAULT_MAX_TRIES;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
    // The key is read now, held only by the SDK client, and registered for redaction.
    const apiKey = readSecretFromEnv(options.config.api_key_env, options.env);
    this.sdk = new OpenAI({
      baseURL: this.baseUrl,
      apiKey: apiKey ?? "not-needed",
      maxRetries: 0,
      timeout: options.config.timeout_s * 1000,
      fetch: options.fetch,
    });
  }

  /** The structured-output mode requests are sent in now (a server may have refused a richer one). */
  get structuredOutput(): StructuredOutputMode {
    return this.structuredMode;
  }

  /** The request body as sent (also what the cache key is computed from). */
  buildBody(request: ChatRequest): Record<string, unknown> {
    return chatRequestBody(this.config, this.structuredMode, request);
  }

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    let body = this.buildBody(request);
    let key = cacheKey({ baseUrl: this.baseUrl, body, nonce: request.nonce });
    const hit = this.options.cache?.get(key);
    if (hit) {
      this.options.stats.cached++;
      this.options.onEvent?.({ type: "cache_hit", model: this.name, item: request.itemId });
      return { ...hit, cached: true, costUsd: 0 };
    }
    const estimate = estimateTokens(JSON.stringify(request.messages)) + (Number(body.max_tokens) || 1000);
    let brokenStreak = 0;
    for (let attempt = 0; ; attempt++) {
      const settle = await this.limiter.acquire(estimate, signal);
      const generation = await this.concurrency.acquire(signal);
      const outcome = await this.attempt(body, key, request, attempt, signal);
      if (outcome.ok) {
        const { parsed, costUsd } = outcome;
        this.everConnected = true;
        this.concurrency.onSuccess();
        const total = parsed.usage.prompt_tokens + parsed.usage.completion_tokens;
        settle(total > 0 ? total : estimate);
        return { ...parsed, cached: false, costUsd };
      }
      settle(estimate);
      const f = outcome.failure;
      if (f.kind === "aborted") throw signal?.reason ?? new Error("aborted");
      if (f.kind === "http" && f.status === 404) await this.loadKnownModels();
      this.throwIfFatal(f);
      brokenStreak = isBrokenEndpointAnswer(f) ? brokenStreak + 1 : 0;
      if (!this.everConnected && brokenStreak >= BROKEN_ENDPOINT_TRIES)
        throw new EndpointError(
          redactSecrets(
            `model '${this.name}' at ${this.baseUrl} does not answer like an OpenAI chat completions API: ${brokenStreak} tries in a row got ${describeAnswer(f)}; check --base-url (it usually ends in /v1)`,
          ),
        );

      // A server that does not support the requested structured-output mode: step down and retry.
      if (this.stepDownStructuredOutput(f, request)) {
        body = this.buildBody(request);
        key = cacheKey({ baseUrl: this.baseUrl, body, nonce: request.nonce });
        attempt--;
        continue;
      }
      this.throwIfFinal(f, attempt);
      if (f.kind === "http" && f.status === 429) {
        this.concurrency.onRateLimited(generation);
        this.options.onEvent?.({ type: "concurrency", model: this.name, limit: this.concurrency.limit });
      }
      const asked = f.kind === "http" ? retryAfterMs(f.headers) : undefined;
      const delay = asked ?? backoffDelayMs(attempt, this.random);
      this.options.stats.retried++;
      this.options.onEvent?.({
        type: "retry",
        model: this.name,
        item: request.itemId,
        status: statusLabel(f),
        attempt,
        delay_ms: delay,
      });
      await this.sleep(delay, signal);
    }
  }

  /**
   * One HTTP attempt under its deadline (headers and body). The request is counted as sent as its
   * bytes leave (see watchSent); an answer is stored in the cache the moment it is parsed (so a
   * kill an instant later does not make a resumed run buy it again), then its outcome is recorded
   * with usage. Both records are events written at once: a resumed run's counts are rebuilt from them.
   */
  private async attempt(
    body: Record<string, unknown>,
    key: string,
    request: ChatRequest,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; parsed: CachedResponse; costUsd: number } | { ok: false; failure: AttemptFailure }> {
    const started = performance.now();
    const deadline = attemptDeadline(signal, this.config.timeout_s * 1000);
    let sent = false;
    const sentWatch = watchSent(() => {
      sent = true;
      this.options.stats.total++;
      this.options.stats.model(this.name).requests++;
      this.options.onEvent?.({ type: "request_sent", model: this.name, item: request.itemId, attempt });
    });
    let failure: AttemptFailure | undefined;
    let parsed: CachedResponse | undefined;
    try {
      const response = await this.sdk.chat.completions
        .create(body as never, {
          signal: deadline.signal,
          maxRetries: 0,
          fetchOptions: sentWatch.fetchOptions as never,
        })
        .asResponse();
      const read = await readCompletion(
        response,
        this.config.max_response_bytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      );
      if (read.kind === "completion") {
        parsed = this.toCachedResponse(read.completion);
        this.options.cache?.set(key, parsed);
      } else if (read.kind === "too_large") failure = { kind: "too_large", limit: read.limit };
      else failure = { kind: "not_completion", status: response.status, what: read.what };
    } catch (error) {
      failure = deadline.timedOut ? { kind: "timeout" } : classifyAttemptError(error, signal);
    } finally {
      deadline.dispose();
      this.concurrency.release();
    }
    // Not marked (no socket was reached, or a custom fetch reports nothing): counted with its outcome.
    if (!sent && failure?.kind !== "aborted") sentWatch.take()?.();
    sentWatch.take();
    if (failure?.kind === "aborted" && !sent) return { ok: false, failure };
    const status = failure ? (failure.kind === "aborted" ? "interrupted" : statusLabel(failure)) : "200";
    this.options.stats.recordStatus(status);
    const costUsd = parsed ? costOf(parsed.usage, this.config.price) : 0;
    if (parsed) this.options.stats.recordUsage(this.name, parsed.usage, costUsd);
    this.options.onEvent?.({
      type: "request",
      model: this.name,
      item: request.itemId,
      status,
      attempt,
      ms: Math.round(performance.now() - started),
      ...(parsed ? { usage: parsed.usage, cost_usd: costUsd } : {}),
    });
    return parsed ? { ok: true, parsed, costUsd } : { ok: false, failure: failure! };
  }

  /** On a 400 about response_format: the next weaker structured-output mode. Returns whether it stepped. */
  private stepDownStructuredOutput(f: AttemptFailure, request: ChatRequest): boolean {
    if (
      f.kind !== "http" ||
      f.status !== 400 ||
      !request.outputSchema ||
      this.structuredMode === "none" ||
      !/response_format|json_schema|structured|guided/i.test(f.message)
    )
      return false;
    const from = this.structuredMode;
    this.structuredMode = from === "json_schema" ? "json_object" : "none";
    this.options.onEvent?.({
      type: "structured_output_fallback",
      model: this.name,
      from,
      to: this.structuredMode,
      reason: redactSecrets(f.message).slice(0, 200),
    });
    return true;
  }

  /** Failures that end this request (the item fails, the run goes on). */
  private throwIfFinal(f: AttemptFailure, attempt: number): void {
    if (f.kind === "http" && !isRetryableStatus(f.status)) {
      throw new RequestFailedError(
        redactSecrets(`HTTP ${f.status} from model '${this.name}': ${f.message}`),
        `http_${f.status}`,
        f.status,
      );
    }
    if (f.kind === "too_large")
      throw new RequestFailedError(
        `model '${this.name}' answered more than max_response_bytes (${f.limit} bytes); the answer was not kept`,
        "response_too_large",
      );
    if (attempt + 1 >= this.maxTries) {
      const detail = "message" in f ? `: ${f.message}` : "what" in f ? `: ${f.what}` : "";
      throw new RequestFailedError(
        redactSecrets(
          `model '${this.name}': gave up after ${this.maxTries} tries (last: ${statusLabel(f)}${detail})`,
        ),
        "retries_exhausted",
        f.kind === "http" ? f.status : undefined,
      );
    }
  }

  /** `response` has a choices[0].message (readCompletion checked). */
  private toCachedResponse(response: OpenAI.Chat.Completions.ChatCompletion): CachedResponse {
    const choice = response.choices[0];
    // A key a server echoes back must not reach the dataset, the cache or the journal.
    const scrub = redactSecretsInData;
    const toolCalls = (choice.message.tool_calls ?? []).filter((t) => t.type === "function") as ToolCall[];
    return {
      content: choice.message.content == null ? null : scrub(choice.message.content),
      ...(toolCalls.length
        ? {
            toolCalls: toolCalls.map((t) => ({
              id: scrub(String(t.id)),
              type: "function",
              function: { name: scrub(t.function.name), arguments: scrub(t.function.arguments) },
            })),
          }
        : {}),
      finishReason: choice.finish_reason ?? null,
      usage: {
        prompt_tokens: response.usage?.prompt_tokens ?? 0,
        completion_tokens: response.usage?.completion_tokens ?? 0,
      },
      model: scrub(response.model ?? this.config.model),
    };
  }

  /** Failures that stop the whole run: bad key, unknown model or endpoint, nothing listening. */
  private throwIfFatal(f: AttemptFailure): void {
    const where = `model '${this.name}' at ${this.baseUrl}`;
    if (f.kind === "http" && (f.status === 401 || f.status === 403)) {
      const envName = this.config.api_key_env;
      const fix = envName
        ? `check $${envName}`
        : "no API key is configured: set api_key_env in the model config or pass --api-key-env VAR";
      throw new AuthError(`authentication failed for ${where}: ${fix}`);
    }
    if (f.kind === "http" && f.status === 404) {
      throw new EndpointError(redactSecrets(`${this.notFoundMessage(f)}`));
    }
    if (f.kind === "connection" && f.refused && !this.everConnected) {
      throw new EndpointError(
        `cannot connect to ${where} (${f.message}): is the server running? check --base-url`,
      );
    }
  }

  private notFoundMessage(f: Extract<AttemptFailure, { kind: "http" }>): string {
    const aboutModel = f.code === "model_not_found" || /model/i.test(f.message);
    if (aboutModel) {
      const known = this.knownModels;
      const list = known?.length ? `; the server lists: ${known.slice(0, 20).join(", ")}` : "";
      return `model '${this.config.model}' not found at ${this.baseUrl} (model config '${this.name}'): check --model${list}`;
    }
    return `endpoint not found: ${this.baseUrl}/chat/completions returned 404: check --base-url (it usually ends in /v1)`;
  }

  private knownModels: string[] | undefined;

  /** Fetches /v1/models once, for the "model not found" message. Failures are ignored. */
  async loadKnownModels(): Promise<string[] | undefined> {
    try {
      const page = await this.sdk.models.list({ maxRetries: 0, timeout: 5000 });
      this.knownModels = page.data.map((m) => m.id);
    } catch {
      this.knownModels = undefined;
    }
    return this.knownModels;
  }
}

/**
 * The request body sent for `request` to a model of this config, with structured output in
 * `mode` (also what the cache key is computed from).
 */
export function chatRequestBody(
  c: NamedModelConfig,
  mode: StructuredOutputMode,
  request: ChatRequest,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...(c.extra_body ?? {}),
    model: c.model,
    messages: request.messages,
  };
  const temperature = request.temperature ?? c.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  const topP = request.top_p ?? c.top_p;
  if (topP !== undefined) body.top_p = topP;
  const maxTokens = request.max_tokens ?? c.max_tokens;
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (request.tools) body.tools = request.tools;
  if (request.outputSchema) {
    if (mode === "json_schema") {
      body.response_format = {
        type: "json_schema",
        json_schema: {
          name: request.outputSchema.name,
          schema: request.outputSchema.schema,
          strict: request.outputSchema.strict ?? false,
        },
      };
    } else if (mode === "json_object") {
      body.response_format = { type: "json_object" };
    }
  }
  return body;
}
