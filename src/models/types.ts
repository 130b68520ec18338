import type { NamedModelConfig } from "../config/model-config.js";
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
 * What a recipe holds to talk to a model. Implementations retry transient failures themselves;
 * what reaches the caller is final:
 * - resolves with a ChatResult;
 * - rejects with RequestFailedError (this item failed: 400, retries exhausted) — the run goes on;
 * - rejects with AuthError / EndpointError (401/403, unknown model, unreachable) — the run stops.
 */
export interface ModelHandle {
  readonly name: string;
  readonly config: NamedModelConfig;
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
}
