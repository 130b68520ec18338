import { count, countOf, noun, RU, type Tr, tr } from "../lang.js";
import { N } from "../nouns.js";
import { type Exact, isSurd } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import { ev, exchange, opInt, subscript } from "../text.js";
import type { Ctx, Exchange, Param } from "../types.js";
import { type Outcome, outcomes, type Presented, param, present } from "./formula.js";
import { type Solved, type TaskVariant, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  theTerm: "The n-th term: aₙ = a₁ + (n - 1)d.",
  theLastTerm: (s: AS, an: R.Q) =>
    `The last term: a${subscript(s.n)} = ${qstr(s.a1)} + ${s.n - 1} · ${o(s.d)} = ${qstr(an)}.`,
  theSum: "The sum: Sₙ = (a₁ + aₙ) · n / 2.",
  fromToThereAre: (s: AS, B: R.Q, A: R.Q, dd: R.Q) =>
    `From a${subscript(s.k)} to a${subscript(s.m)} there are ${s.m - s.k + 1} steps: d = (${qstr(B)} - ${o(A)}) / ${s.m - s.k + 1} = ${qstr(dd)}.`,
  fromToIsSteps: (s: AS, B: R.Q, A: R.Q, dd: R.Q) =>
    `From a${subscript(s.k)} to a${subscript(s.m)} is ${s.m - s.k} steps of d: d = (${qstr(B)} - ${o(A)}) / ${s.m - s.k} = ${qstr(dd)}.`,
  eachTermAddsTo: (s: AS) =>
    `Each term adds d to the previous one. From the first to term ${s.n} there are ${s.n - 1} steps, so d is added ${s.n - 1} times.`,
  addingTheSumTo:
    "Adding the sum to itself written backwards gives n pairs, each equal to a₁ + aₙ; hence Sₙ = (a₁ + aₙ) · n / 2.",
  theDifferenceOfTwo: (s: AS) =>
    `The difference of two terms is d times the difference of their positions: a${subscript(s.m)} - a${subscript(s.k)} = (${s.m} - ${s.k})d.`,
  withoutTheLastTerm: "Without the last term: Sₙ = n · a₁ + d · n(n - 1) / 2.",
  firstFind: (s: AS, a1: R.Q) => `First find a₁ = a${subscript(s.k)} - (${s.k} - 1)d = ${qstr(a1)}.`,
  throughMiddleTerm: (mid: number, s: AS, am: R.Q) =>
    `Through a middle term: a${subscript(mid)} = ${qstr(s.a1)} + ${mid - 1} · ${o(s.d)} = ${qstr(am)}.`,
  mustEqual: (s: AS, prev: R.Q, an: R.Q) =>
    `Sₙ - Sₙ₋₁ must equal aₙ. S${subscript(s.n - 1)} = ${qstr(prev)}, a${subscript(s.n)} = ${qstr(an)}.`,
  theDifferenceIsSo: (an: R.Q, s: AS) =>
    `The difference is ${qstr(an)} = a${subscript(s.n)}, so the sum is right.`,
  recoverThePosition: (v: R.Q, s: AS, nBack: R.Q) =>
    `Recover the position: n = (aₙ - a₁) / d + 1 = (${qstr(v)} - ${o(s.a1)}) / ${o(s.d)} + 1 = ${qstr(nBack)}.`,
  asItShouldBe: (nBack: R.Q) => `n = ${qstr(nBack)}, as it should be.`,
  when: (s: AS, zero: R.Q) =>
    `aₙ = 0 when a₁ + (n - 1)d = 0, i.e. n = 1 - a₁ / d = 1 - ${o(s.a1)} / ${o(s.d)} = ${qstr(zero)}.`,
  yesTermNumber: (zero: R.Q) => `Yes, term number ${qstr(zero)}.`,
  noIsNotPositive: (zero: R.Q) => `No: n = ${qstr(zero)} is not a positive whole number.`,
  theFirstTerm: "the first term",
  theCommonDifference: "the common difference",
  theTermNumber: "the term number",
  theNumberOfTerms: "the number of terms",
  theTerm2: "The n-th term: bₙ = b₁ · qⁿ⁻¹.",
  theSumOfTerms: "The sum of n terms: Sₙ = b₁(qⁿ - 1) / (q - 1).",
  soTheSumExists: (s: GS) => `|q| = ${qstr(R.abs(s.r))} < 1, so the sum exists: S = b₁ / (1 - q).`,
  eachTermIsThe: (s: GS) =>
    `Each term is the previous one times q. Reaching term ${s.n} takes ${s.n - 1} multiplications, hence qⁿ⁻¹.`,
  multiplyingTheSumBy:
    "Multiplying the sum by q and subtracting the original cancels everything except b₁qⁿ and b₁: Sₙ(q - 1) = b₁(qⁿ - 1).",
  withTheTermIn:
    "With |q| < 1 the b₁qⁿ term in the sum formula tends to zero, so the partial sums approach b₁ / (1 - q).",
  weCanSimplyList: "We can simply list the terms, multiplying by q each time:",
  throughTheLastTerm: (s: GS, bn: R.Q) =>
    `Through the last term: Sₙ = (bₙ · q - b₁) / (q - 1), with b${subscript(s.n)} = ${qstr(bn)}.`,
  noticeThatAfterThe: "Notice that S = b₁ + q · S (after the first term comes the same progression times q).",
  thePreviousTermThe: (s: GS, prev: R.Q, v: R.Q) =>
    `The previous term b${subscript(s.n - 1)} = ${qstr(prev)}; the ratio ${qstr(v)} / ${o(prev)} must equal q.`,
  correct: (v: R.Q, prev: R.Q, s: GS) => `${qstr(v)} / ${o(prev)} = ${qstr(s.r)} = q, correct.`,
  addTheTermsDirectly: "Add the terms directly:",
  directAdditionGivesIt: (v: R.Q) => `Direct addition gives ${qstr(v)}, it matches.`,
  thePartialSumOf: (s: GS, partial: R.Q, v: R.Q) =>
    `The partial sum of six terms S₆ = ${partialSum(s)} = ${about(partial)} is already close to ${about(v)}.`,
  isApproachingSoThe: (partial: R.Q, v: R.Q) =>
    `S₆ = ${qstr(partial)} is approaching ${qstr(v)}, so the answer is consistent.`,
  theFormulaBreaksDivision:
    "The formula breaks (division by q - 1 = 0), but every term equals b₁, so Sₙ = n · b₁.",
  thenTheTermsGrow: (s: GS, big: R.Q) =>
    `Then |q| > 1, the terms grow and the sum diverges: already S₆ = ${qstr(s.b1)} · (2⁶ - 1) = ${qstr(big)}.`,
  thereWouldBeNo: (big: R.Q) => `There would be no finite sum (S₆ = ${qstr(big)} and growing).`,
  thenTheSignsAlternate: (s: GS) =>
    `Then the signs alternate: b${subscript(s.n)} = ${qstr(s.b1)} · ${o(R.neg(s.r))}^${s.n - 1}.`,
  theRatio: "the ratio",
  theNumberOfTerms2: "the number of terms",
  atN: (n: number, p: Presented) => `At n = ${n}: ${p.line}`,
  oppositeD: "What if the common difference had the opposite sign?",
  zeroTerm: "Does this progression contain a term equal to zero?",
  ratioOne: "What if the ratio were 1?",
  ratioTwo: "And if the ratio were 2?",
  oppositeQ: "And with the ratio of the opposite sign?",
  /** Each progression's own wording of the follow-up questions, and its planted mistakes. */
  arith: {
    why: "Why is the formula like that?",
    alt: "Can it be solved differently?",
    verify: "How can we check the answer?",
    general: "Write the formula for an arbitrary n.",
    inGeneral: (formula: string, n: number, p: Presented) => `${formula}; at n = ${n} it gives ${p.text}.`,
    slip: {
      nNotMinus1: "I multiplied d by n instead of n - 1.",
      noHalf: "I forgot to divide by 2.",
      wrongGap: "I miscounted the steps between the terms.",
    },
    slipWhy: {
      nNotMinus1: (s: AS) =>
        `From a₁ to a${subscript(s.n)} there are ${s.n - 1} steps, so d is added ${s.n - 1} times.`,
      noHalf: "Sₙ = (a₁ + aₙ) · n / 2: pairing counts everything twice, so we halve it.",
      wrongGap: (s: AS) =>
        `Between a${subscript(s.k)} and a${subscript(s.m)} there are exactly ${s.m} - ${s.k} = ${s.m - s.k} steps, not ${s.m - s.k + 1}.`,
    },
  },
  geom: {
    why: "Why does the formula look like that?",
    alt: "Is there another way?",
    verify: "How can we check it?",
    general: "Write the answer for an arbitrary n.",
    inGeneral: (formula: string, n: number, p: Presented) => `${formula}; at n = ${n} that is ${p.text}.`,
    slip: {
      powN: "I raised q to the n-th power instead of n - 1.",
      flip: "I flipped the sign in the numerator of the sum formula.",
      plus: "I used a plus instead of a minus in the denominator.",
    },
    slipWhy: {
      powN: (s: GS) => `There are ${s.n - 1} multiplications by q from b₁ to b${subscript(s.n)}.`,
      flip: "Sₙ = b₁(qⁿ - 1) / (q - 1), equivalently b₁(1 - qⁿ) / (1 - q): the signs on top and bottom must match.",
      plus: "The sum of an infinite decreasing progression is S = b₁ / (1 - q).",
    },
  },
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    theTerm: "Формула n-го члена: aₙ = a₁ + (n - 1)d.",
    theLastTerm: (s, an) =>
      `Последний член: a${subscript(s.n)} = ${qstr(s.a1)} + ${s.n - 1} · ${o(s.d)} = ${qstr(an)}.`,
    theSum: "Сумма: Sₙ = (a₁ + aₙ) · n / 2.",
    fromToThereAre: (s, B, A, dd) =>
      `Между a${subscript(s.k)} и a${subscript(s.m)} ${count(RU, s.m - s.k + 1, N.step)}: d = (${qstr(B)} - ${o(A)}) / ${s.m - s.k + 1} = ${qstr(dd)}.`,
    fromToIsSteps: (s, B, A, dd) =>
      `От a${subscript(s.k)} до a${subscript(s.m)} — ${count(RU, s.m - s.k, N.step)} по d: d = (${qstr(B)} - ${o(A)}) / ${s.m - s.k} = ${qstr(dd)}.`,
    eachTermAddsTo: (s) =>
      `Каждый следующий член больше предыдущего на d. От первого члена до ${s.n}-го — ${count(RU, s.n - 1, N.step)}, поэтому прибавляем d ровно ${count(RU, s.n - 1, N.time)}.`,
    addingTheSumTo:
      "Если сложить сумму с ней же, записанной в обратном порядке, каждая пара даёт a₁ + aₙ, а пар n; поэтому Sₙ = (a₁ + aₙ) · n / 2.",
    theDifferenceOfTwo: (s) =>
      `Разность двух членов прогрессии равна разности их номеров, умноженной на d: a${subscript(s.m)} - a${subscript(s.k)} = (${s.m} - ${s.k})d.`,
    withoutTheLastTerm: "Через формулу без последнего члена: Sₙ = n · a₁ + d · n(n - 1) / 2.",
    firstFind: (s, a1) => `Сначала найдём a₁ = a${subscript(s.k)} - (${s.k} - 1)d = ${qstr(a1)}.`,
    throughMiddleTerm: (mid, s, am) =>
      `Через промежуточный член: a${subscript(mid)} = ${qstr(s.a1)} + ${mid - 1} · ${o(s.d)} = ${qstr(am)}.`,
    mustEqual: (s, prev, an) =>
      `Sₙ - Sₙ₋₁ должно равняться aₙ. S${subscript(s.n - 1)} = ${qstr(prev)}, a${subscript(s.n)} = ${qstr(an)}.`,
    theDifferenceIsSo: (an, s) => `Разность равна ${qstr(an)} = a${subscript(s.n)}, сумма найдена верно.`,
    recoverThePosition: (v, s, nBack) =>
      `Найдём номер обратно: n = (aₙ - a₁) / d + 1 = (${qstr(v)} - ${o(s.a1)}) / ${o(s.d)} + 1 = ${qstr(nBack)}.`,
    asItShouldBe: (nBack) => `n = ${qstr(nBack)} — как и должно быть.`,
    when: (s, zero) =>
      `aₙ = 0 при a₁ + (n - 1)d = 0, то есть n = 1 - a₁ / d = 1 - ${o(s.a1)} / ${o(s.d)} = ${qstr(zero)}.`,
    yesTermNumber: (zero) => `Да, это член номер ${qstr(zero)}.`,
    noIsNotPositive: (zero) => `Нет: n = ${qstr(zero)} не натуральное число.`,
    theFirstTerm: "первый член",
    theCommonDifference: "разность",
    theTermNumber: "номер члена",
    theNumberOfTerms: "число членов",
    theTerm2: "Формула n-го члена: bₙ = b₁ · qⁿ⁻¹.",
    theSumOfTerms: "Сумма n членов: Sₙ = b₁(qⁿ - 1) / (q - 1).",
    soTheSumExists: (s) => `|q| = ${qstr(R.abs(s.r))} < 1, поэтому сумма существует: S = b₁ / (1 - q).`,
    eachTermIsThe: (s) =>
      `Каждый член получается умножением предыдущего на q. До ${s.n}-го члена — ${count(RU, s.n - 1, MULTIPLICATION)}, отсюда qⁿ⁻¹.`,
    multiplyingTheSumBy:
      "Если умножить сумму на q и вычесть исходную, сократятся все члены, кроме b₁qⁿ и b₁: Sₙ(q - 1) = b₁(qⁿ - 1).",
    withTheTermIn:
      "При |q| < 1 слагаемое b₁qⁿ в формуле суммы стремится к нулю, и частичные суммы приближаются к b₁ / (1 - q).",
    weCanSimplyList: "Можно просто выписать члены, умножая на q:",
    throughTheLastTerm: (s, bn) =>
      `Через последний член: Sₙ = (bₙ · q - b₁) / (q - 1), где b${subscript(s.n)} = ${qstr(bn)}.`,
    noticeThatAfterThe:
      "Заметим, что S = b₁ + q · S (после первого члена идёт та же прогрессия, умноженная на q).",
    thePreviousTermThe: (s, prev, v) =>
      `Предыдущий член b${subscript(s.n - 1)} = ${qstr(prev)}; отношение ${qstr(v)} / ${o(prev)} должно быть равно q.`,
    correct: (v, prev, s) => `${qstr(v)} / ${o(prev)} = ${qstr(s.r)} = q, всё верно.`,
    addTheTermsDirectly: "Сложим члены напрямую:",
    directAdditionGivesIt: (v) => `Прямое сложение даёт ${qstr(v)}, совпадает.`,
    thePartialSumOf: (s, partial, v) =>
      `Частичная сумма шести членов S₆ = ${partialSum(s)} = ${about(partial)} уже близка к ${about(v)}.`,
    isApproachingSoThe: (partial, v) =>
      `S₆ = ${qstr(partial)} приближается к ${qstr(v)}, ответ правдоподобен.`,
    theFormulaBreaksDivision:
      "Формула не работает (деление на q - 1 = 0), но все члены равны b₁, поэтому Sₙ = n · b₁.",
    thenTheTermsGrow: (s, big) =>
      `Тогда |q| > 1, члены растут и сумма бесконечна: уже S₆ = ${qstr(s.b1)} · (2⁶ - 1) = ${qstr(big)}.`,
    thereWouldBeNo: (big) => `Конечной суммы не было бы (S₆ = ${qstr(big)} и дальше растёт).`,
    thenTheSignsAlternate: (s) =>
      `Тогда члены чередуют знак: b${subscript(s.n)} = ${qstr(s.b1)} · ${o(R.neg(s.r))}^${s.n - 1}.`,
    theRatio: "знаменатель",
    theNumberOfTerms2: "номер",
    atN: (n, p) => `При n = ${n}: ${p.line}`,
    oppositeD: "А если разность прогрессии взять с противоположным знаком?",
    zeroTerm: "Есть ли в этой прогрессии член, равный нулю?",
    ratioOne: "А что если бы знаменатель был равен 1?",
    ratioTwo: "А если бы знаменатель был равен 2?",
    oppositeQ: "А если знаменатель взять с противоположным знаком?",
    arith: {
      why: "Почему формула именно такая?",
      alt: "Можно ли решить иначе?",
      verify: "Как проверить ответ?",
      general: "Запишите формулу для произвольного n.",
      inGeneral: (formula, n, p) => `${formula}; при n = ${n} это ${p.text}.`,
      slip: {
        nNotMinus1: "Я умножил d на n, а не на n - 1.",
        noHalf: "Я забыл разделить на 2.",
        wrongGap: "Я неверно посчитал число шагов между членами.",
      },
      slipWhy: {
        nNotMinus1: (s) =>
          `От a₁ до a${subscript(s.n)} — ${count(RU, s.n - 1, N.step)}, поэтому d прибавляется ${count(RU, s.n - 1, N.time)}.`,
        noHalf: "Sₙ = (a₁ + aₙ) · n / 2: каждая пара считается дважды, поэтому делим пополам.",
        wrongGap: (s) =>
          `Между a${subscript(s.k)} и a${subscript(s.m)} ровно ${s.m} - ${s.k} = ${count(RU, s.m - s.k, N.step)}, а не ${s.m - s.k + 1}.`,
      },
    },
    geom: {
      why: "Почему формула именно такая?",
      alt: "А можно по-другому?",
      verify: "Как проверить?",
      general: "Запишите ответ для произвольного n.",
      inGeneral: (formula, n, p) => `${formula}; при n = ${n} это ${p.text}.`,
      slip: {
        powN: "Я возвёл q в степень n, а не n - 1.",
        flip: "Я перепутал знак в числителе формулы суммы.",
        plus: "Я поставил плюс вместо минуса в знаменателе.",
      },
      slipWhy: {
        powN: (s) => `До b${subscript(s.n)} от b₁ — ${count(RU, s.n - 1, MULTIPLICATION)} на q.`,
        flip: "Sₙ = b₁(qⁿ - 1) / (q - 1) или, что то же, b₁(1 - qⁿ) / (1 - q): знаки в числителе и знаменателе должны соответствовать.",
        plus: "Сумма бесконечно убывающей прогрессии S = b₁ / (1 - q).",
      },
    },
  },
  en: TEXT_EN,
};

const MULTIPLICATION = noun("умножение", "умножения", "умножений", "multiplication", "multiplications");

/**
 * Arithmetic and geometric progressions. Arithmetic: the n-th term (1-3), the sum of n terms
 * (4-6), a term from two known terms with a possibly fractional difference (7-10). Geometric: the
 * n-th term (1-3), the sum of n terms with negative or fractional ratios from 5 (4-6), the sum of
 * an infinite decreasing progression (7-10).
 */
function o(x: Q): string {
  return x.n < 0 || x.d !== 1 ? `(${qstr(x)})` : qstr(x);
}

/** S₆ = b₁ · (1 - q⁶) / (1 - q) with the numbers in. */
function partialSum(s: GS): string {
  return `${o(s.b1)} · (1 - ${o(s.r)}⁶) / (1 - ${o(s.r)})`;
}

/** A fraction with its decimal ("63/32 ≈ 1.969", "1/2 = 0.5"); a whole number as it is ("63", not "63 ≈ 63.000"). */
function about(x: Q): string {
  if (x.d === 1) return qstr(x);
  return R.decimalPlaces(x) <= 3 ? `${qstr(x)} = ${R.decStr(x)}` : `${qstr(x)} ≈ ${R.toNumber(x).toFixed(3)}`;
}

type Text = typeof TEXT_EN;

interface Variant<S, K extends string> extends TaskVariant<S, Text, Q, K> {
  /** The answer as a formula of an arbitrary n. */
  general(s: S): string;
}

/** The "general" variation of n: the answer as a formula of n, and its value at this n. */
function inGeneral<S extends { variant: string; n: number }>(
  variants: Record<S["variant"], { general(s: S): string }>,
  wording: (tx: Text) => { general: string; inGeneral: (formula: string, n: number, p: Presented) => string },
) {
  return (ctx: Ctx, s: S, key: string, out: Outcome): Exchange | null => {
    if (key !== "n") return null;
    const tx = tr(ctx, TEXT);
    const p = present(ctx, out);
    const formula = variants[s.variant as S["variant"]].general(s);
    const w = wording(tx);
    return exchange(w.general, [formula, tx.atN(s.n, p)], w.inGeneral(formula, s.n, p), [p.check]);
  };
}

// Arithmetic ----------------------------------------------------------------------------------

type AVariant = "term" | "sum" | "two";

interface AS {
  variant: AVariant;
  a1: Q;
  d: Q;
  n: number;
  k: number;
  m: number;
}

function aDraw(ctx: Ctx): AS {
  const r = ctx.rng;
  const dd = ctx.d;
  const neg = dd >= 3;
  const a1 = q(r.int(dd <= 2 ? 1 : -30, 30));
  let d = q(r.int(1, 12) * (neg && r.chance(0.35) ? -1 : 1));
  if (dd <= 3) return { variant: "term", a1, d, n: r.int(5, dd === 1 ? 15 : 40), k: 0, m: 0 };
  if (dd <= 6) return { variant: "sum", a1, d, n: r.int(5, 40), k: 0, m: 0 };
  if (dd >= 9 && r.chance(0.6)) d = q(r.int(1, 15) * (r.chance(0.3) ? -1 : 1), r.int(2, 4));
  const k = r.int(1, 8);
  const m = k + r.int(2, 9);
  let n = r.int(2, 40);
  if (n === k || n === m) n = m + 3;
  return { variant: "two", a1, d, n, k, m };
}

function term(s: AS, i: number): Q {
  return R.add(s.a1, R.mul(q(i - 1), s.d));
}

function aSum(s: AS): Q {
  return R.div(R.mul(R.add(R.mul(q(2), s.a1), R.mul(q(s.n - 1), s.d)), q(s.n)), q(2));
}

type ASlip = keyof Text["arith"]["slip"];

const A_VARIANTS: Record<AVariant, Variant<AS, ASlip>> = {
  term: {
    ask: {
      ru: [
        (s) => `Арифметическая прогрессия: a₁ = ${qstr(s.a1)}, d = ${qstr(s.d)}. Найдите a${subscript(s.n)}.`,
        (s) =>
          `Первый член арифметической прогрессии ${qstr(s.a1)}, разность ${qstr(s.d)}. Чему равен ${s.n}-й член?`,
      ],
      en: [
        (s) =>
          `An arithmetic progression has a₁ = ${qstr(s.a1)} and d = ${qstr(s.d)}. Find a${subscript(s.n)}.`,
        (s) =>
          `An arithmetic sequence starts at ${qstr(s.a1)} with common difference ${qstr(s.d)}. What is term number ${s.n}?`,
      ],
    },
    solve(tx, s, fault) {
      const worked = outcomes(`${o(s.a1)} + (${s.n} - 1)*${o(s.d)}`, `a${subscript(s.n)}`, "number");
      if (fault === "nNotMinus1")
        return worked(
          [`a${subscript(s.n)} = a₁ + n · d`],
          R.add(s.a1, R.mul(q(s.n), s.d)),
          `${qstr(s.a1)} + ${s.n} · ${o(s.d)}`,
        );
      return worked([tx.theTerm], term(s, s.n), `${qstr(s.a1)} + ${s.n - 1} · ${o(s.d)}`);
    },
    why: (tx, s) => tx.eachTermAddsTo(s),
    alt(tx, s, { v }) {
      const mid = Math.max(2, Math.floor(s.n / 2));
      const am = term(s, mid);
      return [
        [
          tx.throughMiddleTerm(mid, s, am),
          `a${subscript(s.n)} = a${subscript(mid)} + (${s.n} - ${mid})d = ${qstr(am)} + ${opInt(s.n - mid)} · ${o(s.d)} = ${qstr(v)}`,
        ],
        `${o(am)} + (${s.n} - ${mid})*${o(s.d)}`,
      ];
    },
    verify: recoverPosition,
    edge: zeroTerm,
    general: nthTerm,
    mistakes: [["wrong_formula", "nNotMinus1"]],
  },
  sum: {
    ask: {
      ru: [
        (s) =>
          `Найдите сумму первых ${countOf(RU, s.n, N.term)} арифметической прогрессии с a₁ = ${qstr(s.a1)} и d = ${qstr(s.d)}.`,
        (s) =>
          `Арифметическая прогрессия начинается с ${qstr(s.a1)}, разность ${qstr(s.d)}. Чему равна сумма первых ${countOf(RU, s.n, N.term)}?`,
      ],
      en: [
        (s) =>
          `Find the sum of the first ${s.n} terms of an arithmetic progression with a₁ = ${qstr(s.a1)} and d = ${qstr(s.d)}.`,
        (s) =>
          `An arithmetic sequence starts at ${qstr(s.a1)} with difference ${qstr(s.d)}. What is the sum of its first ${s.n} terms?`,
      ],
    },
    solve(tx, s, fault) {
      const an = term(s, s.n);
      const worked = outcomes(
        `(2*${o(s.a1)} + (${s.n} - 1)*${o(s.d)})*${s.n}/2`,
        `S${subscript(s.n)}`,
        "number",
      );
      if (fault === "noHalf")
        return worked(
          [`S${subscript(s.n)} = (a₁ + aₙ) · n`, `a${subscript(s.n)} = ${qstr(an)}`],
          R.mul(R.add(s.a1, an), q(s.n)),
          `(${qstr(s.a1)} + ${o(an)}) · ${s.n}`,
        );
      return worked([tx.theLastTerm(s, an), tx.theSum], aSum(s), `(${qstr(s.a1)} + ${o(an)}) · ${s.n} / 2`);
    },
    why: (tx) => tx.addingTheSumTo,
    alt: (tx, s, { v }) => [
      [tx.withoutTheLastTerm, `${s.n} · ${o(s.a1)} + ${o(s.d)} · ${s.n} · ${s.n - 1} / 2 = ${qstr(v)}`],
      `${s.n}*${o(s.a1)} + ${o(s.d)}*${s.n}*(${s.n} - 1)/2`,
    ],
    verify(tx, s, { v }) {
      const prev = R.div(R.mul(R.add(R.mul(q(2), s.a1), R.mul(q(s.n - 2), s.d)), q(s.n - 1)), q(2));
      const an = term(s, s.n);
      return exchange(
        tx.arith.verify,
        [tx.mustEqual(s, prev, an), `${qstr(v)} - ${o(prev)} = ${qstr(an)}`],
        tx.theDifferenceIsSo(an, s),
        [ev(`${o(v)} - ${o(prev)}`, an)],
      );
    },
    edge(tx, s) {
      const sv = aSum({ ...s, d: R.neg(s.d) });
      return exchange(
        tx.oppositeD,
        [
          `d = ${qstr(R.neg(s.d))}`,
          `S${subscript(s.n)} = (2 · ${o(s.a1)} + ${s.n - 1} · ${o(R.neg(s.d))}) · ${s.n} / 2 = ${qstr(sv)}`,
        ],
        `S${subscript(s.n)} = ${qstr(sv)}`,
        [ev(`(2*${o(s.a1)} + (${s.n} - 1)*${o(R.neg(s.d))})*${s.n}/2`, sv)],
      );
    },
    general: (s) => `Sₙ = (2 · ${o(s.a1)} + (n - 1) · ${o(s.d)}) · n / 2`,
    mistakes: [["wrong_formula", "noHalf"]],
  },
  two: {
    ask: {
      ru: [
        (s) =>
          `В арифметической прогрессии a${subscript(s.k)} = ${qstr(term(s, s.k))}, a${subscript(s.m)} = ${qstr(term(s, s.m))}. Найдите a${subscript(s.n)}.`,
        (s) =>
          `Известно, что ${s.k}-й член арифметической прогрессии равен ${qstr(term(s, s.k))}, а ${s.m}-й — ${qstr(term(s, s.m))}. Чему равен ${s.n}-й член?`,
      ],
      en: [
        (s) =>
          `In an arithmetic progression a${subscript(s.k)} = ${qstr(term(s, s.k))} and a${subscript(s.m)} = ${qstr(term(s, s.m))}. Find a${subscript(s.n)}.`,
        (s) =>
          `Term ${s.k} of an arithmetic sequence is ${qstr(term(s, s.k))} and term ${s.m} is ${qstr(term(s, s.m))}. What is term ${s.n}?`,
      ],
    },
    solve(tx, s, fault) {
      const A = term(s, s.k);
      const B = term(s, s.m);
      const expr = `${o(A)} + (${s.n} - ${s.k})*(${o(B)} - ${o(A)})/(${s.m} - ${s.k})`;
      const dd = fault === "wrongGap" ? R.div(R.sub(B, A), q(s.m - s.k + 1)) : s.d;
      return outcomes(expr, `a${subscript(s.n)}`, "number")(
        [
          fault === "wrongGap" ? tx.fromToThereAre(s, B, A, dd) : tx.fromToIsSteps(s, B, A, dd),
          `a${subscript(s.n)} = a${subscript(s.k)} + (${s.n} - ${s.k})d.`,
        ],
        R.add(A, R.mul(q(s.n - s.k), dd)),
        `${qstr(A)} + ${opInt(s.n - s.k)} · ${o(dd)}`,
      );
    },
    why: (tx, s) => tx.theDifferenceOfTwo(s),
    alt: (tx, s, { v }) => [
      [tx.firstFind(s, s.a1), `a${subscript(s.n)} = ${qstr(s.a1)} + (${s.n} - 1) · ${o(s.d)} = ${qstr(v)}`],
      `${o(s.a1)} + (${s.n} - 1)*${o(s.d)}`,
    ],
    verify: recoverPosition,
    edge: zeroTerm,
    general: nthTerm,
    mistakes: [["arithmetic_slip", "wrongGap"]],
  },
};

/** aₙ as a formula of n, simplified. */
function nthTerm(s: AS): string {
  const c = R.sub(s.a1, s.d);
  return `aₙ = ${qstr(s.a1)} + (n - 1) · ${o(s.d)} = ${qstr(s.d)}n ${R.sign(c) < 0 ? "-" : "+"} ${qstr(R.abs(c))}`;
}

/** Check a term by working its position back from its value. */
function recoverPosition(tx: Text, s: AS, { v }: Solved<Q>): Exchange {
  const nBack = R.add(R.div(R.sub(v, s.a1), s.d), q(1));
  return exchange(tx.arith.verify, [tx.recoverThePosition(v, s, nBack)], tx.asItShouldBe(nBack), [
    ev(`(${o(v)} - ${o(s.a1)})/${o(s.d)} + 1`, nBack),
  ]);
}

/** Whether the progression passes through zero at a whole position. */
function zeroTerm(tx: Text, s: AS): Exchange {
  const zero = R.sub(q(1), R.div(s.a1, s.d));
  const isTerm = zero.d === 1 && zero.n >= 1;
  return exchange(
    tx.zeroTerm,
    [tx.when(s, zero)],
    isTerm ? tx.yesTermNumber(zero) : tx.noIsNotPositive(zero),
    [ev(`1 - ${o(s.a1)}/${o(s.d)}`, zero)],
  );
}

function aParams(ctx: Ctx, s: AS): Param[] {
  const tx = tr(ctx, TEXT);
  const n = param(
    "n",
    s.variant === "sum" ? tx.theNumberOfTerms : tx.theTermNumber,
    "n",
    q(s.n),
    ["double", "set", "general"],
    (c) => q(c.rng.int(5, 50)),
  );
  if (s.variant === "two") return [n];
  return [
    param("a1", tx.theFirstTerm, "a₁", s.a1, ["double", "negate", "set"], (c) => q(c.rng.int(-20, 30))),
    param("d", tx.theCommonDifference, "d", s.d, ["double", "negate", "set"], (c) => q(c.rng.int(1, 12))),
    n,
  ];
}

function aWith(_ctx: Ctx, s: AS, key: string, value: Exact): AS | null {
  if (isSurd(value) || Math.abs(value.n) > 100000) return null;
  if (key === "n") {
    if (value.d !== 1 || value.n < 2 || value.n > 500 || value.n === s.k || value.n === s.m) return null;
    return { ...s, n: value.n };
  }
  if (key === "d" && value.n === 0) return null;
  return { ...s, [key]: value };
}

export const arithmeticSequence = variantTask<AS, Text, Q>({
  id: "arithmetic_sequence",
  domain: "math",
  text: TEXT,
  draw: aDraw,
  variant: (s) => A_VARIANTS[s.variant],
  questions: (tx) => tx.arith,
  params: aParams,
  with: aWith,
  general: inGeneral(A_VARIANTS, (tx) => tx.arith),
});

// Geometric -----------------------------------------------------------------------------------

type GVariant = "term" | "sum" | "infinite";

interface GS {
  variant: GVariant;
  b1: Q;
  r: Q;
  n: number;
}

function gDraw(ctx: Ctx): GS {
  const r = ctx.rng;
  const dd = ctx.d;
  if (dd <= 3) {
    const ratio = r.int(2, 5) * (dd >= 2 && r.chance(0.35) ? -1 : 1);
    const b1 = r.int(1, 20);
    const maxN = Math.max(3, Math.floor(Math.log(100000 / b1) / Math.log(Math.abs(ratio))) + 1);
    return { variant: "term", b1: q(b1), r: q(ratio), n: r.int(3, Math.min(10, maxN)) };
  }
  if (dd <= 6) {
    const ratio = dd >= 5 && r.chance(0.4) ? q(1, r.int(2, 3)) : q(r.int(2, 3) * (r.chance(0.3) ? -1 : 1));
    return {
      variant: "sum",
      b1: q(r.int(1, 12) * (dd >= 5 ? r.pick([1, 3, 9]) : 1)),
      r: ratio,
      n: r.int(3, 7),
    };
  }
  const den = r.int(2, 6);
  let num = r.int(1, den - 1);
  if (dd >= 9 && r.chance(0.4)) num = -num;
  return { variant: "infinite", b1: q(r.int(1, 60)), r: q(num, den), n: 0 };
}

function gTerm(s: GS, i: number): Q {
  return R.mul(s.b1, R.pow(s.r, i - 1));
}

function gSumN(s: GS): Q {
  return R.div(R.mul(s.b1, R.sub(R.pow(s.r, s.n), q(1))), R.sub(s.r, q(1)));
}

function gInf(s: GS): Q {
  return R.div(s.b1, R.sub(q(1), s.r));
}

type GSlip = keyof Text["geom"]["slip"];

const G_VARIANTS: Record<GVariant, Variant<GS, GSlip>> = {
  term: {
    ask: {
      ru: [
        (s) => `Геометрическая прогрессия: b₁ = ${qstr(s.b1)}, q = ${qstr(s.r)}. Найдите b${subscript(s.n)}.`,
        (s) =>
          `Первый член геометрической прогрессии ${qstr(s.b1)}, знаменатель ${qstr(s.r)}. Чему равен ${s.n}-й член?`,
      ],
      en: [
        (s) =>
          `A geometric progression has b₁ = ${qstr(s.b1)} and ratio q = ${qstr(s.r)}. Find b${subscript(s.n)}.`,
        (s) =>
          `A geometric sequence starts at ${qstr(s.b1)} with common ratio ${qstr(s.r)}. What is term number ${s.n}?`,
      ],
    },
    solve(tx, s, fault) {
      const worked = outcomes(`${o(s.b1)}*${o(s.r)}^(${s.n} - 1)`, `b${subscript(s.n)}`, "number");
      if (fault === "powN")
        return worked(["bₙ = b₁ · qⁿ"], R.mul(s.b1, R.pow(s.r, s.n)), `${qstr(s.b1)} · ${o(s.r)}^${s.n}`);
      return worked([tx.theTerm2], gTerm(s, s.n), `${qstr(s.b1)} · ${o(s.r)}^${s.n - 1}`);
    },
    why: (tx, s) => tx.eachTermIsThe(s),
    alt(tx, s) {
      const terms = Array.from({ length: Math.min(s.n, 8) }, (_, i) => qstr(gTerm(s, i + 1)));
      return [
        [tx.weCanSimplyList, `${terms.join(", ")}${s.n > 8 ? ", ..." : ""}`],
        `${o(gTerm(s, s.n - 1))}*${o(s.r)}`,
      ];
    },
    verify(tx, s, { v }) {
      const prev = gTerm(s, s.n - 1);
      return exchange(tx.geom.verify, [tx.thePreviousTermThe(s, prev, v)], tx.correct(v, prev, s), [
        ev(`${o(v)}/${o(prev)}`, s.r),
      ]);
    },
    edge(tx, s) {
      const alt = R.mul(s.b1, R.pow(R.neg(s.r), s.n - 1));
      return exchange(tx.oppositeQ, [tx.thenTheSignsAlternate(s)], `b${subscript(s.n)} = ${qstr(alt)}`, [
        ev(`${o(s.b1)}*${o(R.neg(s.r))}^${s.n - 1}`, alt),
      ]);
    },
    general: nthPower,
    mistakes: [["wrong_formula", "powN"]],
  },
  sum: {
    ask: {
      ru: [
        (s) =>
          `Найдите сумму первых ${countOf(RU, s.n, N.term)} геометрической прогрессии с b₁ = ${qstr(s.b1)} и q = ${qstr(s.r)}.`,
        (s) =>
          `Геометрическая прогрессия: первый член ${qstr(s.b1)}, знаменатель ${qstr(s.r)}. Чему равна сумма первых ${countOf(RU, s.n, N.term)}?`,
      ],
      en: [
        (s) =>
          `Find the sum of the first ${s.n} terms of a geometric progression with b₁ = ${qstr(s.b1)} and q = ${qstr(s.r)}.`,
        (s) =>
          `A geometric sequence starts at ${qstr(s.b1)} with ratio ${qstr(s.r)}. What is the sum of its first ${s.n} terms?`,
      ],
    },
    solve(tx, s, fault) {
      const qn = R.pow(s.r, s.n);
      const worked = outcomes(
        `${o(s.b1)}*(${o(s.r)}^${s.n} - 1)/(${o(s.r)} - 1)`,
        `S${subscript(s.n)}`,
        "number",
      );
      if (fault === "flip")
        return worked(
          ["Sₙ = b₁(1 - qⁿ) / (q - 1)", `q^${s.n} = ${qstr(qn)}`],
          R.div(R.mul(s.b1, R.sub(q(1), qn)), R.sub(s.r, q(1))),
          `${qstr(s.b1)} · (1 - ${o(qn)}) / (${qstr(s.r)} - 1)`,
        );
      return worked(
        [tx.theSumOfTerms, `q^${s.n} = ${o(s.r)}^${s.n} = ${qstr(qn)}`],
        gSumN(s),
        `${qstr(s.b1)} · (${qstr(qn)} - 1) / (${qstr(s.r)} - 1)`,
      );
    },
    why: (tx) => tx.multiplyingTheSumBy,
    alt(tx, s, { v }) {
      const bn = gTerm(s, s.n);
      return [
        [
          tx.throughTheLastTerm(s, bn),
          `(${o(bn)} · ${o(s.r)} - ${o(s.b1)}) / (${qstr(s.r)} - 1) = ${qstr(v)}`,
        ],
        `(${o(bn)}*${o(s.r)} - ${o(s.b1)})/(${o(s.r)} - 1)`,
      ];
    },
    verify(tx, s, { v }) {
      const terms = Array.from({ length: s.n }, (_, i) => gTerm(s, i + 1));
      return exchange(
        tx.geom.verify,
        [tx.addTheTermsDirectly, `${terms.map(qstr).join(" + ").replace(/\+ -/g, "- ")} = ${qstr(v)}`],
        tx.directAdditionGivesIt(v),
        [ev(terms.map(o).join(" + "), v)],
      );
    },
    edge(tx, s) {
      const nb = R.mul(q(s.n), s.b1);
      return exchange(
        tx.ratioOne,
        [tx.theFormulaBreaksDivision],
        `S${subscript(s.n)} = ${s.n} · ${o(s.b1)} = ${qstr(nb)}`,
        [ev(`${s.n}*${o(s.b1)}`, nb)],
      );
    },
    general: (s) => `Sₙ = ${qstr(s.b1)} · (${o(s.r)}ⁿ - 1) / (${qstr(s.r)} - 1)`,
    mistakes: [["sign_error", "flip"]],
  },
  infinite: {
    ask: {
      ru: [
        (s) =>
          `Найдите сумму бесконечно убывающей геометрической прогрессии с b₁ = ${qstr(s.b1)} и q = ${qstr(s.r)}.`,
        (s) =>
          `Чему равна сумма всех членов геометрической прогрессии ${qstr(s.b1)}, ${qstr(gTerm(s, 2))}, ${qstr(gTerm(s, 3))}, ...?`,
      ],
      en: [
        (s) =>
          `Find the sum of the infinite decreasing geometric progression with b₁ = ${qstr(s.b1)} and q = ${qstr(s.r)}.`,
        (s) =>
          `What is the sum of all terms of the geometric progression ${qstr(s.b1)}, ${qstr(gTerm(s, 2))}, ${qstr(gTerm(s, 3))}, ...?`,
      ],
    },
    solve(tx, s, fault) {
      const worked = outcomes(`${o(s.b1)}/(1 - ${o(s.r)})`, "S", "number");
      if (fault === "plus")
        return worked(["S = b₁ / (1 + q)"], R.div(s.b1, R.add(q(1), s.r)), `${qstr(s.b1)} / (1 + ${o(s.r)})`);
      return worked([tx.soTheSumExists(s)], gInf(s), `${qstr(s.b1)} / (1 - ${o(s.r)})`);
    },
    why: (tx) => tx.withTheTermIn,
    alt: (tx, s, { v }) => [
      [tx.noticeThatAfterThe, `S - ${o(s.r)}S = ${qstr(s.b1)}, S = ${qstr(v)}`],
      `${o(s.b1)}/(1 - ${o(s.r)})`,
    ],
    verify(tx, s, { v }) {
      const partial = R.div(R.mul(s.b1, R.sub(q(1), R.pow(s.r, 6))), R.sub(q(1), s.r));
      return exchange(
        tx.geom.verify,
        [tx.thePartialSumOf(s, partial, v)],
        tx.isApproachingSoThe(partial, v),
        [ev(`${o(s.b1)}*(1 - ${o(s.r)}^6)/(1 - ${o(s.r)})`, partial)],
      );
    },
    edge(tx, s) {
      const big = R.div(R.mul(s.b1, R.sub(R.pow(q(2), 6), q(1))), q(1));
      return exchange(tx.ratioTwo, [tx.thenTheTermsGrow(s, big)], tx.thereWouldBeNo(big), [
        ev(`${o(s.b1)}*(2^6 - 1)/(2 - 1)`, big),
      ]);
    },
    // No "n" to generalise over (the sum has every term), but the table is total.
    general: nthPower,
    mistakes: [["sign_error", "plus"]],
  },
};

/** bₙ as a formula of n. */
function nthPower(s: GS): string {
  return `bₙ = ${qstr(s.b1)} · ${o(s.r)}ⁿ⁻¹`;
}

function gParams(ctx: Ctx, s: GS): Param[] {
  const tx = tr(ctx, TEXT);
  const b1 = param("b1", tx.theFirstTerm, "b₁", s.b1, ["double", "negate", "set"], (c) =>
    q(c.rng.int(1, 20)),
  );
  const inf = s.variant === "infinite";
  const r = param("r", tx.theRatio, "q", s.r, inf ? ["negate", "halve", "set"] : ["negate", "set"], (c) =>
    inf ? q(1, c.rng.int(2, 5)) : q(c.rng.int(2, 3)),
  );
  if (inf) return [b1, r];
  return [
    b1,
    r,
    param("n", tx.theNumberOfTerms2, "n", q(s.n), ["set", "general"], (c) => q(c.rng.int(3, 7))),
  ];
}

function gWith(_ctx: Ctx, s: GS, key: string, value: Exact): GS | null {
  if (isSurd(value) || Math.abs(value.n) > 100000) return null;
  if (key === "n") return value.d === 1 && value.n >= 2 && value.n <= 10 ? { ...s, n: value.n } : null;
  if (key === "r") {
    if (value.n === 0 || (s.variant === "sum" && R.eq(value, q(1)))) return null;
    if (s.variant === "infinite" && R.cmp(R.abs(value), q(1)) >= 0) return null;
    if (s.variant !== "infinite" && (Math.abs(value.n) > 5 || value.d > 5)) return null;
  }
  return { ...s, [key]: value };
}

export const geometricSequence = variantTask<GS, Text, Q>({
  id: "geometric_sequence",
  domain: "math",
  text: TEXT,
  draw: gDraw,
  variant: (s) => G_VARIANTS[s.variant],
  questions: (tx) => tx.geom,
  params: gParams,
  with: gWith,
  general: inGeneral(G_VARIANTS, (tx) => tx.geom),
});
