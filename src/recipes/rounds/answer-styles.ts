import type { Rng } from "../../core/rng.js";

/**
 * How the answerer's answer falls short. The default styles are wrong in substance at the length
 * of a good answer, so a correction differs from its answer in what it says rather than in how
 * long it is (preference pairs built from them then do not simply reward verbosity). `too_brief`
 * is the old "brief, vague" answer, available on request.
 */
export const ANSWER_STYLES = [
  "plausible_mistake",
  "missing_caveat",
  "wrong_assumption",
  "too_brief",
] as const;
export type AnswerStyle = (typeof ANSWER_STYLES)[number];

export const DEFAULT_ANSWER_STYLES: AnswerStyle[] = [
  "plausible_mistake",
  "missing_caveat",
  "wrong_assumption",
];

export type AnswerStyleTexts = Record<AnswerStyle, string>;

const EN_FULL = "Answer confidently and in full, about as long and detailed as a good answer would be, but";
export const EN_STYLES: AnswerStyleTexts = {
  plausible_mistake: `${EN_FULL} build in one plausible, subtle mistake — a wrong fact, number, step or conclusion that a non-expert would not notice. Do not mention that the answer is flawed.`,
  missing_caveat: `${EN_FULL} leave out one important caveat — an exception, a risk, a safety warning or a condition under which the advice does not hold. Do not mention that the answer is flawed.`,
  wrong_assumption: `${EN_FULL} quietly assume something the user did not say — about their situation, goal or context — that may well be wrong, and build the answer on it. Do not mention that the answer is flawed.`,
  too_brief:
    "Answer the way a quick, careless, weaker assistant would: brief, somewhat incomplete or vague, possibly with a small inaccuracy or a missed point. Do not mention that the answer is imperfect.",
};

const RU_FULL =
  "Отвечай уверенно и полностью, примерно так же подробно, как ответил бы хороший ассистент, но";
export const RU_STYLES: AnswerStyleTexts = {
  plausible_mistake: `${RU_FULL} допусти одну правдоподобную, незаметную ошибку — неверный факт, число, шаг или вывод, который неспециалист не заметит. Не упоминай, что ответ неидеален.`,
  missing_caveat: `${RU_FULL} упусти одну важную оговорку — исключение, риск, предупреждение о безопасности или условие, при котором совет не работает. Не упоминай, что ответ неидеален.`,
  wrong_assumption: `${RU_FULL} молча исходи из предположения о ситуации, цели или обстоятельствах пользователя, которого он не высказывал и которое вполне может быть неверным, и строй ответ на нём. Не упоминай, что ответ неидеален.`,
  too_brief:
    "Отвечай быстро и небрежно, как слабый ассистент: кратко, не полностью или расплывчато, возможно с небольшой неточностью или упущенным моментом. Не упоминай, что ответ неидеален.",
};

const ZH_FULL = "请自信、完整地作答，篇幅和细节与一个好的回答相当，但";
export const ZH_STYLES: AnswerStyleTexts = {
  plausible_mistake: `${ZH_FULL}在其中加入一个看似合理、不易察觉的错误——一个错误的事实、数字、步骤或结论，外行不会注意到。不要提及回答不完美。`,
  missing_caveat: `${ZH_FULL}遗漏一个重要的注意事项——某个例外、风险、安全提醒或建议不适用的条件。不要提及回答不完美。`,
  wrong_assumption: `${ZH_FULL}默认一个用户并没有说过、很可能不成立的前提（关于其处境、目标或背景），并据此作答。不要提及回答不完美。`,
  too_brief:
    "请像一个水平较弱、比较马虎的助手那样快速作答：简短、不够完整或有些含糊，可能有小的不准确之处或遗漏要点。不要提及回答不完美。",
};

/** The style of round k's answer: drawn from the conversation's own stream, so a resume draws it again. */
export function answerStyleFor(
  rng: Rng,
  round: number,
  styles: readonly AnswerStyle[],
): AnswerStyle | undefined {
  return styles.length > 0 ? rng.fork(round).pick(styles) : undefined;
}
