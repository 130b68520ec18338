import type { ModelConfig, StructuredOutputMode } from "../config/model-config.js";
import type { ChatRequest } from "./types.js";

/**
 * The chat completions body for a request to a model, as sent over HTTP and written into Batch
 * API input files: the entry's extra fields and sampling settings under the request's own, and
 * the output schema in the form the structured-output mode allows. Pure: no client needed.
 */
export function buildChatBody(
  config: Pick<
    ModelConfig,
    "model" | "extra_body" | "temperature" | "top_p" | "max_tokens" | "structured_output"
  >,
  request: ChatRequest,
  mode: StructuredOutputMode = config.structured_output,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...(config.extra_body ?? {}),
    model: config.model,
    messages: request.messages,
  };
  const temperature = request.temperature ?? config.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  const topP = request.top_p ?? config.top_p;
  if (topP !== undefined) body.top_p = topP;
  const maxTokens = request.max_tokens ?? config.max_tokens;
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
