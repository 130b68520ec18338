import { describe, expect, it } from "vitest";
import type { ChatMessage, Conversation, ToolSpec } from "../../src/core/conversation.js";
import { parseRecord } from "../../src/formats/read/index.js";
import { JinjaChatRenderer } from "../../src/formats/render/jinja.js";
import { parseJsonLossless, stringifyJsonLossless } from "../../src/formats/render/lossless.js";
import { qwenToolCallsText, qwenToolResponsesText } from "../../src/formats/render/qwen-common.js";
import { qwen2_5Renderer } from "../../src/formats/render/qwen2_5.js";
import { qwen3Renderer } from "../../src/formats/render/qwen3.js";
import { toTemplateMessages } from "../../src/formats/render/template-messages.js";
import { fixturePath } from "../support/fixtures.js";

const fixture = (name: string) => fixturePath(`chat-templates/${name}`);
const officialQwen25 = JinjaChatRenderer.fromFile(fixture("qwen2_5.jinja"));

const TOOLS = parseJsonLossless(
  '[{"type": "function", "function": {"name": "search_restaurants", "description": "음식점 검색", "parameters": {"type": "object", "properties": {"query": {"type": "string"}, "min_rating": {"type": "number", "minimum": 0.0}}, "required": ["query"]}}},' +
    ' {"type": "function", "function": {"name": "add_cart_item", "description": "장바구니에 담기", "parameters": {"type": "object", "properties": {"menu_id": {"type": "string"}, "quantity": {"type": "integer"}}}}}]',
) as ToolSpec[];
const SYSTEM = "당신은 배달 앱 상담원입니다. 오늘은 2025-01-15입니다.";

/** A native conversation: structured parallel calls with floats, consecutive tool results. */
const native: Conversation = {
  tools: TOOLS,
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: "근처 평점 4.5 이상 떡볶이집 찾아줘" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "call_1",
          type: "function",
          function: { name: "search_restaurants", arguments: '{"query":"떡볶이","min_rating":4.5}' },
        },
        {
          id: "call_2",
          type: "function",
          function: { name: "search_restaurants", arguments: '{"query": "분식", "min_rating": 21.0}' },
        },
      ],
    },
    { role: "tool", tool_call_id: "call_1", content: '{"restaurants": [{"id": "r1", "rating": 4.7}]}' },
    { role: "tool", tool_call_id: "call_2", content: '{"restaurants": []}' },
    {
      role: "assistant",
      content: "엽기떡볶이를 찾았어요. 담아 드릴까요?",
      tool_calls: [
        {
          id: "call_3",
          type: "function",
          function: { name: "add_cart_item", arguments: '{"menu_id": "m1", "quantity": 2}' },
        },
      ],
    },
    { role: "tool", tool_call_id: "call_3", content: '{"ok": true}' },
    { role: "assistant", content: "장바구니에 2인분 담았습니다." },
  ],
};

/** The same dialogue in the tools recipe's text form: calls and results as plain text. */
function toTextForm(conversation: Conversation): ChatMessage[] {
  const messages = toTemplateMessages(conversation);
  const out: ChatMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === "assistant" && m.tool_calls?.length) {
      out.push({ role: "assistant", content: qwenToolCallsText(m.content, m.tool_calls) });
    } else if (m.role === "tool") {
      const results: string[] = [];
      while (messages[i]?.role === "tool") results.push(messages[i++]!.content ?? "");
      i--;
      out.push({ role: "user", content: qwenToolResponsesText(results) });
    } else {
      out.push({ role: m.role as ChatMessage["role"], content: m.content });
    }
  }
  return out;
}

describe("the tools recipe's <tool_call> text form", () => {
  const textMessages = toTextForm(native);
  // The record as the tools recipe writes it: system prompt outside the messages.
  const record = {
    tools: TOOLS,
    uid: "user_01",
    dates: "2025-01-15",
    system_prompt: SYSTEM,
    messages: textMessages.slice(1),
  };
  const plain: Conversation = {
    tools: TOOLS,
    messages: [{ role: "system", content: SYSTEM }, ...record.messages],
  };

  it("writes tool-call JSON exactly as the Qwen template does (floats kept)", () => {
    expect(textMessages[2]!.content).toBe(
      '<tool_call>\n{"name": "search_restaurants", "arguments": {"query": "떡볶이", "min_rating": 4.5}}\n</tool_call>\n' +
        '<tool_call>\n{"name": "search_restaurants", "arguments": {"query": "분식", "min_rating": 21.0}}\n</tool_call>',
    );
  });

  it("renders as plain messages to the same bytes as the native structured form (qwen2.5)", () => {
    const expected = qwen2_5Renderer.render(native);
    expect(qwen2_5Renderer.render(plain)).toBe(expected);
    // The official template agrees on both forms.
    expect(officialQwen25.render(native)).toBe(expected);
    expect(officialQwen25.render(plain)).toBe(expected);
    expect(expected).toContain('"min_rating": 21.0}}');
  });

  it("read back into structured calls by the shared reader, still renders to the same bytes", () => {
    const line = stringifyJsonLossless(record); // the JSONL line as the recipe writes it
    expect(line).toContain('\\"min_rating\\": 21.0}');
    const item = parseRecord(parseJsonLossless(line), 1);
    expect(item.ok).toBe(true);
    if (!item.ok) return;
    const structured = item.record.conversation;
    expect(structured.messages.filter((m) => m.role === "tool")).toHaveLength(3);
    expect(qwen2_5Renderer.render(structured)).toBe(qwen2_5Renderer.render(plain));
  });

  it("qwen3 also gives the same bytes for both forms", () => {
    expect(qwen3Renderer.render(plain)).toBe(qwen3Renderer.render(native));
  });
});
