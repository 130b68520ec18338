/**
 * WhatsApp "Export chat" (.txt, without media). Each message starts with a date-time prefix that
 * depends on platform and locale:
 *   Android  `12/31/20, 11:59 PM - Name: text`, `31.12.2020, 23:59 - Имя: текст`
 *   iOS      `[31.12.20, 23:59:59] Name: text`, `[12/31/20, 11:59:59 PM] Name: text`
 * (slashes, dots or dashes in the date; 12 or 24 h; with or without seconds; newer versions put a
 * narrow no-break space U+202F before AM/PM). A line without the prefix continues the previous
 * message. Android system notices have no `Name:`; iOS writes notices and attachments as
 * `Name: ‎text` with a left-to-right mark before the text.
 */

const DATE = String.raw`\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{2,4}\.?`;
const TIME = String.raw`\d{1,2}[:.]\d{2}(?:[:.]\d{2})?`;
const AMPM = String.raw`(?:[\s\u00a0\u202f]?[AaPp]\.?\s?[Mm]\.?)?`;
const ANDROID = new RegExp(String.raw`^${DATE},?\s+${TIME}${AMPM}\s+[-–]\s(.*)$`);
const IOS = new RegExp(String.raw`^\[${DATE},?\s+${TIME}${AMPM}\]\s(.*)$`);
/** Sender and text; the sender is at most 80 characters (longer is a notice that holds ": "). */
const SENDER = /^([^:]{1,80}?):(?:\s|$)(.*)$/s;

const LRM = "\u200e";
const DIRECTION_MARKS = /^[\u200e\u200f\u202a-\u202e]+/;

export type WhatsAppLine =
  | { kind: "message"; speaker: string; text: string }
  | { kind: "notice" }
  /** Not a prefixed line: a continuation of the previous message. */
  | { kind: "continuation" };

export function isWhatsAppLine(line: string): boolean {
  const l = line.replace(DIRECTION_MARKS, "");
  return ANDROID.test(l) || IOS.test(l);
}

export function classifyWhatsAppLine(line: string): WhatsAppLine {
  const l = line.replace(DIRECTION_MARKS, "");
  let rest: string | undefined;
  let ios = false;
  const a = ANDROID.exec(l);
  if (a) rest = a[1];
  else {
    const i = IOS.exec(l);
    if (!i) return { kind: "continuation" };
    rest = i[1];
    ios = true;
  }
  const s = SENDER.exec(rest);
  if (!s) return { kind: "notice" };
  // iOS marks system notices ("Messages and calls are end-to-end encrypted") and attachments
  // with a left-to-right mark before the text.
  if (ios && s[2].startsWith(LRM)) return { kind: "notice" };
  return { kind: "message", speaker: s[1].replace(DIRECTION_MARKS, "").trim(), text: s[2] };
}

/** Placeholders WhatsApp writes for what the export left out; the line is dropped. */
const MARKER_LINES: RegExp[] = [
  // Android: <Media omitted>, <Медиа отсутствуют>, <Без медиафайлов>, <attached: 0001-PHOTO.jpg>
  /^<[^<>\n]{1,80}>$/,
  /^(image|video|audio|sticker|gif|document|contact card|photo|voice message) omitted$/i,
  /^(изображение|фото|видео|аудио|аудиофайл|стикер|gif|документ|контакт|голосовое сообщение) (отсутствует|отсутствуют|опущено|не включено)$/i,
  /^\S.*\.\w{2,5} \((file attached|файл прикреплен|файл прикреплён|файл добавлен)\)$/i,
  /^(this message was deleted|you deleted this message|это сообщение удалено|данное сообщение удалено|вы удалили это сообщение)\.?$/i,
  /^null$/,
];
const EDITED_SUFFIX = /\s*<(this message was edited|сообщение изменено|это сообщение изменено)>$/i;

/** A message's text with attachment placeholders and the "edited" mark removed (may become empty). */
export function cleanWhatsAppText(lines: readonly string[]): string {
  const kept: string[] = [];
  for (const raw of lines) {
    const line = raw
      .replace(/[\u200e\u200f]/g, "")
      .replace(EDITED_SUFFIX, "")
      .trim();
    if (line === "" || MARKER_LINES.some((re) => re.test(line))) continue;
    kept.push(line);
  }
  return kept.join("\n");
}
