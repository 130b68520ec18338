import type { ChatRequestBody, Fault, ReplyObject } from "./types.js";

export interface CompletionParts {
  id: string;
  model: string;
  reply: ReplyObject;
  promptTokens: number;
  count: (text: string) => number;
  /** Cut the content at this many (estimated) tokens with finish_reason "length". */
  maxTokens?: number;
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  system_fingerprint: string;
  choices: Array<{
    index: number;
    message: {
      role: "assistant";
      content: string | null;
      refusal: null;
      tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
    };
    logprobs: null;
    finish_reason: string;
  }>;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    prompt_tokens_details: { cached_tokens: number };
    completion_tokens_details: { reasoning_tokens: number };
  };
}

/** Applies a content fault to what the responder said. */
export function applyContentFault(reply: ReplyObject, fault: Fault | undefined): ReplyObject {
  if (!fault) return reply;
  const content = reply.content ?? "";
  switch (fault.kind) {
    case "empty-content":
      return { ...reply, content: fault.null ? null : "", toolCalls: undefined, finishReason: "stop" };
    case "code-fence":
      return { ...reply, content: `\`\`\`${fault.lang ?? "json"}\n${content}\n\`\`\`` };
    case "prose":
      return {
        ...reply,
        content: `Sure! Here is what you asked for:\n\n${content}\n\nLet me know if you would like any changes.`,
      };
    case "length":
      return { ...reply, content: content.slice(0, Math.floor(content.length / 2)), finishReason: "length" };
    default:
      return reply;
  }
}

/** Cuts content to about `maxTokens` tokens (estimate), saying "length" when it had to. */
function enforceMaxTokens(reply: ReplyObject, maxTokens: number, count: (t: string) => number): ReplyObject {
  const content = reply.content ?? "";
  if (count(content) <= maxTokens) return reply;
  let lo = 0;
  let hi = content.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(content.slice(0, mid)) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return { ...reply, content: content.slice(0, lo), toolCalls: undefined, finishReason: "length" };
}

export function buildCompletion(parts: CompletionParts): ChatCompletion {
  let reply = parts.reply;
  if (parts.maxTokens !== undefined) reply = enforceMaxTokens(reply, parts.maxTokens, parts.count);
  const toolCalls = reply.toolCalls?.map((t, i) => ({
    id: t.id ?? `call_${parts.id.slice(-8)}_${i + 1}`,
    type: "function" as const,
    function: {
      name: t.name,
      arguments: typeof t.arguments === "string" ? t.arguments : JSON.stringify(t.arguments),
    },
  }));
  const content = reply.content === undefined ? (toolCalls?.length ? null : "") : reply.content;
  let completionTokens = parts.count(content ?? "");
  for (const t of toolCalls ?? [])
    completionTokens += parts.count(t.function.name) + parts.count(t.function.arguments) + 3;
  const promptTokens = reply.usage?.prompt_tokens ?? parts.promptTokens;
  completionTokens = reply.usage?.completion_tokens ?? completionTokens;
  return {
    id: parts.id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? parts.model,
    system_fingerprint: "fp_dialogsmith_fake",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content,
          refusal: null,
          ...(toolCalls?.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: reply.finishReason ?? (toolCalls?.length ? "tool_calls" : "stop"),
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  };
}

/** A completion as server-sent events (`stream: true`): role, content in a few pieces, finish, [DONE]. */
export function streamEvents(completion: ChatCompletion, body: ChatRequestBody): string[] {
  const choice = completion.choices[0];
  const base = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    system_fingerprint: completion.system_fingerprint,
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage: unknown = undefined) =>
    `data: ${JSON.stringify({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(usage !== undefined ? { usage } : {}),
    })}\n\n`;
  const events = [chunk({ role: "assistant", content: "" }, null)];
  const content = choice.message.content ?? "";
  const pieces = Math.min(4, Math.max(1, content.length));
  const size = Math.ceil(content.length / pieces);
  for (let i = 0; i < content.length; i += size)
    events.push(chunk({ content: content.slice(i, i + size) }, null));
  choice.message.tool_calls?.forEach((t, index) => {
    events.push(chunk({ tool_calls: [{ index, id: t.id, type: "function", function: t.function }] }, null));
  });
  events.push(chunk({}, choice.finish_reason));
  if (body.stream_options?.include_usage)
    events.push(`data: ${JSON.stringify({ ...base, choices: [], usage: completion.usage })}\n\n`);
  events.push("data: [DONE]\n\n");
  return events;
}
