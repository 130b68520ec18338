import { posix } from "node:path";
import { load as loadHtml } from "cheerio";
import { parseChatText } from "./chat-text.js";
import { visibleText } from "./html-text.js";
import { readWholeText, sniffText, tooLarge } from "./read-text.js";
import {
  isTelegramHtml,
  type TelegramHtmlState,
  telegramChatName,
  telegramHtmlMessages,
} from "./telegram-html.js";
import type { ParsedChat, ParseResult, SpeakerMessage } from "./types.js";

/**
 * Telegram HTML pages are one chat, read in page order with the sender carried across pages.
 * Any other page: its visible text read as a `Name: text` transcript. Each page is read whole
 * (Telegram splits its pages at 1,000 messages), one at a time.
 */
export async function parseHtmlPages(
  files: readonly string[],
  abs: (rel: string) => string,
  maxBytes: number,
  knownSpeakers: ReadonlySet<string>,
): Promise<ParseResult> {
  const warnings: string[] = [];
  const telegram: SpeakerMessage[] = [];
  const state: TelegramHtmlState = {};
  const chats: ParsedChat[] = [];
  let chatName: string | undefined;
  let isTelegram = false;
  for (const rel of files) {
    const path = abs(rel);
    const prefix = files.length > 1 ? `${posix.basename(rel)}: ` : "";
    const sniffed = await sniffText(path);
    if (!sniffed.ok) {
      warnings.push(prefix + sniffed.reason);
      continue;
    }
    if (sniffed.size > maxBytes) {
      warnings.push(prefix + tooLarge(sniffed.size, maxBytes));
      continue;
    }
    const $ = loadHtml(await readWholeText(path, sniffed.encoding));
    if (isTelegramHtml($)) {
      isTelegram = true;
      chatName ??= telegramChatName($);
      telegram.push(...telegramHtmlMessages($, state));
      continue;
    }
    const text = visibleText($.root().toArray(), { dropChrome: true });
    const result = parseChatText(text, rel, { knownSpeakers });
    chats.push(...result.chats);
    for (const w of result.warnings) {
      warnings.push(
        prefix + (w.startsWith("no `Name: text`") ? "no `Name: text` lines in the page's visible text" : w),
      );
    }
  }
  if (isTelegram) {
    const source = chatName ? `${files[0]}#${chatName}` : files[0];
    chats.unshift({ source, messages: telegram });
  }
  return { chats, warnings };
}
