import { labelMeaning, normaliseName } from "./labels.js";
import type { ParsedChat, ParseResult } from "./types.js";
import { classifyWhatsAppLine, cleanWhatsAppText, isWhatsAppLine } from "./whatsapp.js";

/**
 * A transcript line `Name: text`, tolerating what people wrap it in: list and quote markers
 * (`- `, `> `), a leading `[10:30]`, Markdown bold (`**Клиент:**`, `**Клиент**:`), a trailing
 * time `(10:30)`. A name starts with a letter, has at most 40 characters and may hold a
 * parenthesis (`Анна (менеджер)`); the colon must be followed by a space or the end of the
 * line, so URLs and times (`10:30`) are not speakers.
 */
const SPEAKER =
  /^(?:[>*+-]\s+)?(?:\[[^\]]{1,40}\]\s*)?(?:\*\*|__)?(\p{L}[\p{L}\p{M}\p{N}'’._\-() ]{0,39}?)(?:\s*\(\d{1,2}[:.]\d{2}[^)]{0,30}\))?(?:\*\*|__)?\s*:(?:\*\*|__)?(?:\s+(.*))?$/u;
/**
 * The header Telegram Desktop puts on copied messages, `Иван Петров, [15.01.2025 10:30]`, with
 * the text on the lines below.
 */
const COPIED_HEADER = /^(\p{L}[^[\]:]{0,59}), \[[\d./\-, :APMapm\u202f]{6,30}\]$/u;
const MAX_NAME_WORDS = 4;
const SEPARATOR = /^(-{3,}|\*{3,}|_{3,}|={3,})$/;
const HEADING = /^#{1,6}\s/;

export interface ChatTextOptions {
  /** Markdown: `#` headings also separate dialogues. */
  markdown?: boolean;
  /** Normalised names always accepted as speakers (the assistant names). */
  knownSpeakers?: ReadonlySet<string>;
}

interface Entry {
  speaker: string;
  /** The line as written, to fold back into the previous message if the "speaker" was not one. */
  raw: string;
  lines: string[];
}

/**
 * Line-by-line parser for text chats: a WhatsApp export when the first non-empty line has
 * WhatsApp's date prefix, else a `Name: text` transcript (messages copied from Telegram Desktop,
 * `Name, [date]` over the text, are read too). Fed one line at a time so a large file
 * is streamed. In a transcript, lines before the first speaker are ignored, a line that is not a
 * speaker line continues the previous message, and `---` (or a Markdown heading) starts a new
 * dialogue.
 */
export class ChatTextParser {
  private mode: "unknown" | "whatsapp" | "transcript" = "unknown";
  private readonly chats: Entry[][] = [[]];
  /** The message continuation lines go to; null after a notice or a separator. */
  private current: Entry | null = null;
  private sawSpeakerLine = false;

  constructor(
    private readonly source: string,
    private readonly options: ChatTextOptions = {},
  ) {}

  push(line: string): void {
    const trimmed = line.trim();
    if (this.mode === "unknown") {
      if (trimmed === "") return;
      this.mode = isWhatsAppLine(trimmed) ? "whatsapp" : "transcript";
    }
    if (this.mode === "whatsapp") this.pushWhatsApp(trimmed);
    else this.pushTranscript(trimmed);
  }

  private pushWhatsApp(line: string): void {
    const c = classifyWhatsAppLine(line);
    if (c.kind === "message") {
      this.current = { speaker: c.speaker, raw: line, lines: [c.text] };
      this.chats[0].push(this.current);
      this.sawSpeakerLine = true;
    } else if (c.kind === "notice") {
      this.current = null;
    } else if (this.current && line !== "") {
      this.current.lines.push(line);
    }
  }

  private pushTranscript(line: string): void {
    if (line === "") return;
    if (SEPARATOR.test(line) || (this.options.markdown && HEADING.test(line))) {
      if (this.chats[this.chats.length - 1].length > 0) this.chats.push([]);
      this.current = null;
      return;
    }
    const header = COPIED_HEADER.exec(line);
    if (header) {
      this.current = { speaker: header[1].trim(), raw: line, lines: [] };
      this.chats[this.chats.length - 1].push(this.current);
      this.sawSpeakerLine = true;
      return;
    }
    const m = SPEAKER.exec(line);
    const name = m?.[1].trim();
    if (m && name && name.split(" ").length <= MAX_NAME_WORDS) {
      this.current = { speaker: name, raw: line, lines: [m[2] ?? ""] };
      this.chats[this.chats.length - 1].push(this.current);
      this.sawSpeakerLine = true;
    } else if (this.current) {
      this.current.lines.push(line);
    }
  }

  finish(): ParseResult {
    const warnings: string[] = [];
    if (!this.sawSpeakerLine) {
      return {
        chats: [],
        warnings: [
          this.mode === "whatsapp" ? "a WhatsApp export without any messages" : "no `Name: text` lines found",
        ],
      };
    }
    const groups = this.mode === "transcript" ? this.foldFalseSpeakers() : this.chats;
    const nonEmpty = groups.filter((g) => g.length > 0);
    const chats: ParsedChat[] = nonEmpty.map((entries, i) => ({
      source: nonEmpty.length > 1 ? `${this.source}#${i + 1}` : this.source,
      messages: entries.map((e) => ({
        speaker: e.speaker,
        text: this.mode === "whatsapp" ? cleanWhatsAppText(e.lines) : e.lines.join("\n").trim(),
      })),
    }));
    return { chats, warnings };
  }

  /**
   * `Итого: 3 курса` inside a message looks like a speaker line. When at least two speakers are
   * established (two or more lines each, a generic label, or a known assistant name), a "speaker"
   * seen only once is taken as part of the previous message instead.
   */
  private foldFalseSpeakers(): Entry[][] {
    const keys = new Map<string, string>();
    const keyOf = (speaker: string): string => {
      let key = keys.get(speaker);
      if (key === undefined) {
        key = normaliseName(speaker);
        keys.set(speaker, key);
      }
      return key;
    };
    const counts = new Map<string, number>();
    for (const chat of this.chats) {
      for (const e of chat) {
        const key = keyOf(e.speaker);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const known = this.options.knownSpeakers;
    const strong = new Set(
      [...counts].filter(([k, n]) => n >= 2 || labelMeaning(k) || known?.has(k)).map(([k]) => k),
    );
    if (strong.size < 2) return this.chats;
    return this.chats.map((chat) => {
      const kept: Entry[] = [];
      for (const e of chat) {
        if (strong.has(keyOf(e.speaker))) kept.push(e);
        else kept[kept.length - 1]?.lines.push(e.raw, ...e.lines.slice(1));
      }
      return kept;
    });
  }
}

/** Parses a whole text at once (HTML's visible text, a `prompt` string). */
export function parseChatText(text: string, source: string, options?: ChatTextOptions): ParseResult {
  const parser = new ChatTextParser(source, options);
  for (const line of text.split(/\r?\n/)) parser.push(line);
  return parser.finish();
}
