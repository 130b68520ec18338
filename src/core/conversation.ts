/**
 * The data model every layer shares: chat messages, tools, and the canonical conversation record.
 */

export type ChatRole = "system" | "user" | "assistant" | "tool";

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: ChatRole;
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
}

/** An OpenAI function tool: `{"type": "function", "function": {name, description, parameters}}`. */
export interface ToolSpec {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/**
 * The one in-memory shape every reader produces and every exporter/renderer consumes: OpenAI-style
 * messages with structured tool calls (`tool_calls[].function.arguments` is a JSON string, as in
 * the OpenAI API). A system prompt kept outside `messages` (the tools recipe's `system_prompt`)
 * is moved into `messages[0]` by readers, so consumers see one form.
 */
export interface Conversation {
  id?: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  metadata?: Record<string, unknown>;
}
