import { count, countOf, EN, type Noun, noun, RU, type Tr, tr } from "../lang.js";
import type { GroupPair } from "../nouns.js";
import { GROUPS, N } from "../nouns.js";
import { type Exact, isSurd } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import { eqChain, ev, exchange, type Phrases, ruN } from "../text.js";
import type { Ctx, Exchange, Param } from "../types.js";
import { outcomes, param } from "./formula.js";
import { type SlipRow, type Solved, slips, type TaskVariant, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  /** The dice question's condition on the total. */
  total: (s: PS) =>
    s.cmp === 0 ? `equal to ${s.sum}` : s.cmp > 0 ? `at least ${s.sum}` : `at most ${s.sum}`,
  redBlue: "P = red / blue",
  thereAreEquallyLikely: (n: number, s: PS) =>
    `There are ${n} equally likely outcomes and ${s.r} favourable ones.`,
  redBallInOne: (s: PS, n: number) => `A red ball in one draw has probability ${s.r}/${n}.`,
  theBallGoesBack: (s: PS, n: number) =>
    `The ball goes back, so the draws are independent, each with P(red) = ${s.r}/${n}.`,
  independentProbabilitiesMultiply: "Independent probabilities multiply.",
  matchingPairsJoinOf: (ways: [number, number][], un: number) =>
    `Matching pairs: ${ways
      .filter(([i, j]) => i <= j)
      .map(([i, j]) => `${i}+${j}`)
      .join(", ")}, ${un} of 36.`,
  thereAreEquallyLikely2: "There are 6 · 6 = 36 equally likely ordered outcomes (first die, second die).",
  favourableJoinOfThem: (ways: [number, number][]) =>
    `Favourable: ${ways.map(([i, j]) => `(${i}, ${j})`).join(", ")}, ${ways.length} of them.`,
  eachTimeRedBall: (s: PS, n: number) => `Each time a red ball has probability ${s.r}/${n}.`,
  theFirstBallIs: (s: PS, n: number) =>
    `The first ball is red with probability ${s.r}/${n}. That leaves ${s.r - 1} red out of ${n - 1}.`,
  byTheMultiplicationRule: "By the multiplication rule for dependent events:",
  bothBlue: (s: PS, n: number, none2: R.Q) => `Both blue: ${s.b}/${n} · ${s.b}/${n} = ${qstr(none2)}.`,
  addTheChancesOf: (s: PS, n: number) =>
    `Add the chances of red on the first and on the second draw: ${s.r}/${n} + ${s.r}/${n}.`,
  itIsEasierThrough: "It is easier through the opposite event: 'both balls are blue'.",
  bothBlue2: (s: PS, n: number, none: R.Q) =>
    `P(both blue) = ${s.b}/${n} · ${s.b - 1}/${n - 1} = ${qstr(none)}.`,
  theClassicalDefinitionWith:
    "The classical definition: with equally likely outcomes, probability is the share of favourable outcomes.",
  afterPuttingTheBall:
    "After putting the ball back the box is unchanged, so the second draw does not depend on the first and the probabilities multiply.",
  theDiceAreDistinct:
    "The dice are distinct, so (1, 2) and (2, 1) are different outcomes; only ordered pairs are equally likely.",
  withoutReplacementTheBox:
    "Without replacement the box changes: the second ball comes from the reduced set, so we use a conditional probability.",
  atLeastOneCovers:
    "'At least one' covers many cases; its opposite, 'none', is a single case and easier to count.",
  withCombinationsThereAre: (n: number, all: number) =>
    `With combinations: there are C(${n}, 2) = ${all} ways to choose 2 balls out of ${n}.`,
  favourableChooseOfThe: (s: PS, good: number) =>
    `Favourable: choose 2 of the ${s.r} red, C(${s.r}, 2) = ${good}.`,
  favourableAllPairsExcept: (all: number, s: PS, good: number) =>
    `Favourable: all pairs except all-blue ones, ${all} - C(${s.b}, 2) = ${good}.`,
  inTheTableOf: (s: PS, ways: number) =>
    `In the 6 × 6 table of sums, ${s.sum} sits on one diagonal with ${ways} cells out of 36.`,
  throughTheOppositeEvent: (s: PS, other: number) =>
    `Through the opposite event: a total ${s.cmp > 0 ? `below ${s.sum}` : `above ${s.sum}`} happens in ${other} of the 36 cases.`,
  byCountingPairsThere: (n: number, s: PS) =>
    `By counting pairs: there are ${n} · ${n} = ${n * n} ordered pairs, of which ${s.r} · ${s.r} = ${s.r * s.r} are red-red.`,
  throughTheOppositeEvent2: (s: PS, n: number) =>
    `Through the opposite event: P(blue) = ${s.b}/${n}, so P(red) = 1 - ${s.b}/${n}.`,
  probabilityMustLieBetween: (v: R.Q) => `A probability must lie between 0 and 1: ${qstr(v)} does.`,
  theOppositeEventHas: (v: R.Q, comp: R.Q) =>
    `The opposite event has probability 1 - ${qstr(v)} = ${qstr(comp)}; together they give 1.`,
  soItIsConsistent: (v: R.Q, comp: R.Q) => `${qstr(v)} + ${qstr(comp)} = 1, so it is consistent.`,
  totalOfComesSix:
    "A total of 7 comes six ways: (1,6), (2,5), (3,4), (4,3), (5,2), (6,1), more than any other.",
  totalOfWithProbability: (seven: R.Q) => `A total of 7, with probability 6/36 = ${qstr(seven)}.`,
  nowThereAreRed: (s: PS, n: number) => `Now there are ${s.r + 1} red ${item(s).en.other} out of ${n + 1}.`,
  itRisesTo: (mv: R.Q) => `It rises to ${qstr(mv)}.`,
  theTotal: "the total",
  theNumberOfRed: (s: PS) => `the number of red ${item(s).en.other}`,
  theNumberOfBlue: (s: PS) => `the number of blue ${item(s).en.other}`,
  addUpTheOptions: "Add up the options of each choice.",
  productRuleEveryOption:
    "Product rule: every option of the first choice goes with every option of the others.",
  eachOfThePlaces: (s: CS) => `Each of the ${s.n} places can take any of the ${s.n} options: ${s.n}^${s.n}.`,
  theNumberOfPermutations: (s: CS) =>
    `The number of permutations is ${s.n}!: ${s.n} choices for the first place, ${s.n - 1} for the second, and so on.`,
  eachPlaceCanTo: (s: CS) => `Each place can go to any of the ${s.n}: ${s.n}^${s.k}.`,
  chooseOfTheWithout: (s: CS) => `Choose ${s.k} of the ${s.n} without order: C(${s.n}, ${s.k}).`,
  orderMattersAndNobody: (s: CS) =>
    `Order matters and there are no repeats: arrangements A(${s.n}, ${s.k}) = ${s.n}!/(${s.n} - ${s.k})!.`,
  chooseOf: (s: CS, f: number[]) => `Choose ${s.k} of ${s.n}: ${f.join(" · ")}.`,
  orderDoesNotMatter: (s: CS) =>
    `Order does not matter, so these are combinations C(${s.n}, ${s.k}) = ${s.n}! / (${s.k}! · (${s.n} - ${s.k})!).`,
  cC: (G: GroupPair, s: CS, a: number, b: number) =>
    `${G.aTitle.en}: C(${s.n}, ${s.k}) = ${count(EN, a, N.way)}; ${G.bTitle.en}: C(${s.m}, ${s.j}) = ${count(EN, b, N.way)}.`,
  c: (G: GroupPair, s: CS, a2: number, b: number) =>
    `${G.aTitle.en}: ${s.n} · ... = ${count(EN, a2, N.way)}; ${G.bTitle.en}: C(${s.m}, ${s.j}) = ${count(EN, b, N.way)}.`,
  theChoicesAreIndependent: "The choices are independent, so by the product rule we multiply.",
  theChoicesAreIndependent2:
    "The choices are independent: each option of the first can be paired with any option of the second, so the counts multiply.",
  theFirstPlaceHas:
    "The first place has n options, the second n - 1 remaining ones, down to the last: n · (n - 1) · ... · 1 = n!.",
  /** By the arrangement's story: places of athletes, posts of club members, positions of a code. */
  thePlacesDifferFirst: [
    "The places differ (first, second, ...), so order matters, and nobody takes two places: arrangements without repetition.",
    "The posts differ, so order matters, and nobody holds two posts: arrangements without repetition.",
    "The positions in the code differ (first, second, ...), so order matters, and no digit repeats: arrangements without repetition.",
  ],
  /** By the combination's story: people, books, dishes, problems. */
  theOrderOfThe: [
    "The order of the chosen does not matter: arrangements count each group of k people exactly k! times, so we divide by k!.",
    "The order of the chosen does not matter: arrangements count each set of k books exactly k! times, so we divide by k!.",
    "The order of the chosen does not matter: arrangements count each set of k dishes exactly k! times, so we divide by k!.",
    "The order of the chosen does not matter: arrangements count each set of k problems exactly k! times, so we divide by k!.",
  ],
  theGroupsAreChosen:
    "The groups are chosen independently and order within a group does not matter: combinations for each group and the product rule.",
  treeEachOfThe: (first: number, rest: number) =>
    `A tree: each of the ${first} first choices has ${count(EN, rest, N.continuation)}.`,
  recursivelySo: (s: CS) =>
    `Recursively: P(n) = n · P(n - 1). P(${s.n - 1}) = ${prod(fact(s.n - 1))}, so P(${s.n}) = ${s.n} · ${prod(fact(s.n - 1))}.`,
  firstPickOfThe: (s: CS, c: number) =>
    `First pick ${s.k} of the ${s.n} ignoring order: C(${s.n}, ${s.k}) = ${c}, then order them: ${s.k}! = ${prod(fact(s.k))}.`,
  choosingIsTheSame: (s: CS) =>
    `Choosing ${s.k} is the same as choosing the ${s.n - s.k} left out: C(${s.n}, ${s.k}) = C(${s.n}, ${s.n - s.k}).`,
  weCanStartWith: (G: GroupPair, b: number, a: number) =>
    `We can start with the second group (${G.bTitle.en}: ${count(EN, b, N.way)}), then the first (${count(EN, a, N.way)}); the order of the stages does not change the product.`,
  eachGroupCanBe: (s: CS, a: number) =>
    `Each group can be ordered in ${s.k}! = ${prod(fact(s.k))} ways, which must give the arrangements A(${s.n}, ${s.k}) = ${a}.`,
  correct: (v: R.Q, s: CS, a: number) => `${qstr(v)} · ${s.k}! = ${a} = A(${s.n}, ${s.k}), correct.`,
  divideByTheLast: (divisor: number, v: R.Q, back: R.Q) =>
    `Divide by the last factor ${divisor}: ${qstr(v)} / ${divisor} = ${qstr(back)}, the count without the last choice.`,
  weGetTheWhole: (back: R.Q) => `We get the whole number ${qstr(back)}, as expected.`,
  theCountDoubles: "The count doubles.",
  thenOnlyTheOther: (s: CS, one: number) =>
    `Then only the other ${s.n - 1} are arranged: ${s.n - 1}! = ${one}.`,
  thatIsFullPermutation: (s: CS, all: number) => `That is a full permutation: ${s.n}! = ${all}.`,
  takingAllCanBe: (s: CS) => `Taking all ${s.n} can be done in one way: C(${s.n}, ${s.n}) = 1.`,
  takingAllOfGroup: (s: CS) =>
    `Taking all ${count(EN, s.n, GROUPS[s.g].a)} can be done in one way: C(${s.n}, ${s.n}) = 1.`,
  stillChosen: (s: CS, edge: number) =>
    `${capital(GROUPS[s.g].bTitle.en)} are still chosen in C(${s.m}, ${s.j}) = ${count(EN, comb(s.m, s.j), N.way)}, so N = ${edge}.`,
  theOptionsOfChoice: (i: number) => `the options of choice ${i + 1}`,
  theTotal2: "the total",
  howManyAreChosen: "how many are chosen",
  mostLikely: "Which total of two dice is the most likely?",
  oneMoreChoice: "And if one more independent choice with two options is added?",
  /** By the permutation's story: books, a queue, guests, letters, runners, performers. */
  bookFirst: [
    "And if one particular book must be first?",
    "And if one particular person must be first in the queue?",
    "And if one particular guest must take the first chair?",
    "And if one particular letter must come first?",
    "And if one particular runner must take the first lane?",
    "And if one particular performer must open the concert?",
  ],
  /** By the arrangement's story. */
  placesForAll: [
    "And if places are given to all the competitors?",
    "And if every member is given a post of their own?",
    "And if the code uses all the available digits?",
  ],
  /** By the combination's story, then the committee's groups (all of the first group taken). */
  takeAll: (s: CS) =>
    s.variant === "comb"
      ? [
          "And how many ways if everyone must be taken?",
          "And how many ways if all the books must be taken?",
          "And how many ways if you order every dish on the menu?",
          "And how many ways if every problem must be included?",
        ][s.story]
      : `And how many ways if all the ${GROUPS[s.g].a.en.other} must be taken?`,
  oneMoreRed: (s: PS) => `How does the answer change if one more red ${item(s).en.one} is added?`,
  /** Each task's own wording of the follow-up questions, and its planted mistakes. */
  prob: {
    why: "Why is the probability computed this way?",
    alt: "Can we count it another way?",
    verify: "How can I check the answer?",
    slip: {
      odds: (s: PS) => `I divided by the blue ${item(s).en.other} instead of all the ${item(s).en.other}.`,
      once: "I only accounted for one draw.",
      unordered: "I counted unordered pairs.",
      withReplacement: "I computed as if the ball were put back.",
      bothBlueReplaced: "I treated 'both blue' as if with replacement.",
      sum: "I added probabilities of events that can happen together.",
    },
    slipWhy: {
      odds: (s: PS) =>
        `Probability is a share of all outcomes: divide by the total number of ${item(s).en.other}.`,
      once: "Both draws must be red, so the probability is squared.",
      unordered: (s: PS, [i, j] = distinctPair(s)) =>
        `Among the 36 equally likely outcomes (${i}, ${j}) and (${j}, ${i}) are different and both count.`,
      withReplacement: (s: PS) =>
        `After the first red ball the box has ${s.r - 1} red left out of ${s.r + s.b - 1}.`,
      bothBlueReplaced: "No replacement: P(both blue) = b/n · (b - 1)/(n - 1).",
      sum: "'Red first' and 'red second' can both happen, so their probabilities cannot simply be added.",
    },
  },
  count: {
    why: "Why do we count it this way?",
    alt: "Is there another way to count?",
    verify: "How can we check it?",
    slip: {
      sum: "I added the counts instead of multiplying.",
      ordered: "For the first group I counted the order of picking.",
      square: "I let one option fill several places.",
      power: (s: CS) =>
        [
          "I allowed repeats: one athlete in several places.",
          "I allowed repeats: one member in several posts.",
          "I allowed repeats: one digit in several positions.",
        ][s.story],
      unordered: (s: CS) =>
        [
          "I ignored the order of places.",
          "I ignored which post each one gets.",
          "I ignored the order of the digits.",
        ][s.story],
      orderedComb: "I counted order, which does not matter here.",
    },
    slipWhy: {
      sum: "Both choices are made together, so the product rule applies, not the sum rule.",
      ordered: (s: CS) =>
        `A group does not depend on the order of picking, so it is C(${s.n}, ${s.k}), not arrangements.`,
      square: "Each option takes exactly one place, so there are n! orders, not nⁿ.",
      power: (s: CS) =>
        `${["Nobody takes two places", "Nobody holds two posts", "No digit repeats in a code"][s.story]}, so it is n · (n - 1) · ..., not nᵏ.`,
      unordered: (s: CS) =>
        `${["First and second place differ", "The posts differ", "The positions in a code differ"][s.story]}, so we need arrangements, not combinations.`,
      orderedComb: (s: CS) => `A group is the same whatever the order of picking, so divide by ${s.k}!.`,
    },
  },
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    total: (s) => (s.cmp === 0 ? `равна ${s.sum}` : s.cmp > 0 ? `не меньше ${s.sum}` : `не больше ${s.sum}`),
    redBlue: "P = красные / синие",
    thereAreEquallyLikely: (n, s) => `Всего исходов ${n}, благоприятных ${s.r}; все исходы равновозможны.`,
    redBallInOne: (s, n) => `Вероятность красного при одном вынимании ${s.r}/${n}.`,
    theBallGoesBack: (s, n) =>
      `Шар возвращают, поэтому вынимания независимы и каждый раз P(красный) = ${s.r}/${n}.`,
    independentProbabilitiesMultiply: "Вероятности независимых событий перемножаются.",
    matchingPairsJoinOf: (ways, un) =>
      `Подходящие пары: ${ways
        .filter(([i, j]) => i <= j)
        .map(([i, j]) => `${i}+${j}`)
        .join(", ")} — ${count(RU, un, N.option)} из 36.`,
    thereAreEquallyLikely2:
      "Всего 6 · 6 = 36 равновозможных упорядоченных исходов (первая кость, вторая кость).",
    favourableJoinOfThem: (ways) =>
      `Благоприятные: ${ways.map(([i, j]) => `(${i}, ${j})`).join(", ")} — ${ways.length}.`,
    eachTimeRedBall: (s, n) => `Каждый раз вероятность красного ${s.r}/${n}.`,
    theFirstBallIs: (s, n) =>
      `Первый шар красный с вероятностью ${s.r}/${n}. После этого остаётся ${count(RU, s.r - 1, N.red)} из ${n - 1}.`,
    byTheMultiplicationRule: "По правилу умножения для зависимых событий:",
    bothBlue: (s, n, none2) => `Вероятность, что оба синие: ${s.b}/${n} · ${s.b}/${n} = ${qstr(none2)}.`,
    addTheChancesOf: (s, n) =>
      `Сложим вероятности красного в первом и втором вынимании: ${s.r}/${n} + ${s.r}/${n}.`,
    itIsEasierThrough: "Удобнее через противоположное событие: «оба шара синие».",
    bothBlue2: (s, n, none) => `P(оба синие) = ${s.b}/${n} · ${s.b - 1}/${n - 1} = ${qstr(none)}.`,
    theClassicalDefinitionWith:
      "Классическое определение: если все исходы равновозможны, вероятность — доля благоприятных исходов среди всех.",
    afterPuttingTheBall:
      "После возвращения состав коробки тот же, поэтому второй результат не зависит от первого, и вероятности перемножаются.",
    theDiceAreDistinct:
      "Кости различимы, поэтому (1, 2) и (2, 1) — разные исходы; только упорядоченные пары равновозможны.",
    withoutReplacementTheBox:
      "Без возвращения состав меняется: второй шар вынимают из уже уменьшенного набора, поэтому используем условную вероятность.",
    atLeastOneCovers:
      "«Хотя бы один» включает много случаев; противоположное событие «ни одного» — всего один случай, его и проще посчитать.",
    withCombinationsThereAre: (n, all) =>
      `Через сочетания: всего способов выбрать 2 шара из ${n}: C(${n}, 2) = ${all}.`,
    favourableChooseOfThe: (s, good) =>
      `Благоприятных — выбрать 2 из ${s.r} красных: C(${s.r}, 2) = ${good}.`,
    favourableAllPairsExcept: (all, s, good) =>
      `Благоприятных — все пары, кроме пар из синих: ${all} - C(${s.b}, 2) = ${good}.`,
    inTheTableOf: (s, ways) =>
      `По таблице 6 × 6 сумм: значение ${s.sum} стоит на одной диагонали, в ней ${count(RU, ways, N.cell)} из 36.`,
    throughTheOppositeEvent: (s, other) =>
      `Через противоположное событие: сумма ${s.cmp > 0 ? `меньше ${s.sum}` : `больше ${s.sum}`} получается в ${ruN(other, "случае", "случаях", "случаях")} из 36.`,
    byCountingPairsThere: (n, s) =>
      `Через подсчёт пар: всего упорядоченных пар ${n} · ${n} = ${n * n}, из них «красный-красный» ${s.r} · ${s.r} = ${s.r * s.r}.`,
    throughTheOppositeEvent2: (s, n) =>
      `Через противоположное событие: P(синий) = ${s.b}/${n}, значит P(красный) = 1 - ${s.b}/${n}.`,
    probabilityMustLieBetween: (v) => `Вероятность должна лежать между 0 и 1: ${qstr(v)} подходит.`,
    theOppositeEventHas: (v, comp) =>
      `Противоположное событие имеет вероятность 1 - ${qstr(v)} = ${qstr(comp)}; вместе они дают 1.`,
    soItIsConsistent: (v, comp) => `${qstr(v)} + ${qstr(comp)} = 1, противоречий нет.`,
    totalOfComesSix:
      "Сумма 7 получается шестью способами: (1,6), (2,5), (3,4), (4,3), (5,2), (6,1) — больше, чем любая другая.",
    totalOfWithProbability: (seven) => `Сумма 7, её вероятность 6/36 = ${qstr(seven)}.`,
    nowThereAreRed: (s, n) => `Теперь красных ${s.r + 1}, всего ${n + 1}.`,
    itRisesTo: (mv) => `Вероятность вырастет до ${qstr(mv)}.`,
    theTotal: "сумму",
    theNumberOfRed: (s) => `число красных ${item(s).ru.many}`,
    theNumberOfBlue: (s) => `число синих ${item(s).ru.many}`,
    addUpTheOptions: "Сложим число вариантов каждого выбора.",
    productRuleEveryOption:
      "Правило произведения: каждый вариант первого выбора сочетается с каждым вариантом остальных.",
    eachOfThePlaces: (s) => `На каждое из ${s.n} мест подходит любой из ${s.n} вариантов: ${s.n}^${s.n}.`,
    theNumberOfPermutations: (s) =>
      `Число перестановок — ${s.n}!: на первое место ${count(RU, s.n, N.option)}, на второе ${s.n - 1}, и так далее.`,
    eachPlaceCanTo: (s) => `На каждое место подходит любой из ${s.n}: ${s.n}^${s.k}.`,
    chooseOfTheWithout: (s) => `Выбираем ${s.k} из ${s.n} без учёта порядка: C(${s.n}, ${s.k}).`,
    orderMattersAndNobody: (s) =>
      `Порядок важен, повторов нет: размещения A(${s.n}, ${s.k}) = ${s.n}!/(${s.n} - ${s.k})!.`,
    chooseOf: (s, f) => `Выбираем ${s.k} из ${s.n}: ${f.join(" · ")}.`,
    orderDoesNotMatter: (s) =>
      `Порядок не важен, поэтому это сочетания C(${s.n}, ${s.k}) = ${s.n}! / (${s.k}! · (${s.n} - ${s.k})!).`,
    cC: (G, s, a, b) =>
      `${G.aTitle.ru}: C(${s.n}, ${s.k}) = ${count(RU, a, N.way)}, ${G.bTitle.ru}: C(${s.m}, ${s.j}) = ${count(RU, b, N.way)}.`,
    c: (G, s, a2, b) =>
      `${G.aTitle.ru}: ${s.n} · ... = ${count(RU, a2, N.way)}, ${G.bTitle.ru}: C(${s.m}, ${s.j}) = ${count(RU, b, N.way)}.`,
    theChoicesAreIndependent: "Выборы независимы, поэтому по правилу произведения перемножаем.",
    theChoicesAreIndependent2:
      "Выборы независимы: к каждому варианту первого можно добавить любой вариант второго, поэтому количества перемножаются.",
    theFirstPlaceHas:
      "Первое место можно занять n способами, второе — n - 1 оставшимися, и так до последнего: n · (n - 1) · ... · 1 = n!.",
    thePlacesDifferFirst: [
      "Места различаются (первое, второе, ...), поэтому порядок важен, а один спортсмен не может занять два места — это размещения без повторений.",
      "Должности различаются, поэтому порядок важен, а один человек не может занять две должности — это размещения без повторений.",
      "Позиции в коде различаются (первая, вторая, ...), поэтому порядок важен, а цифры не повторяются — это размещения без повторений.",
    ],
    theOrderOfThe: [
      "Порядок выбранных не важен: каждую группу из k человек размещения считают k! раз, поэтому делим на k!.",
      "Порядок выбранных не важен: каждый набор из k книг размещения считают k! раз, поэтому делим на k!.",
      "Порядок выбранных не важен: каждый набор из k блюд размещения считают k! раз, поэтому делим на k!.",
      "Порядок выбранных не важен: каждый набор из k задач размещения считают k! раз, поэтому делим на k!.",
    ],
    theGroupsAreChosen:
      "Группы выбираются независимо, порядок внутри группы не важен: сочетания для каждой группы и правило произведения.",
    treeEachOfThe: (first, rest) =>
      `Дерево вариантов: для каждого из ${first} первых выборов есть ${count(RU, rest, N.continuation)}.`,
    recursivelySo: (s) =>
      `Рекуррентно: P(n) = n · P(n - 1). P(${s.n - 1}) = ${prod(fact(s.n - 1))}, значит P(${s.n}) = ${s.n} · ${prod(fact(s.n - 1))}.`,
    firstPickOfThe: (s, c) =>
      `Сначала выберем ${s.k} из ${s.n} без учёта порядка: C(${s.n}, ${s.k}) = ${c}, затем распределим между ними места: ${s.k}! = ${prod(fact(s.k))}.`,
    choosingIsTheSame: (s) =>
      `Выбрать ${s.k} — то же, что выбрать ${s.n - s.k}, которые не войдут в выбор: C(${s.n}, ${s.k}) = C(${s.n}, ${s.n - s.k}).`,
    weCanStartWith: (G, b, a) =>
      `Можно начать со второй группы (${G.bTitle.ru}: ${count(RU, b, N.way)}), потом первая (${count(RU, a, N.way)}) — порядок этапов на произведение не влияет.`,
    eachGroupCanBe: (s, a) =>
      `Каждую группу можно упорядочить ${s.k}! = ${prod(fact(s.k))} способами (по числу перестановок); тогда должно получиться число размещений A(${s.n}, ${s.k}) = ${a}.`,
    correct: (v, s, a) => `${qstr(v)} · ${s.k}! = ${a} = A(${s.n}, ${s.k}), верно.`,
    divideByTheLast: (divisor, v, back) =>
      `Разделим ответ на последний множитель ${divisor}: ${qstr(v)} / ${divisor} = ${qstr(back)} — это число вариантов без последнего выбора.`,
    weGetTheWhole: (back) => `Получили целое ${qstr(back)}, как и должно быть.`,
    theCountDoubles: "Число вариантов умножится на 2.",
    thenOnlyTheOther: (s, one) => `Тогда переставляем только остальные ${s.n - 1}: ${s.n - 1}! = ${one}.`,
    thatIsFullPermutation: (s, all) => `Это уже перестановки: ${s.n}! = ${all}.`,
    takingAllCanBe: (s) => `Выбрать всех ${s.n} можно одним способом: C(${s.n}, ${s.n}) = 1.`,
    takingAllOfGroup: (s) =>
      // Animate groups take the genitive after "всех" (всех 4 мальчиков), books the nominative.
      s.g === 2
        ? `Взять все ${count(RU, s.n, GROUPS[s.g].a)} можно одним способом: C(${s.n}, ${s.n}) = 1.`
        : `Выбрать всех ${countOf(RU, s.n, GROUPS[s.g].a)} можно одним способом: C(${s.n}, ${s.n}) = 1.`,
    stillChosen: (s, edge) =>
      `Число способов выбрать ${GROUP_ACC[s.g].other} не меняется: C(${s.m}, ${s.j}) = ${comb(s.m, s.j)}, поэтому N = ${edge}.`,
    theOptionsOfChoice: (i) => `число вариантов ${i + 1}-го выбора`,
    theTotal2: "общее число",
    howManyAreChosen: "сколько выбираем",
    mostLikely: "Какая сумма на двух костях выпадает чаще всего?",
    oneMoreChoice: "А если добавить ещё один независимый выбор из двух вариантов?",
    bookFirst: [
      "А если одна книга должна стоять строго первой?",
      "А если один человек должен стоять в очереди строго первым?",
      "А если один гость должен сидеть строго на первом стуле?",
      "А если одна буква должна стоять строго первой?",
      "А если один бегун должен стоять строго на первой дорожке?",
      "А если один участник должен выступать строго первым?",
    ],
    placesForAll: [
      "А если распределять места между всеми участниками?",
      "А если каждому члену клуба достанется своя должность?",
      "А если составить код из всех доступных цифр?",
    ],
    takeAll: (s) =>
      s.variant === "comb"
        ? [
            "А сколько способов, если нужно взять всех?",
            "А сколько способов, если нужно взять все книги?",
            "А сколько способов, если заказать все блюда из меню?",
            "А сколько способов, если включить в контрольную все задачи?",
          ][s.story]
        : `А сколько способов, если нужно взять ${GROUP_ACC[s.g].all}?`,
    oneMoreRed: (s) =>
      [
        "Как изменится ответ, если добавить в коробку ещё один красный шар?",
        "Как изменится ответ, если добавить в мешок ещё один красный кубик?",
        "Как изменится ответ, если добавить ещё один красный шар?",
      ][s.variant === "single" ? s.story : 0],
    prob: {
      why: "Почему вероятность считается именно так?",
      alt: "Можно ли посчитать иначе?",
      verify: "Как проверить ответ?",
      slip: {
        odds: (s) => `Я разделил на число синих, а не на общее число ${item(s).ru.many}.`,
        once: "Я учёл только одно вынимание.",
        unordered: "Я считал неупорядоченные пары.",
        withReplacement: "Я посчитал так, будто шар возвращают.",
        bothBlueReplaced: "Я посчитал «оба синие» как при возвращении.",
        sum: "Я сложил вероятности, хотя события совместны.",
      },
      slipWhy: {
        odds: (s) => `Вероятность — доля от всех исходов: делим на общее число ${item(s).ru.many}.`,
        once: "Событие требует двух красных подряд, поэтому вероятность нужно возвести в квадрат.",
        unordered: (s, [i, j] = distinctPair(s)) =>
          `Из 36 равновозможных исходов (${i}, ${j}) и (${j}, ${i}) — разные, их нужно считать оба.`,
        withReplacement: (s) =>
          `После первого красного в коробке остаётся ${count(RU, s.r - 1, N.red)} из ${s.r + s.b - 1}.`,
        bothBlueReplaced: "Шары не возвращают: P(оба синие) = b/n · (b - 1)/(n - 1).",
        sum: "События «красный первым» и «красный вторым» совместны, их вероятности складывать нельзя.",
      },
    },
    count: {
      why: "Почему считаем именно так?",
      alt: "А можно посчитать другим способом?",
      verify: "Как проверить ответ?",
      slip: {
        sum: "Я сложил число вариантов вместо умножения.",
        ordered: "Для первой группы я учёл порядок выбора.",
        square: "Я разрешил использовать один вариант на нескольких местах.",
        power: (s) =>
          [
            "Я допустил повторения: один спортсмен на нескольких местах.",
            "Я допустил повторения: один человек на нескольких должностях.",
            "Я допустил повторения: одна цифра на нескольких позициях.",
          ][s.story],
        unordered: (s) =>
          [
            "Я не учёл порядок мест.",
            "Я не учёл, кому какая должность досталась.",
            "Я не учёл порядок цифр.",
          ][s.story],
        orderedComb: "Я учёл порядок, хотя он не важен.",
      },
      slipWhy: {
        sum: "Выборы делаются вместе (и то, и другое), поэтому работает правило произведения, а не суммы.",
        ordered: (s) =>
          `Состав группы не зависит от порядка, поэтому нужно C(${s.n}, ${s.k}), а не размещения.`,
        square: "Каждый вариант занимает ровно одно место, поэтому расстановок n!, а не nⁿ.",
        power: (s) =>
          `${["Спортсмен не может занять два места", "Один человек не может занять две должности", "Цифры в коде не повторяются"][s.story]}, поэтому n · (n - 1) · ..., а не nᵏ.`,
        unordered: (s) =>
          `${["Первое и второе места различаются", "Должности различаются", "Позиции в коде различаются"][s.story]}, поэтому нужны размещения, а не сочетания.`,
        orderedComb: (s) =>
          `Группа одна и та же при любом порядке выбора, поэтому нужно разделить на ${s.k}!.`,
      },
    },
  },
  en: TEXT_EN,
};

/**
 * probability: classical probability with balls in a box and dice. Difficulty: one draw (1-3);
 * two draws with replacement, or a sum of two dice (4-5); two draws without replacement (6-8);
 * at least one of a colour in two draws without replacement, via the complement (9-10).
 * combinatorics: the product rule (1-2), permutations and arrangements (3-4), combinations
 * (5-7), choosing a committee from two groups (8-10).
 */
/** The other balls of the box, as its questions count them. */
const BLUE_BALL = noun("синий шар", "синих шара", "синих шаров", "blue ball", "blue balls");
const CUBE = noun("кубик", "кубика", "кубиков", "cube", "cubes");
/** What the single-draw stories hold (balls in a box, cubes in a bag, balls); other boxes hold balls. */
const SINGLE_ITEMS: readonly Noun[] = [N.ball, CUBE, N.ball];

function item(s: PS): Noun {
  return s.variant === "single" ? SINGLE_ITEMS[s.story] : N.ball;
}

/**
 * A question told as the problem's story: the phrasing s.story, drawn with the numbers (where the
 * phrasing was picked before), so every later turn names the same things as the question.
 */
function byStory<S extends { story: number }>(set: Phrases<[S]>): Phrases<[S]> {
  return { ru: [(s) => set.ru[s.story](s)], en: [(s) => set.en[s.story](s)] };
}

type PVariant = "single" | "replace" | "dice" | "noReplace" | "atLeast";

interface PS {
  variant: PVariant;
  /** Favourable balls (red) and the others (blue). */
  r: number;
  b: number;
  /** dice: the target sum, and how the total compares with it (0 equal, 1 at least, -1 at most). */
  sum: number;
  cmp: number;
  /** single: which story (question phrasing) the problem tells; 0 for the other variants. */
  story: number;
}

function pDraw(ctx: Ctx): PS {
  const rr = ctx.rng;
  const dd = ctx.d;
  const r = rr.int(2, 20);
  const b = rr.int(2, 20);
  // One story per question phrasing (three).
  if (dd <= 3) return { variant: "single", r, b, sum: 0, cmp: 0, story: rr.int(0, 2) };
  if (dd <= 5) {
    if (rr.chance(0.5)) return { variant: "replace", r, b, sum: 0, cmp: 0, story: 0 };
    const cmp = rr.pick([0, 0, 1, -1]);
    return { variant: "dice", r: 0, b: 0, sum: cmp === 0 ? rr.int(3, 11) : rr.int(4, 10), cmp, story: 0 };
  }
  if (dd <= 8) return { variant: "noReplace", r, b, sum: 0, cmp: 0, story: 0 };
  return { variant: "atLeast", r, b, sum: 0, cmp: 0, story: 0 };
}

function diceWays(sum: number, cmp = 0): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i <= 6; i++)
    for (let j = 1; j <= 6; j++) {
      const t = i + j;
      if (cmp === 0 ? t === sum : cmp > 0 ? t >= sum : t <= sum) out.push([i, j]);
    }
  return out;
}

/** Two different faces that give the dice's total: an unordered count takes them for one outcome. */
function distinctPair(s: PS): [number, number] {
  return diceWays(s.sum, s.cmp).find(([i, j]) => i < j) ?? [1, 2];
}

type Text = typeof TEXT_EN;

const P_VARIANTS: Record<PVariant, TaskVariant<PS, Text, Q, keyof Text["prob"]["slip"]>> = {
  single: {
    ask: byStory({
      ru: [
        (s) =>
          `В коробке ${s.r} красных и ${count(RU, s.b, BLUE_BALL)}. Наугад берут один шар. Какова вероятность, что он красный?`,
        (s) =>
          `В мешке ${s.r} красных и ${ruN(s.b, "синий кубик", "синих кубика", "синих кубиков")}. Какова вероятность наугад вытащить красный?`,
        (s) =>
          `Среди ${countOf(RU, s.r + s.b, N.ball)} ${s.r} красных, остальные синие. С какой вероятностью случайно выбранный шар окажется красным?`,
      ],
      en: [
        (s) =>
          `A box holds ${s.r} red and ${s.b} blue balls. One ball is drawn at random. What is the probability that it is red?`,
        (s) =>
          `A bag has ${s.r} red and ${s.b} blue cubes. What is the chance of pulling out a red one at random?`,
        (s) =>
          `Of ${s.r + s.b} balls, ${s.r} are red and the rest blue. How likely is a randomly chosen ball to be red?`,
      ],
    }),
    solve(tx, s, fault) {
      const n = s.r + s.b;
      const worked = outcomes(`${s.r}/(${s.r} + ${s.b})`, "P", "probability");
      if (fault === "odds") return worked([tx.redBlue], q(s.r, s.b), `${s.r} / ${s.b}`);
      return worked([tx.thereAreEquallyLikely(n, s)], q(s.r, n), `${s.r} / ${n}`);
    },
    why: (tx) => tx.theClassicalDefinitionWith,
    alt(tx, s, { v }) {
      const n = s.r + s.b;
      return [[tx.throughTheOppositeEvent2(s, n), `1 - ${s.b}/${n} = ${qstr(v)}`], `1 - ${s.b}/${n}`];
    },
    verify: complement,
    edge: oneMoreRed,
    mistakes: [["wrong_formula", "odds"]],
  },
  replace: {
    ask: {
      ru: [
        (s) =>
          `В коробке ${s.r} красных и ${count(RU, s.b, BLUE_BALL)}. Шар вынимают, смотрят цвет и возвращают, затем вынимают ещё раз. Какова вероятность, что оба раза вынут красный?`,
      ],
      en: [
        (s) =>
          `A box holds ${s.r} red and ${s.b} blue balls. A ball is drawn, its colour noted, and it is put back; then another is drawn. What is the probability that both are red?`,
      ],
    },
    solve(tx, s, fault) {
      const n = s.r + s.b;
      const worked = outcomes(`(${s.r}/(${s.r} + ${s.b}))^2`, "P", "probability");
      if (fault === "once") return worked([tx.redBallInOne(s, n)], q(s.r, n), `${s.r} / ${n}`);
      return worked(
        [tx.theBallGoesBack(s, n), tx.independentProbabilitiesMultiply],
        R.mul(q(s.r, n), q(s.r, n)),
        `${s.r}/${n} · ${s.r}/${n}`,
      );
    },
    why: (tx) => tx.afterPuttingTheBall,
    alt(tx, s, { v }) {
      const n = s.r + s.b;
      return [
        [tx.byCountingPairsThere(n, s), eqChain([`${s.r * s.r} / ${n * n}`, qstr(v)])],
        `${s.r * s.r}/${n * n}`,
      ];
    },
    verify: complement,
    edge: oneMoreRed,
    mistakes: [["dropped_term", "once"]],
  },
  dice: {
    ask: {
      ru: [
        (s) => `Бросают две игральные кости. Какова вероятность, что сумма очков ${TEXT.ru.total(s)}?`,
        (s) =>
          `Два кубика бросают одновременно. С какой вероятностью сумма выпавших очков будет ${TEXT.ru.total(s)}?`,
        (s) => `Какова вероятность, что при броске двух игральных костей сумма окажется ${TEXT.ru.total(s)}?`,
      ],
      en: [
        (s) => `Two dice are rolled. What is the probability that the total is ${TEXT.en.total(s)}?`,
        (s) => `Roll two dice together. How likely is a total ${TEXT.en.total(s)}?`,
        (s) => `What is the probability that two dice show a sum ${TEXT.en.total(s)}?`,
      ],
    },
    solve(tx, s, fault) {
      const ways = diceWays(s.sum, s.cmp);
      const worked = outcomes(`${ways.length}/36`, "P", "probability");
      if (fault === "unordered") {
        const un = ways.filter(([i, j]) => i <= j).length;
        return worked([tx.matchingPairsJoinOf(ways, un)], q(un, 36), `${un} / 36`);
      }
      return worked(
        [tx.thereAreEquallyLikely2, tx.favourableJoinOfThem(ways)],
        q(ways.length, 36),
        `${ways.length} / 36`,
      );
    },
    why: (tx) => tx.theDiceAreDistinct,
    alt(tx, s, { v }) {
      const ways = diceWays(s.sum, s.cmp).length;
      if (s.cmp === 0) return [[tx.inTheTableOf(s, ways)], `${ways}/36`];
      // At least / at most: count the opposite event instead.
      const other = 36 - ways;
      return [[tx.throughTheOppositeEvent(s, other), `1 - ${other}/36 = ${qstr(v)}`], `1 - ${other}/36`];
    },
    verify: complement,
    edge(tx) {
      const seven = q(6, 36);
      return exchange(tx.mostLikely, [tx.totalOfComesSix], tx.totalOfWithProbability(seven), [
        ev("6/36", seven),
      ]);
    },
    mistakes: [["wrong_formula", "unordered"]],
  },
  noReplace: {
    ask: {
      ru: [
        (s) =>
          `В коробке ${s.r} красных и ${count(RU, s.b, BLUE_BALL)}. Наугад вынимают два шара (без возвращения). Какова вероятность, что оба красные?`,
        (s) =>
          `Из коробки, где лежат ${s.r} красных и ${count(RU, s.b, BLUE_BALL)}, вынимают подряд два шара, не возвращая. Найдите вероятность, что оба шара красные.`,
      ],
      en: [
        (s) =>
          `A box holds ${s.r} red and ${s.b} blue balls. Two balls are drawn without replacement. What is the probability that both are red?`,
        (s) =>
          `From a box of ${s.r} red and ${s.b} blue balls two are drawn one after another, not put back. Find the probability that both are red.`,
      ],
    },
    solve(tx, s, fault) {
      const n = s.r + s.b;
      const worked = outcomes(`${s.r}/${n}*${s.r - 1}/${n - 1}`, "P", "probability");
      if (fault === "withReplacement")
        return worked([tx.eachTimeRedBall(s, n)], R.mul(q(s.r, n), q(s.r, n)), `${s.r}/${n} · ${s.r}/${n}`);
      return worked(
        [tx.theFirstBallIs(s, n), tx.byTheMultiplicationRule],
        R.mul(q(s.r, n), q(s.r - 1, n - 1)),
        `${s.r}/${n} · ${s.r - 1}/${n - 1}`,
      );
    },
    why: (tx) => tx.withoutReplacementTheBox,
    alt: byCombinations,
    verify: complement,
    edge: oneMoreRed,
    mistakes: [["wrong_formula", "withReplacement"]],
  },
  atLeast: {
    ask: {
      ru: [
        (s) =>
          `В коробке ${s.r} красных и ${count(RU, s.b, BLUE_BALL)}. Вынимают два шара без возвращения. Какова вероятность, что среди них есть хотя бы один красный?`,
      ],
      en: [
        (s) =>
          `A box holds ${s.r} red and ${s.b} blue balls. Two are drawn without replacement. What is the probability that at least one is red?`,
      ],
    },
    solve(tx, s, fault) {
      const n = s.r + s.b;
      const none = R.mul(q(s.b, n), q(s.b - 1, n - 1));
      const worked = outcomes(`1 - ${s.b}/${n}*${s.b - 1}/${n - 1}`, "P", "probability");
      if (fault === "withReplacement") {
        const none2 = R.mul(q(s.b, n), q(s.b, n));
        return worked([tx.bothBlue(s, n, none2)], R.sub(q(1), none2), `1 - ${qstr(none2)}`);
      }
      if (fault === "sum")
        return worked([tx.addTheChancesOf(s, n)], q(2 * s.r, n), `${s.r}/${n} + ${s.r}/${n}`);
      return worked([tx.itIsEasierThrough, tx.bothBlue2(s, n, none)], R.sub(q(1), none), `1 - ${qstr(none)}`);
    },
    why: (tx) => tx.atLeastOneCovers,
    alt: byCombinations,
    verify: complement,
    edge: oneMoreRed,
    mistakes: [
      ["wrong_formula", "withReplacement", "bothBlueReplaced"],
      ["wrong_formula", "sum"],
    ],
  },
};

function comb(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Two balls without replacement counted as pairs: C(n, 2) in all. */
function byCombinations(tx: Text, s: PS, { v }: Solved<Q>): [string[], string] {
  const n = s.r + s.b;
  const good = s.variant === "noReplace" ? comb(s.r, 2) : comb(n, 2) - comb(s.b, 2);
  const all = comb(n, 2);
  const favourable =
    s.variant === "noReplace" ? tx.favourableChooseOfThe(s, good) : tx.favourableAllPairsExcept(all, s, good);
  return [
    [tx.withCombinationsThereAre(n, all), favourable, eqChain([`${good} / ${all}`, qstr(v)])],
    `${good}/${all}`,
  ];
}

/** A probability and the one of the opposite event add up to 1. */
function complement(tx: Text, _s: PS, { v }: Solved<Q>): Exchange {
  const comp = R.sub(q(1), v);
  return exchange(
    tx.prob.verify,
    [tx.probabilityMustLieBetween(v), tx.theOppositeEventHas(v, comp)],
    tx.soItIsConsistent(v, comp),
    [ev(`${qstr(v)} + ${qstr(comp)}`, q(1))],
  );
}

/** The same box with one more red ball. */
function oneMoreRed(tx: Text, s: PS): Exchange {
  const more = P_VARIANTS[s.variant].solve(tx, { ...s, r: s.r + 1 });
  const mv = more.value as Q;
  return exchange(tx.oneMoreRed(s), [tx.nowThereAreRed(s, s.r + s.b), `P = ${qstr(mv)}`], tx.itRisesTo(mv), [
    ev(more.expr, mv),
  ]);
}

function pParams(ctx: Ctx, s: PS): Param[] {
  const tx = tr(ctx, TEXT);
  if (s.variant === "dice")
    return [param("sum", tx.theTotal, undefined, q(s.sum), ["set"], (c) => q(c.rng.int(2, 12)))];
  return [
    param("r", tx.theNumberOfRed(s), undefined, q(s.r), ["double", "set"], (c) => q(c.rng.int(2, 15))),
    param("b", tx.theNumberOfBlue(s), undefined, q(s.b), ["double", "set"], (c) => q(c.rng.int(2, 15))),
  ];
}

function pWith(_ctx: Ctx, s: PS, key: string, value: Exact): PS | null {
  if (isSurd(value) || value.d !== 1) return null;
  if (key === "sum") return value.n >= 2 && value.n <= 12 ? { ...s, sum: value.n, cmp: s.cmp } : null;
  if (value.n < 2 || value.n > 60) return null;
  return { ...s, [key]: value.n };
}

export const probability = variantTask<PS, Text, Q>({
  id: "probability",
  domain: "math",
  text: TEXT,
  draw: pDraw,
  variant: (s) => P_VARIANTS[s.variant],
  questions: (tx) => tx.prob,
  params: pParams,
  with: pWith,
});

// Combinatorics ---------------------------------------------------------------------------------

type CVariant = "product" | "perm" | "arrange" | "comb" | "committee";

interface CS {
  variant: CVariant;
  n: number;
  k: number;
  m: number;
  j: number;
  /** product: the option counts. */
  opts: number[];
  /** committee: which pair of groups (GROUPS), named alike in the problem and the solution. */
  g: number;
  /** perm, arrange, comb: which story (question phrasing) the problem tells, named alike in every turn. */
  story: number;
}

/** A problem record with every field present (one object shape for all variants). */
function mkC(p: Partial<CS> & { variant: CVariant }): CS {
  return {
    variant: p.variant,
    n: p.n ?? 0,
    k: p.k ?? 0,
    m: p.m ?? 0,
    j: p.j ?? 0,
    opts: p.opts ?? [],
    g: p.g ?? 0,
    story: p.story ?? 0,
  };
}

function cDraw(ctx: Ctx): CS {
  const r = ctx.rng;
  const dd = ctx.d;
  if (dd <= 2)
    return mkC({
      variant: "product",
      opts: dd === 1 ? [r.int(2, 12), r.int(2, 12)] : [r.int(2, 9), r.int(2, 9), r.int(2, 7)],
    });
  // The story is drawn last, one per question phrasing (6 permutations, 3 arrangements, 4 combinations).
  if (dd === 3 && r.chance(0.6)) return mkC({ variant: "perm", n: r.int(3, 10), story: r.int(0, 5) });
  if (dd <= 4) {
    const n = r.int(4, 15);
    return mkC({ variant: "arrange", n, k: r.int(2, Math.min(4, n - 1)), story: r.int(0, 2) });
  }
  if (dd <= 7) {
    const n = r.int(5, dd === 5 ? 12 : 18);
    return mkC({ variant: "comb", n, k: r.int(2, Math.min(5, n - 2)), story: r.int(0, 3) });
  }
  const n = r.int(4, 12);
  const m = r.int(4, 12);
  return mkC({
    variant: "committee",
    n,
    k: r.int(1, Math.min(4, n - 1)),
    m,
    j: r.int(1, Math.min(4, m - 1)),
    g: r.int(0, GROUPS.length - 1),
  });
}

function fall(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => n - i);
}

function fact(k: number): number[] {
  return Array.from({ length: k }, (_, i) => k - i);
}

function prod(xs: number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

const [BOYS, STAFF, SHELF] = GROUPS;

const COMMITTEE_RU: readonly ((s: CS) => string)[] = [
  (s) =>
    `В классе ${count(RU, s.n, BOYS.a)} и ${count(RU, s.m, BOYS.b)}. Сколькими способами можно выбрать комиссию из ${countOf(RU, s.k, BOYS.a)} и ${countOf(RU, s.j, BOYS.b)}?`,
  (s) =>
    `В отделе ${count(RU, s.n, STAFF.a)} и ${count(RU, s.m, STAFF.b)}. Сколькими способами можно собрать команду из ${countOf(RU, s.k, STAFF.a)} и ${countOf(RU, s.j, STAFF.b)}?`,
  (s) =>
    `На полке ${count(RU, s.n, SHELF.a)} и ${count(RU, s.m, SHELF.b)} стихов. Сколькими способами можно взять ${count(RU, s.k, SHELF.a)} и ${count(RU, s.j, SHELF.b)}?`,
];
const COMMITTEE_EN: readonly ((s: CS) => string)[] = [
  (s) =>
    `A class has ${count(EN, s.n, BOYS.a)} and ${count(EN, s.m, BOYS.b)}. In how many ways can a committee of ${count(EN, s.k, BOYS.a)} and ${count(EN, s.j, BOYS.b)} be chosen?`,
  (s) =>
    `A department has ${count(EN, s.n, STAFF.a)} and ${count(EN, s.m, STAFF.b)}. In how many ways can a team of ${count(EN, s.k, STAFF.a)} and ${count(EN, s.j, STAFF.b)} be formed?`,
  (s) =>
    `A shelf holds ${count(EN, s.n, SHELF.a)} and ${count(EN, s.m, SHELF.b)}. In how many ways can you take ${count(EN, s.k, SHELF.a)} and ${count(EN, s.j, SHELF.b)}?`,
];

type CSlip = keyof Text["count"]["slip"];

/** Counts of choices made together added up (product rule, committee), or a group's order counted too. */
const ADDED: readonly SlipRow<CSlip>[] = [["wrong_formula", "sum"]];
const ADDED_OR_ORDERED: readonly SlipRow<CSlip>[] = [...ADDED, ["wrong_formula", "ordered"]];

const C_VARIANTS: Record<CVariant, TaskVariant<CS, Text, Q, CSlip>> = {
  product: {
    ask: {
      ru: [
        (s) =>
          s.opts.length === 2
            ? `У Маши ${ruN(s.opts[0], "блузка", "разные блузки", "разных блузок")} и ${ruN(s.opts[1], "юбка", "разные юбки", "разных юбок")}. Сколько разных комплектов «блузка + юбка» она может составить?`
            : `В кафе ${ruN(s.opts[0], "вид", "вида", "видов")} супа, ${ruN(s.opts[1], "второе блюдо", "вторых блюда", "вторых блюд")} и ${ruN(s.opts[2], "напиток", "напитка", "напитков")}. Сколькими способами можно выбрать обед из трёх блюд (по одному каждого вида)?`,
        (s) =>
          s.opts.length === 2
            ? `Из города A в город B ведут ${ruN(s.opts[0], "дорога", "дороги", "дорог")}, из B в C — ${s.opts[1]}. Сколькими путями можно проехать из A в C через B?`
            : `Пароль состоит из буквы (${count(RU, s.opts[0], N.option)}), цифры (${count(RU, s.opts[1], N.option)}) и знака (${count(RU, s.opts[2], N.option)}). Сколько всего паролей?`,
      ],
      en: [
        (s) =>
          s.opts.length === 2
            ? `Anna has ${s.opts[0]} different shirts and ${s.opts[1]} different skirts. How many shirt-and-skirt outfits can she make?`
            : `A cafe offers ${s.opts[0]} soups, ${s.opts[1]} mains and ${s.opts[2]} drinks. How many three-course lunches (one of each) are possible?`,
        (s) =>
          s.opts.length === 2
            ? `${s.opts[0]} roads lead from town A to town B and ${s.opts[1]} from B to C. How many routes go from A to C through B?`
            : `A code is a letter (${s.opts[0]} options), a digit (${s.opts[1]} options) and a symbol (${s.opts[2]} options). How many codes are there?`,
      ],
    },
    solve(tx, s, fault) {
      const worked = outcomes(s.opts.join("*"), "N", "count");
      if (fault === "sum")
        return worked([tx.addUpTheOptions], q(s.opts.reduce((a, b) => a + b, 0)), s.opts.join(" + "));
      return worked([tx.productRuleEveryOption], q(prod(s.opts)), s.opts.join(" · "));
    },
    why: (tx) => tx.theChoicesAreIndependent2,
    alt(tx, s, { v }) {
      const first = s.opts[0];
      const rest = prod(s.opts.slice(1));
      return [[tx.treeEachOfThe(first, rest), `${first} · ${rest} = ${qstr(v)}`], `${first}*${rest}`];
    },
    verify: (tx, s, { v }) => withoutLast(tx, v, s.opts[s.opts.length - 1]),
    edge(tx, _s, { v }) {
      const more = R.mul(v, q(2));
      return exchange(tx.oneMoreChoice, [tx.theCountDoubles], `N = ${qstr(v)} · 2 = ${qstr(more)}`, [
        ev(`${qstr(v)}*2`, more),
      ]);
    },
    mistakes: ADDED,
  },
  perm: {
    ask: byStory({
      ru: [
        (s) =>
          `Сколькими способами можно расставить ${ruN(s.n, "разную книгу", "разные книги", "разных книг")} на полке в ряд?`,
        (s) => `Сколько существует способов выстроить ${s.n} человек в очередь?`,
        (s) =>
          `Сколькими способами можно рассадить ${ruN(s.n, "гостя", "гостей", "гостей")} на ${ruN(s.n, "стул", "стула", "стульев")} в ряд?`,
        (s) =>
          `Сколько разных «слов» можно составить, переставляя ${ruN(s.n, "букву", "различные буквы", "различных букв")}?`,
        (s) =>
          `Сколькими способами ${ruN(s.n, "бегун", "бегуна", "бегунов")} могут встать на старте на ${s.n} дорожках?`,
        (s) => `Сколько существует порядков выступления для ${s.n} участников концерта?`,
      ],
      en: [
        (s) => `In how many ways can ${s.n} different books be arranged in a row on a shelf?`,
        (s) => `How many ways are there to line up ${s.n} people in a queue?`,
        (s) => `In how many ways can ${s.n} guests sit on ${s.n} chairs in a row?`,
        (s) => `How many different “words” can be made by rearranging ${s.n} distinct letters?`,
        (s) => `In how many ways can ${s.n} runners take the ${s.n} lanes at the start?`,
        (s) => `How many running orders are there for ${s.n} performers at a concert?`,
      ],
    }),
    solve(tx, s, fault) {
      const f = fact(s.n);
      const worked = outcomes(f.join("*"), "N", "count");
      if (fault === "square") return worked([tx.eachOfThePlaces(s)], q(s.n ** s.n), `${s.n}^${s.n}`);
      return worked([tx.theNumberOfPermutations(s)], q(prod(f)), f.join(" · "));
    },
    why: (tx) => tx.theFirstPlaceHas,
    alt: (tx, s) => [[tx.recursivelySo(s)], `${s.n}*${prod(fact(s.n - 1))}`],
    verify: (tx, s, { v }) => withoutLast(tx, v, s.n),
    edge(tx, s) {
      const one = prod(fact(s.n - 1));
      return exchange(tx.bookFirst[s.story], [tx.thenOnlyTheOther(s, one)], `N = ${one}`, [
        ev(fact(s.n - 1).join("*") || "1", q(one)),
      ]);
    },
    mistakes: [["wrong_formula", "square"]],
  },
  arrange: {
    ask: byStory({
      ru: [
        (s) =>
          `В соревновании участвуют ${ruN(s.n, "спортсмен", "спортсмена", "спортсменов")}. Сколькими способами могут распределиться ${ruN(s.k, "призовое место", "призовых места", "призовых мест")}?`,
        (s) =>
          `В клубе ${ruN(s.n, "человек", "человека", "человек")}. Сколькими способами можно выбрать ${s.k === 2 ? "председателя и секретаря" : `${s.k} человек на ${s.k} разные должности`}?`,
        (s) =>
          `Сколько ${s.k}-значных кодов из разных цифр можно составить, если доступно ${ruN(s.n, "цифра", "цифры", "цифр")}?`,
      ],
      en: [
        (s) => `${s.n} athletes compete. In how many ways can the top ${s.k} places be filled?`,
        (s) =>
          `A club has ${s.n} members. In how many ways can ${s.k === 2 ? "a chair and a secretary" : `${s.k} people for ${s.k} different posts`} be chosen?`,
        (s) => `How many ${s.k}-digit codes with no repeated digit can be made from ${s.n} available digits?`,
      ],
    }),
    solve(tx, s, fault) {
      const f = fall(s.n, s.k);
      const worked = outcomes(f.join("*"), "N", "count");
      if (fault === "power") return worked([tx.eachPlaceCanTo(s)], q(s.n ** s.k), `${s.n}^${s.k}`);
      if (fault === "unordered")
        return worked([tx.chooseOfTheWithout(s)], q(comb(s.n, s.k)), `${f.join(" · ")} / ${s.k}!`);
      return worked([tx.orderMattersAndNobody(s)], q(prod(f)), f.join(" · "));
    },
    why: (tx, s) => tx.thePlacesDifferFirst[s.story],
    alt(tx, s, { v }) {
      const c = comb(s.n, s.k);
      return [[tx.firstPickOfThe(s, c), `${c} · ${prod(fact(s.k))} = ${qstr(v)}`], `${c}*${prod(fact(s.k))}`];
    },
    verify: (tx, s, { v }) => withoutLast(tx, v, s.n - s.k + 1),
    edge(tx, s) {
      const all = prod(fall(s.n, s.n));
      return exchange(tx.placesForAll[s.story], [tx.thatIsFullPermutation(s, all)], `N = ${all}`, [
        ev(fact(s.n).join("*"), q(all)),
      ]);
    },
    mistakes: [
      ["wrong_formula", "power"],
      ["wrong_formula", "unordered"],
    ],
  },
  comb: {
    ask: byStory({
      ru: [
        (s) => `Сколькими способами можно выбрать ${s.k} человек из ${s.n} для поездки?`,
        (s) => `Из ${s.n} книг нужно взять с собой ${s.k}. Сколько есть вариантов выбора?`,
        (s) =>
          `В меню ${ruN(s.n, "блюдо", "блюда", "блюд")}. Сколькими способами можно заказать ${ruN(s.k, "блюдо", "разных блюда", "разных блюд")}?`,
        (s) => `Из ${s.n} задач в контрольную нужно включить ${s.k}. Сколько существует вариантов?`,
      ],
      en: [
        (s) => `In how many ways can ${s.k} people be chosen from ${s.n} for a trip?`,
        (s) => `You may take ${s.k} of your ${s.n} books along. How many selections are possible?`,
        (s) => `A menu has ${s.n} dishes. In how many ways can you order ${s.k} different ones?`,
        (s) => `A test must include ${s.k} of ${s.n} problems. How many choices are there?`,
      ],
    }),
    solve(tx, s, fault) {
      const f = fall(s.n, s.k);
      const g = fact(s.k);
      const worked = outcomes(`${f.join("*")}/(${g.join("*")})`, "N", "count");
      if (fault === "ordered") return worked([tx.chooseOf(s, f)], q(prod(f)), f.join(" · "));
      return worked([tx.orderDoesNotMatter(s)], q(comb(s.n, s.k)), `${f.join(" · ")} / (${g.join(" · ")})`);
    },
    why: (tx, s) => tx.theOrderOfThe[s.story],
    alt(tx, s, { v }) {
      const f = fall(s.n, s.n - s.k);
      const g = fact(s.n - s.k);
      return [
        [tx.choosingIsTheSame(s), `${f.join(" · ")} / (${g.join(" · ")}) = ${qstr(v)}`],
        `${f.join("*")}/(${g.join("*")})`,
      ];
    },
    verify(tx, s, { v }) {
      const a = prod(fall(s.n, s.k));
      return exchange(
        tx.count.verify,
        [tx.eachGroupCanBe(s, a), `${qstr(v)} · ${prod(fact(s.k))} = ${a}`],
        tx.correct(v, s, a),
        [ev(`${qstr(v)}*${prod(fact(s.k))}`, q(a))],
      );
    },
    edge: takeAll,
    mistakes: [["wrong_formula", "ordered", "orderedComb"]],
  },
  committee: {
    ask: {
      // One template per group pair (s.g), so the solution names the same people or things.
      ru: [(s) => COMMITTEE_RU[s.g](s)],
      en: [(s) => COMMITTEE_EN[s.g](s)],
    },
    solve(tx, s, fault) {
      const a = comb(s.n, s.k);
      const b = comb(s.m, s.j);
      const worked = outcomes(
        `${fall(s.n, s.k).join("*")}/(${fact(s.k).join("*")})*${fall(s.m, s.j).join("*")}/(${fact(s.j).join("*")})`,
        "N",
        "count",
      );
      const G = GROUPS[s.g];
      if (fault === "sum") return worked([tx.cC(G, s, a, b)], q(a + b), `${a} + ${b}`);
      if (fault === "ordered") {
        const a2 = prod(fall(s.n, s.k));
        return worked([tx.c(G, s, a2, b)], q(a2 * b), `${a2} · ${b}`);
      }
      return worked([tx.cC(G, s, a, b), tx.theChoicesAreIndependent], q(a * b), `${a} · ${b}`);
    },
    why: (tx) => tx.theGroupsAreChosen,
    alt(tx, s, { v }) {
      const a = comb(s.n, s.k);
      const b = comb(s.m, s.j);
      return [[tx.weCanStartWith(GROUPS[s.g], b, a), `${b} · ${a} = ${qstr(v)}`], `${b}*${a}`];
    },
    verify: (tx, s, { v }) => withoutLast(tx, v, comb(s.m, s.j)),
    edge: takeAll,
    // Order within a group of one cannot be miscounted.
    mistakes: (tx, s) => slips(s.k > 1 ? ADDED_OR_ORDERED : ADDED, s, tx.count.slip, tx.count.slipWhy),
  },
};

/** Undo the last factor of a count: what is left must be a whole count too. */
function withoutLast(tx: Text, v: Q, divisor: number): Exchange {
  const back = R.div(v, q(divisor));
  return exchange(tx.count.verify, [tx.divideByTheLast(divisor, v, back)], tx.weGetTheWhole(back), [
    ev(`${qstr(v)}/${divisor}`, back),
  ]);
}

/** A committee's groups (GROUPS order) in the accusative: the whole first one, the second one. */
const GROUP_ACC = [
  { all: "всех мальчиков", other: "девочек" },
  { all: "всех инженеров", other: "дизайнеров" },
  { all: "все романы", other: "сборники" },
];

function capital(t: string): string {
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Taking everyone of the (first) group: one way. */
function takeAll(tx: Text, s: CS): Exchange {
  const all = s.variant === "comb" ? comb(s.n, s.n) : comb(s.n, s.n) * comb(s.m, s.j);
  const steps =
    s.variant === "comb" ? [tx.takingAllCanBe(s)] : [tx.takingAllOfGroup(s), tx.stillChosen(s, all)];
  return exchange(tx.takeAll(s), steps, `N = ${all}`, [
    ev(
      s.variant === "comb" ? `${fall(s.n, s.n).join("*")}/(${fact(s.n).join("*")})` : `1*${comb(s.m, s.j)}`,
      q(all),
    ),
  ]);
}

function cParams(ctx: Ctx, s: CS): Param[] {
  const tx = tr(ctx, TEXT);
  if (s.variant === "product")
    return s.opts.map((x, i) => ({
      key: `o${i}`,
      label: tx.theOptionsOfChoice(i),
      value: q(x),
      ops: ["double", "set"] as const,
      fresh: (c: Ctx) => q(c.rng.int(2, 8)),
    }));
  const out: Param[] = [param("n", tx.theTotal2, "n", q(s.n), ["set"], (c) => q(c.rng.int(5, 14)))];
  if (s.variant !== "perm")
    out.push(param("k", tx.howManyAreChosen, "k", q(s.k), ["set"], (c) => q(c.rng.int(2, 5))));
  return out;
}

function cWith(_ctx: Ctx, s: CS, key: string, value: Exact): CS | null {
  if (isSurd(value) || value.d !== 1 || value.n < 1) return null;
  if (key.startsWith("o")) {
    const opts = s.opts.slice();
    opts[Number(key.slice(1))] = value.n;
    return value.n > 50 ? null : { ...s, opts };
  }
  const n2 = { ...s, [key]: value.n } as CS;
  if (n2.n > 16 || (n2.variant !== "perm" && (n2.k >= n2.n || n2.k < 1))) return null;
  if (n2.variant === "perm" && n2.n > 10) return null;
  return n2;
}

export const combinatorics = variantTask<CS, Text, Q>({
  id: "combinatorics",
  domain: "math",
  text: TEXT,
  draw: cDraw,
  variant: (s) => C_VARIANTS[s.variant],
  questions: (tx) => tx.count,
  params: cParams,
  with: cWith,
});
