import type { ChatMessage } from "../../core/conversation.js";
import { argumentGuide } from "./argument-guide.js";
import type { DomainPack } from "./domain-pack.js";
import type { ToolsScenario } from "./scenario.js";
import { SYSTEM_PROMPT_FIELDS } from "./system-prompt.js";

const LANGUAGE_NAMES: Record<string, string> = {
  ko: "Korean",
  en: "English",
  ru: "Russian",
  zh: "Chinese",
  ja: "Japanese",
  de: "German",
  fr: "French",
  es: "Spanish",
};

function languageName(code: string): string {
  return LANGUAGE_NAMES[code.toLowerCase().split(/[-_]/)[0]] ?? code;
}

/** The rule for tools the pack wants confirmed before they are called. */
function confirmRule(pack: DomainPack): string[] {
  const tools = pack.confirm_before ?? [];
  if (tools.length === 0) return [];
  return [
    `- Before calling ${tools.join(" or ")}, the assistant says what it is about to do (for an order: items, address, payment method and the final amount) and asks the user; it calls only in its next turn, after the user has agreed — never in the same message as the question, never straight after a tool result.`,
  ];
}

/**
 * The writer's instructions. They depend only on the pack, so providers can cache this prefix
 * across every item; the scenario (what varies) is the user message.
 */
export function toolsSystemPrompt(pack: DomainPack): string {
  const lang = languageName(pack.language);
  const placeholders = Object.values(SYSTEM_PROMPT_FIELDS).some((p) => pack.system_prompt.includes(p))
    ? `(${Object.values(SYSTEM_PROMPT_FIELDS).join(" and ")} are filled in with the scenario's account id and date.)`
    : undefined;
  const tools = pack.tools.map((t) => JSON.stringify(t)).join("\n");
  const returns = pack.tools
    .map((t) => {
      const f = pack.tools_return_format[t.function.name];
      return f ? `${t.function.name}: ${JSON.stringify(f)}` : undefined;
    })
    .filter(Boolean)
    .join("\n");
  return [
    "You write realistic multi-turn training dialogues for a function-calling assistant.",
    `The assistant${pack.description ? ` (${pack.description})` : ""} follows the system prompt below and can call the tools below.`,
    "You write every part of the dialogue: the user's messages, the assistant's messages and tool calls, and the tool results, which you simulate: realistic, consistent with each tool's result format and with everything said earlier in the dialogue.",
    "",
    "Rules:",
    '- Answer with ONLY a JSON object, no commentary: {"messages": [...]}. Each message is one of:',
    '  {"role": "user", "content": "..."}',
    '  {"role": "assistant", "content": "", "tool_calls": [{"name": "<tool>", "arguments": {...}}]}  (one or more calls; content is usually empty)',
    '  {"role": "tool", "name": "<tool>", "content": {...result...}}  (one per call, right after the assistant message, in the order of its calls)',
    '  {"role": "assistant", "content": "..."}  (a plain reply to the user, no calls)',
    "- The dialogue starts with a user message and ends with a plain assistant reply to the last user message.",
    "- After tool results, the assistant either calls more tools or replies to the user; it never replies twice in a row.",
    '- Arguments follow each tool\'s parameter schema exactly: only declared parameters, every required one; how to write each argument is listed under "Arguments" below.',
    "- Never invent ids: every id argument is copied from the user's words, an earlier tool result or the assistant's system prompt (the signed-in user's id). Calls in one assistant message cannot use each other's results.",
    "- If a call needs information the dialogue does not have (for example an order number), the assistant first looks it up with a tool that can find it or asks the user, instead of calling with a made-up value.",
    ...confirmRule(pack),
    "- Independent lookups may be several calls in one assistant message.",
    '- A failed call returns {"error": {"code": "...", "message": "..."}}; the assistant explains and offers an alternative.',
    "- Requests no tool can serve get a polite answer with no tool call at all.",
    "- No markup in message text (no <tool_call> tags, no Markdown tables).",
    `- Write every user and assistant message in ${lang}. Tool arguments follow their schema, not the dialogue's language: enum values exactly as listed, free text in ${lang}. In tool results, what the user would see (names, addresses, menu items) is in ${lang}, in the result format.`,
    "",
    "The assistant's system prompt:",
    "<<<",
    pack.system_prompt,
    ">>>",
    ...(placeholders ? [placeholders] : []),
    "",
    "Tools (OpenAI function format, one per line):",
    tools,
    "",
    "Arguments (how to write each one):",
    ...argumentGuide(pack, lang),
    ...(returns ? ["", "Result format of each tool (JSON Schema):", returns] : []),
  ].join("\n");
}

/** The scenario of one dialogue. */
export function toolsScenarioPrompt(s: ToolsScenario, pack: DomainPack): string {
  const known = pack.system_prompt.includes(SYSTEM_PROMPT_FIELDS.user_id);
  const lines = [
    "Write one dialogue for this scenario:",
    `- today's date: ${s.dates} (use it for relative dates and order times);`,
    `- the signed-in user's account id: ${s.user_id}${known ? " (in the assistant's system prompt)" : ""};`,
  ];
  if (s.category) lines.push(`- evaluation category '${s.category}': ${s.topic};`);
  else lines.push(`- what the user wants: ${s.topic};`);
  if (s.focus_tools?.length)
    lines.push(`- the dialogue exercises ${s.focus_tools.join(", ")}: it calls each of them at least once;`);
  lines.push(
    s.supported
      ? "- the tools can serve this request: the assistant uses them (at least one call);"
      : "- NO tool can serve this request: the assistant makes no tool call anywhere in the dialogue; it says politely what it cannot do and suggests where to turn;",
  );
  for (const twist of s.twists) lines.push(`- twist: ${twist};`);
  lines.push(`- exactly ${s.turns} user message(s), each answered by the assistant.`);
  return lines.join("\n");
}

export function buildToolsMessages(pack: DomainPack, scenario: ToolsScenario): ChatMessage[] {
  return [
    { role: "system", content: toolsSystemPrompt(pack) },
    { role: "user", content: toolsScenarioPrompt(scenario, pack) },
  ];
}
