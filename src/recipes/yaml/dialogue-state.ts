import type { ChatMessage, ToolCall } from "../../core/conversation.js";

/** Where a role's messages go in the dataset. */
export type Side = "user" | "assistant" | "hidden";

/** A call the caller role made, with its arguments parsed (ids are ours: stable across runs). */
export interface MadeCall {
  id: string;
  name: string;
  arguments: unknown;
  /** The arguments as JSON text: the model's, compact, every number as the model spelled it. */
  json: string;
}

/** One entry of the conversation so far. */
export type Entry =
  | { kind: "message"; role: string; side: Side; text: string; data?: unknown; calls?: MadeCall[] }
  | { kind: "tool"; role: string; call: MadeCall; result: unknown };

/** JSON text of a tool result or arguments, as the chat API carries them. */
export function jsonText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function toolCall(c: MadeCall): ToolCall {
  return { id: c.id, type: "function", function: { name: c.name, arguments: c.json } };
}

/**
 * The conversation of one dialogue while it runs: every message (hidden roles' and tool results
 * too), and the views of it that each role's prompt is built from.
 */
export class DialogueState {
  readonly entries: Entry[] = [];
  /** Messages that go into the dataset so far. */
  visible = 0;
  /** The planned turns are over; the closing message (`turns.end_with`) is being asked for. */
  closing = false;
  /** The model id each role's first answer came from. */
  readonly served: Record<string, string> = {};
  /** Each role's most recent structured answer. */
  readonly data: Record<string, unknown> = {};
  /** Each role's system prompt as first sent (for `output.system`). */
  readonly firstSystem: Record<string, string> = {};

  add(entry: Entry): void {
    this.entries.push(entry);
    if (entry.kind === "message") {
      if (entry.side !== "hidden") this.visible++;
      if (entry.data !== undefined) this.data[entry.role] = entry.data;
    }
  }

  /** Messages of user/assistant roles, for templates and other roles (tool traffic left out). */
  spoken(): { role: string; side: Side; content: string }[] {
    const out: { role: string; side: Side; content: string }[] = [];
    for (const e of this.entries)
      if (e.kind === "message" && e.side !== "hidden" && e.text !== "")
        out.push({ role: e.role, side: e.side, content: e.text });
    return out;
  }

  /**
   * The conversation as `role` sees it: its own messages as "assistant", the others' as "user",
   * hidden roles' messages left out (a hidden role sees its own). The caller of tools also sees its
   * calls and their results; the others see only what was said.
   */
  viewOf(role: string, window: number | undefined, toolCaller: string | undefined): ChatMessage[] {
    const out: ChatMessage[] = [];
    const seesTools = role === toolCaller;
    for (const e of this.entries) {
      if (e.kind === "tool") {
        if (seesTools) out.push({ role: "tool", tool_call_id: e.call.id, content: jsonText(e.result) });
        continue;
      }
      if (e.side === "hidden" && e.role !== role) continue;
      const own = e.role === role;
      if (own && seesTools && e.calls?.length) {
        out.push({
          role: "assistant",
          content: e.text === "" ? null : e.text,
          tool_calls: e.calls.map(toolCall),
        });
        continue;
      }
      if (e.text === "") continue;
      out.push({ role: own ? "assistant" : "user", content: e.text });
    }
    if (window === undefined || out.length <= window) return out;
    let cut = out.length - window;
    // Never start inside a tool exchange: a tool result needs the call before it.
    while (cut < out.length && out[cut].role === "tool") cut++;
    return out.slice(cut);
  }

  /** The dataset's messages: user/assistant roles' messages, with tool calls and results. */
  outputMessages(): ChatMessage[] {
    const out: ChatMessage[] = [];
    for (const e of this.entries) {
      if (e.kind === "tool") {
        out.push({ role: "tool", tool_call_id: e.call.id, name: e.call.name, content: jsonText(e.result) });
        continue;
      }
      if (e.side === "hidden") continue;
      if (e.calls?.length) {
        out.push({ role: e.side, content: e.text === "" ? null : e.text, tool_calls: e.calls.map(toolCall) });
        continue;
      }
      if (e.text !== "") out.push({ role: e.side, content: e.text });
    }
    return out;
  }

  /** The last visible message (what a role answers), or undefined at the start. */
  lastMessage(): { role: string; content: string } | undefined {
    const s = this.spoken();
    const last = s[s.length - 1];
    return last ? { role: last.role, content: last.content } : undefined;
  }

  /** Each role's most recent message text. */
  said(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.entries) if (e.kind === "message" && e.text !== "") out[e.role] = e.text;
    return out;
  }
}
