import OpenAI from "openai";
import { endpointsOf, type NamedModelConfig } from "../config/model-config.js";
import type { ToolCall } from "../core/conversation.js";
import { readSecretFromEnv, redactSecrets, redactSecretsInData } from "../core/secrets.js";
import { attemptDeadline } from "./attempt-deadline.js";
import { ABORTED, classifyAttemptError, timeoutError } from "./classify-error.js";
import { ModelError } from "./model-error.js";
import { DEFAULT_MAX_RESPONSE_BYTES, readCompletion } from "./read-completion.js";
import { buildChatBody } from "./request-body.js";
import { watchSent } from "./sent-marker.js";
import type { ChatModel, ChatResult, ModelCall } from "./types.js";

export interface TransportOptions {
  env?: NodeJS.ProcessEnv;
  /** Custom fetch for the SDK (tests and proxies). */
  fetch?: typeof fetch;
}

/**
 * An OpenAI-compatible chat completions endpoint, through the official SDK: ONE attempt per call,
 * bounded by the model's timeout (headers and body), its body capped at max_response_bytes. A
 * failure is a ModelError (see classifyAttemptError); retries, limits and the cache are wrappers.
 */
export class OpenAICompatibleModel implements ChatModel {
  readonly provider = "openai-compatible";
  readonly modelId: string;
  readonly baseUrl: string;
  private readonly sdk: OpenAI;
  /** Whether this endpoint ever answered: before that, a refused connection means a wrong URL. */
  private everAnswered = false;
  private knownModels: string[] | undefined;

  constructor(
    readonly config: NamedModelConfig,
    options: TransportOptions = {},
  ) {
    this.modelId = config.model;
    this.baseUrl = endpointsOf(config)[0].base_url.replace(/\/+$/, "");
    // The key is read now, held only by the SDK client, and registered for redaction.
    const apiKey = readSecretFromEnv(config.api_key_env, options.env);
    this.sdk = new OpenAI({
      baseURL: this.baseUrl,
      apiKey: apiKey ?? "not-needed",
      maxRetries: 0,
      timeout: config.timeout_s * 1000,
      fetch: options.fetch,
    });
  }

  async generate(call: ModelCall, signal?: AbortSignal): Promise<ChatResult> {
    const body = buildChatBody(this.config, call, call.structuredMode);
    const deadline = attemptDeadline(signal, this.config.timeout_s * 1000);
    const sent = watchSent(() => call.onSent?.());
    try {
      const response = await this.sdk.chat.completions
        .create(body as never, {
          signal: deadline.signal,
          maxRetries: 0,
          fetchOptions: sent.fetchOptions as never,
        })
        .asResponse();
      const limit = this.config.max_response_bytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const read = await readCompletion(response, limit);
      if (read.kind === "too_large")
        throw new ModelError(
          {
            kind: "content",
            label: "response_too_large",
            tooLarge: true,
            message: `model '${this.config.name}' answered more than max_response_bytes (${limit} bytes); the answer was not kept`,
          },
          { reason: "response_too_large" },
        );
      if (read.kind === "not_completion")
        throw new ModelError({
          kind: "content",
          label: "not_chat_completion",
          notChatCompletion: true,
          status: response.status,
          message: read.what,
        });
      this.everAnswered = true;
      const result = this.toResult(read.completion);
      call.onAnswer?.(result);
      return result;
    } catch (error) {
      const failure = deadline.timedOut
        ? timeoutError(this.config.timeout_s)
        : classifyAttemptError(error, signal);
      if (failure === ABORTED) {
        sent.take(); // An attempt aborted before its body left was never sent.
        throw signal?.reason ?? error;
      }
      throw await this.explain(failure);
    } finally {
      deadline.dispose();
      // Not marked (no socket was reached, or a custom fetch reports nothing): counted now.
      sent.take()?.();
    }
  }

  /** The result as kept: a key a server echoes back must not reach the dataset, the cache or the journal. */
  private toResult(response: OpenAI.Chat.Completions.ChatCompletion): ChatResult {
    const choice = response.choices[0];
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
      cached: false,
      costUsd: 0,
    };
  }

  /** The failures that stop the run get a message that names the fix. */
  private async explain(error: ModelError): Promise<ModelError> {
    const where = `model '${this.config.name}' at ${this.baseUrl}`;
    if (error.kind === "auth") {
      const envName = this.config.api_key_env;
      const fix = envName
        ? `check $${envName}`
        : "no API key is configured: set api_key_env in the model config or pass --api-key-env VAR";
      return error.stopping(`authentication failed for ${where}: ${fix}`);
    }
    if (error.kind === "not_found") return error.stopping(redactSecrets(await this.notFoundMessage(error)));
    if (error.kind === "connection" && error.refused && !this.everAnswered)
      return error.stopping(
        `cannot connect to ${where} (${error.message}): is the server running? check --base-url`,
      );
    return error;
  }

  private async notFoundMessage(error: ModelError): Promise<string> {
    const aboutModel = error.code === "model_not_found" || /model/i.test(error.message);
    if (!aboutModel)
      return `endpoint not found: ${this.baseUrl}/chat/completions returned 404: check --base-url (it usually ends in /v1)`;
    const known = await this.listModels();
    const list = known?.length ? `; the server lists: ${known.slice(0, 20).join(", ")}` : "";
    return `model '${this.config.model}' not found at ${this.baseUrl} (model config '${this.config.name}'): check --model${list}`;
  }

  /** The server's /v1/models, fetched once, for the "model not found" message. Failures are ignored. */
  private async listModels(): Promise<string[] | undefined> {
    if (this.knownModels) return this.knownModels;
    try {
      const page = await this.sdk.models.list({ maxRetries: 0, timeout: 5000 });
      this.knownModels = page.data.map((m) => m.id);
    } catch {
      this.knownModels = undefined;
    }
    return this.knownModels;
  }
}
