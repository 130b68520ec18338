import type { Conversation } from "../../core/conversation.js";
import { parseToolArguments } from "./lossless.js";

/** A tool call the way chat templates expect it: `arguments` an object, not a JSON string. */
export interface TemplateToolCall {
  id?: string;
  type: "function";
  function: { name: string; arguments: unknown };
}

/** A message the way transformers' apply_chat_template receives it. */
export interface TemplateMessage {
  role: string;
  content: string | null;
  tool_calls?: TemplateToolCall[];
  tool_call_id?: string;
  name?: string;
  /** Qwen3-style reasoning kept beside the content (readers may carry it through). */
  reasoning_content?: string;
  [key: string]: unknown;
}

/**
 * Conversation -> template input. Messages keep every field they have; tool-call arguments are
 * parsed losslessly (so `21.0` survives). Built-in renderers and the Jinja path use this one
 * conversion, so both see the same data.
 */
export function toTemplateMessages(conversation: Conversation): TemplateMessage[] {
  return conversation.messages.map((message) => {
    const out: TemplateMessage = { ...(message as unknown as TemplateMessage) };
    for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
    if (message.tool_calls) {
      out.tool_calls = message.tool_calls.map((call) => ({
        ...call,
        function: { ...call.function, arguments: parseToolArguments(call.function.arguments) },
      }));
    }
    return out;
  });
}

/** Jinja truthiness of a list field (`{% if message.tool_calls %}`): present and non-empty. */
export function hasItems(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}
