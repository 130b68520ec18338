import { sha256Hex } from "../../core/hash.js";
import { formatToolCallText, formatToolResponseText } from "../../formats/read/qwen-text.js";
import { pyJsonDumps } from "../../formats/render/py-json.js";
import type { DatasetRecord } from "../recipe.js";
import type { DialogueTurn } from "./dialogue.js";
import type { DomainPack, ToolSpec } from "./domain-pack.js";
import type { ToolsScenario } from "./scenario.js";
import { assistantSystemPrompt } from "./system-prompt.js";

export interface ToolsRecord extends DatasetRecord {
  tools: ToolSpec[];
  uid: string;
  dates: string;
  system_prompt: string;
  messages: { role: "user" | "assistant"; content: string }[];
  metadata: Record<string, unknown>;
}

/**
 * A UUID-shaped id that depends only on (run seed, set, index): the same item gets the same uid in
 * online and batch mode and on every re-run.
 */
export function toolsUid(seed: number, set: "train" | "gold", index: number): string {
  const h = sha256Hex(`dialogsmith/tools/${set}/${seed}/${index}`);
  // Version 4 layout, variant 10xx, so tools that check UUID syntax accept it.
  const variant = ((Number.parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A tool result's text: JSON values written as Python's json.dumps writes them, text as is. */
function resultText(result: unknown): string {
  return typeof result === "string" ? result : pyJsonDumps(result);
}

/**
 * The seed's text form of tool use, as Qwen2.5's template renders native tool calls:
 * an assistant call is `<tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>` (several
 * joined by `\n`, any text before them), and the results of one assistant turn are ONE user message
 * of `<tool_response>\n...\n</tool_response>` blocks joined by `\n`. JSON is Python-style
 * (`", "`/`": "`, key order kept, non-ASCII kept), so the text renders to the same bytes.
 */
export function toQwenTextMessages(turns: DialogueTurn[]): ToolsRecord["messages"] {
  const out: ToolsRecord["messages"] = [];
  let results: string[] = [];
  const flush = () => {
    if (results.length === 0) return;
    out.push({ role: "user", content: formatToolResponseText(results) });
    results = [];
  };
  for (const t of turns) {
    if (t.role === "tool") {
      results.push(resultText(t.result));
      continue;
    }
    flush();
    if (t.role === "user") out.push({ role: "user", content: t.content });
    else if (t.calls.length === 0) out.push({ role: "assistant", content: t.content });
    else {
      const calls = t.calls.map((c) => ({ name: c.name, arguments: pyJsonDumps(c.arguments) }));
      out.push({
        role: "assistant",
        content: formatToolCallText(t.content.trim() === "" ? null : t.content, calls),
      });
    }
  }
  flush();
  return out;
}

export interface RecordContext {
  id: string;
  uid: string;
  pack: DomainPack;
  scenario: ToolsScenario;
  metadata: Record<string, unknown>;
}

/** The seed's record `{tools, uid, dates, system_prompt, messages}`, with our `id` first and `metadata` last. */
export function buildToolsRecord(turns: DialogueTurn[], ctx: RecordContext): ToolsRecord {
  const { pack, scenario } = ctx;
  const calls = turns.flatMap((t) => (t.role === "assistant" ? t.calls.map((c) => c.name) : []));
  return {
    id: ctx.id,
    tools: pack.tools,
    uid: ctx.uid,
    dates: scenario.dates,
    system_prompt: assistantSystemPrompt(pack, scenario),
    messages: toQwenTextMessages(turns),
    metadata: {
      domain: pack.name,
      ...(scenario.category ? { category: scenario.category } : {}),
      ...ctx.metadata,
      user_id: scenario.user_id,
      topic: scenario.topic,
      supported: scenario.supported,
      twists: scenario.twists,
      user_turns: turns.filter((t) => t.role === "user").length,
      tool_calls: calls.length,
      tools_used: [...new Set(calls)],
      generated: true,
    },
  };
}
