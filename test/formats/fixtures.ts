import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Records in every shape our recipes write and the external shapes readers accept. */
export const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

export const roleplay = {
  id: "rp-1",
  prompt: "user: Привет!\nassistant: Добрый день! Чем могу помочь?\nuser: Сколько стоит?",
  completion: "10 USDT.",
  messages: [
    { role: "assistant", content: "Добрый день! Чем могу помочь?", order: 1 },
    { role: "user", content: "Привет!", order: 0 },
    { role: "user", content: "Сколько стоит?", order: 2 },
    { role: "assistant", content: "10 USDT.", order: 3 },
  ],
  metadata: { role_type: "crypto_seller", generated: true },
};

export const math = {
  id: "m-1",
  messages: [
    { role: "system", content: "Solve step by step." },
    { role: "user", content: "2+2?" },
    { role: "assistant", content: "<think>2+2=4</think><answer>4</answer>" },
    { role: "user", content: "Why?" },
    { role: "assistant", content: "Addition." },
  ],
  metadata: { mode: "followup", task_type: "arithmetic" },
};

export const roundsHistory = {
  id: "r1-000001",
  rounds: [
    { question: "What is 2+2?", answer: "5", correction: "4" },
    { question: "And times 3?", answer: "13", correction: "12" },
  ],
};

export const roundsSingle = {
  id: "r1-000002",
  question: "Capital of France?",
  answer: "Lyon",
  correction: "Paris",
};

export const toolsRecord = {
  tools: [WEATHER_TOOL],
  uid: "fac75497",
  dates: "2026-02-14",
  system_prompt: "You are a travel assistant.",
  messages: [
    { role: "user", content: "Weather in Paris and Rome?" },
    {
      role: "assistant",
      content:
        '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "n": 21.0}}\n</tool_call>\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Rome"}}\n</tool_call>',
    },
    {
      role: "user",
      content:
        '<tool_response>\n{"temp_c": 18}\n</tool_response>\n<tool_response>\n{"temp_c": 24}\n</tool_response>',
    },
    { role: "assistant", content: "Paris is 18°C, Rome 24°C." },
  ],
};

export const openaiTools = {
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Weather in Oslo?" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "c9", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
      ],
    },
    { role: "tool", tool_call_id: "c9", content: '{"temp_c": 3}' },
    { role: "assistant", content: "3°C.", weight: 1 },
  ],
  tools: [WEATHER_TOOL],
};

export const sharegpt = {
  conversations: [
    { from: "human", value: "Weather in Oslo and Bergen?" },
    {
      from: "function_call",
      value:
        '[{"name": "get_weather", "arguments": {"city": "Oslo"}}, {"name": "get_weather", "arguments": {"city": "Bergen"}}]',
    },
    { from: "observation", value: '{"temp_c": 3}\n</tool_response>\n<tool_response>\n{"temp_c": 7}' },
    { from: "gpt", value: "Oslo 3°C, Bergen 7°C." },
  ],
  system: "Be brief.",
  tools: JSON.stringify([WEATHER_TOOL.function]),
};

export const trlMessages = {
  messages: [
    { role: "user", content: "Weather in Oslo?" },
    {
      role: "assistant",
      tool_calls: [{ type: "function", function: { name: "get_weather", arguments: { city: "Oslo" } } }],
    },
    { role: "tool", name: "get_weather", content: "3" },
    { role: "assistant", content: "3°C." },
  ],
  tools: [WEATHER_TOOL],
};

export const trlPromptCompletion = {
  prompt: [{ role: "user", content: "Hi" }],
  completion: [{ role: "assistant", content: "Hello!" }],
};

export const dpoRecord = {
  prompt: [{ role: "user", content: "2+2?" }],
  chosen: [{ role: "assistant", content: "4" }],
  rejected: [{ role: "assistant", content: "5" }],
};

export function writeJsonl(dir: string, name: string, records: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n");
  return path;
}

/** A small strict checker written from FORMATS.md, independent of the validator under test. */
export function llamaFactoryAccepts(example: { conversations: { from: string; value: unknown }[] }): boolean {
  let turns = example.conversations;
  if (turns[0]?.from === "system") turns = turns.slice(1);
  if (turns.length === 0 || turns.length % 2 !== 0) return false;
  return turns.every(
    (t, i) =>
      typeof t.value === "string" &&
      (i % 2 === 0 ? ["human", "observation"] : ["gpt", "function_call"]).includes(t.from),
  );
}
