import type { ChatMessage, ToolSpec as CoreToolSpec, ToolCall } from "../../core/conversation.js";
import { sha256Hex } from "../../core/hash.js";
import type { CanonicalRecord } from "../../core/record.js";
import { pyJsonDumps } from "../../formats/render/py-json.js";
import type { DialogueTurn } from "./dialogue.js";
import type { DomainPack } from "./domain-pack.js";
import type { ToolsScenario } from "./scenario.js";
import { assistantSystemPrompt } from "./system-prompt.js";

export type ToolsRecord = CanonicalRecord & { tools: CoreToolSpec[] };

/**
 * What a tools run leaves beside its canonical dataset.jsonl: the seed's preprocessed shape (Qwen
 * XML text) as export/tools-seed.jsonl.
 */
export const TOOLS_RUN_EXPORTS: readonly string[] = ["tools-seed"];

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
 * The dialogue as OpenAI chat messages: an assistant turn's calls become `tool_calls` with ids
 * `call_1`, `call_2`, ... in the order of the dialogue, and each result a `tool` message answering
 * the call at its place among its turn's calls. Text before calls is kept (trailing whitespace
 * aside, as Qwen's template would drop it), none at all is `content: null`.
 */
export function toolsMessages(turns: DialogueTurn[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  let next = 1;
  let pending: ToolCall[] = [];
  for (const t of turns) {
    if (t.role === "tool") {
      const call = pending.shift();
      out.push({
        role: "tool",
        ...(call ? { tool_call_id: call.id } : {}),
        name: call?.function.name ?? t.name,
        content: resultText(t.result),
      });
      continue;
    }
    pending = [];
    if (t.role === "user") out.push({ role: "user", content: t.content });
    else if (t.calls.length === 0) out.push({ role: "assistant", content: t.content });
    else {
      const calls: ToolCall[] = t.calls.map((c) => ({
        id: `call_${next++}`,
        type: "function",
        function: { name: c.name, arguments: c.text },
      }));
      const text = t.content.trim() === "" ? null : t.content.replace(/[ \t\n\r\v\f]+$/, "");
      out.push({ role: "assistant", content: text, tool_calls: calls });
      pending = calls.slice();
    }
  }
  return out;
}

export interface RecordContext {
  id: string;
  uid: string;
  pack: DomainPack;
  scenario: ToolsScenario;
  metadata: Record<string, unknown>;
}

/**
 * The canonical record: the assistant's system prompt as the system message, the pack's tools
 * beside the messages, and the seed's `uid` and `dates` first in metadata (the tools-seed export
 * writes the seed's `{tools, uid, dates, system_prompt, messages}` with Qwen's XML text from it).
 */
export function buildToolsRecord(turns: DialogueTurn[], ctx: RecordContext): ToolsRecord {
  const { pack, scenario } = ctx;
  const calls = turns.flatMap((t) => (t.role === "assistant" ? t.calls.map((c) => c.name) : []));
  return {
    id: ctx.id,
    messages: [{ role: "system", content: assistantSystemPrompt(pack, scenario) }, ...toolsMessages(turns)],
    tools: pack.tools as CoreToolSpec[],
    metadata: {
      recipe: "tools",
      uid: ctx.uid,
      dates: scenario.dates,
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
