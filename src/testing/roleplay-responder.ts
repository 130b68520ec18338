import type { Responder } from "./types.js";

const WORDS_RU = [
  "привет",
  "курс",
  "крипта",
  "биткоин",
  "кошелёк",
  "доставка",
  "цена",
  "скидка",
  "рассрочка",
  "урок",
  "неделя",
  "вопрос",
  "ответ",
  "риск",
  "биржа",
  "пример",
  "время",
  "деньги",
  "опыт",
  "удобно",
  "сегодня",
  "завтра",
  "понятно",
  "спасибо",
  "хорошо",
  "подумать",
  "оплата",
  "гарантия",
  "трейдинг",
  "блокчейн",
];

/**
 * A fake "model" that writes a valid roleplay dialogue: the number of messages the prompt asks for
 * ("ровно N сообщений" / "exactly N messages"), alternating user/assistant, Russian words drawn
 * from the request's seeded rng so that no two dialogues are near-duplicates.
 */
export function roleplayResponder(options: { messages?: number } = {}): Responder {
  return (_body, ctx) => {
    const m = /(?:ровно|exactly) (\d+)/.exec(ctx.lastUserMessage);
    const n = options.messages ?? (m ? Number(m[1]) : 40);
    const messages = Array.from({ length: n }, (_, i) => {
      const words = Array.from(
        { length: 6 + ctx.rng.int(0, 10) },
        () => WORDS_RU[ctx.rng.int(0, WORDS_RU.length - 1)],
      );
      const text = words.join(" ");
      return {
        role: i % 2 === 0 ? "user" : "assistant",
        content: `${text[0].toUpperCase()}${text.slice(1)}.`,
      };
    });
    return JSON.stringify({ messages });
  };
}
