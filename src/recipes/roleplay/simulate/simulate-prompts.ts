import type { ChatMessage } from "../../../core/conversation.js";
import type { Turn } from "../dialogue-normalizer.js";
import { personaSystemPrompt } from "../persona.js";
import type { ExampleDialogue } from "../prompt-builder.js";
import type { RolePack } from "../role-pack.js";
import type { Scenario } from "../scenario.js";

/** What the customer simulator appends when the conversation has reached its natural end. */
export const END_MARKER = "[END]";

/** Where the conversation stands when a turn is asked for. */
export interface TurnStage {
  /** Messages so far (the new one is number `count + 1`). */
  count: number;
  /** A pause (hours or days) happened just before the new message. */
  afterPause: boolean;
  /** The customer may end the conversation with this message. */
  mayEnd: boolean;
  /** The customer's last message: wrap up now. */
  last: boolean;
}

interface SimulateTexts {
  customer: (pack: RolePack, s: Scenario, stage: TurnStage) => string;
  start: string;
  persona: (pack: RolePack, examples: string, afterPause: boolean) => string;
  examplesHeader: string;
}

const LANGUAGE_NAMES: Record<string, string> = {
  ru: "Russian",
  en: "English",
  ko: "Korean",
  zh: "Chinese",
  de: "German",
  fr: "French",
  es: "Spanish",
  uk: "Ukrainian",
};

const percent = (p: number) => `${Math.round(p * 100)}%`;

const RU: SimulateTexts = {
  customer: (pack, s, stage) =>
    [
      `Ты играешь клиента в переписке в мессенджере с продавцом (${pack.description}).`,
      `Кто ты: ${s.customer_persona}; как пишешь: ${s.customer_style}.`,
      `Как началось общение: ${s.opening}. Твоя цель: ${s.intent}. Тебя интересует: ${s.product}.`,
      s.objections.length
        ? `Сомнения, которые могут у тебя появиться, — не список: высказывай сомнение, только если к нему подведёт разговор (в скобках — примерная вероятность): ${s.objections.map((o) => `«${o.text}» (${percent(o.probability)})`).join("; ")}.`
        : "",
      s.off_topic.length ? `Иногда отвлекайся на постороннее: ${s.off_topic.join("; ")}.` : "",
      s.ending === "open"
        ? `Переписка растянута на ${s.days} дн. Решения ты так и не примешь: ${s.outcome}.`
        : `Переписка растянута на ${s.days} дн. К чему, скорее всего, придёт разговор: ${s.outcome} — но не объявляй это заранее.`,
      "Пиши только своё следующее сообщение от лица клиента: без имён и меток, без Markdown, как в настоящем мессенджере. Не пиши за продавца.",
      `Это сообщение № ${stage.count + 1} из примерно ${s.target_messages}.`,
      stage.afterPause
        ? "С прошлого сообщения прошло несколько часов или дней: учти это (поздоровайся снова, напомни, о чём говорили)."
        : "",
      stage.last
        ? s.ending === "open"
          ? `Это твоё последнее сообщение: закончи разговор, так и не приняв решения, и допиши в конце ${END_MARKER}.`
          : `Это твоё последнее сообщение: заверши разговор так, как задумано (${s.outcome}), и допиши в конце ${END_MARKER}.`
        : stage.mayEnd
          ? `Если разговор естественно подошёл к концу, допиши в конце сообщения ${END_MARKER}.`
          : "",
    ]
      .filter(Boolean)
      .join("\n"),
  start: "Начни переписку: напиши своё первое сообщение продавцу.",
  persona: (pack, examples, afterPause) =>
    [
      personaSystemPrompt(pack),
      "",
      `Ты переписываешься с клиентом в мессенджере. Ты — ${pack.description}.`,
      "Отвечай только своим следующим сообщением: живо и по делу, без имён и меток, без Markdown, как в настоящем мессенджере. Ты пишешь только текст: фото, файлы и ссылки отправить не можешь. Не пиши за клиента.",
      afterPause ? "Перед последним сообщением клиента была пауза: учти это." : "",
      examples,
    ]
      .filter((l, i) => l !== "" || i === 1)
      .join("\n"),
  examplesHeader: "Примеры переписок в нужном стиле (не копируй их):",
};

const EN: SimulateTexts = {
  customer: (pack, s, stage) =>
    [
      `You play a customer chatting in a messenger with a seller (${pack.description}).`,
      `Who you are: ${s.customer_persona}; how you write: ${s.customer_style}.`,
      `How the chat started: ${s.opening}. Your goal: ${s.intent}. You are interested in: ${s.product}.`,
      s.objections.length
        ? `Doubts you may have — not a checklist: voice one only if the talk leads there (in brackets, roughly how likely): ${s.objections.map((o) => `"${o.text}" (${percent(o.probability)})`).join("; ")}.`
        : "",
      s.off_topic.length ? `Now and then drift off-topic: ${s.off_topic.join("; ")}.` : "",
      s.ending === "open"
        ? `The chat spans ${s.days} days. You never reach a decision: ${s.outcome}.`
        : `The chat spans ${s.days} days. Where it will most likely end up: ${s.outcome} — but do not announce it in advance.`,
      "Write only your next message as the customer: no names or labels, no Markdown, as in a real messenger. Never write the seller's part.",
      `This is message ${stage.count + 1} of about ${s.target_messages}.`,
      stage.afterPause
        ? "Hours or days have passed since the last message: show it (greet again, recall what you talked about)."
        : "",
      stage.last
        ? s.ending === "open"
          ? `This is your last message: end the conversation without having decided anything, and end it with ${END_MARKER}.`
          : `This is your last message: wrap the conversation up as planned (${s.outcome}) and end it with ${END_MARKER}.`
        : stage.mayEnd
          ? `If the conversation has come to its natural end, end your message with ${END_MARKER}.`
          : "",
      pack.language !== "en" ? `Write in ${LANGUAGE_NAMES[pack.language] ?? pack.language}.` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  start: "Start the chat: write your first message to the seller.",
  persona: (pack, examples, afterPause) =>
    [
      personaSystemPrompt(pack),
      "",
      `You are chatting with a customer in a messenger. You are ${pack.description}.`,
      "Reply with your next message only: lively and to the point, no names or labels, no Markdown, as in a real messenger. You only write text: you cannot send photos, files or links. Never write the customer's part.",
      afterPause ? "There was a pause before the customer's last message: show that you notice it." : "",
      pack.language !== "en" ? `Write in ${LANGUAGE_NAMES[pack.language] ?? pack.language}.` : "",
      examples,
    ]
      .filter((l, i) => l !== "" || i === 1)
      .join("\n"),
  examplesHeader: "Real chats in the wanted style (do not copy them):",
};

function textsFor(language: string): SimulateTexts {
  return language === "ru" ? RU : EN;
}

function examplesBlock(pack: RolePack, examples: ExampleDialogue[], header: string): string {
  if (examples.length === 0) return "";
  const parts = [header];
  for (const ex of examples) {
    parts.push("---");
    for (const m of ex.messages)
      parts.push(
        `${m.role === "user" ? pack.speaker_labels.user : pack.speaker_labels.assistant}: ${m.content}`,
      );
  }
  parts.push("---");
  return parts.join("\n");
}

/**
 * The customer simulator's request: the scenario in the system prompt, and the chat seen from the
 * customer's side (the seller's messages as "user", its own as "assistant"), so the model writes
 * the customer's next message as an ordinary assistant turn.
 */
export function customerMessages(
  pack: RolePack,
  scenario: Scenario,
  turns: readonly Turn[],
  stage: TurnStage,
): ChatMessage[] {
  const t = textsFor(pack.language);
  const flipped: ChatMessage[] = turns.map((m) => ({
    role: m.role === "user" ? "assistant" : "user",
    content: m.content,
  }));
  return [
    { role: "system", content: t.customer(pack, scenario, stage) },
    ...(flipped.length ? flipped : [{ role: "user" as const, content: t.start }]),
  ];
}

/**
 * The persona's request: the pack's instructions (and style examples), then the chat as it is. The
 * persona does not see the scenario: like a real seller, it learns the customer from the chat.
 */
export function personaMessages(
  pack: RolePack,
  turns: readonly Turn[],
  examples: ExampleDialogue[],
  afterPause: boolean,
): ChatMessage[] {
  const t = textsFor(pack.language);
  return [
    {
      role: "system",
      content: t.persona(pack, examplesBlock(pack, examples, t.examplesHeader), afterPause),
    },
    ...turns.map((m) => ({ role: m.role, content: m.content }) as ChatMessage),
  ];
}
