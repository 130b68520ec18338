import { conversationFromObject, isMessageList, messageLike, messages } from "./dialogue-json.js";
import { isObject } from "./json-values.js";
import { isTelegramAccountExport, isTelegramChatExport, parseTelegramJson } from "./telegram-json.js";
import type { ParsedChat, ParseResult, SpeakerMessage } from "./types.js";

const EXPECTED =
  "expected {messages: [{role, content}]}, {conversations: [{from, value}]}, {prompt, completion}, " +
  "a list of those or of messages, or a Telegram result.json";

/** Keys some datasets wrap their list of dialogues in. */
const WRAPPERS = ["data", "examples", "dialogues", "dialogs", "items", "records", "train"];

/** The dialogues in one parsed `.json` document. */
export function parseJsonValue(value: unknown, source: string, known: ReadonlySet<string>): ParseResult {
  if (isTelegramAccountExport(value) || isTelegramChatExport(value)) return parseTelegramJson(value, source);
  if (isMessageList(value)) return { chats: [{ source, messages: messages(value) }], warnings: [] };
  if (Array.isArray(value)) return fromEntries(value, source, known);
  const single = conversationFromObject(value, known);
  if (single) return { chats: [{ source, messages: single }], warnings: [] };
  if (isObject(value)) {
    const key = WRAPPERS.find((k) => Array.isArray(value[k]));
    if (key) return fromEntries(value[key] as unknown[], source, known);
  }
  return { chats: [], warnings: [`no dialogue found: ${EXPECTED}`] };
}

function fromEntries(list: unknown[], source: string, known: ReadonlySet<string>): ParseResult {
  if (list.length === 0) return { chats: [], warnings: ["an empty list, no dialogue"] };
  const chats: ParsedChat[] = [];
  const unknown: number[] = [];
  list.forEach((entry, i) => {
    const conv = isMessageList(entry) ? messages(entry) : conversationFromObject(entry, known);
    if (conv) chats.push({ source: `${source}#${i + 1}`, messages: conv });
    else unknown.push(i + 1);
  });
  const warnings =
    unknown.length === 0
      ? []
      : [`${unknown.length} of ${list.length} entries hold no dialogue (first: #${unknown[0]}); ${EXPECTED}`];
  return { chats, warnings };
}

/** Parses a `.json` file's text; a file of one JSON document per line is read as JSONL. */
export function parseJsonText(text: string, source: string, known: ReadonlySet<string>): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length > 1 && lines.every(parsesAsJson)) {
      const jsonl = new JsonlCollector(source, known);
      for (const [i, l] of text.split(/\r?\n/).entries()) jsonl.push(l, i + 1);
      return jsonl.finish();
    }
    return { chats: [], warnings: [`not valid JSON (${(e as Error).message})`] };
  }
  return parseJsonValue(value, source, known);
}

function parsesAsJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/**
 * JSONL, one line at a time: each line a dialogue object (source `file.jsonl:LINE`). Lines that
 * are single messages (`{role, content}` per line) together form one dialogue.
 */
export class JsonlCollector {
  private readonly chats: ParsedChat[] = [];
  private readonly loose: SpeakerMessage[] = [];
  private bad: number[] = [];
  private unknown: number[] = [];
  private lines = 0;

  constructor(
    private readonly source: string,
    private readonly known: ReadonlySet<string>,
  ) {}

  push(line: string, lineNo: number): void {
    if (line.trim() === "") return;
    this.lines++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.bad.push(lineNo);
      return;
    }
    const conv = isMessageList(value) ? messages(value) : conversationFromObject(value, this.known);
    if (conv) {
      this.chats.push({ source: `${this.source}:${lineNo}`, messages: conv });
      return;
    }
    const message = messageLike(value);
    if (message) this.loose.push(message);
    else this.unknown.push(lineNo);
  }

  finish(): ParseResult {
    const warnings: string[] = [];
    if (this.bad.length > 0) {
      warnings.push(
        `${this.bad.length} of ${this.lines} lines are not valid JSON (first: line ${this.bad[0]})`,
      );
    }
    if (this.unknown.length > 0) {
      warnings.push(
        `${this.unknown.length} of ${this.lines} lines hold no dialogue (first: line ${this.unknown[0]}); ${EXPECTED}`,
      );
    }
    const chats =
      this.loose.length > 0 ? [{ source: this.source, messages: this.loose }, ...this.chats] : this.chats;
    return { chats, warnings };
  }
}
