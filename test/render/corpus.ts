import type { ChatMessage, Conversation, ToolSpec } from "../../src/core/conversation.js";
import { Rng } from "../../src/core/rng.js";
import { parseJsonLossless } from "../../src/formats/render/lossless.js";
import type { RenderOptions } from "../../src/formats/render/types.js";

/**
 * A deterministic corpus of awkward conversations for byte-exactness checks: tools and none,
 * parallel calls, consecutive tool messages, system or not (and a late system turn), Korean
 * and emoji text, escapes, floats spelled `21.0`/`1e-07`/`1E5`, big ints, reasoning for Qwen3
 * (as `reasoning_content` and as `<think>` in the content), tool results sent back as user text.
 */

// Tools as JSON text, read losslessly so `0.0`/`5.0` in the schemas stay floats.
const TOOLS_JSON = [
  '{"type": "function", "function": {"name": "search_restaurants", "description": "음식점을 검색합니다 🍜", "parameters": {"type": "object", "properties": {"query": {"type": "string"}, "min_rating": {"type": "number", "minimum": 0.0, "maximum": 5.0}, "limit": {"type": "integer", "default": 10}}, "required": ["query"]}}}',
  '{"type": "function", "function": {"name": "get_weather", "description": "Get \\"current\\" weather\\nfor a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}}, "required": ["city"]}}}',
  '{"type": "function", "function": {"name": "add_cart_item", "description": "장바구니에 추가", "parameters": {"type": "object", "properties": {"menu_id": {"type": "string"}, "quantity": {"type": "integer"}, "options": {"type": "array", "items": {"type": "string"}}}, "required": ["menu_id", "quantity"]}}}',
  '{"type": "function", "function": {"name": "get_order_status", "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}}}}',
];

const TEXTS = [
  "Weather in Paris and Rome?",
  "안녕하세요! 주문 상태를 확인하고 싶어요.",
  "떡볶이 2인분이랑 김밥 하나 주세요 😋",
  'He said "hi" \\ and left.',
  "line one\nline two\n\nline four",
  "\nstarts with a newline",
  "ends with newlines\n\n",
  "tabs\tand\u0001control",
  "   spaced   ",
  "</think> in the middle of a user message",
  "What is 21.0 + 1e-7?",
  "مرحبا بالعالم",
  "日本語のテキストです。",
  "",
];

const ARG_VALUES = [
  "21.0",
  "0.5",
  "1e-7",
  "1E5",
  "-0.0",
  "12345678901234567890",
  "3.14159",
  "1e16",
  "100.0",
  "-2.50",
  "0",
  "-17",
  "true",
  "false",
  "null",
  '"서울"',
  '"quote \\" backslash \\\\ newline \\n tab \\t"',
  '"emoji 🎉 and \\u00e9"',
  "[1, 2.0, 3e2]",
  '{"nested": {"deep": [1.0, {"x": "y"}]}}',
  "[]",
  "{}",
];

const RESULTS = [
  '{"temp_c": 18}',
  '{"temp_c": 24.0, "sky": "맑음"}',
  '{"status": "배달 중", "eta_min": 15}',
  "plain text result",
  "",
  "[1, 2, 3]",
];

const REASONING = [
  "Let me think.\nThe user wants food.",
  "\n\n간단히 생각해 보자.\n\n",
  "",
  "multi\nline\nreasoning",
];

function argsText(rng: Rng): string {
  const roll = rng.float();
  if (roll < 0.05) return "not json at all";
  if (roll < 0.1) return JSON.stringify('{"a": 1}'); // a JSON string holding JSON: encoded twice by tojson
  const keys = rng.sample(["city", "query", "amount", "flag", "items", "meta", "n", "도시"], rng.int(0, 4));
  return `{${keys.map((k) => `"${k}": ${rng.pick(ARG_VALUES)}`).join(", ")}}`;
}

function assistantText(rng: Rng): string {
  const base = rng.pick(TEXTS) || "OK.";
  const roll = rng.float();
  if (roll < 0.2) return `<think>\n${rng.pick(REASONING)}\n</think>\n\n${base}`;
  if (roll < 0.25) return `<think>${rng.pick(REASONING)}</think>${base}`;
  if (roll < 0.3) return `reasoning without open tag</think>\n${base}`;
  return base;
}

export interface CorpusCase {
  conversation: Conversation;
  options: RenderOptions;
}

export function makeCorpus(count: number, seed: number): CorpusCase[] {
  const rng = new Rng(seed);
  const tools = TOOLS_JSON.map((t) => parseJsonLossless(t) as ToolSpec);
  const cases: CorpusCase[] = [];
  for (let n = 0; n < count; n++) {
    const messages: ChatMessage[] = [];
    const useTools = rng.chance(0.6);
    if (rng.chance(0.5))
      messages.push({
        role: "system",
        content: rng.pick([
          "You are a travel assistant.",
          "당신은 배달 앱 상담원입니다.",
          "",
          "multi\nline system",
        ]),
      });
    let callNo = 0;
    const turns = rng.int(1, 4);
    for (let t = 0; t < turns; t++) {
      messages.push({ role: "user", content: rng.pick(TEXTS) });
      if (t === turns - 1 && rng.chance(0.3)) break; // ends on the user: a generation prompt case
      if (useTools && rng.chance(0.6)) {
        const calls = rng.int(1, 3);
        const toolCalls = Array.from({ length: calls }, () => ({
          id: `call_${++callNo}`,
          type: "function" as const,
          function: {
            name: rng.pick(["get_weather", "search_restaurants", "add_cart_item"]),
            arguments: argsText(rng),
          },
        }));
        const content = rng.chance(0.3) ? assistantText(rng) : rng.chance(0.5) ? null : "";
        const message: ChatMessage & { reasoning_content?: string } = {
          role: "assistant",
          content,
          tool_calls: toolCalls,
        };
        if (rng.chance(0.2)) message.reasoning_content = rng.pick(REASONING);
        messages.push(message);
        if (rng.chance(0.25)) {
          // Results sent back as one user turn of <tool_response> blocks (the text form).
          messages.push({
            role: "user",
            content: toolCalls
              .map(() => `<tool_response>\n${rng.pick(RESULTS)}\n</tool_response>`)
              .join("\n"),
          });
        } else {
          for (const call of toolCalls)
            messages.push({ role: "tool", tool_call_id: call.id, content: rng.pick(RESULTS) });
        }
        if (rng.chance(0.15) && t === turns - 1) break; // ends right after tool results
      }
      if (rng.chance(0.1)) messages.push({ role: "system", content: "A later system note." });
      const reply: ChatMessage & { reasoning_content?: string } = {
        role: "assistant",
        content: assistantText(rng),
      };
      if (rng.chance(0.15)) reply.reasoning_content = rng.pick(REASONING);
      messages.push(reply);
    }
    const conversation: Conversation = { messages };
    if (useTools) conversation.tools = rng.sample(tools, rng.int(1, tools.length));
    const options: RenderOptions = { addGenerationPrompt: rng.chance(0.5) };
    const thinking = rng.int(0, 2);
    if (thinking > 0) options.enableThinking = thinking === 1;
    cases.push({ conversation, options });
  }
  return cases;
}
