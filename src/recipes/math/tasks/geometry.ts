import { AN, aN, type Tr, tr } from "../lang.js";
import { type Exact, isSurd, qsqrt, xascii, xdisplay, xmul, xshow } from "../num/exact.js";
import * as R from "../num/rational.js";
import { INVALID, type Q, q, qstr } from "../num/rational.js";
import { eqChain, ev, exchange, L, type Phrases, pickT, ruN } from "../text.js";
import type { Ctx, Exchange, Param, Reply, VariationOp } from "../types.js";
import { outcomes, param, planted, resultLine } from "./formula.js";
import { checked, type Questions, type Solved, type TaskVariant, variantTask } from "./variant-task.js";

const TEXT_EN = {
  cm: " cm",
  cm2: " cm²",
  theAreaOfRectangle: "The area of a rectangle is S = a · b.",
  triangleAreaIsHalf: "A triangle's area is half the base times the height: S = a · h / 2.",
  trapezoidAreaIsThe: "A trapezoid's area is the mean of the bases times the height: S = (a + b) · h / 2.",
  theRectangleAreaIs: (s: AS, rect: R.Q, u: string) =>
    `The rectangle's area is ${t(s.a)} · ${t(s.b)} = ${t(rect)}${u}.`,
  /** `half` is " / 2", or "" in the working that forgets to halve. */
  theCutTriangleArea: (s: AS, half: string, tri: R.Q, u: string) =>
    `The cut triangle's area is ${t(s.c)} · ${t(s.h)}${half} = ${t(tri)}${u}.`,
  forHeronFormulaTake: (s: AS, p: R.Q) =>
    `For Heron's formula take the perimeter p = ${t(s.a)} + ${t(s.b)} + ${t(s.c)} = ${t(p)}.`,
  heronFormulaWithThe: (s: AS, p: R.Q) =>
    `Heron's formula: S = √(p(p - a)(p - b)(p - c)) with the semi-perimeter p = (${t(s.a)} + ${t(s.b)} + ${t(s.c)}) / 2 = ${t(p)}.`,
  theRectangleHoldsRows: (s: AS) =>
    `The rectangle holds ${t(s.a)} row${s.a.n === 1 ? "" : "s"} of ${t(s.b)} unit square${s.b.n === 1 ? "" : "s"}, so its area is the product of the sides.`,
  rectangleAreaIsLength:
    "A rectangle's area is length times width: the number of unit squares (and parts of them) that fit inside.",
  twoCopiesOfThe:
    "Two copies of the triangle make a parallelogram with the same base and height, so the triangle is half of a · h.",
  diagonalSplitsTheTrapezoid:
    "A diagonal splits the trapezoid into two triangles of height h with bases a and b: a · h / 2 + b · h / 2 = (a + b) · h / 2.",
  areaIsAdditiveWhat:
    "Area is additive: what is left is the rectangle minus the cut triangle, whose area is half the product of its legs.",
  withOnlyTheThree:
    "With only the three sides known, finding a height is slow; Heron's formula gives the area straight from the sides.",
  cutItIntoTwo: (s: AS, a1: R.Q) =>
    `Cut it into two rectangles: ${t(s.a)} × ${t(a1)} and ${t(s.a)} × ${t(R.sub(s.b, a1))}.`,
  halveTheBaseFirst: (s: AS) =>
    `Halve the base first: ${eqChain([`${t(s.a)} / 2`, t(R.div(s.a, q(2)))])}, then multiply by the height.`,
  throughTheMidline: (m: R.Q, ctx: Ctx) =>
    `Through the midline: m = (a + b) / 2 = ${t(m)}${cm(ctx)}, S = m · h.`,
  theTriangleIsHalf: (s: AS, box: R.Q, rest: R.Q, u: string) =>
    `The triangle is half of ${aN(t(s.c))} × ${t(s.h)} rectangle. Outside that rectangle there is ${t(R.mul(s.a, s.b))} - ${t(box)} = ${t(rest)}${u}, and inside it the other half, ${t(R.div(box, q(2)))}${u}.`,
  anEquivalentFormOf:
    "An equivalent form of Heron's formula: S = ¼ √((a + b + c)(-a + b + c)(a - b + c)(a + b - c)).",
  divideTheAreaBy: (v: Exact, s: AS) =>
    `Divide the area by one side: ${xdisplay(v)} / ${t(s.a)} = ${t(s.b)}, the other side.`,
  weGetItMatches: (s: AS, ctx: Ctx) => `We get ${t(s.b)}${cm(ctx)}, it matches.`,
  recoverTheHeight: (v: Exact, s: AS) =>
    `Recover the height: h = 2S / a = 2 · ${xdisplay(v)} / ${t(s.a)} = ${t(s.h)}.`,
  asGiven: (s: AS, ctx: Ctx) => `h = ${t(s.h)}${cm(ctx)}, as given.`,
  mustEqualTheSum: (v: Exact, s: AS) =>
    `2S / h must equal the sum of the bases: 2 · ${xdisplay(v)} / ${t(s.h)} = ${t(R.add(s.a, s.b))}.`,
  soItChecksOut: (s: AS) => `${t(R.add(s.a, s.b))} = ${t(s.a)} + ${t(s.b)}, so it checks out.`,
  putTheTriangleBack: (v: Exact, s: AS, whole: R.Q) =>
    `Put the triangle back: ${xdisplay(v)} + ${t(s.c)} · ${t(s.h)} / 2 = ${t(whole)} = ${t(s.a)} · ${t(s.b)}.`,
  thatGivesTheWhole: (whole: R.Q, u: string) => `That gives the whole rectangle, ${t(whole)}${u}.`,
  squareTheAnswer: (v: Exact, prod: R.Q) =>
    `Square the answer: (${xdisplay(v)})² = ${t(prod)} = p(p - a)(p - b)(p - c).`,
  theSquaredAreaIs: (prod: R.Q) => `The squared area is ${t(prod)}, matching the formula.`,
  areaScalesWithThe: "Area scales with the square of lengths: it grows 2² = 4 times.",
  fourTimes: (four: Exact, u: string) => `Four times: ${xshow(four)}${u}`,
  rightAngleOppositeNeeds: (s: AS, diff: R.Q) =>
    `A right angle opposite ${t(s.c)} needs a² + b² - c² = 0: ${t(s.a)}² + ${t(s.b)}² - ${t(s.c)}² = ${t(diff)}.`,
  yesTheDifferenceIs: "Yes, the difference is 0.",
  theDifferenceIsSo: (diff: R.Q) =>
    `The difference is ${t(diff)} ≠ 0, so the angle opposite that side is not right (it is ${diff.n > 0 ? "acute" : "obtuse"}).`,
  theHypotenuseIsThe: "The hypotenuse is the sum of the legs: c = a + b.",
  byPythagoras: (law: string) => `By Pythagoras ${law}.`,
  theLegIsThe: "The leg is the hypotenuse minus the other leg: b = c - a.",
  theDistanceIsThe:
    "The distance is the hypotenuse of a triangle with legs |Δx| and |Δy|: d = √((x₂ - x₁)² + (y₂ - y₁)²).",
  isTheHypotenuseOf:
    "AB is the hypotenuse of a right triangle whose legs run along the axes, |x₂ - x₁| and |y₂ - y₁| long.",
  theTriangleHasRight:
    "The triangle has a right angle, so Pythagoras applies: the square of the hypotenuse equals the sum of the squares of the legs.",
  withDifferenceOfSquares: "With a difference of squares: c² - a² = (c - a)(c + a).",
  viaTheSquareOf: "Via the square of the sum: a² + b² = (a + b)² - 2ab.",
  moveTheOriginTo: (x1: number, x2: number, y1: number, y2: number) =>
    `Move the origin to B: then A = (${x1 - x2}, ${y1 - y2}) and the distance is the length of the vector to A.`,
  check: (s: PS, v: Exact, bb: R.Q) =>
    `Check: a² + b² = ${s.a}² + (${xdisplay(v)})² = ${s.a * s.a} + ${t(bb)} = ${s.c * s.c} = c².`,
  theLegsSquaresAdd: (s: PS) => `The legs' squares add up to ${s.c * s.c} = ${s.c}², correct.`,
  squareTheAnswerThe: (v: Exact, sq: number) =>
    `Square the answer: (${xdisplay(v)})² = ${sq}, the sum of the squared legs.`,
  theSquareOfThe: (sq: number) => `The square of the answer is ${sq}, as it should be.`,
  anIsoscelesRightTriangle: (side: number) =>
    `An isosceles right triangle: c = √(${side}² + ${side}²) = ${side}√2.`,
  theCoordinateOf: "the x-coordinate of B",
  theKnownLeg: "the known leg",
  theHypotenuse: "the hypotenuse",
  theFirstLeg: "the first leg",
  theSecondLeg: "the second leg",
  perimeterNotArea: "I computed the perimeter instead of the area.",
  perimeterIsNotArea: "2(a + b) is the perimeter; the area of a rectangle is S = a · b.",
  forgotToHalve: "I forgot to halve it.",
  parallelogramIsDouble: "a · h is a parallelogram's area; the triangle is half of it.",
  didNotHalveBases: "I did not halve the sum of the bases.",
  meanOfTheBases: "It is the mean of the bases: S = (a + b) · h / 2.",
  leftOutSecondBase: "I left out the second base.",
  bothBasesEnter: "Both bases enter the formula: S = (a + b) · h / 2.",
  triangleNotHalved: "I took the triangle's area without halving.",
  rightTriangleIsHalf: "A right triangle's area is half the product of its legs.",
  perimeterNotSemi: "I used the perimeter instead of the semi-perimeter in Heron's formula.",
  heronTakesSemi: "In Heron's formula p is the semi-perimeter (a + b + c) / 2.",
  addedTheLegs: "I added the legs instead of their squares.",
  triangleInequality: "By the triangle inequality c < a + b; Pythagoras says c = √(a² + b²).",
  forgotTheRoot: "I forgot to take the square root.",
  squareNotLength: "a² + b² is c², not c.",
  subtractedLengths: "I subtracted the lengths instead of their squares.",
  squaresRelate: "Pythagoras relates the squares: b² = c² - a².",
  signOfDx: "I got the sign of Δx wrong.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    cm: " см",
    cm2: " см²",
    theAreaOfRectangle: "Площадь прямоугольника S = a · b.",
    triangleAreaIsHalf: "Площадь треугольника — половина произведения основания на высоту: S = a · h / 2.",
    trapezoidAreaIsThe: "Площадь трапеции — полусумма оснований, умноженная на высоту: S = (a + b) · h / 2.",
    theRectangleAreaIs: (s, rect, u) => `Площадь прямоугольника ${t(s.a)} · ${t(s.b)} = ${t(rect)}${u}.`,
    theCutTriangleArea: (s, half, tri, u) =>
      `Площадь вырезанного треугольника ${t(s.c)} · ${t(s.h)}${half} = ${t(tri)}${u}.`,
    forHeronFormulaTake: (s, p) =>
      `По формуле Герона берём периметр p = ${t(s.a)} + ${t(s.b)} + ${t(s.c)} = ${t(p)}.`,
    heronFormulaWithThe: (s, p) =>
      `Формула Герона: S = √(p(p - a)(p - b)(p - c)), где p — полупериметр: p = (${t(s.a)} + ${t(s.b)} + ${t(s.c)}) / 2 = ${t(p)}.`,
    theRectangleHoldsRows: (s) =>
      `В прямоугольнике помещается ${ruN(s.a.n, "ряд", "ряда", "рядов")} по ${ruN(s.b.n, "квадратику", "квадратика", "квадратиков")} 1 × 1, поэтому площадь — произведение сторон.`,
    rectangleAreaIsLength:
      "Площадь прямоугольника равна произведению длины на ширину: так получается число единичных квадратов (и их долей), которые в нём помещаются.",
    twoCopiesOfThe:
      "Два одинаковых треугольника складываются в параллелограмм с тем же основанием и высотой, поэтому площадь треугольника — половина a · h.",
    diagonalSplitsTheTrapezoid:
      "Диагональ делит трапецию на два треугольника с высотой h и основаниями a и b: a · h / 2 + b · h / 2 = (a + b) · h / 2.",
    areaIsAdditiveWhat:
      "Площадь аддитивна: площадь оставшейся фигуры — площадь прямоугольника минус площадь вырезанного треугольника (половина произведения катетов).",
    withOnlyTheThree:
      "Когда известны только три стороны, высоту находить долго; формула Герона даёт площадь сразу через стороны.",
    cutItIntoTwo: (s, a1) =>
      `Разрежем прямоугольник на два: ${t(s.a)} × ${t(a1)} и ${t(s.a)} × ${t(R.sub(s.b, a1))}.`,
    halveTheBaseFirst: (s) =>
      `Можно сначала взять половину основания: ${eqChain([`${t(s.a)} / 2`, t(R.div(s.a, q(2)))])}, и умножить на высоту.`,
    throughTheMidline: (m, ctx) => `Через среднюю линию: m = (a + b) / 2 = ${t(m)}${cm(ctx)}, S = m · h.`,
    theTriangleIsHalf: (s, box, rest, u) =>
      `Треугольник — половина прямоугольника ${t(s.c)} × ${t(s.h)}. Вне этого прямоугольника остаётся ${t(R.mul(s.a, s.b))} - ${t(box)} = ${t(rest)}${u}, а внутри — его вторая половина ${t(R.div(box, q(2)))}${u}.`,
    anEquivalentFormOf:
      "Эквивалентная форма формулы Герона: S = ¼ √((a + b + c)(-a + b + c)(a - b + c)(a + b - c)).",
    divideTheAreaBy: (v, s) =>
      `Разделим площадь на одну сторону: ${xdisplay(v)} / ${t(s.a)} = ${t(s.b)} — вторая сторона.`,
    weGetItMatches: (s, ctx) => `Получили ${t(s.b)}${cm(ctx)}, совпадает.`,
    recoverTheHeight: (v, s) =>
      `Найдём высоту обратно: h = 2S / a = 2 · ${xdisplay(v)} / ${t(s.a)} = ${t(s.h)}.`,
    asGiven: (s, ctx) => `h = ${t(s.h)}${cm(ctx)}, как в условии.`,
    mustEqualTheSum: (v, s) =>
      `2S / h должно равняться сумме оснований: 2 · ${xdisplay(v)} / ${t(s.h)} = ${t(R.add(s.a, s.b))}.`,
    soItChecksOut: (s) => `${t(R.add(s.a, s.b))} = ${t(s.a)} + ${t(s.b)}, всё сходится.`,
    putTheTriangleBack: (v, s, whole) =>
      `Вернём треугольник: ${xdisplay(v)} + ${t(s.c)} · ${t(s.h)} / 2 = ${t(whole)} = ${t(s.a)} · ${t(s.b)}.`,
    thatGivesTheWhole: (whole, u) => `Получили всю площадь прямоугольника ${t(whole)}${u}.`,
    squareTheAnswer: (v, prod) =>
      `Возведём ответ в квадрат: (${xdisplay(v)})² = ${t(prod)} = p(p - a)(p - b)(p - c).`,
    theSquaredAreaIs: (prod) => `Квадрат площади равен ${t(prod)}, как и по формуле.`,
    areaScalesWithThe: "Площадь пропорциональна квадрату линейных размеров: вырастет в 2² = 4 раза.",
    fourTimes: (four, u) => `В 4 раза: ${xshow(four)}${u}`,
    rightAngleOppositeNeeds: (s, diff) =>
      `Для прямого угла против стороны ${t(s.c)} нужно a² + b² - c² = 0: ${t(s.a)}² + ${t(s.b)}² - ${t(s.c)}² = ${t(diff)}.`,
    yesTheDifferenceIs: "Да, разность равна 0.",
    theDifferenceIsSo: (diff) =>
      `Разность равна ${t(diff)} ≠ 0, так что угол против этой стороны не прямой (${diff.n > 0 ? "острый" : "тупой"}).`,
    theHypotenuseIsThe: "Гипотенуза равна сумме катетов: c = a + b.",
    byPythagoras: (law) => `По теореме Пифагора ${law}.`,
    theLegIsThe: "Катет — это разность гипотенузы и другого катета: b = c - a.",
    theDistanceIsThe:
      "Расстояние — гипотенуза треугольника с катетами |Δx| и |Δy|: d = √((x₂ - x₁)² + (y₂ - y₁)²).",
    isTheHypotenuseOf:
      "Отрезок AB — гипотенуза прямоугольного треугольника, катеты которого параллельны осям и равны |x₂ - x₁| и |y₂ - y₁|.",
    theTriangleHasRight:
      "Треугольник прямоугольный, поэтому применима теорема Пифагора: квадрат гипотенузы равен сумме квадратов катетов.",
    withDifferenceOfSquares: "Через разность квадратов: c² - a² = (c - a)(c + a).",
    viaTheSquareOf: "Через квадрат суммы: a² + b² = (a + b)² - 2ab.",
    moveTheOriginTo: (x1, x2, y1, y2) =>
      `Сдвинем начало координат в точку B: тогда A = (${x1 - x2}; ${y1 - y2}), и расстояние — длина вектора до A.`,
    check: (s, v, bb) =>
      `Проверим: a² + b² = ${s.a}² + (${xdisplay(v)})² = ${s.a * s.a} + ${t(bb)} = ${s.c * s.c} = c².`,
    theLegsSquaresAdd: (s) => `Сумма квадратов катетов равна ${s.c * s.c} = ${s.c}², всё верно.`,
    squareTheAnswerThe: (v, sq) =>
      `Возведём ответ в квадрат: (${xdisplay(v)})² = ${sq} — это сумма квадратов катетов.`,
    theSquareOfThe: (sq) => `Квадрат ответа равен ${sq}, как и должно быть.`,
    anIsoscelesRightTriangle: (side) =>
      `Равнобедренный прямоугольный треугольник: c = √(${side}² + ${side}²) = ${side}√2.`,
    theCoordinateOf: "абсциссу точки B",
    theKnownLeg: "известный катет",
    theHypotenuse: "гипотенузу",
    theFirstLeg: "первый катет",
    theSecondLeg: "второй катет",
    perimeterNotArea: "Я посчитал периметр вместо площади.",
    perimeterIsNotArea: "2(a + b) — это периметр; площадь прямоугольника S = a · b.",
    forgotToHalve: "Я забыл разделить на 2.",
    parallelogramIsDouble: "a · h — площадь параллелограмма; треугольник — его половина.",
    didNotHalveBases: "Я не разделил сумму оснований пополам.",
    meanOfTheBases: "Нужна полусумма оснований: S = (a + b) · h / 2.",
    leftOutSecondBase: "Я забыл второе основание.",
    bothBasesEnter: "В формулу входят оба основания: S = (a + b) · h / 2.",
    triangleNotHalved: "Я посчитал площадь треугольника без деления на 2.",
    rightTriangleIsHalf: "Площадь прямоугольного треугольника — половина произведения катетов.",
    perimeterNotSemi: "Я подставил в формулу Герона периметр вместо полупериметра.",
    heronTakesSemi: "В формуле Герона p — полупериметр (a + b + c) / 2.",
    addedTheLegs: "Я сложил катеты вместо их квадратов.",
    triangleInequality: "По неравенству треугольника c < a + b; теорема Пифагора: c = √(a² + b²).",
    forgotTheRoot: "Я забыл извлечь корень.",
    squareNotLength: "a² + b² — это c², а не c.",
    subtractedLengths: "Я вычел длины, а не их квадраты.",
    squaresRelate: "Теорема Пифагора связывает квадраты: b² = c² - a².",
    signOfDx: "Я ошибся в знаке при вычислении Δx.",
  },
  en: TEXT_EN,
};

/**
 * Plane geometry. geometry_area: rectangle (1-2), triangle from base and height (3-4), trapezoid
 * with half-centimetre sides from 6 (5-6), a rectangle with a right-triangle corner cut off
 * (7-8), Heron's formula with the answer in simplest radical form (9-10).
 * pythagoras: hypotenuse (1-2) and leg (3-4) of Pythagorean triples, hypotenuse (5-6) and leg
 * (7-8) in simplest radical form, distance between two points with negative coordinates (9-10).
 */
function cm(ctx: Ctx): string {
  return tr(ctx, TEXT).cm;
}

function t(x: Q): string {
  return qstr(x);
}

/** Lengths may be halves ("7/2"): shown as fractions and bracketed inside formulas. */
function o(x: Q): string {
  return x.d === 1 && x.n >= 0 ? qstr(x) : `(${qstr(x)})`;
}

// Areas -----------------------------------------------------------------------------------------

type Shape = "rect" | "triangle" | "trapezoid" | "cut" | "heron";

interface AS {
  shape: Shape;
  a: Q;
  b: Q;
  c: Q;
  h: Q;
}

function aDraw(ctx: Ctx): AS {
  const r = ctx.rng;
  const dd = ctx.d;
  const z = q(0);
  if (dd <= 2) return { shape: "rect", a: q(r.int(2, 30)), b: q(r.int(2, 30)), c: z, h: z };
  if (dd <= 4) return { shape: "triangle", a: q(r.int(2, 40)), b: z, c: z, h: q(r.int(2, 30)) };
  if (dd <= 6) {
    const half = () => (dd === 6 && r.chance(0.4) ? q(r.int(3, 60), 2) : q(r.int(2, 30)));
    let a = half();
    let b = half();
    if (R.eq(a, b)) b = R.add(b, q(1));
    if (R.cmp(a, b) < 0) [a, b] = [b, a];
    return { shape: "trapezoid", a, b, c: z, h: half() };
  }
  if (dd <= 8) {
    const a = r.int(6, 40);
    const b = r.int(6, 40);
    return { shape: "cut", a: q(a), b: q(b), c: q(r.int(1, a - 1)), h: q(r.int(1, b - 1)) };
  }
  for (let i = 0; i < 50; i++) {
    const a = r.int(3, 20);
    const b = r.int(3, 20);
    const c = r.int(Math.abs(a - b) + 1, a + b - 1);
    if ((a + b + c) % 2 !== 0) continue;
    const p = (a + b + c) / 2;
    const prod = p * (p - a) * (p - b) * (p - c);
    if (prod <= 0) continue;
    return { shape: "heron", a: q(a), b: q(b), c: q(c), h: z };
  }
  return { shape: "heron", a: q(5), b: q(6), c: q(7), h: z };
}

function heronP(s: AS): Q {
  return R.div(R.add(R.add(s.a, s.b), s.c), q(2));
}

function heronProduct(s: AS, p: Q): Q {
  return R.mul(R.mul(p, R.sub(p, s.a)), R.mul(R.sub(p, s.b), R.sub(p, s.c)));
}

type Tx = typeof TEXT_EN;

/** A shape of geometry_area: its question and everything its TaskVariant holds. */
interface AreaShape extends TaskVariant<AS, Tx, Exact, string, [AS, string]> {
  ask: Phrases<[AS, string]>;
}

const LENGTH_OPS: readonly VariationOp[] = ["double", "halve", "set"];

function freshLength(c: Ctx): Q {
  return q(c.rng.int(2, 30));
}

/** Lengths a variation may change: rows of the field of AS (also its symbol) and its label in ru and en. */
function lengths(
  rows: readonly (readonly [key: "a" | "b" | "c" | "h", ru: string, en: string])[],
  ops = LENGTH_OPS,
) {
  return (tx: Tx, s: AS, ctx: Ctx): Param[] =>
    rows.map(([key, ru, en]) => ({
      key,
      label: ctx.ru ? ru : en,
      sym: key,
      value: s[key],
      ops,
      fresh: freshLength,
      unit: tx.cm,
    }));
}

/** The usual edge question: every length doubled, the area four times as large. */
function doubled(tx: Tx, _s: AS, { v, ctx }: Solved): Exchange {
  const four = xmul(v, q(4));
  return exchange(
    L(
      ctx,
      "Как изменится площадь, если все размеры увеличить вдвое?",
      "How does the area change if every length doubles?",
    ),
    [tx.areaScalesWithThe, `4 · ${xdisplay(v)} = ${xshow(four)}${tx.cm2}`],
    tx.fourTimes(four, tx.cm2),
    [ev(`4*${o(v as Q)}`, four)],
  );
}

const AREA: Record<Shape, AreaShape> = {
  rect: {
    ask: {
      ru: [
        (s, u) => `Найдите площадь прямоугольника со сторонами ${t(s.a)}${u} и ${t(s.b)}${u}.`,
        (s, u) => `Комната имеет форму прямоугольника ${t(s.a)}${u} на ${t(s.b)}${u}. Какова её площадь?`,
      ],
      en: [
        (s, u) => `Find the area of a rectangle with sides ${t(s.a)}${u} and ${t(s.b)}${u}.`,
        (s, u) => `A rectangular tile measures ${t(s.a)}${u} by ${t(s.b)}${u}. What is its area?`,
      ],
    },
    solve: (tx, s, fault) => {
      const worked = outcomes(`${o(s.a)}*${o(s.b)}`, "S", "area", { unit: tx.cm2 });
      if (fault === "perimeter")
        return worked(["S = 2(a + b)"], R.mul(q(2), R.add(s.a, s.b)), `2 · (${t(s.a)} + ${t(s.b)})`);
      return worked([tx.theAreaOfRectangle], R.mul(s.a, s.b), `${t(s.a)} · ${t(s.b)}`);
    },
    why: (tx, s) => (s.a.d === 1 && s.b.d === 1 ? tx.theRectangleHoldsRows(s) : tx.rectangleAreaIsLength),
    alt: (tx, s, { v }) => {
      const a1 = q(Math.max(1, Math.floor(R.toNumber(s.b) / 2)));
      const b1 = R.sub(s.b, a1);
      return [
        [tx.cutItIntoTwo(s, a1), `${t(s.a)} · ${t(a1)} + ${t(s.a)} · ${t(b1)} = ${xshow(v)}${tx.cm2}`],
        `${o(s.a)}*${o(a1)} + ${o(s.a)}*${o(b1)}`,
      ];
    },
    verify: (tx, s, { v, ctx }) =>
      checked(tx.divideTheAreaBy(v, s), tx.weGetItMatches(s, ctx), `${xascii(v)}/${o(s.a)}`, s.b),
    edge: doubled,
    params: lengths([
      ["a", "первую сторону", "the first side"],
      ["b", "вторую сторону", "the second side"],
    ]),
    mistakes: (tx) => [planted("wrong_formula", "perimeter", tx.perimeterNotArea, tx.perimeterIsNotArea)],
  },
  triangle: {
    ask: {
      ru: [
        (s, u) =>
          `Основание треугольника ${t(s.a)}${u}, высота, проведённая к нему, ${t(s.h)}${u}. Найдите площадь треугольника.`,
        (s, u) => `Найдите площадь треугольника с основанием ${t(s.a)}${u} и высотой ${t(s.h)}${u}.`,
      ],
      en: [
        (s, u) =>
          `A triangle has a base of ${t(s.a)}${u} and a height to that base of ${t(s.h)}${u}. Find its area.`,
        (s, u) => `Find the area of a triangle with base ${t(s.a)}${u} and height ${t(s.h)}${u}.`,
      ],
    },
    solve: (tx, s, fault) => {
      const worked = outcomes(`${o(s.a)}*${o(s.h)}/2`, "S", "area", { unit: tx.cm2 });
      if (fault === "noHalf") return worked(["S = a · h"], R.mul(s.a, s.h), `${t(s.a)} · ${t(s.h)}`);
      return worked([tx.triangleAreaIsHalf], R.div(R.mul(s.a, s.h), q(2)), `${t(s.a)} · ${t(s.h)} / 2`);
    },
    why: (tx) => tx.twoCopiesOfThe,
    alt: (tx, s, { v }) => [
      [tx.halveTheBaseFirst(s), `${o(R.div(s.a, q(2)))} · ${t(s.h)} = ${xshow(v)}${tx.cm2}`],
      `${o(s.a)}/2*${o(s.h)}`,
    ],
    verify: (tx, s, { v, ctx }) =>
      checked(tx.recoverTheHeight(v, s), tx.asGiven(s, ctx), `2*${o(v as Q)}/${o(s.a)}`, s.h),
    edge: doubled,
    params: lengths([
      ["a", "основание", "the base"],
      ["h", "высоту", "the height"],
    ]),
    mistakes: (tx) => [planted("wrong_formula", "noHalf", tx.forgotToHalve, tx.parallelogramIsDouble)],
  },
  trapezoid: {
    ask: {
      ru: [
        (s, u) =>
          `Основания трапеции ${t(s.a)}${u} и ${t(s.b)}${u}, высота ${t(s.h)}${u}. Найдите её площадь.`,
        (s, u) =>
          `Найдите площадь трапеции с основаниями ${t(s.a)}${u}, ${t(s.b)}${u} и высотой ${t(s.h)}${u}.`,
      ],
      en: [
        (s, u) =>
          `A trapezoid has parallel sides of ${t(s.a)}${u} and ${t(s.b)}${u} and a height of ${t(s.h)}${u}. Find its area.`,
        (s, u) =>
          `Find the area of a trapezoid with bases ${t(s.a)}${u}, ${t(s.b)}${u} and height ${t(s.h)}${u}.`,
      ],
    },
    solve: (tx, s, fault) => {
      const worked = outcomes(`(${o(s.a)} + ${o(s.b)})*${o(s.h)}/2`, "S", "area", { unit: tx.cm2 });
      const sum = `(${t(s.a)} + ${t(s.b)}) · ${o(s.h)}`;
      if (fault === "noHalf") return worked(["S = (a + b) · h"], R.mul(R.add(s.a, s.b), s.h), sum);
      if (fault === "oneBase")
        return worked(["S = a · h / 2"], R.div(R.mul(s.a, s.h), q(2)), `${o(s.a)} · ${o(s.h)} / 2`);
      return worked([tx.trapezoidAreaIsThe], R.div(R.mul(R.add(s.a, s.b), s.h), q(2)), `${sum} / 2`);
    },
    why: (tx) => tx.diagonalSplitsTheTrapezoid,
    alt: (tx, s, { v, ctx }) => {
      const m = R.div(R.add(s.a, s.b), q(2));
      return [
        [tx.throughTheMidline(m, ctx), `${o(m)} · ${o(s.h)} = ${xshow(v)}${tx.cm2}`],
        `(${o(s.a)} + ${o(s.b)})/2*${o(s.h)}`,
      ];
    },
    verify: (tx, s, { v }) =>
      checked(tx.mustEqualTheSum(v, s), tx.soItChecksOut(s), `2*${o(v as Q)}/${o(s.h)}`, R.add(s.a, s.b)),
    edge: doubled,
    params: lengths([
      ["a", "большее основание", "the longer base"],
      ["b", "меньшее основание", "the shorter base"],
      ["h", "высоту", "the height"],
    ]),
    mistakes: (tx) => [
      planted("wrong_formula", "noHalf", tx.didNotHalveBases, tx.meanOfTheBases),
      planted("dropped_term", "oneBase", tx.leftOutSecondBase, tx.bothBasesEnter),
    ],
  },
  cut: {
    ask: {
      ru: [
        (s, u) =>
          `Из прямоугольника ${t(s.a)}${u} на ${t(s.b)}${u} вырезали угол в виде прямоугольного треугольника с катетами ${t(s.c)}${u} и ${t(s.h)}${u}. Найдите площадь оставшейся фигуры.`,
      ],
      en: [
        (s, u) =>
          `A right-triangle corner with legs ${t(s.c)}${u} and ${t(s.h)}${u} is cut from ${aN(t(s.a))}${u} by ${t(s.b)}${u} rectangle. Find the area of what is left.`,
      ],
    },
    solve: (tx, s, fault) => {
      const u = tx.cm2;
      const rect = R.mul(s.a, s.b);
      const whole = fault === "fullCut";
      const tri = whole ? R.mul(s.c, s.h) : R.div(R.mul(s.c, s.h), q(2));
      const cut = tx.theCutTriangleArea(s, whole ? "" : " / 2", tri, u);
      const worked = outcomes(`${o(s.a)}*${o(s.b)} - ${o(s.c)}*${o(s.h)}/2`, "S", "area", { unit: u });
      return worked([tx.theRectangleAreaIs(s, rect, u), cut], R.sub(rect, tri), `${t(rect)} - ${t(tri)}`);
    },
    why: (tx) => tx.areaIsAdditiveWhat,
    // The complement of the triangle inside its bounding box: the rest of the rectangle plus half the box.
    alt: (tx, s, { v }) => {
      const u = tx.cm2;
      const box = R.mul(s.c, s.h);
      const rest = R.sub(R.mul(s.a, s.b), box);
      return [
        [tx.theTriangleIsHalf(s, box, rest, u), `${t(rest)} + ${t(R.div(box, q(2)))} = ${xshow(v)}${u}`],
        `${t(rest)} + ${o(box)}/2`,
      ];
    },
    verify: (tx, s, { v }) => {
      const whole = R.mul(s.a, s.b);
      return checked(
        tx.putTheTriangleBack(v, s, whole),
        tx.thatGivesTheWhole(whole, tx.cm2),
        `${o(v as Q)} + ${o(s.c)}*${o(s.h)}/2`,
        whole,
      );
    },
    edge: doubled,
    params: lengths([
      ["a", "длину прямоугольника", "the rectangle's length"],
      ["b", "ширину прямоугольника", "the rectangle's width"],
    ]),
    mistakes: (tx) => [planted("wrong_formula", "fullCut", tx.triangleNotHalved, tx.rightTriangleIsHalf)],
  },
  heron: {
    ask: {
      ru: [
        (s, u) =>
          `Стороны треугольника ${t(s.a)}${u}, ${t(s.b)}${u} и ${t(s.c)}${u}. Найдите его площадь (точно, в простейшем радикальном виде).`,
        (s, u) => `Найдите площадь треугольника со сторонами ${t(s.a)}, ${t(s.b)} и ${t(s.c)}${u}.`,
      ],
      en: [
        (s, u) =>
          `A triangle has sides ${t(s.a)}${u}, ${t(s.b)}${u} and ${t(s.c)}${u}. Find its exact area in simplest radical form.`,
        (s, u) => `Find the area of the triangle with sides ${t(s.a)}, ${t(s.b)} and ${t(s.c)}${u}.`,
      ],
    },
    solve: (tx, s, fault) => {
      const hp = o(heronP(s));
      const expr = `sqrt(${hp}*(${hp} - ${t(s.a)})*(${hp} - ${t(s.b)})*(${hp} - ${t(s.c)}))`;
      const p = fault === "fullP" ? R.add(R.add(s.a, s.b), s.c) : heronP(s);
      const prod = heronProduct(s, p);
      if (prod.n <= 0) throw INVALID;
      const steps = [
        fault === "fullP" ? tx.forHeronFormulaTake(s, p) : tx.heronFormulaWithThe(s, p),
        `p(p - a)(p - b)(p - c) = ${t(p)} · ${t(R.sub(p, s.a))} · ${t(R.sub(p, s.b))} · ${t(R.sub(p, s.c))} = ${t(prod)}`,
      ];
      return outcomes(expr, "S", "area", { unit: tx.cm2 })(steps, qsqrt(prod), `√${t(prod)}`);
    },
    why: (tx) => tx.withOnlyTheThree,
    alt: (tx, s, { o: out, ctx }) => {
      const [a, b, c] = [t(s.a), t(s.b), t(s.c)];
      return [
        [tx.anEquivalentFormOf, resultLine(ctx, out)],
        `sqrt((${a} + ${b} + ${c})*(-${a} + ${b} + ${c})*(${a} - ${b} + ${c})*(${a} + ${b} - ${c}))/4`,
      ];
    },
    verify: (tx, s, { v }) => {
      const prod = heronProduct(s, heronP(s));
      return checked(tx.squareTheAnswer(v, prod), tx.theSquaredAreaIs(prod), `(${xascii(v)})^2`, prod);
    },
    edge: (tx, s, { ctx }) => {
      const diff = R.sub(R.add(R.mul(s.a, s.a), R.mul(s.b, s.b)), R.mul(s.c, s.c));
      return exchange(
        L(ctx, "Является ли этот треугольник прямоугольным?", "Is this a right triangle?"),
        [tx.rightAngleOppositeNeeds(s, diff)],
        diff.n === 0 ? tx.yesTheDifferenceIs : tx.theDifferenceIsSo(diff),
        [ev(`${t(s.a)}^2 + ${t(s.b)}^2 - ${t(s.c)}^2`, diff)],
      );
    },
    params: lengths([["c", "третью сторону", "the third side"]], ["set"]),
    mistakes: (tx) => [planted("wrong_formula", "fullP", tx.perimeterNotSemi, tx.heronTakesSemi)],
  },
};

function aWith(_ctx: Ctx, s: AS, key: string, value: Exact): AS | null {
  if (isSurd(value) || value.n <= 0 || R.toNumber(value) > 1000) return null;
  const n = { ...s, [key]: value } as AS;
  if (n.shape === "cut" && (R.cmp(n.c, n.a) >= 0 || R.cmp(n.h, n.b) >= 0)) return null;
  if (n.shape === "heron") {
    const p = heronP(n);
    if (heronProduct(n, p).n <= 0) return null;
  }
  return n;
}

const AREA_QUESTIONS: Questions = {
  why: { ru: "Почему площадь считается именно так?", en: "Why is the area computed like that?" },
  alt: { ru: "А можно найти площадь по-другому?", en: "Can the area be found another way?" },
  verify: { ru: "Как проверить ответ?", en: "How can I check it?" },
};

export const geometryArea = variantTask<AS, Tx>({
  id: "geometry_area",
  domain: "math",
  text: TEXT,
  draw: aDraw,
  variant: (s) => AREA[s.shape],
  questions: AREA_QUESTIONS,
  ask: (ctx, s) => pickT(ctx, AREA[s.shape].ask)(s, cm(ctx)),
  with: aWith,
});

// Pythagoras ------------------------------------------------------------------------------------

type PVariant = "hyp" | "leg" | "dist";

interface PS {
  variant: PVariant;
  a: number;
  b: number;
  /** leg: the hypotenuse; dist: unused. */
  c: number;
  p: [number, number, number, number];
}

const TRIPLES: [number, number, number][] = [
  [3, 4, 5],
  [5, 12, 13],
  [8, 15, 17],
  [7, 24, 25],
  [20, 21, 29],
  [9, 40, 41],
  [12, 35, 37],
  [11, 60, 61],
  [28, 45, 53],
  [33, 56, 65],
];

function pDraw(ctx: Ctx): PS {
  const r = ctx.rng;
  const dd = ctx.d;
  const none: [number, number, number, number] = [0, 0, 0, 0];
  if (dd <= 4) {
    const [x, y, z] = r.pick(dd <= 2 ? TRIPLES.slice(0, 5) : TRIPLES);
    const k = r.int(1, dd <= 2 ? 8 : 10);
    const swap = r.chance(0.5);
    const a = (swap ? y : x) * k;
    const b = (swap ? x : y) * k;
    return dd <= 2 ? { variant: "hyp", a, b, c: 0, p: none } : { variant: "leg", a, b: 0, c: z * k, p: none };
  }
  if (dd <= 8) {
    for (let i = 0; i < 40; i++) {
      const a = r.int(1, 20);
      const b = r.int(1, 20);
      const [, rest] = R.splitSquare(a * a + b * b);
      if (rest === 1) continue;
      if (dd <= 6) return { variant: "hyp", a, b, c: 0, p: none };
      const c = Math.max(a, b) + r.int(1, 10);
      const [, rest2] = R.splitSquare(c * c - a * a);
      if (rest2 === 1) continue;
      return { variant: "leg", a, b: 0, c, p: none };
    }
    return { variant: "hyp", a: 1, b: 2, c: 0, p: none };
  }
  const c = () => r.int(-12, 12);
  let p: [number, number, number, number] = [c(), c(), c(), c()];
  if (p[0] === p[2] && p[1] === p[3]) p = [p[0], p[1], p[2] + 3, p[3] - 4];
  return { variant: "dist", a: 0, b: 0, c: 0, p };
}

function n(x: number): string {
  return x < 0 ? `(${x})` : String(x);
}

/** A variant of pythagoras: its question and everything its TaskVariant holds. */
interface PythVariant extends TaskVariant<PS, Tx, Exact, string, [PS, string]> {
  ask: Phrases<[PS, string]>;
}

/** Squaring the answer gives the sum of the squared legs. */
function squared(tx: Tx, v: Exact, sq: number): Reply {
  return checked(tx.squareTheAnswerThe(v, sq), tx.theSquareOfThe(sq), `(${xascii(v)})^2`, q(sq));
}

/** The edge case of both legs equal to the first one. */
function isosceles(tx: Tx, s: PS, { ctx }: Solved): Exchange {
  const u = tx.cm;
  const side = s.a;
  const diag = qsqrt(q(2 * side * side));
  return exchange(
    L(ctx, `А если бы оба катета были равны ${side}${u}?`, `And if both legs were ${side}${u}?`),
    [tx.anIsoscelesRightTriangle(side)],
    `c = ${xshow(diag)}${u}`,
    [ev(`sqrt(${side}^2 + ${side}^2)`, diag)],
  );
}

const PYTH: Record<PVariant, PythVariant> = {
  hyp: {
    ask: {
      ru: [
        (s, u) => `Катеты прямоугольного треугольника равны ${s.a}${u} и ${s.b}${u}. Найдите гипотенузу.`,
        (s, u) => `Найдите гипотенузу прямоугольного треугольника с катетами ${s.a} и ${s.b}${u}.`,
        (s, u) => `Стороны прямоугольника ${s.a}${u} и ${s.b}${u}. Найдите длину его диагонали.`,
      ],
      en: [
        (s, u) => `The legs of a right triangle are ${s.a}${u} and ${s.b}${u}. Find the hypotenuse.`,
        (s, u) => `Find the hypotenuse of a right triangle with legs ${s.a} and ${s.b}${u}.`,
        (s, u) => `A rectangle has sides ${s.a}${u} and ${s.b}${u}. How long is its diagonal?`,
      ],
    },
    solve: (tx, s, fault) => {
      const sq = s.a * s.a + s.b * s.b;
      const worked = outcomes(`sqrt(${s.a}^2 + ${s.b}^2)`, "c", "length", { unit: tx.cm });
      if (fault === "sum") return worked([tx.theHypotenuseIsThe], q(s.a + s.b), `${s.a} + ${s.b}`);
      if (fault === "noRoot") return worked(["c = a² + b²"], q(sq), `${s.a}² + ${s.b}²`);
      const squares = `c² = ${s.a}² + ${s.b}² = ${s.a * s.a} + ${s.b * s.b} = ${sq}`;
      return worked([tx.byPythagoras("c² = a² + b²"), squares], qsqrt(q(sq)), `√${sq}`);
    },
    why: (tx) => tx.theTriangleHasRight,
    alt: (tx, s, { o: out, ctx }) => [
      [
        tx.viaTheSquareOf,
        `${s.a + s.b}² - 2 · ${s.a} · ${s.b} = ${(s.a + s.b) ** 2} - ${2 * s.a * s.b} = ${s.a * s.a + s.b * s.b}`,
        resultLine(ctx, out),
      ],
      `sqrt((${s.a} + ${s.b})^2 - 2*${s.a}*${s.b})`,
    ],
    verify: (tx, s, { v }) => squared(tx, v, s.a * s.a + s.b * s.b),
    edge: isosceles,
    params: (tx, s) => [
      param("a", tx.theFirstLeg, "a", q(s.a), ["double", "set"], (c) => q(c.rng.int(1, 25)), tx.cm),
      param("b", tx.theSecondLeg, "b", q(s.b), ["double", "set"], (c) => q(c.rng.int(1, 25)), tx.cm),
    ],
    mistakes: (tx) => [
      planted("wrong_formula", "sum", tx.addedTheLegs, tx.triangleInequality),
      planted("dropped_term", "noRoot", tx.forgotTheRoot, tx.squareNotLength),
    ],
  },
  leg: {
    ask: {
      ru: [
        (s, u) =>
          `Гипотенуза прямоугольного треугольника ${s.c}${u}, один из катетов ${s.a}${u}. Найдите другой катет.`,
        (s, u) =>
          `Лестница длиной ${s.c}${u} приставлена к стене, её нижний конец отстоит от стены на ${s.a}${u}. На какой высоте верхний конец?`,
      ],
      en: [
        (s, u) => `A right triangle has hypotenuse ${s.c}${u} and one leg ${s.a}${u}. Find the other leg.`,
        (s, u) =>
          `${AN(s.c)}${u} ladder leans on a wall with its foot ${s.a}${u} from the wall. How high does it reach?`,
      ],
    },
    solve: (tx, s, fault) => {
      const sq = s.c * s.c - s.a * s.a;
      const worked = outcomes(`sqrt(${s.c}^2 - ${s.a}^2)`, "b", "length", { unit: tx.cm });
      // The planted error keeps the leg shorter than the hypotenuse: lengths subtracted, not squares.
      if (fault === "diff") return worked([tx.theLegIsThe], q(s.c - s.a), `${s.c} - ${s.a}`);
      const squares = `b² = ${s.c}² - ${s.a}² = ${s.c * s.c} - ${s.a * s.a} = ${sq}`;
      return worked([tx.byPythagoras("b² = c² - a²"), squares], qsqrt(q(sq)), `√${sq}`);
    },
    why: (tx) => tx.theTriangleHasRight,
    alt: (tx, s, { o: out, ctx }) => [
      [
        tx.withDifferenceOfSquares,
        `(${s.c} - ${s.a})(${s.c} + ${s.a}) = ${s.c - s.a} · ${s.c + s.a} = ${(s.c - s.a) * (s.c + s.a)}`,
        resultLine(ctx, out),
      ],
      `sqrt((${s.c} - ${s.a})*(${s.c} + ${s.a}))`,
    ],
    verify: (tx, s, { v }) =>
      checked(
        tx.check(s, v, q(s.c * s.c - s.a * s.a)),
        tx.theLegsSquaresAdd(s),
        `${s.a}^2 + (${xascii(v)})^2`,
        q(s.c * s.c),
      ),
    edge: isosceles,
    params: (tx, s) => [
      param("a", tx.theKnownLeg, "a", q(s.a), ["halve", "set"], (c) => q(c.rng.int(1, 15)), tx.cm),
      param("c", tx.theHypotenuse, "c", q(s.c), ["double", "set"], (c) => q(c.rng.int(16, 40)), tx.cm),
    ],
    mistakes: (tx) => [planted("wrong_formula", "diff", tx.subtractedLengths, tx.squaresRelate)],
  },
  dist: {
    ask: {
      ru: [
        (s) => `Найдите расстояние между точками A(${s.p[0]}; ${s.p[1]}) и B(${s.p[2]}; ${s.p[3]}).`,
        (s) => `Чему равна длина отрезка с концами (${s.p[0]}; ${s.p[1]}) и (${s.p[2]}; ${s.p[3]})?`,
      ],
      en: [
        (s) => `Find the distance between A(${s.p[0]}, ${s.p[1]}) and B(${s.p[2]}, ${s.p[3]}).`,
        (s) => `How long is the segment from (${s.p[0]}, ${s.p[1]}) to (${s.p[2]}, ${s.p[3]})?`,
      ],
    },
    solve: (tx, s, fault) => {
      const [x1, y1, x2, y2] = s.p;
      const sign = fault === "sign";
      const dx = sign ? x2 + x1 : x2 - x1;
      const dy = y2 - y1;
      const sq = dx * dx + dy * dy;
      const worked = outcomes(`sqrt((${x2} - ${n(x1)})^2 + (${y2} - ${n(y1)})^2)`, "d", "number", {
        unit: "",
      });
      const deltas = `Δx = ${x2} ${sign ? "+" : "-"} ${n(x1)} = ${dx}, Δy = ${y2} - ${n(y1)} = ${dy}`;
      return worked(
        [tx.theDistanceIsThe, deltas, `d² = ${n(dx)}² + ${n(dy)}² = ${sq}`],
        qsqrt(q(sq)),
        `√${sq}`,
      );
    },
    why: (tx) => tx.isTheHypotenuseOf,
    alt: (tx, s, { o: out, ctx }) => {
      const [x1, y1, x2, y2] = s.p;
      return [
        [tx.moveTheOriginTo(x1, x2, y1, y2), resultLine(ctx, out)],
        `sqrt(${n(x1 - x2)}^2 + ${n(y1 - y2)}^2)`,
      ];
    },
    verify: (tx, s, { v }) => squared(tx, v, (s.p[2] - s.p[0]) ** 2 + (s.p[3] - s.p[1]) ** 2),
    edge: (_tx, s, { ctx }) => {
      const [x1, y1] = s.p;
      const d0 = qsqrt(q(x1 * x1 + y1 * y1));
      return exchange(
        L(ctx, "А каково расстояние от точки A до начала координат?", "And how far is A from the origin?"),
        [`|OA| = √(${n(x1)}² + ${n(y1)}²) = √${x1 * x1 + y1 * y1}`],
        `|OA| = ${xshow(d0)}`,
        [ev(`sqrt(${n(x1)}^2 + ${n(y1)}^2)`, d0)],
      );
    },
    params: (tx, s) => [
      param("x2", tx.theCoordinateOf, "x₂", q(s.p[2]), ["negate", "set"], (c) => q(c.rng.int(-12, 12))),
    ],
    // Δx = x₂ - x₁ is a formula, the same in every language. No sign slip where it would make the
    // two points coincide (a distance of 0 between A(5, -9) and B(-5, -9) is no plausible slip).
    mistakes: (tx, s) =>
      s.p[0] !== 0 && (s.p[2] + s.p[0] !== 0 || s.p[3] !== s.p[1])
        ? [
            planted(
              "sign_error",
              "sign",
              tx.signOfDx,
              `Δx = x₂ - x₁ = ${s.p[2]} - ${n(s.p[0])} = ${s.p[2] - s.p[0]}.`,
            ),
          ]
        : [],
  },
};

function pWith(_ctx: Ctx, s: PS, key: string, value: Exact): PS | null {
  if (isSurd(value) || value.d !== 1 || Math.abs(value.n) > 1000) return null;
  if (key === "x2") {
    const p: [number, number, number, number] = [s.p[0], s.p[1], value.n, s.p[3]];
    return p[0] === p[2] && p[1] === p[3] ? null : { ...s, p };
  }
  if (value.n <= 0) return null;
  const n2 = { ...s, [key]: value.n } as PS;
  if (n2.variant === "leg" && n2.c <= n2.a) return null;
  return n2;
}

const PYTH_QUESTIONS: Questions = {
  why: { ru: "Почему здесь работает теорема Пифагора?", en: "Why does Pythagoras apply here?" },
  alt: { ru: "Можно ли найти ответ иначе?", en: "Is there another way to get it?" },
  verify: { ru: "Как проверить ответ?", en: "How can the answer be checked?" },
};

export const pythagoras = variantTask<PS, Tx>({
  id: "pythagoras",
  domain: "math",
  text: TEXT,
  draw: pDraw,
  variant: (s) => PYTH[s.variant],
  questions: PYTH_QUESTIONS,
  ask: (ctx, s) => pickT(ctx, PYTH[s.variant].ask)(s, cm(ctx)),
  with: pWith,
});
