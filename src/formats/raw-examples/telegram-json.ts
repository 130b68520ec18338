import { isObject, type Obj, plainText } from "./json-values.js";
import type { ParsedChat, ParseResult, SpeakerMessage } from "./types.js";

/**
 * Telegram Desktop's JSON export (`result.json`): one chat `{name, type, id, messages}`, or a
 * whole account with the chats under `{chats: {list: [...]}}`. A message is
 * `{id, type: "message"|"service", from, from_id, text, ...}` where `text` is a string or a list
 * of strings and entity objects.
 */

const CHAT_TYPES = new Set([
  "personal_chat",
  "bot_chat",
  "private_group",
  "private_supergroup",
  "public_supergroup",
  "private_channel",
  "public_channel",
  "saved_messages",
]);

export function isTelegramAccountExport(v: unknown): v is Obj & { chats: { list: unknown[] } } {
  return isObject(v) && isObject(v.chats) && Array.isArray(v.chats.list);
}

export function isTelegramChatExport(v: unknown): v is Obj & { messages: unknown[] } {
  if (!isObject(v) || !Array.isArray(v.messages)) return false;
  if (typeof v.type === "string" && CHAT_TYPES.has(v.type)) return true;
  const first = v.messages.find(isObject);
  return (
    first !== undefined &&
    (first.type === "message" || first.type === "service") &&
    ("date" in first || "date_unixtime" in first)
  );
}

export function parseTelegramJson(value: unknown, source: string): ParseResult {
  const list = isTelegramAccountExport(value) ? value.chats.list : [value];
  const chats: ParsedChat[] = [];
  const used = new Set<string>();
  for (const chat of list) {
    if (!isTelegramChatExport(chat)) continue;
    let name =
      typeof chat.name === "string" && chat.name.trim() !== ""
        ? chat.name.trim()
        : chat.type === "saved_messages"
          ? "Saved Messages"
          : `chat ${chat.id}`;
    // Two chats may share a display name; the id tells them apart.
    if (used.has(name)) name = `${name} (${chat.id})`;
    used.add(name);
    chats.push({ source: `${source}#${name}`, messages: chatMessages(chat.messages) });
  }
  const warnings = chats.length === 0 ? ["a Telegram export without any chats"] : [];
  return { chats, warnings };
}

function chatMessages(messages: unknown[]): SpeakerMessage[] {
  const out: SpeakerMessage[] = [];
  for (const m of messages) {
    // Service messages (joins, pins, calls) are not dialogue.
    if (!isObject(m) || m.type !== "message") continue;
    // A photo or sticker without a caption has empty text: nothing to learn style from.
    const text = plainText(m.text) || plainText(m.text_entities);
    if (text.trim() === "") continue;
    const speaker =
      typeof m.from === "string" && m.from.trim() !== ""
        ? m.from
        : m.from_id !== undefined
          ? String(m.from_id)
          : "Deleted Account";
    out.push({ speaker, text });
  }
  return out;
}
