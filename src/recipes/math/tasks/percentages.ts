import { AN, aN, EN, form, type Tr, tr } from "../lang.js";
import { MONEY } from "../nouns.js";
import { type Exact, isSurd, xnum } from "../num/exact.js";
import { asc, dopnd, show } from "../num/fmt.js";
import * as R from "../num/rational.js";
import { decStr, type Q, q } from "../num/rational.js";
import { evd, evs, exchange } from "../text.js";
import type { Ctx, Exchange, Param } from "../types.js";
import { type Outcome, outcomes, type Presented, present, unitOf } from "./formula.js";
import { type TaskVariant, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */

const TEXT_EN = {
  /** How money answers are shown: a decimal with the currency, agreeing with the amount. */
  money: { decimal: true, units: MONEY },
  /** The currency after an amount in running text ("1 dollar", "2.5 dollars"). */
  cur: (v: Exact) => ` ${form(EN, xnum(v), MONEY)}`,
  multiplyTheNumberBy: (N: string, P: string) => `Multiply the number by the percentage: ${N} · ${P}.`,
  divideTheNumberBy: "Divide the number by the percentage and multiply by 100.",
  isHundredthOfThe: (P: string, N: string) =>
    `1% is a hundredth of the number, so ${P}% = ${N} · ${P} / 100.`,
  theNewPriceIs: (g: R.Q) =>
    `The new price is ${decStr(R.mul(g, q(100)))}% of the old one, a factor of ${decStr(g)}.`,
  theChangeInPrice: (N: string, P: string) => `The change in price: ${N} · ${P} / 100.`,
  makesTheNewPrice: (s: S, P: string, f: R.Q, fs: string) =>
    `${AN(P)}% ${s.up ? "rise" : "cut"} makes the new price ${decStr(R.mul(f, q(100)))}% of the old one, i.e. a factor of ${fs}.`,
  toGetBackThe: (s: S, P: string, g: R.Q) =>
    `To get back, ${s.up ? "cut" : "raise"} the new price by ${P}%: a factor of ${decStr(g)}.`,
  theNewPriceIs2: (fs: string) => `The new price is the old one times ${fs}.`,
  soTheOldPrice: (N: string, fs: string) => `So the old price is x = ${N} / ${fs}.`,
  percentIsOneHundredth: (P: string) =>
    `A percent is one hundredth. ${P}% means ${P}/100 of the whole, so we multiply by ${P} and divide by 100.`,
  theOldPriceIs: (s: S, P: string, f: R.Q, fs: string) =>
    `The old price is 100%. After the change it is ${s.up ? `100% + ${P}%` : `100% - ${P}%`} = ${decStr(R.mul(f, q(100)))}%, so we multiply by ${fs} in one go.`,
  theIsTakenOf: (s: S, fs: string, P: string) =>
    `The ${P}% is taken of the old price, which we do not know. So new = old · ${fs}, and the old price comes from dividing, not from ${s.up ? "subtracting" : "adding"} ${P}% of the new one.`,
  throughOfIs: (N: string, one: R.Q) => `Through 1%: 1% of ${N} is ${show(one, true)}.`,
  thenIs: (P: string, one: R.Q, val: Exact) =>
    `Then ${P}% is ${show(one, true)} · ${P} = ${show(val, true)}.`,
  stepByStepOf: (P: string, N: string, part: R.Q) =>
    `Step by step: ${P}% of ${N} is ${show(part, true)}${TEXT_EN.cur(part)}.`,
  usingProportionIsOf: (N: string, m: string, pct: R.Q) =>
    `Using a proportion: ${N}${m} is ${decStr(pct)}% of the old price, so 1% is ${N} / ${decStr(pct)}.`,
  findWhatPercentIs: (val: Exact, N: string, back: R.Q) =>
    `Find what percent ${show(val, true)} is of ${N}: ${show(val, true)} / ${N} · 100 = ${decStr(back)}%.`,
  asGiven: (back: R.Q) => `${decStr(back)}%, as given.`,
  divideTheNewPrice: (fs: string, val: Exact, N: string) =>
    `Divide the new price by the factor ${fs}: ${dopnd(val, true)} / ${fs} = ${N}.`,
  weGetBackThe: (N: string, m: string) => `We get back the original ${N}${m}, so the answer is right.`,
  thePriceWeFound: (s: S, P: string, val: Exact, fs: string, N: string) =>
    `${s.up ? "Raise" : "Cut"} the price we found by ${P}%: ${dopnd(val, true)} · ${fs} = ${N}.`,
  thatGivesAsStated: (N: string, m: string) => `That gives ${N}${m}, as stated.`,
  twiceThePercentageGives: "Twice the percentage gives twice the result:",
  theSecondPercentageIs: (there: R.Q, g: R.Q, back: R.Q) =>
    `The second percentage is taken of the new price: ${dopnd(there, true)} · ${decStr(g)} = ${show(back, true)}.`,
  thatIsLessThan: (base: R.Q, fs: string, g: R.Q, f: R.Q) =>
    `That is less than the original ${show(base, true)}: the factors give ${fs} · ${decStr(g)} = ${decStr(R.mul(f, g))} < 1.`,
  noItEndsAt: (back: R.Q, m: string) => `No: it ends at ${show(back, true)}${m}, below the original price.`,
  theNumber: "the number",
  thePrice: "the price",
  thePercentage: "the percentage",
  writeTheAnswerIn: "Write the answer in general for an arbitrary percentage p.",
  with: (s: S, p: Presented) => `With p = ${decStr(s.p)}: ${p.line}`,
  forThatIs: (formula: string, s: S, p: Presented, unit: string) =>
    `${formula}; for p = ${decStr(s.p)} that is ${p.text}${unit}.`,
  why: "Why do we compute it this way?",
  alt: "Can we do it another way?",
  askVerify: "How can I check the answer?",
  askDoubled: (P2: string) => `And what is ${P2}% of the same number?`,
  askUndone: (s: S, P: string) =>
    `If the price is then ${s.up ? "cut" : "raised"} by the same ${P}%, does it return to where it was?`,
  /** Planted mistakes, by fault: how the assistant names one ... */
  slip: {
    no100: "I forgot to divide by 100.",
    inverted: "I turned the proportion upside down.",
    sign: (s: S) =>
      `I ${s.up ? "lowered" : "raised"} the price instead of ${s.up ? "raising" : "lowering"} it.`,
    partOnly: "I found only the change, not the new price.",
    reverse: (s: S) => `I ${s.up ? "cut" : "raised"} the new price by the same ${decStr(s.p)}%.`,
  },
  /** ... and why it is wrong. */
  slipWhy: {
    no100: "A percent is a hundredth, so after multiplying by the percentage we divide by 100.",
    inverted: "A part of a number is found by multiplying by p/100, not dividing.",
    sign: (s: S) => `The price was ${s.up ? "raised" : "cut"}, so the factor is ${decStr(factor(s))}.`,
    partOnly: "The new price is the old price plus (or minus) the change.",
    reverse: (s: S) =>
      `The percentage was of the old price, so divide by ${decStr(factor(s))} rather than multiply by ${decStr(factor(s, !s.up))}.`,
  },
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    money: { decimal: true, units: MONEY },
    cur: () => " ₽",
    multiplyTheNumberBy: (N, P) => `Умножим число на процент: ${N} · ${P}.`,
    divideTheNumberBy: `Разделим число на процент и умножим на 100.`,
    isHundredthOfThe: (P, N) => `1% — это сотая часть числа, поэтому ${P}% = ${N} · ${P} / 100.`,
    theNewPriceIs: (g) =>
      `Новая цена — это ${decStr(R.mul(g, q(100)))}% от старой, то есть множитель ${decStr(g)}.`,
    theChangeInPrice: (N, P) => `Изменение цены: ${N} · ${P} / 100.`,
    makesTheNewPrice: (s, P, f, fs) =>
      `${s.up ? "Повышение" : "Снижение"} на ${P}% значит, что новая цена составляет ${decStr(R.mul(f, q(100)))}% от старой, то есть умножается на ${fs}.`,
    toGetBackThe: (s, P, g) =>
      `Чтобы вернуться к старой цене, ${s.up ? "снизим" : "повысим"} новую на ${P}%: множитель ${decStr(g)}.`,
    theNewPriceIs2: (fs) => `Новая цена — это старая, умноженная на ${fs}.`,
    soTheOldPrice: (N, fs) => `Значит, старая цена x = ${N} / ${fs}.`,
    percentIsOneHundredth: (P) =>
      `Процент — это сотая доля. ${P}% — это ${P}/100 от целого, поэтому число умножаем на ${P} и делим на 100.`,
    theOldPriceIs: (s, P, f, fs) =>
      `Старая цена — 100%. После изменения остаётся ${s.up ? `100% + ${P}%` : `100% - ${P}%`} = ${decStr(R.mul(f, q(100)))}%, поэтому сразу умножаем на ${fs}.`,
    theIsTakenOf: (s, fs, P) =>
      `Процент ${s.up ? "повышения" : "снижения"} считается от старой цены, которую мы не знаем. Поэтому новая цена = старая · ${fs}, и старую находим делением, а не ${s.up ? "вычитанием" : "прибавлением"} ${P}% от новой.`,
    throughOfIs: (N, one) => `Через 1%: 1% от ${N} — это ${show(one, true)}.`,
    thenIs: (P, one, val) => `Тогда ${P}% — это ${show(one, true)} · ${P} = ${show(val, true)}.`,
    stepByStepOf: (P, N, part) => `По шагам: ${P}% от ${N} — это ${show(part, true)} ₽.`,
    usingProportionIsOf: (N, m, pct) =>
      `Через пропорцию: ${N}${m} — это ${decStr(pct)}% старой цены, значит, 1% — это ${N} / ${decStr(pct)}.`,
    findWhatPercentIs: (val, N, back) =>
      `Найдём, какой процент составляет ${show(val, true)} от ${N}: ${show(val, true)} / ${N} · 100 = ${decStr(back)}%.`,
    asGiven: (back) => `${decStr(back)}% — как в условии.`,
    divideTheNewPrice: (fs, val, N) =>
      `Разделим новую цену на множитель ${fs}: ${dopnd(val, true)} / ${fs} = ${N}.`,
    weGetBackThe: (N, m) => `Получили исходные ${N}${m}, значит, ответ верный.`,
    thePriceWeFound: (s, P, val, fs, N) =>
      `${s.up ? "Повысим" : "Снизим"} найденную цену на ${P}%: ${dopnd(val, true)} · ${fs} = ${N}.`,
    thatGivesAsStated: (N, m) => `Получается ${N}${m}, как в условии.`,
    twiceThePercentageGives: "Процент вдвое больше — и результат вдвое больше:",
    theSecondPercentageIs: (there, g, back) =>
      `Второй процент берётся уже от новой цены: ${dopnd(there, true)} · ${decStr(g)} = ${show(back, true)}.`,
    thatIsLessThan: (base, fs, g, f) =>
      `Это меньше исходных ${show(base, true)}: множители ${fs} · ${decStr(g)} = ${decStr(R.mul(f, g))} < 1.`,
    noItEndsAt: (back, m) => `Нет: получится ${show(back, true)}${m}, меньше исходной цены.`,
    theNumber: "число",
    thePrice: "цену",
    thePercentage: "процент",
    writeTheAnswerIn: "Запишите ответ в общем виде для произвольного процента p.",
    with: (s, p) => `При p = ${decStr(s.p)}: ${p.line}`,
    forThatIs: (formula, s, p, unit) => `${formula}; при p = ${decStr(s.p)} это ${p.text}${unit}.`,
    why: "Почему считаем именно так?",
    alt: "А можно решить по-другому?",
    askVerify: "Как проверить ответ?",
    askDoubled: (P2) => `А сколько будет ${P2}% от того же числа?`,
    askUndone: (s, P) =>
      `Если после этого цену ${s.up ? "снизить" : "повысить"} на те же ${P}%, вернётся ли она к прежней?`,
    slip: {
      no100: "Я забыл разделить на 100.",
      inverted: "Я перевернул пропорцию.",
      sign: (s) =>
        `Я ${s.up ? "уменьшил" : "увеличил"} цену вместо того, чтобы ${s.up ? "увеличить" : "уменьшить"}.`,
      partOnly: "Я нашёл только величину изменения, а не новую цену.",
      reverse: (s) => `Я ${s.up ? "снизил" : "повысил"} новую цену на те же ${decStr(s.p)}%.`,
    },
    slipWhy: {
      no100: "Процент — сотая доля, поэтому после умножения на процент делим на 100.",
      inverted: "Часть от числа находится умножением на p/100, а не делением.",
      sign: (s) => `Цену ${s.up ? "повысили" : "снизили"}, поэтому множитель ${decStr(factor(s))}.`,
      partOnly: "Новая цена — это старая цена плюс (или минус) изменение.",
      reverse: (s) =>
        `Процент считался от старой цены, поэтому нужно делить на ${decStr(factor(s))}, а не умножать на ${decStr(factor(s, !s.up))}.`,
    },
  },
  en: TEXT_EN,
};

/**
 * percentages: percent of a number (1-3), a price raised or cut by p% (4-7), the original price
 * before a change (8-10). Percentages get less round and prices less even as difficulty grows;
 * answers are exact decimals, or fractions when they do not terminate.
 */
type Variant = "of" | "change" | "original";

interface S {
  variant: Variant;
  N: Q;
  p: Q;
  up: boolean;
}

const ROUND = [10, 20, 25, 50];
const PLAIN = [5, 10, 15, 20, 25, 30, 40, 50, 60, 75];

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  const pct = dd <= 2 ? r.pick(ROUND) : dd <= 6 ? r.pick(PLAIN) : r.int(1, 95);
  if (dd <= 3)
    return { variant: "of", N: q(dd === 1 ? r.int(1, 20) * 10 : r.int(10, 999)), p: q(pct), up: true };
  if (dd <= 7)
    return { variant: "change", N: q(r.int(2, 400) * (dd <= 5 ? 10 : 1)), p: q(pct), up: r.chance(0.55) };
  return { variant: "original", N: q(r.int(50, 5000)), p: q(pct), up: r.chance(0.55) };
}

/** The multiplier of a change by p% (up or down). */
function factor(s: S, up = s.up): Q {
  return R.div(R.add(q(100), up ? s.p : R.neg(s.p)), q(100));
}

// The currency as the questions name it, after the price.
const RUB = (N: Q) => TEXT.ru.cur(N);
const USD = (N: Q) => TEXT.en.cur(N);

type Text = typeof TEXT_EN;
type Slip = keyof Text["slip"];

interface PercentVariant extends TaskVariant<S, Text, Exact, Slip> {
  /** The answer as a formula of an arbitrary percentage p. */
  general(s: S): string;
}

const DECIMAL = { decimal: true };

const VARIANTS: Record<Variant, PercentVariant> = {
  of: {
    ask: {
      ru: [
        (s) => `Найдите ${decStr(s.p)}% от числа ${decStr(s.N)}.`,
        (s) => `Сколько составляет ${decStr(s.p)}% от ${decStr(s.N)}?`,
      ],
      en: [
        (s) => `Find ${decStr(s.p)}% of ${decStr(s.N)}.`,
        (s) => `What is ${decStr(s.p)}% of ${decStr(s.N)}?`,
      ],
    },
    solve(tx, s, fault) {
      const N = decStr(s.N);
      const P = decStr(s.p);
      const worked = outcomes(`${N}*${P}/100`, "", "number", DECIMAL);
      if (fault === "no100") return worked([tx.multiplyTheNumberBy(N, P)], R.mul(s.N, s.p), `${N} · ${P}`);
      if (fault === "inverted")
        return worked([tx.divideTheNumberBy], R.div(R.mul(s.N, q(100)), s.p), `${N} / ${P} · 100`);
      return worked([tx.isHundredthOfThe(P, N)], R.div(R.mul(s.N, s.p), q(100)), `${N} · ${P} / 100`);
    },
    why: (tx, s) => tx.percentIsOneHundredth(decStr(s.p)),
    alt(tx, s, { v }) {
      const one = R.div(s.N, q(100));
      return [
        [tx.throughOfIs(decStr(s.N), one), tx.thenIs(decStr(s.p), one, v)],
        `(${decStr(s.N)}/100)*${decStr(s.p)}`,
      ];
    },
    verify(tx, s, { v }) {
      const N = decStr(s.N);
      const back = R.div(R.mul(v as Q, q(100)), s.N);
      return exchange(tx.askVerify, [tx.findWhatPercentIs(v, N, back)], tx.asGiven(back), [
        evs(`${asc(v, true)}/${N}*100`, decStr(back)),
      ]);
    },
    edge(tx, s) {
      const N = decStr(s.N);
      const P2 = decStr(R.mul(q(2), s.p));
      const doubled = R.div(R.mul(s.N, R.mul(q(2), s.p)), q(100));
      return exchange(
        tx.askDoubled(P2),
        [tx.twiceThePercentageGives, `${N} · ${P2} / 100 = ${show(doubled, true)}`],
        show(doubled, true),
        [evd(`${N}*${P2}/100`, doubled)],
      );
    },
    general: (s) => `${decStr(s.N)} · p / 100`,
    mistakes: [
      ["wrong_formula", "no100"],
      ["wrong_formula", "inverted"],
    ],
  },
  change: {
    ask: {
      ru: [
        (s) =>
          `Товар стоил ${decStr(s.N)}${RUB(s.N)}. Цену ${s.up ? "повысили" : "снизили"} на ${decStr(s.p)}%. Какой стала цена?`,
        (s) =>
          `Цена ${decStr(s.N)}${RUB(s.N)} ${s.up ? "выросла" : "уменьшилась"} на ${decStr(s.p)}%. Найдите новую цену.`,
      ],
      en: [
        (s) =>
          `An item cost ${decStr(s.N)}${USD(s.N)}. Its price was ${s.up ? "raised" : "cut"} by ${decStr(s.p)}%. What is the new price?`,
        (s) =>
          `A price of ${decStr(s.N)}${USD(s.N)} ${s.up ? "goes up" : "goes down"} by ${decStr(s.p)}%. Find the new price.`,
      ],
    },
    solve(tx, s, fault) {
      const N = decStr(s.N);
      const P = decStr(s.p);
      const worked = outcomes(`${N}*(1 ${s.up ? "+" : "-"} ${P}/100)`, "", "money", tx.money);
      if (fault === "sign") {
        const g = factor(s, !s.up);
        return worked([tx.theNewPriceIs(g)], R.mul(s.N, g), `${N} · ${decStr(g)}`);
      }
      if (fault === "partOnly")
        return worked([tx.theChangeInPrice(N, P)], R.div(R.mul(s.N, s.p), q(100)), `${N} · ${P} / 100`);
      const f = factor(s);
      return worked([tx.makesTheNewPrice(s, P, f, decStr(f))], R.mul(s.N, f), `${N} · ${decStr(f)}`);
    },
    why: (tx, s) => tx.theOldPriceIs(s, decStr(s.p), factor(s), decStr(factor(s))),
    alt(tx, s, { v }) {
      const N = decStr(s.N);
      const part = R.div(R.mul(s.N, s.p), q(100));
      const sign = s.up ? "+" : "-";
      return [
        [tx.stepByStepOf(decStr(s.p), N, part), `${N} ${sign} ${show(part, true)} = ${show(v, true)}`],
        `${N} ${sign} ${N}*${decStr(s.p)}/100`,
      ];
    },
    verify(tx, s, { v }) {
      const N = decStr(s.N);
      const fs = decStr(factor(s));
      return exchange(tx.askVerify, [tx.divideTheNewPrice(fs, v, N)], tx.weGetBackThe(N, tx.cur(s.N)), [
        evs(`${asc(v, true)}/${fs}`, N),
      ]);
    },
    edge: (tx, s) => undone(tx, s, s.N),
    general: (s) => `${decStr(s.N)} · (1 ${s.up ? "+" : "-"} p / 100)`,
    mistakes: [
      ["sign_error", "sign"],
      ["dropped_term", "partOnly"],
    ],
  },
  original: {
    ask: {
      ru: [
        (s) =>
          `После ${s.up ? "повышения" : "снижения"} цены на ${decStr(s.p)}% товар стоит ${decStr(s.N)}${RUB(s.N)}. Сколько он стоил раньше?`,
        (s) =>
          `Цену ${s.up ? "повысили" : "снизили"} на ${decStr(s.p)}%, и теперь она равна ${decStr(s.N)}${RUB(s.N)}. Найдите первоначальную цену.`,
      ],
      en: [
        (s) =>
          `After ${aN(decStr(s.p))}% price ${s.up ? "rise" : "cut"} an item costs ${decStr(s.N)}${USD(s.N)}. What did it cost before?`,
        (s) =>
          `A price was ${s.up ? "raised" : "cut"} by ${decStr(s.p)}% and is now ${decStr(s.N)}${USD(s.N)}. Find the original price.`,
      ],
    },
    solve(tx, s, fault) {
      const N = decStr(s.N);
      const P = decStr(s.p);
      const expr = `${N}/(1 ${s.up ? "+" : "-"} ${P}/100)`;
      if (fault === "reverse") {
        const g = factor(s, !s.up);
        const worked = outcomes(expr, "", "money", tx.money);
        return worked([tx.toGetBackThe(s, P, g)], R.mul(s.N, g), `${N} · ${decStr(g)}`);
      }
      const fs = decStr(factor(s));
      const worked = outcomes(expr, "x", "money", tx.money);
      return worked([tx.theNewPriceIs2(fs), tx.soTheOldPrice(N, fs)], R.div(s.N, factor(s)), `${N} / ${fs}`);
    },
    why: (tx, s) => tx.theIsTakenOf(s, decStr(factor(s)), decStr(s.p)),
    alt(tx, s, { v }) {
      const N = decStr(s.N);
      const pct = R.add(q(100), s.up ? s.p : R.neg(s.p));
      return [
        [
          tx.usingProportionIsOf(N, tx.cur(s.N), pct),
          `100% = ${N} / ${decStr(pct)} · 100 = ${show(v, true)}.`,
        ],
        `${N}/${decStr(pct)}*100`,
      ];
    },
    verify(tx, s, { v }) {
      const N = decStr(s.N);
      const P = decStr(s.p);
      const fs = decStr(factor(s));
      return exchange(
        tx.askVerify,
        [tx.thePriceWeFound(s, P, v, fs, N)],
        tx.thatGivesAsStated(N, tx.cur(s.N)),
        [evs(`${asc(v, true)}*${fs}`, N)],
      );
    },
    edge: (tx, s, { v }) => undone(tx, s, v as Q),
    general: (s) => `${decStr(s.N)} / (1 ${s.up ? "+" : "-"} p / 100)`,
    mistakes: [["wrong_formula", "reverse"]],
  },
};

/** The old price `base` changed and then changed back by the same percentage: it ends below. */
function undone(tx: Text, s: S, base: Q): Exchange {
  const f = factor(s);
  const g = factor(s, !s.up);
  const there = R.mul(base, f);
  const back = R.mul(there, g);
  return exchange(
    tx.askUndone(s, decStr(s.p)),
    [tx.theSecondPercentageIs(there, g, back), tx.thatIsLessThan(base, decStr(f), g, f)],
    tx.noItEndsAt(back, tx.cur(back)),
    [evd(`${asc(base, true)}*${decStr(f)}*${decStr(g)}`, back)],
  );
}

function params(ctx: Ctx, s: S): Param[] {
  const tx = tr(ctx, TEXT);
  const N: Param = {
    key: "N",
    label: s.variant === "of" ? tx.theNumber : tx.thePrice,
    value: s.N,
    ops: ["double", "halve", "set"],
    fresh: (c) => q(c.rng.int(10, 999)),
    decimal: true,
    unit: s.variant === "of" ? "" : MONEY,
  };
  const p: Param = {
    key: "p",
    label: tx.thePercentage,
    sym: "p",
    value: s.p,
    ops: s.p.n <= 45 ? ["double", "halve", "set", "general"] : ["halve", "set", "general"],
    fresh: (c) => q(c.rng.pick(PLAIN)),
    decimal: true,
    unit: "%",
  };
  return [N, p];
}

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  if (isSurd(value) || value.n <= 0 || xnum(value) > 1e6) return null;
  if (key === "p") {
    // Percentages stay whole or halves, and a cut stays below 100%.
    if (value.d > 2) return null;
    if (!s.up && value.n / value.d >= 100) return null;
  }
  return { ...s, [key]: value };
}

function general(ctx: Ctx, s: S, key: string, o: Outcome): Exchange | null {
  if (key !== "p") return null;
  const tx = tr(ctx, TEXT);
  const formula = VARIANTS[s.variant].general(s);
  const p = present(ctx, o);
  return exchange(
    tx.writeTheAnswerIn,
    [formula, tx.with(s, p)],
    tx.forThatIs(formula, s, p, unitOf(ctx, o)),
    [p.check],
  );
}

export const percentages = variantTask<S, Text>({
  id: "percentages",
  domain: "math",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: (tx) => tx,
  altCheck: (expr, f) => evd(expr, f.v),
  params,
  with: withParam,
  general,
});
