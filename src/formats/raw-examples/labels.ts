import type { RawRole } from "./types.js";

/** What a speaker label means: a side of the dialogue, or a non-dialogue entry to drop. */
export type LabelMeaning = RawRole | "drop";

/**
 * Generic speaker labels (roles in dataset formats, words people use in transcripts). Anything
 * not listed is a participant name. Keys are normalised with `normaliseName`.
 */
const LABELS: Record<string, LabelMeaning> = {};
function define(meaning: LabelMeaning, words: string): void {
  for (const w of words.split(",")) LABELS[normaliseName(w)] = meaning;
}
define(
  "user",
  "user,human,client,customer,buyer,lead,prospect,visitor," +
    "клиент,клиентка,покупатель,покупательница,пользователь,юзер,заказчик,заказчица,посетитель,собеседник",
);
define(
  "assistant",
  "assistant,gpt,bot,chatbot,ai,model,seller,vendor,salesperson,sales,sales manager,sales rep,agent," +
    "support,support agent,manager,operator,consultant,reseller,shop,store," +
    "продавец,продавщица,менеджер,менеджер по продажам,консультант,оператор,ассистент,бот," +
    "поддержка,агент,магазин,реселлер",
);
// Dataset roles that are not part of a two-sided conversation.
define("drop", "system,developer,tool,function,function_call,observation,ipython");

/** Case-, width- and spacing-insensitive form of a name, for comparing names and labels. */
export function normaliseName(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The meaning of a generic label, or undefined for a participant's own name. */
export function labelMeaning(speaker: string): LabelMeaning | undefined {
  return LABELS[normaliseName(speaker)];
}
