import { chainStart, genericChain } from "./chain.js";
import { form, type Tr } from "./lang.js";
import { type Exact, xeq, xmul, xneg, xnum } from "./num/exact.js";
import { disp } from "./num/fmt.js";
import { q } from "./num/rational.js";
import { type Phrases, pickS, pickT } from "./text.js";
import {
  type CorrectionKind,
  type Ctx,
  type Exchange,
  FOLLOWUP_KINDS,
  type MistakeKind,
  type Param,
  type Problem,
  type VariationOp,
} from "./types.js";

/** What a mode produced: the exchanges in order, and for correction the mistake's kind. */
export interface ModeResult {
  exchanges: Exchange[];
  mistake?: MistakeKind;
  correction?: CorrectionKind;
  /** DialogueMetadata.correct_from. */
  correctFrom?: number;
}

const LEAD_RU = [
  "Спасибо! ",
  "Понятно. ",
  "Хорошо. ",
  "Ясно. ",
  "Отлично. ",
  "Интересно. ",
  "Так. ",
  "Супер. ",
  "Записал. ",
  "Ага. ",
  "Угу. ",
  "Здорово, спасибо. ",
  "Логично. ",
  "Понял вас. ",
];
const LEAD_EN = [
  "Thanks! ",
  "Got it. ",
  "Okay. ",
  "I see. ",
  "Great. ",
  "Interesting. ",
  "Right. ",
  "Makes sense. ",
  "Nice. ",
  "Cool, thanks. ",
  "Noted. ",
  "Perfect. ",
  "Alright. ",
  "Clear. ",
];

/** Later user turns sometimes open with a short acknowledgement, as people do in chat. */
function lead(ctx: Ctx, text: string): string {
  if (!ctx.rng.chance(0.25)) return text;
  return ctx.rng.pick(ctx.ru ? LEAD_RU : LEAD_EN) + text;
}

/** chain: the problem, then turns that each build on the previous turn's result. */
export function chainMode(p: Problem, ctx: Ctx, turns: number): ModeResult {
  const exchanges: Exchange[] = [{ user: p.ask(), reply: p.solve() }];
  let carry = chainStart(p);
  const used = new Set<unknown>();
  for (let k = 1; k < turns; k++) {
    const step = p.chain?.(carry, k) ?? genericChain(ctx, carry, used);
    // No step fits the value reached: the dialogue ends with fewer turns (see genericChain).
    if (!step) break;
    exchanges.push({ user: lead(ctx, step.user), reply: step.reply });
    carry = step.carry;
  }
  return { exchanges };
}

/** General phrasings of the why / another way / check questions, mixed in with each task's own. */
const GENERIC: Record<"why" | "alt" | "verify", Tr<readonly string[]>> = {
  why: {
    ru: [
      "Почему вы решали именно так?",
      "Объясните, пожалуйста, почему этот способ подходит.",
      "А на чём основан такой подход?",
    ],
    en: [
      "Why did you solve it that way?",
      "Could you explain why this method works here?",
      "What is this approach based on?",
    ],
  },
  alt: {
    ru: [
      "Есть ли другой способ решения?",
      "Можно ли прийти к ответу иначе?",
      "Покажите, пожалуйста, другой способ.",
    ],
    en: [
      "Is there another way to solve this?",
      "Can we reach the answer differently?",
      "Could you show a different method?",
    ],
  },
  verify: {
    ru: [
      "Как убедиться, что ответ правильный?",
      "Можно ли проверить результат?",
      "Как себя проверить в такой задаче?",
    ],
    en: [
      "How can I be sure the answer is right?",
      "Can we check the result?",
      "How do I check myself on a problem like this?",
    ],
  },
};

/** followup: the solution, then why / another way / how to check / edge cases, about this problem. */
export function followupMode(p: Problem, ctx: Ctx, numFollowups: number): ModeResult {
  const exchanges: Exchange[] = [{ user: p.ask(), reply: p.solve() }];
  const kinds = ctx.rng.sample(FOLLOWUP_KINDS, numFollowups);
  for (const kind of kinds) {
    const ex = p.followup(kind);
    const asked = kind !== "edge" && ctx.rng.chance(0.35) ? pickS(ctx, GENERIC[kind]) : ex.user;
    const user = p.aboutPart ? p.aboutPart(asked) : asked;
    exchanges.push({ user: lead(ctx, user), reply: ex.reply });
  }
  return { exchanges };
}

const DOUBLE: Phrases<[string, string]> = {
  ru: [
    (l, nv) => `А если увеличить вдвое ${l} (${nv})?`,
    (l, nv) => `Что изменится, если удвоить ${l}, то есть ${nv}?`,
    (l, nv) => `Возьмём ${l} в два раза больше: ${nv}. Каким будет ответ?`,
  ],
  en: [
    (l, nv) => `What if we double ${l} (${nv})?`,
    (l, nv) => `And if ${l} were twice as large, ${nv}?`,
    (l, nv) => `Suppose ${l} doubles to ${nv}. What is the answer now?`,
  ],
};
const HALVE: Phrases<[string, string]> = {
  ru: [
    (l, nv) => `А если уменьшить вдвое ${l} (${nv})?`,
    (l, nv) => `Возьмём ${l} вдвое меньше: ${nv}. Что получится?`,
  ],
  en: [(l, nv) => `What if ${l} is halved (${nv})?`, (l, nv) => `Halve ${l}, so ${nv}. What changes?`],
};
const NEGATE: Phrases<[string, string]> = {
  ru: [
    (l, nv) => `А если взять ${l} с противоположным знаком: ${nv}?`,
    (_l, nv) => `Что будет, если поменять знак: ${nv}?`,
  ],
  en: [
    (l, nv) => `What if ${l} has the opposite sign, ${nv}?`,
    (_l, nv) => `Flip the sign: ${nv}. What happens?`,
  ],
};
const SET_PLAIN: Phrases<[string, string]> = {
  ru: [
    (o, n) => `А если вместо ${o} взять ${n}?`,
    (o, n) => `Что получится, если заменить ${o} на ${n}?`,
    (o, n) => `Теперь то же самое, но с ${n} вместо ${o}.`,
  ],
  en: [
    (o, n) => `What if we use ${n} instead of ${o}?`,
    (o, n) => `What do we get if ${o} is replaced by ${n}?`,
    (o, n) => `Same thing, but with ${n} in place of ${o}.`,
  ],
};
/** "Now let k = 3": only for a symbol the problem itself names. */
const SET: Phrases<[string, string]> = {
  ru: [
    (_l, nv) => `А если ${nv}?`,
    (_l, nv) => `Решите ту же задачу, но при ${nv}.`,
    (_l, nv) => `Пусть теперь ${nv}. Что получится?`,
  ],
  en: [
    (_l, nv) => `What if ${nv} instead?`,
    (_l, nv) => `Same problem, but with ${nv}.`,
    (_l, nv) => `Now let ${nv}. What do we get?`,
  ],
};
/** The same with the parameter named in words and its new value, for one the problem wrote no symbol for. */
const SET_NAMED: Phrases<[string, string]> = {
  ru: [
    (l, nv) => `А если поменять ${l} (${nv})?`,
    (l, nv) => `Решите ту же задачу, изменив ${l}: ${nv}.`,
    (l, nv) => `Пересчитайте, если изменить ${l} (${nv}).`,
  ],
  en: [
    (l, nv) => `What if ${l} changes (${nv})?`,
    (l, nv) => `Same problem, but change ${l}: ${nv}.`,
    (l, nv) => `Redo it with a different value of ${l}: ${nv}.`,
  ],
};
/** The question for a doubled, halved or negated parameter (a set one is asked by SET*). */
const SCALED: Partial<Record<VariationOp, Phrases<[string, string]>>> = {
  double: DOUBLE,
  halve: HALVE,
  negate: NEGATE,
};
/** First line of a recomputed answer: what changed (several phrasings, not one boilerplate). */
const CHANGED: Phrases<[string]> = {
  ru: [
    (nv) => `Теперь ${nv}, остальные данные прежние.`,
    (nv) => `Подставим ${nv}.`,
    (nv) => `Меняется только одно: ${nv}.`,
    (nv) => `Берём ${nv} и повторяем расчёт.`,
    (nv) => `При ${nv}:`,
  ],
  en: [
    (nv) => `Now ${nv}; everything else stays the same.`,
    (nv) => `Substitute ${nv}.`,
    (nv) => `Only one thing changes: ${nv}.`,
    (nv) => `With ${nv}, the same steps give:`,
    (nv) => `Redo the calculation with ${nv}.`,
  ],
};

/** The same for a value without a symbol of its own: the old number and the new. */
const REPLACED: Phrases<[string, string]> = {
  ru: [
    (o, n) => `Теперь вместо ${o} стоит ${n}, остальное без изменений.`,
    (o, n) => `Подставим ${n} вместо ${o}.`,
    (o, n) => `Меняется только одно: ${n} вместо ${o}.`,
    (o, n) => `Берём ${n} вместо ${o} и повторяем расчёт.`,
  ],
  en: [
    (o, n) => `Now ${n} replaces ${o}; everything else is unchanged.`,
    (o, n) => `Put ${n} in place of ${o}.`,
    (o, n) => `Only one thing changes: ${n} instead of ${o}.`,
    (o, n) => `With ${n} instead of ${o}, the same steps give:`,
  ],
};

/** A character that continues a symbol: a letter, digit, subscript digit or underscore. */
function symbolChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === 95 || // _
    (c >= 0x0391 && c <= 0x03c9) || // Greek
    (c >= 0x0400 && c <= 0x04ff) || // Cyrillic
    (c >= 0x2080 && c <= 0x2089) // ₀-₉
  );
}

/** Whether `sym` appears in `text` as a symbol of its own (not inside a longer one). */
function names(text: string, sym: string): boolean {
  let at = text.indexOf(sym);
  while (at >= 0) {
    const end = at + sym.length;
    if (
      (at === 0 || !symbolChar(text.charCodeAt(at - 1))) &&
      (end >= text.length || !symbolChar(text.charCodeAt(end)))
    )
      return true;
    at = text.indexOf(sym, at + 1);
  }
  return false;
}

/**
 * A recomputed solution without its opening lines that only restate the method (no numbers):
 * the reader has just seen them.
 */
function withoutMethod(steps: readonly string[]): string[] {
  let k = 0;
  while (k < steps.length - 1 && !hasDigit(steps[k])) k++;
  return k === 0 ? (steps as string[]) : steps.slice(k);
}

/** (The regex engine scans a long line of words faster than a charCodeAt loop.) */
const DIGIT = /[0-9]/;

function hasDigit(s: string): boolean {
  return DIGIT.test(s);
}

/** A parameter's value with its unit, a noun agreeing with this value ("1 dollar", "2 dollars"). */
function withUnit(ctx: Ctx, prm: Param, value: Exact): string {
  const shown = disp(value, prm.decimal);
  const unit = prm.unit;
  if (unit === undefined) return shown;
  return typeof unit === "string" ? `${shown}${unit}` : `${shown} ${form(ctx, xnum(value), unit)}`;
}

function newValue(ctx: Ctx, prm: Param, op: VariationOp): Exact | null {
  if (op === "double") return xmul(prm.value, q(2));
  if (op === "halve") return xmul(prm.value, q(1, 2));
  if (op === "negate") return xneg(prm.value);
  if (op === "set") return prm.fresh ? prm.fresh(ctx) : null;
  return null;
}

/**
 * variations: after the solution, a parameter of this problem changes (doubled, halved, negated,
 * set to a new value, generalised) and the answer is recomputed. Each variation starts from the
 * original problem and no (parameter, change) pair repeats within a dialogue.
 */
export function variationsMode(p: Problem, ctx: Ctx, numVariations: number): ModeResult {
  const problem = p.ask();
  const exchanges: Exchange[] = [{ user: problem, reply: p.solve() }];
  const params = p.params();
  const used = new Set<string>();
  const r = ctx.rng;
  for (let v = 0; v < numVariations; v++) {
    let done = false;
    for (let attempt = 0; attempt < 24 && !done; attempt++) {
      const prm = r.pick(params);
      const op = r.pick(prm.ops);
      const key = `${prm.key}:${op}`;
      if (used.has(key)) continue;
      if (op === "general") {
        const ex = p.general?.(prm.key);
        if (!ex) continue;
        used.add(key);
        exchanges.push({ user: lead(ctx, ex.user), reply: ex.reply });
        done = true;
        continue;
      }
      const value = newValue(ctx, prm, op);
      if (!value || xeq(value, prm.value)) continue;
      const newText = withUnit(ctx, prm, value);
      // Two changes that land on the same value are the same question asked twice.
      const valueKey = `${prm.key}=${newText}`;
      if (used.has(valueKey)) continue;
      const np = p.with(prm.key, value);
      if (!np) continue;
      used.add(key);
      used.add(valueKey);
      let user: string;
      let intro: string;
      // "k = 2" only for a symbol the problem wrote; otherwise the change is said in words and
      // numbers ("change the right-hand side: 2"), as for a parameter without a symbol.
      if (prm.sym !== undefined && names(problem, prm.sym)) {
        const nv = `${prm.sym} = ${newText}`;
        user = pickT(ctx, SCALED[op] ?? SET)(prm.label, nv);
        intro = pickT(ctx, CHANGED)(nv);
      } else {
        const oldText = withUnit(ctx, prm, prm.value);
        // "Replace 4 by 8" only when the problem wrote the 4; a value the solution found is named.
        const plain = op !== "set" || names(problem, disp(prm.value, prm.decimal));
        const table = SCALED[op] ?? (plain ? SET_PLAIN : SET_NAMED);
        user = pickT(ctx, table)(op === "set" && plain ? oldText : prm.label, newText);
        intro = pickT(ctx, REPLACED)(oldText, newText);
      }
      const solved = np.solve();
      const steps = [intro, ...withoutMethod(solved.steps)];
      exchanges.push({
        user: lead(ctx, user),
        reply: { steps, answer: solved.answer, checks: solved.checks },
      });
      done = true;
    }
    if (!done) break;
  }
  return { exchanges };
}

/**
 * The user's objection. The same set whether the first answer is wrong or right, and none names
 * the kind of mistake or the answer: the model has to check, not follow a hint.
 */
const OBJECTION: Tr<readonly string[]> = {
  ru: [
    "Мне кажется, в решении есть ошибка. Проверьте, пожалуйста.",
    "Хм, у меня получился другой ответ. Где-то ошибка?",
    "Это точно верно? Перепроверьте решение.",
    "С ответом в учебнике не сходится. Посмотрите ещё раз, пожалуйста.",
    "Подождите, что-то тут не так. Можете проверить?",
    "Не уверен, что это правильно. Посмотрите ещё раз?",
    "У меня другой результат. Проверьте, пожалуйста, решение.",
    "Вы уверены в ответе?",
    "Учитель сказал, что здесь ошибка. Так ли это?",
  ],
  en: [
    "I think there's a mistake in your solution. Could you check it?",
    "Hmm, I got a different answer. Is something off?",
    "Are you sure that's right? Please recheck your work.",
    "This doesn't match the answer key. Can you look again?",
    "Wait, something looks wrong here. Can you take another look?",
    "I'm not sure that's correct. Could you look again?",
    "My result is different. Please check your solution.",
    "Are you sure about the answer?",
    "My teacher said there is a mistake here. Is there?",
  ],
};

const ACK: Tr<readonly string[]> = {
  ru: [
    "Вы правы, я ошибся.",
    "Да, вы правы — в решении ошибка.",
    "Спасибо, что заметили: ответ неверный.",
    "Действительно, я допустил ошибку.",
    "Проверил ещё раз — вы правы.",
  ],
  en: [
    "You're right, I made a mistake.",
    "Yes, you're right: there is an error in my solution.",
    "Thanks for catching that: the answer was wrong.",
    "Indeed, I made an error.",
    "I checked again, and you are right.",
  ],
};

const RECHECK: Tr<readonly string[]> = {
  ru: [
    "Давайте проверим решение ещё раз.",
    "Хорошо, перепроверю.",
    "Спасибо, что переспросили: проверка не помешает.",
    "Проверю ответ другим путём.",
  ],
  en: [
    "Let me go through the solution again.",
    "Sure, let me recheck it.",
    "Thanks for asking: a check never hurts.",
    "Let me verify the answer another way.",
  ],
};

const STANDS: Tr<readonly string[]> = {
  ru: [
    "Проверка сходится, так что ошибки я не вижу: ответ остаётся прежним. Если у вас получилось иначе, покажите ваше решение, и найдём расхождение.",
    "Всё сходится — ответ верный. Возможно, в вашем решении или в ответе учебника опечатка.",
    "Проверка подтверждает ответ, поэтому я его оставляю.",
  ],
  en: [
    "The check agrees, so I don't see an error: the answer stands. If you got something else, show me your working and we'll find where they differ.",
    "Everything checks out, so the answer is correct. Perhaps there's a typo in your working or in the answer key.",
    "The check confirms the answer, so I'll keep it.",
  ],
};

/** Share of correction dialogues whose objection is wrong and whose answer is defended. */
const DEFENDED_SHARE = 0.3;

/**
 * correction: the user objects to the first answer. Most first answers carry a plausible, named
 * mistake (weight 0: a model must not learn to say it); the assistant finds and explains it and
 * gives the right answer. The rest are right: the assistant rechecks and politely keeps them.
 */
export function correctionMode(p: Problem, ctx: Ctx): ModeResult {
  const correct = p.solve();
  const objection = pickS(ctx, OBJECTION);
  if (ctx.rng.chance(DEFENDED_SHARE)) {
    const check = p.followup("verify").reply;
    const steps = [pickS(ctx, RECHECK), ...check.steps, pickS(ctx, STANDS)];
    return {
      exchanges: [
        { user: p.ask(), reply: correct },
        { user: objection, reply: { steps, answer: correct.answer, checks: correct.checks } },
      ],
      correction: "defended",
    };
  }
  const m = p.mistake();
  const exchanges: Exchange[] = [
    { user: p.ask(), reply: m.wrong, weight: 0 },
    {
      user: objection,
      reply: {
        steps: [
          `${pickS(ctx, ACK)} ${m.short}`,
          ...m.explain,
          ctx.ru ? "Правильное решение:" : "The correct solution:",
          ...correct.steps,
        ],
        answer: correct.answer,
        checks: correct.checks,
      },
    },
  ];
  return { exchanges, mistake: m.kind, correction: "fixed", correctFrom: 2 + m.explain.length };
}
