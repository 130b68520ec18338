import type { ChatResult } from "../../models/types.js";
import { isInLanguage } from "../../quality/language.js";
import type { StepParse } from "../conversation.js";

// Reasoning models may put their thinking into the content.
const THINK = /<think>[\s\S]*?<\/think>/gi;
const QUESTION_LABEL =
  /^\s*(?:\*\*|__)?(?:follow-?up question|next question|question|user|追问|问题|用户|уточняющий вопрос|вопрос|пользователь)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*/iu;
const CORRECTION_LABEL =
  /^\s*(?:\*\*|__)?(?:corrected answer|improved answer|correction|answer|assistant|修正后的回答|修正后回答|修正|回答|助手|исправленный ответ|ответ|ассистент)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*/iu;
const QUOTE_PAIRS: [string, string][] = [
  ['"', '"'],
  ["“", "”"],
  ["«", "»"],
  ["「", "」"],
  ["『", "』"],
];

// Zero-width characters, BOM and bidi controls; other whitespace is kept (code keeps its indentation).
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E]/g;

/** The text of a model answer without thinking blocks and speaker labels: NFC, LF, trimmed. */
export function cleanOutput(content: string | null, label: RegExp | undefined): string {
  let text = (content ?? "")
    .replace(THINK, "")
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (label) text = text.replace(label, "").trim();
  return text;
}

function unquote(text: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    if (
      text.length > 2 &&
      text.startsWith(open) &&
      text.endsWith(close) &&
      !text.slice(1, -1).includes(close)
    ) {
      return text.slice(1, -1).trim();
    }
  }
  return text;
}

const empty = (what: string): StepParse<string> => ({
  ok: false,
  reason: "empty",
  detail: `the ${what} is empty`,
});
const truncated = (what: string): StepParse<string> => ({
  ok: false,
  reason: "truncated",
  detail: `the ${what} hit max_tokens (finish_reason: length); raise rounds.max_tokens.${what}`,
});

/**
 * The questioner's follow-up question. Must be whole (a cut-off question is useless) and, on the
 * first try, in the conversation's language (a script check; the second try is kept regardless,
 * so a heuristic never ends a conversation).
 */
export function parseQuestion(language: string | undefined) {
  return (result: ChatResult, { final }: { final: boolean }): StepParse<string> => {
    const text = unquote(cleanOutput(result.content, QUESTION_LABEL));
    if (!text) return empty("question");
    if (result.finishReason === "length") return truncated("question");
    if (!final && language && !isInLanguage(text, language, 0.4)) {
      return { ok: false, reason: "wrong_language", detail: `the question is not in '${language}'` };
    }
    return { ok: true, value: text };
  };
}

/** The answerer's answer: meant to be imperfect, so a cut-off answer is kept. */
export function parseAnswer(result: ChatResult): StepParse<string> {
  const text = cleanOutput(result.content, undefined);
  return text ? { ok: true, value: text } : empty("answer");
}

/** The corrector's correction: must be whole. */
export function parseCorrection(result: ChatResult): StepParse<string> {
  const text = cleanOutput(result.content, CORRECTION_LABEL);
  if (!text) return empty("correction");
  if (result.finishReason === "length") return truncated("correction");
  return { ok: true, value: text };
}
