/** The two sides of a few-shot example: the customer (`user`) and the seller/assistant (`assistant`). */
export type RawRole = "user" | "assistant";

export interface RawMessage {
  role: RawRole;
  content: string;
}

/**
 * One real dialogue read from `data/raw/`, used as a style example in the roleplay prompt.
 * Turns alternate (consecutive messages of one side are merged) and both sides are present.
 */
export interface RawExample {
  /**
   * Where it came from, relative to the loaded directory: `chat.txt`, `result.json#Иван Петров`
   * (a chat of a Telegram export), `examples.json#3` (3rd entry of an array), `examples.jsonl:12`
   * (line 12), `dialogs.md#2` (2nd dialogue of a file holding several).
   */
  source: string;
  messages: RawMessage[];
}

/** A message as the file names its author, before the author is mapped to a role. */
export interface SpeakerMessage {
  /** A participant name (`Иван Петров`) or a label (`user`, `gpt`, `Клиент`). */
  speaker: string;
  text: string;
}

/** One conversation found in a file, authors not yet mapped to roles. */
export interface ParsedChat {
  source: string;
  messages: SpeakerMessage[];
}

/** What a format parser found in one file; warnings are about that file and are prefixed with it by the loader. */
export interface ParseResult {
  chats: ParsedChat[];
  warnings: string[];
}

export interface LoadRawExamplesOptions {
  /**
   * The seller/assistant participant(s) as named in the exports (matched case-insensitively,
   * spacing ignored). Everyone else is the user. Without it, labels such as `assistant`/`продавец`
   * decide, and failing those a heuristic with a warning (see `assignRoles`).
   */
  assistantName?: string | readonly string[];
  /**
   * Files above this size are not read whole: line formats (.jsonl, .txt, .md) are read up to
   * this many bytes, whole-document formats (.json, .html) are skipped. Default 50 MB.
   */
  maxFileBytes?: number;
}

export interface LoadRawExamplesResult {
  examples: RawExample[];
  /** Everything that was skipped or guessed, each naming the file; the caller decides what to print. */
  warnings: string[];
}
