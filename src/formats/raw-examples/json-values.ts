export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Plain text of a content value: a string; a list of strings and `{text}` pieces (OpenAI content
 * parts, Telegram's text with entities `{"type": "bold", "text": "..."}`) joined; anything else "".
 */
export function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  let text = "";
  for (const piece of value) {
    if (typeof piece === "string") text += piece;
    else if (isObject(piece) && typeof piece.text === "string") text += piece.text;
  }
  return text;
}
