import type { NamedModelConfig, StructuredOutputMode } from "../config/model-config.js";
import type { ChatMessage, ToolCall } from "../core/conversation.js";

/** A JSON Schema the answer must follow (sent as response_format when the server supports it). */
export interface OutputSchema {
  name: string;
  schema: Record<string, unknown>;
  /** OpenAI strict mode (every property required, no extra keys); off by default for portability. */
  strict?: boolean;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Structured output: sent per the model's `structured_output` mode (json_schema | json_object | none). */
  outputSchema?: OutputSchema;
  /** Per-request overrides of the model's sampling settings. */
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  tools?: unknown[];
  /**
   * Distinguishes otherwise-identical requests in the cache: a new nonce asks for a new sample
   * (a retry after a content failure, or item i of n with the same prompt).
   */
  nonce?: string;
  /** Used in logs and events to tie a request to its work item. */
  itemId?: string;
}

/**
 * What travels down a model's wrapper stack: the request, plus what the wrappers above decided
 * (the structured-output mode in force, the try number for the request ledger).
 */
export interface ModelCall extends ChatRequest {
  structuredMode?: StructuredOutputMode;
  attempt?: number;
  /** A fallback entry waits above: a model with every replica out fails at once instead of retrying. */
  canFallBack?: boolean;
  /** Called by the transport the moment the request's body leaves (the request ledger counts it). */
  onSent?: () => void;
  /**
   * Called by the transport the moment an answer is parsed, before anything else happens to it
   * (the cache stores it there, so a kill an instant later does not make a resume buy it again).
   */
  onAnswer?: (result: ChatResult) => void;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface ChatResult {
  content: string | null;
  toolCalls?: ToolCall[];
  finishReason: string | null;
  usage: Usage;
  /** True when served from the response cache (no HTTP request, no cost). */
  cached: boolean;
  /** The model id the server reports. */
  model: string;
  costUsd: number;
}

/**
 * A model behind one interface. An implementation (the OpenAI-compatible transport) makes one
 * attempt; wrappers composed around it add the cross-cutting concerns (cache, retries, limits,
 * structured-output fallback, accounting). What reaches the caller of a composed model is final:
 * - resolves with a ChatResult;
 * - rejects with a ModelError: `stopsRun` false — this request failed for good (a 400, retries
 *   exhausted), the item fails and the run goes on; `stopsRun` true — the model cannot serve this
 *   run at all (401/403, unknown model or endpoint, nothing listening), the run stops;
 * - rejects with the signal's reason when the caller aborted.
 */
export interface ChatModel {
  /** What kind of model this is: "openai-compatible", "recording" (dry run), "queue" (workers). */
  readonly provider: string;
  /**
   * The provider whose answers this model serves, when not its own (a queue serves its workers'
   * OpenAI-compatible answers): the response cache keys them as that provider's.
   */
  readonly cacheProvider?: string;
  /** The model id sent to the endpoint. */
  readonly modelId: string;
  /** The `models:` entry it was made from (name, limits, prices). */
  readonly config: NamedModelConfig;
  generate(call: ModelCall, signal?: AbortSignal): Promise<ChatResult>;
}

/** A cross-cutting concern: takes the model below and returns one with the concern added. */
export type ModelMiddleware = (next: ChatModel) => ChatModel;

/** `inner` with `middlewares` around it, the first outermost. */
export function wrapModel(inner: ChatModel, ...middlewares: ModelMiddleware[]): ChatModel {
  return middlewares.reduceRight((model, middleware) => middleware(model), inner);
}

/** A wrapper that changes only `generate` (identity fields pass through). */
export function wrapGenerate(
  next: ChatModel,
  generate: (call: ModelCall, signal: AbortSignal | undefined) => Promise<ChatResult>,
): ChatModel {
  return { provider: next.provider, modelId: next.modelId, config: next.config, generate };
}
