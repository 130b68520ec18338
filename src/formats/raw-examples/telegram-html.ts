import type { CheerioAPI } from "cheerio";
import { visibleText } from "./html-text.js";
import type { SpeakerMessage } from "./types.js";

/**
 * Telegram Desktop's HTML export: `messages.html`, `messages2.html`, ... Each message is a
 * `div.message` whose `.body` holds `.from_name` and `.text`; consecutive messages of one sender
 * are "joined" and have no `.from_name`, so the sender carries over — across pages too.
 */

export function isTelegramHtml($: CheerioAPI): boolean {
  return $("div.message.default").length > 0 || $("div.history div.message").length > 0;
}

/** The chat's name from the page header, if present. */
export function telegramChatName($: CheerioAPI): string | undefined {
  const name = $(".page_header .text.bold").first().text().replace(/\s+/g, " ").trim();
  return name === "" ? undefined : name;
}

/** Carried from page to page: the sender of the last message seen. */
export interface TelegramHtmlState {
  lastSender?: string;
}

export function telegramHtmlMessages($: CheerioAPI, state: TelegramHtmlState): SpeakerMessage[] {
  const out: SpeakerMessage[] = [];
  for (const el of $("div.message").toArray()) {
    const message = $(el);
    // Date separators, joins, pins.
    if (message.hasClass("service")) continue;
    const body = message.children(".body");
    const from = body.children(".from_name").first();
    if (from.length > 0) {
      // "via @bot" and forwarded dates sit in .details inside the name.
      const name = from.clone().children(".details, .date").remove().end().text().replace(/\s+/g, " ").trim();
      if (name !== "") state.lastSender = name;
    }
    const sender = state.lastSender;
    if (!sender) continue;
    // The message's own text, or the text it forwards; a photo without a caption has none.
    const texts = [
      ...body.children(".text").toArray(),
      ...body.children(".forwarded").children(".text").toArray(),
    ];
    const text = texts
      .map((t) => visibleText([t]))
      .filter((t) => t !== "")
      .join("\n");
    if (text !== "") out.push({ speaker: sender, text });
  }
  return out;
}
