import type { Check, MathRecord, Message } from "../../../src/recipes/math/types.js";

/**
 * The project's own quality checker for math dialogues: detectors for the defect classes of
 * issue #13 (1 correction mode trains the mistake, 2 reasoning that says one thing and does
 * another, 3 chains that contradict their own state, 4 implausible numbers and nouns, 5 undefined
 * or repeated variations, 6 rounding labels that lie, 7 implausible planted errors, 8 grammar after
 * numerals), and the variety and difficulty figures of classes 9-10. Written from the text a
 * trainer sees, independently of the generator's own tables.
 */
export interface Finding {
  cls: number;
  rule: string;
  id: string;
  detail: string;
  /** The record's mode/task type (filled in by inspect). */
  where?: string;
}

type Rec = MathRecord;

const NUM = String.raw`-?\d+(?:\.\d+)?`;

function userTurns(r: Rec): Message[] {
  return r.messages.filter((m) => m.role === "user");
}

function assistantTurns(r: Rec): Message[] {
  return r.messages.filter((m) => m.role === "assistant");
}

/** The steps of an assistant turn (reasoning lines), without the final answer. */
export function stepsOf(m: Message): string[] {
  const c = m.content;
  const think = /^<think>\n([\s\S]*)\n<\/think>\n<answer>/.exec(c);
  if (think) return think[1].split("\n");
  const lines = c.split("\n");
  return lines.slice(0, -1);
}

/** The final answer of an assistant turn. */
export function answerOf(m: Message): string {
  const c = m.content;
  const a = /<answer>([\s\S]*)<\/answer>$/.exec(c);
  if (a) return a[1];
  const lines = c.split("\n");
  return lines[lines.length - 1].replace(/^(Ответ|Answer): /, "");
}

function textOf(m: Message): string[] {
  return [...stepsOf(m), answerOf(m)];
}

// ---------------------------------------------------------------- class 1: correction mode

const HINT_WORDS =
  /sign|знак|formula|формул|order of op|порядок действ|\bunits?\b|единиц|arithmetic|вычислен|got lost|потерял|square|квадрат|root|корн/i;

function correctionFindings(r: Rec, out: Finding[]): void {
  if (r.metadata.mode !== "correction") return;
  const zero = r.messages.flatMap((m, i) => (m.weight === 0 ? [i] : []));
  const wrong = [...new Set(r.metadata.checks.filter((c) => c.expect === "wrong").map((c) => c.message))];
  const kind = r.metadata.correction;
  if (
    kind === "defended" ? zero.length + wrong.length > 0 : zero.join() !== wrong.join() || zero.length === 0
  )
    out.push({
      cls: 1,
      rule: "wrong turn not weight 0",
      id: r.id,
      detail: `weight 0 on ${zero}, wrong claims on ${wrong}`,
    });
  if (kind !== "fixed" && kind !== "defended")
    out.push({ cls: 1, rule: "correction kind missing", id: r.id, detail: String(kind) });
  const objection = userTurns(r)[1]?.content ?? "";
  if (/\d/.test(objection) || HINT_WORDS.test(objection))
    out.push({ cls: 1, rule: "objection gives the answer away", id: r.id, detail: objection });
}

// ---------------------------------------------------------------- class 2: reasoning vs doing

const ASKS_ALT =
  /another way|different(ly)? (way|method)|other method|otherwise|другой способ|иначе|по-другому|другим (путём|способом)/i;
const ASKS_CHECK = /\b(check|verify|sure|certain)\b|провер|убедить|уверен/i;
/** A line that computes: an operation between numbers, then "=". */
const COMPUTES = new RegExp(
  String.raw`[\d)]\s*[+\-·×/:^]\s*[\d(√]|[\d)][²³]|√\d|\blog|\bln|=\s*${NUM}\s*[+\-·/]`,
);
const EQ_LINE = /=.*\d/;
const FIRST_PART = /^(First part|Первая часть): /;
const ABOUT_FIRST = /first part|первой части/i;

function reasoningFindings(r: Rec, out: Finding[]): void {
  const m = r.messages;
  const users = m.map((x, i) => [x, i] as const).filter(([x]) => x.role === "user");
  const first = m.find((x) => x.role === "assistant");
  if (!first) return;
  const original = new Set(stepsOf(first).filter((l) => EQ_LINE.test(l)));
  // A two-stage answer gives two results; a follow-up answers for the first, and must say so.
  const twoStage = r.metadata.mode === "followup" && stepsOf(first).some((l) => FIRST_PART.test(l));
  for (const [u, i] of users.slice(1)) {
    const reply = m[i + 1];
    if (!reply) continue;
    if (twoStage && !ABOUT_FIRST.test(u.content))
      out.push({
        cls: 2,
        rule: "a follow-up on a two-stage answer that does not say which part it asks about",
        id: r.id,
        detail: u.content,
      });
    if (r.metadata.mode === "followup" && ASKS_ALT.test(u.content)) {
      // Another way must compute something of its own and must not end in the original's line.
      const own = stepsOf(reply).filter((l) => EQ_LINE.test(l));
      const last = (xs: string[]) => xs[xs.length - 1];
      const firstOwn = stepsOf(first).filter((l) => EQ_LINE.test(l));
      if (own.length > 0 && (own.every((l) => original.has(l)) || last(own) === last(firstOwn)))
        out.push({ cls: 2, rule: "another way re-prints the original", id: r.id, detail: own.join(" | ") });
    }
    const checking =
      (r.metadata.mode === "followup" && ASKS_CHECK.test(u.content)) || r.metadata.correction === "defended";
    if (checking && !stepsOf(reply).some((l) => COMPUTES.test(l) && /=/.test(l)))
      out.push({
        cls: 2,
        rule: "a check that asserts instead of computing",
        id: r.id,
        detail: reply.content,
      });
  }
  for (const a of assistantTurns(r))
    for (const line of stepsOf(a))
      if (/same factor|во столько же раз/.test(line) && /(pressure|давлени)/.test(line))
        out.push({ cls: 2, rule: "wrong physics in a sentence", id: r.id, detail: line });
  // Doubling moves a negative root down: "too large" says the opposite of what happened.
  const answers = assistantTurns(r).map(answerOf).join(" ");
  for (const a of assistantTurns(r))
    for (const line of stepsOf(a))
      if (/twice too large|вдвое больше(?! по модулю)/.test(line) && /(?<![\d)])-\d/.test(answers))
        out.push({ cls: 2, rule: "“twice too large” about a negative number", id: r.id, detail: line });
}

// ---------------------------------------------------------------- class 3: chain state

const DIRECTION: { verb: RegExp; unit: string; up: boolean }[] = [
  { verb: /нагрева|heated|is heated|warm(s|ed)/i, unit: "(?:K|К)", up: true },
  { verb: /охлажда|cooled|is cooled/i, unit: "(?:K|К)", up: false },
  { verb: /сжима|compress/i, unit: "(?:L|л)", up: false },
  { verb: /расширя|expand/i, unit: "(?:L|л)", up: true },
];

/**
 * A chain turn's exact result as its answer writes it last ("a₂₄ = -28; 486" → "486"); null when
 * it gives several or a rounded one (two gas states may round to the same 30.99 L).
 */
function chainResult(m: Message): string | null {
  const last = answerOf(m)
    .split("; ")
    .pop()!
    .replace(/ \([^)]*\)\.?$/, "")
    .trim();
  if (/,|≈|\bor\b|\bили\b/.test(last)) return null;
  const at = Math.max(last.lastIndexOf("= "), last.lastIndexOf("≈ "));
  return at < 0 ? last : last.slice(at + 2);
}

function stateFindings(r: Rec, out: Finding[]): void {
  if (r.metadata.mode === "chain") {
    // Each step moves the story on: a step that lands on a result the chain already had (÷ 6
    // after × 6, the area of a square whose side was just found from that area) asks nothing.
    const seen: string[] = [];
    for (const m of assistantTurns(r)) {
      const v = chainResult(m);
      if (v !== null && seen.includes(v))
        out.push({ cls: 3, rule: "a chain step returns to an earlier result", id: r.id, detail: v });
      if (v !== null) seen.push(v);
    }
  }
  for (const u of userTurns(r)) {
    for (const sentence of u.content.split(/(?<=[.?!])\s/)) {
      for (const d of DIRECTION) {
        if (!d.verb.test(sentence)) continue;
        const values = [...sentence.matchAll(new RegExp(`(${NUM}) ${d.unit}(?![\\wа-я])`, "g"))].map((x) =>
          Number(x[1]),
        );
        if (values.length === 2 && (d.up ? values[1] <= values[0] : values[1] >= values[0]))
          out.push({ cls: 3, rule: "the verb contradicts the numbers", id: r.id, detail: sentence });
      }
    }
  }
}

/**
 * "p₂ ≈ 210.28 kPa; p₂ ≈ 94.07 kPa", "S = √15 ≈ 3.87 cm²; S = 16√15 ≈ 61.97 cm²": one reply that
 * gives one symbol two values, in its answer's parts or its result lines. A result is "sym = … =
 * value unit" (a "First part:" label is split off), with no words between the symbol and the value
 * ("S = √(…) with the semi-perimeter p = 19" says nothing of S).
 */
const RESULT = /^(Δ?\p{L}[₀-₉′]*) ([=≈] .+)$/u;
const WORDS = /\p{L}{2}/u;
const FUNCTIONS = /√\(|\b(?:sin|cos|tg|tan|log|ln)\b/g;
const ROUNDING_NOTE = / \((?:rounded|округлено)[^)]*\)/u;
/** A number: a decimal (cut short with "…"), a fraction, a multiple of a root; then at most a unit (one word). */
const VALUE = /^(-)?(\d+(?:\.(\d+))?)?(…)?(?:√(\d+))?(?:\/(\d+))?(?: [\p{L}°%][\p{L}/·²³]*)?$/u;

/** A stated result: its value, the decimals it is given to (Infinity when exact), the text. */
type Stated = [value: number, decimals: number, text: string];

/** The value the last member states after `sep` ("=" or "≈"), or null when it is no number. */
function memberValue(member: string, sep: string, text: string): Stated | null {
  const x = VALUE.exec(member);
  if (!x || (x[2] === undefined && x[5] === undefined)) return null;
  const v =
    ((x[2] === undefined ? 1 : Number(x[2])) * (x[5] ? Math.sqrt(Number(x[5])) : 1)) / Number(x[6] ?? 1);
  const rounded = sep === "≈" || x[4] !== undefined;
  return [x[1] ? -v : v, rounded ? (x[3]?.length ?? 0) : Number.POSITIVE_INFINITY, text];
}

/** Results of one reply, by symbol: each part of a line or of the answer that reads "sym = … value". */
function resultsOf(m: Message): Map<string, Stated[]> {
  const out = new Map<string, Stated[]>();
  for (const line of textOf(m))
    for (const part of line
      .replace(ROUNDING_NOTE, "")
      .replace(/\.$/, "")
      .split(/[;,:] /)) {
      const x = RESULT.exec(part);
      if (!x) continue;
      // [ "", "=", member, "≈", member, … ]: separators at odd places, members after them.
      const pieces = ` ${x[2]}`.split(/ ([=≈]) /);
      const members = pieces.filter((_, i) => i % 2 === 0).slice(1);
      if (members.slice(0, -1).some((y) => WORDS.test(y.replace(FUNCTIONS, "")))) continue;
      const v = memberValue(members[members.length - 1], pieces[pieces.length - 2], part);
      if (v) out.set(x[1], [...(out.get(x[1]) ?? []), v]);
    }
  return out;
}

/** Two stated values agree when the more precise one, rounded as the other is, gives it. */
function sameValue([a, da]: Stated, [b, db]: Stated): boolean {
  const dec = Math.min(da, db);
  const slack = 1e-9 * Math.max(1, Math.abs(a));
  return Math.abs(a - b) <= (dec === Number.POSITIVE_INFINITY ? 0 : 0.5 * 10 ** -dec) + slack;
}

function symbolFindings(r: Rec, out: Finding[]): void {
  for (const m of assistantTurns(r))
    for (const values of resultsOf(m).values())
      if (values.some((v) => !sameValue(v, values[0])))
        out.push({
          cls: 3,
          rule: "one symbol, two values in one reply",
          id: r.id,
          detail: values.map((v) => v[2]).join(" | "),
        });
}

// ---------------------------------------------------------------- class 4: numbers and nouns

/** Objects and the masses (kg) or heights (m) they can plausibly have. */
const PLAUSIBLE: { noun: RegExp; unit: RegExp; min: number; max: number }[] = [
  // A ball may be as light as a marble or a table-tennis ball (a few grams).
  { noun: /(?<![a-zа-яё])(ball|мяч)/i, unit: /^(kg|кг)$/, min: 0.002, max: 8 },
  { noun: /(clay ball|пластилинов)/i, unit: /^(kg|кг)$/, min: 0.01, max: 2 },
  { noun: /(?<![a-zа-яё])(stone|камень|камня)/i, unit: /^(kg|кг)$/, min: 0.05, max: 20 },
  { noun: /(trailer|прицеп)/i, unit: /^(kg|кг)$/, min: 200, max: 40000 },
  { noun: /(cart|тележк)/i, unit: /^(kg|кг)$/, min: 1, max: 1000 },
  { noun: /(car\b|автомобил|машин)/i, unit: /^(kg|кг)$/, min: 500, max: 4000 },
  { noun: /(\btable|(?<![а-яё])стол(?![а-яё]{3}))/i, unit: /^(m|м)$/, min: 0.4, max: 1.5 },
  { noun: /(box|ящик|crate)/i, unit: /^(kg|кг)$/, min: 0.5, max: 200 },
  { noun: /(block|брус)/i, unit: /^(kg|кг)$/, min: 0.05, max: 100 },
  { noun: /(bullet|пул[яи])/i, unit: /^(g|г|kg|кг)$/, min: 0.002, max: 60 },
];

/**
 * The magnitudes a physical quantity can plausibly reach in a school problem, by the unit its
 * answer carries (ru and en symbols): a result outside is a story no one would tell (a 0.78 µm
 * displacement, a ball thrown up at 1634 m/s, a 9000 A current). 0 is always plausible.
 */
const UNIT_RANGES: [units: string[], min: number, max: number][] = [
  [["m/s", "м/с"], 0.01, 1000],
  // A force just above friction moves a crate off at a few mm/s².
  [["m/s²", "м/с²"], 0.001, 1000],
  [["m", "м"], 0.01, 100_000],
  [["s", "с"], 0.01, 10_000],
  [["N", "Н"], 0.01, 1_000_000],
  [["kg", "кг"], 0.001, 100_000],
  [["J", "Дж"], 0.01, 10_000_000],
  [["kg·m/s", "кг·м/с"], 0.01, 1_000_000],
  [["V", "В"], 0.1, 100_000],
  // A car starter motor draws a few hundred amperes.
  [["A", "А"], 0.001, 500],
  [["Ω", "Ом"], 0.01, 1_000_000],
  [["W", "Вт"], 0.01, 1_000_000],
  // A gas cylinder holds up to 200-300 bar.
  [["kPa", "кПа"], 1, 30_000],
  [["L", "л"], 0.01, 1000],
  [["K", "К"], 20, 3000],
];
const UNIT_RANGE = new Map(
  UNIT_RANGES.flatMap(([units, min, max]) => units.map((u) => [u, [min, max]] as const)),
);
const UNIT_VALUE = new RegExp(
  String.raw`(?<![\d.])(${NUM}) (${[...UNIT_RANGE.keys()]
    .sort((x, y) => y.length - x.length)
    .map(escapeRe)
    .join("|")})(?![\p{L}/²·])`,
  "gu",
);

/**
 * An answer (not a planted wrong one) with a physical value outside its plausible range; a check's
 * residual that it calls 0 up to rounding ("y = 0.00551 m, which is 0 up to the rounding") is none.
 */
function rangeFindings(r: Rec, out: Finding[]): void {
  for (const m of assistantTurns(r)) {
    if (m.weight === 0 || ROUNDING_BLAMED.test(m.content)) continue;
    for (const x of answerOf(m).matchAll(UNIT_VALUE)) {
      const v = Math.abs(Number(x[1]));
      const [min, max] = UNIT_RANGE.get(x[2])!;
      if (v !== 0 && (v < min || v > max))
        out.push({ cls: 4, rule: "a physical value outside its plausible range", id: r.id, detail: x[0] });
    }
  }
}

/** Nouns a counting problem may be about; a solution may only use those its problem uses. */
const COUNTED =
  /(мальчик|девоч|инженер|дизайнер|призёр|призер|спортсмен|бегун|гост|роман|сборник|книг|блюд|напит|суп|дорог|цифр|код|участник|стул|стуль|boy|girl|engineer|designer|medallist|athlete|runner|guest|novel|poetry|book|dish|drink|soup|main|road|digit|code|performer|chair)/gi;

function stem(w: string): string {
  return w.toLowerCase().slice(0, 5);
}

function nounFindings(r: Rec, out: Finding[]): void {
  for (const m of r.messages) {
    if (m.role === "system") continue;
    for (const sentence of m.content.split(/(?<=[.?!])\s|\n/)) {
      for (const p of PLAUSIBLE) {
        const at = sentence.search(p.noun);
        if (at < 0) continue;
        // English puts the number first ("a 45 kg ball"), Russian after ("мяч массой 45 кг").
        const before = new RegExp(`(${NUM}) ?([a-zа-я]+)(?: [a-z-]+)? $`, "i").exec(sentence.slice(0, at));
        const after = [...sentence.slice(at).matchAll(new RegExp(`(${NUM}) ?([a-zа-я]+)`, "gi"))];
        const x = before && p.unit.test(before[2]) ? before : after.find((y) => p.unit.test(y[2]));
        if (!x) continue;
        const v = Number(x[1]) * (/^(g|г)$/.test(x[2]) ? 0.001 : 1);
        if (v < p.min || v > p.max)
          out.push({
            cls: 4,
            rule: "implausible number for the object",
            id: r.id,
            detail: `${p.noun.source}: ${sentence}`,
          });
      }
    }
  }
  givenFindings(r, out);
  const task = r.metadata.task_type;
  if (task !== "combinatorics" && task !== "probability") return;
  const problem = userTurns(r)[0].content;
  const known = new Set([...problem.matchAll(COUNTED)].map((x) => stem(x[0])));
  for (const a of assistantTurns(r).slice(0, 1))
    for (const x of a.content.matchAll(COUNTED))
      if (!known.has(stem(x[0])))
        out.push({
          cls: 4,
          rule: "the solution counts other things than the problem",
          id: r.id,
          detail: `${x[0]} in: ${problem}`,
        });
}

/** "That matches the given 300 s" when the problem gave 5 min: a "given" value must be the given one. */
const GIVEN = new RegExp(String.raw`(?:matches the given |совпадает с условием \()(${NUM}) ([^\s.,)]+)`, "g");

function givenFindings(r: Rec, out: Finding[]): void {
  const problem = userTurns(r)[0].content;
  for (const a of assistantTurns(r))
    for (const x of a.content.matchAll(GIVEN))
      if (!problem.includes(`${x[1]} ${x[2]}`))
        out.push({
          cls: 4,
          rule: "a given value the problem never gave",
          id: r.id,
          detail: `${x[0]} | ${problem}`,
        });
}

/** A shooting story's nouns: hits and misses belong to a problem about shots at a target. */
const SHOOTING = [
  "shot",
  "shoot",
  "target",
  "hits?(?!\\p{L})",
  "miss(?:es)?(?!\\p{L})",
  "выстрел",
  "стрелок",
  "мишен",
  "попадани",
  "промах",
];

/**
 * The stories a task's problems tell, each as the stems of the nouns of its world (the things
 * counted, their container, the places they take). A dialogue tells the stories whose nouns its
 * first user turn names; no later turn may name a noun of a story it does not tell (a queue
 * problem whose follow-up asks about "one particular book"). Stems match at a word's start.
 */
const STORIES: Record<string, readonly (readonly string[])[]> = {
  // What is thrown; "the body" is every story's neutral word.
  projectile: [
    ["ball", "мяч"],
    ["stone", "камен", "камн"],
    ["fountain", "water", "фонтан", "струя", "струю", "вод[аыу]"],
    ["arrow", "стрел[аыу]"],
  ],
  probability: [
    ["ball", "box", "шар", "коробк"],
    ["cube", "bag", "кубик", "мешк", "мешок"],
    ["dice", "die", "кост", "кубик"],
    SHOOTING,
  ],
  combinatorics: [
    // product
    ["shirt", "skirt", "outfit", "блузк", "юбк", "комплект"],
    ["cafe", "soup", "main", "drink", "lunch", "кафе", "суп(?!ер)", "напит", "обед"],
    ["road", "town", "дорог", "город"],
    ["code", "letter", "digit", "symbol", "пароль", "парол", "букв", "цифр", "знак"],
    // perm
    ["book", "shelf", "книг", "полк"],
    ["people", "person", "queue", "человек", "очеред"],
    ["guest", "chair", "гост", "стул"],
    ["letter", "word", "букв", "слов"],
    ["runner", "lane", "бегун", "дорожк"],
    ["performer", "concert", "участник", "концерт", "выступ"],
    // arrange
    ["athlete", "compet", "спортсмен", "соревнован", "участник", "призов"],
    [
      "club",
      "member",
      "people",
      "chair",
      "secretar",
      "post",
      "клуб",
      "человек",
      "председател",
      "секретар",
      "должност",
    ],
    ["code", "digit", "код", "цифр"],
    // comb
    ["people", "trip", "человек", "поездк"],
    ["book", "книг"],
    ["menu", "dish", "меню", "блюд"],
    ["test", "контрольн"],
    // committee
    ["class", "committee", "boy", "girl", "класс", "комисси", "мальчик", "девоч"],
    ["department", "team", "engineer", "designer", "отдел", "команд", "инженер", "дизайнер"],
    ["shelf", "novel", "poetry", "book", "полк", "роман", "сборник", "стих"],
    SHOOTING,
  ],
};

/** One compiled pattern per stem, made on first use (the checker asks each stem of every turn). */
const STEM_PATTERNS = new Map<string, RegExp>();

function names(text: string, stem: string): boolean {
  let pattern = STEM_PATTERNS.get(stem);
  if (!pattern) {
    pattern = new RegExp(`(?<!\\p{L})${stem}`, "iu");
    STEM_PATTERNS.set(stem, pattern);
  }
  return pattern.test(text);
}

/**
 * The containers a counting story keeps its things in. A later turn may name one only if the
 * problem did ("the box changes" after a problem that never put the balls in a box).
 */
const CONTAINERS: readonly (readonly string[])[] = [
  ["box"],
  ["bag"],
  ["urn"],
  ["коробк"],
  ["мешк", "мешок"],
  ["урн"],
];

function containerFindings(r: Rec, out: Finding[]): void {
  if (!STORIES[r.metadata.task_type]) return;
  laterTurnsNaming(r, out, "a later turn names a container the problem never introduced", (problem) =>
    CONTAINERS.filter((c) => !c.some((w) => names(problem, w))).flat(),
  );
}

function storyFindings(r: Rec, out: Finding[]): void {
  const stories = STORIES[r.metadata.task_type];
  if (!stories) return;
  // A physics chain may go on with a new object ("a ball bounces up, keeping 60% of that speed").
  if (r.metadata.task_type === "projectile" && r.metadata.mode === "chain") return;
  laterTurnsNaming(r, out, "a later turn names a noun of another story", (problem) => {
    const told = new Set(stories.filter((set) => set.some((w) => names(problem, w))).flat());
    return [...new Set(stories.flat())].filter((w) => !told.has(w));
  });
}

/** A finding for each stem a turn after the problem names, of those `unallowed` rules out for it. */
function laterTurnsNaming(
  r: Rec,
  out: Finding[],
  rule: string,
  unallowed: (problem: string) => string[],
): void {
  const [first, ...later] = r.messages.filter((m) => m.role !== "system");
  const stems = unallowed(first.content);
  for (const m of later)
    for (const w of stems)
      if (names(m.content, w))
        out.push({
          cls: 4,
          rule,
          id: r.id,
          detail: `${w} in: ${m.content.slice(0, 160)} | problem: ${first.content}`,
        });
}

// ---------------------------------------------------------------- class 5: variations

const SETS = /(?:^|[\s(,:])([A-Za-zα-ωΔ](?:[₀-₉]|_[a-zа-я]+)?) = (-?[\d.,/√]+)/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Words that carry no meaning of their own in a "what if ..." turn. */
const FILLER_WORDS = new Set(
  `what if instead same problem but with now let do we get the a an it is and of to so
  а если решите ту же задачу но при пусть теперь что получится будет каким ответ
  thanks got okay see great interesting right makes sense nice cool noted perfect alright clear
  спасибо понятно хорошо ясно отлично интересно так супер записал ага угу здорово логично понял вас`.split(
    /\s+/,
  ),
);

/** The turn names the changed quantity in words (not only by a symbol the problem never used). */
function saysWhat(text: string): boolean {
  const words = text.toLowerCase().match(/[\p{L}]{3,}/gu) ?? [];
  return words.some((w) => !FILLER_WORDS.has(w));
}

/** "replace 4 by 8", «вместо 4 взять 8»: the number a variation says it replaces. */
const REPLACES = new RegExp(
  `(?:вместо|заменить|instead of|in place of) (${NUM})|(${NUM}) is replaced by`,
  "u",
);

function variationFindings(r: Rec, out: Finding[]): void {
  if (r.metadata.mode !== "variations") return;
  const users = userTurns(r);
  const problem = users[0].content;
  const seen = new Set<string>();
  for (const u of users.slice(1)) {
    const t = u.content;
    const replaced = REPLACES.exec(t);
    const old = replaced ? (replaced[1] ?? replaced[2]) : undefined;
    if (old !== undefined && !new RegExp(String.raw`(?<![\d.])${escapeRe(old)}(?![\d.]\d|\d)`).test(problem))
      out.push({
        cls: 5,
        rule: "a variation replaces a number the problem never wrote",
        id: r.id,
        detail: `${t} | ${problem}`,
      });
    for (const x of t.matchAll(SETS)) {
      const sym = x[1];
      const named = new RegExp(`(^|[^\\p{L}])${escapeRe(sym)}(?![\\p{L}₀-₉])`, "u").test(problem);
      if (!named && !saysWhat(t.replace(x[0], " ")))
        out.push({
          cls: 5,
          rule: "a variation of something the problem never named",
          id: r.id,
          detail: `${t} | ${problem}`,
        });
      const key = `${sym}=${x[2]}`;
      if (seen.has(key)) out.push({ cls: 5, rule: "the same variation twice", id: r.id, detail: t });
      seen.add(key);
    }
  }
}

const SIDE_NAMED = /(правой|левой) част|on the (right|left)\b|(right|left)-hand side/;
const REPLACED_IN_REPLY = new RegExp(`вместо (${NUM}) стоит|replaces (${NUM})`);

/**
 * "the number on the right" for a number the equation has on its left ("8(x + 2)" with
 * "= 23" on the right): the side a variation names must hold the number its reply replaces.
 */
function sideFindings(r: Rec, out: Finding[]): void {
  if (r.metadata.mode !== "variations") return;
  const msgs = r.messages.filter((m) => m.role !== "system");
  const problem = msgs[0].content;
  // One equation only: a system's sides belong to the equation the turn names.
  if (problem.indexOf("=") < 0 || problem.indexOf("=") !== problem.lastIndexOf("=")) return;
  const eq = problem.split("\n").find((l) => l.includes("=")) ?? "";
  const at = eq.indexOf("=");
  for (let i = 2; i + 1 < msgs.length; i += 2) {
    const side = SIDE_NAMED.exec(msgs[i].content);
    const old = REPLACED_IN_REPLY.exec(msgs[i + 1].content);
    if (!side || !old) continue;
    const right = /правой|right/.test(side[0]);
    // A negative number stands as "x/8 - 10" in the equation.
    const num = escapeRe(old[1] ?? old[2]).replace(/^-/, "- ?");
    const held = new RegExp(String.raw`(?<![\d.])${num}(?![\d.]\d|\d)`);
    if (!held.test(right ? eq.slice(at) : eq.slice(0, at)))
      out.push({
        cls: 5,
        rule: "a variation names the wrong side",
        id: r.id,
        detail: `${msgs[i].content} | ${eq}`,
      });
  }
}

// ---------------------------------------------------------------- class 6: rounding labels

const LABEL_2 = /\((?:rounded to two decimal places|округлено до сотых)\)/;
const LABEL_3 = /\((?:rounded to three significant figures|округлено до трёх значащих цифр)\)/;

/**
 * "12 ≈ 12 kg·m/s", "12 N ≈ 12 N": an approximation sign between a number and itself. A number
 * right after an operator is an operand, not the left side: "19.01 · 76 / 38.01 ≈ 38.01" is true.
 */
const APPROX_SAME = new RegExp(
  String.raw`(?<![\d.\-/√]|[+\-·×/:^] )(${NUM})(?: [^\s\d≈=]+)? ≈ \1(?![\d.…/])`,
  "g",
);

/** "9/5120 ≈ 0": a non-zero value rounded away ("≈ 0.00" states its rounding and is allowed). */
const APPROX_ZERO = /≈ -?0(?![.,\d])/;

/** A difference blamed on rounding ("the small difference is only rounding", «с точностью до округления»). */
const ROUNDING_BLAMED = /only rounding|up to the rounding|из-за округления|с точностью до округления/;

function sigFigs(s: string): number {
  const digits = s.replace("-", "").replace(".", "").replace(/^0+/, "");
  return digits.length;
}

function roundingFindings(r: Rec, out: Finding[]): void {
  for (const m of assistantTurns(r)) {
    for (const line of textOf(m)) {
      for (const [label, ok] of [
        [LABEL_2, (s: string) => /\.\d\d$/.test(s)],
        [LABEL_3, (s: string) => sigFigs(s) === 3],
      ] as const) {
        const at = line.search(label);
        if (at < 0) continue;
        const nums = line.slice(0, at).match(new RegExp(NUM, "g")) ?? [];
        const last = nums[nums.length - 1] ?? "";
        if (!ok(last)) out.push({ cls: 6, rule: "the rounding label lies", id: r.id, detail: line });
      }
    }
  }
  let roundedSoFar = false;
  for (const m of assistantTurns(r)) {
    for (const line of textOf(m)) {
      for (const x of line.matchAll(APPROX_SAME))
        out.push({ cls: 6, rule: "≈ between two equal numbers", id: r.id, detail: x[0] });
      if (APPROX_ZERO.test(line))
        out.push({ cls: 6, rule: "a value that is not 0 rounded to ≈ 0", id: r.id, detail: line });
    }
    // Blaming rounding needs a rounded number, in this reply or one before it.
    roundedSoFar ||= m.content.includes("≈");
    const blamed = ROUNDING_BLAMED.exec(m.content);
    if (blamed && !roundedSoFar)
      out.push({
        cls: 6,
        rule: "a rounding difference where nothing was rounded",
        id: r.id,
        detail: blamed[0],
      });
  }
  // A rounded result reused as if exact in a later chain step: the printed rounded value in the
  // next claim's expression (a check of the same result may use it, the chain must not drift).
  // A number the step's own question gives is data, not a reuse ("at 5.75 m/s" after h ≈ 5.75 m).
  if (r.metadata.mode !== "chain") return;
  const rounded = new Map<string, number>();
  for (const c of r.metadata.checks) {
    if (c.expect === "wrong") continue;
    const asked = r.messages[c.message - 1]?.content ?? "";
    for (const [text, at] of rounded) {
      const written = new RegExp(`(?<![\\d.])${text.replace(".", "\\.")}(?![\\d])`);
      if (at < c.message && written.test(c.expr) && !written.test(asked))
        out.push({
          cls: 6,
          rule: "a rounded value reused as exact",
          id: r.id,
          detail: `${text} in ${c.expr}`,
        });
    }
    if (c.tolerance !== undefined && typeof c.answer === "string" && /\./.test(c.answer))
      rounded.set(c.answer, c.message);
  }
}

/**
 * "229100/23 ≈ 9960.87 · 0.46 = 4582": a rounded value used as an operand of an exact equation.
 * The "=" claims the rounded product, which is not what was computed (9960.87 · 0.46 = 4582.0002).
 */
const APPROX_OPERAND = new RegExp(String.raw`≈ ${NUM}(?: [·×/+\-] \(?${NUM}(?:/\d+)?\)?)+ = `, "u");

function approxOperandFindings(r: Rec, out: Finding[]): void {
  for (const m of assistantTurns(r)) {
    const x = APPROX_OPERAND.exec(m.content);
    if (x)
      out.push({
        cls: 6,
        rule: "a rounded value as an operand of an exact equation",
        id: r.id,
        detail: x[0],
      });
  }
}

// ---------------------------------------------------------------- class 7: planted errors

function numeric(s: string): number {
  const v = s.replace(/sqrt\((\d+)\)/g, "Math.sqrt($1)");
  // The check vocabulary is digits, + - * / ^, parentheses and sqrt: safe to evaluate.
  return Function(`"use strict"; return (${v.replace(/\^/g, "**")});`)() as number;
}

function plantedFindings(r: Rec, out: Finding[]): void {
  if (r.metadata.correction !== "fixed") return;
  const task = r.metadata.task_type;
  const problem = userTurns(r)[0].content;
  for (const c of r.metadata.checks.filter((x: Check) => x.expect === "wrong" && x.kind === "evaluate")) {
    let v: number;
    try {
      v = numeric(c.answer as string);
    } catch {
      continue;
    }
    const bad =
      (task === "probability" && (v < 0 || v > 1)) ||
      (task === "combinatorics" && (v < 1 || !Number.isInteger(v))) ||
      ((task === "geometry_area" || task === "pythagoras") && v <= 0) ||
      (task === "pythagoras" && legLongerThanHypotenuse(problem, v));
    if (bad)
      out.push({ cls: 7, rule: "an implausible planted error", id: r.id, detail: `${c.answer}: ${problem}` });
  }
  // A root's degree is a natural number from 2: "the root of degree -1" is no believable slip.
  for (const m of assistantTurns(r))
    for (const line of stepsOf(m))
      if (NO_ROOT_DEGREE.test(line))
        out.push({ cls: 7, rule: "a planted root of a degree below 2", id: r.id, detail: line });
}
const NO_ROOT_DEGREE = /root of degree -|\b1st root|корень степени (?:-|1 )/;

/** Asked for a leg with the hypotenuse given: a wrong leg must still be shorter than it. */
function legLongerThanHypotenuse(problem: string, v: number): boolean {
  const hyp = /(hypotenuse|гипотенуза)(?:(?!leg|катет)[^\d.]){0,40}?(\d+(?:\.\d+)?)/i.exec(problem);
  if (hyp && /(legs|катеты) \d/i.test(problem)) return false;
  if (!hyp) return false;
  return v >= Number(hyp[2]);
}

// ---------------------------------------------------------------- class 8: numerals

const RU = new Intl.PluralRules("ru");
const EN = new Intl.PluralRules("en");

/** Russian nouns seen after numerals: nominative counting forms and genitive/instrumental ones. */
const RU_NOUNS: {
  one: string;
  few: string;
  many: string;
  genOne: string;
  genMany: string;
  insOne: string;
  insMany: string;
}[] = [
  "способ способа способов способа способов способом способами",
  "вариант варианта вариантов варианта вариантов вариантом вариантами",
  "шаг шага шагов шага шагов шагом шагами",
  "член члена членов члена членов членом членами",
  "мальчик мальчика мальчиков мальчика мальчиков мальчиком мальчиками",
  "девочка девочки девочек девочки девочек девочкой девочками",
  "инженер инженера инженеров инженера инженеров инженером инженерами",
  "дизайнер дизайнера дизайнеров дизайнера дизайнеров дизайнером дизайнерами",
  "роман романа романов романа романов романом романами",
  "сборник сборника сборников сборника сборников сборником сборниками",
  "шар шара шаров шара шаров шаром шарами",
  // Colours counted on their own ("остаётся 1 красный из 5"): masculine, as шар and кубик are.
  "красный красных красных красного красных красным красными",
  "синий синих синих синего синих синим синими",
  "вид вида видов вида видов видом видами",
  "спортсмен спортсмена спортсменов спортсмена спортсменов спортсменом спортсменами",
  "участник участника участников участника участников участником участниками",
  "призёр призёра призёров призёра призёров призёром призёрами",
  "стул стула стульев стула стульев стулом стульями",
  "напиток напитка напитков напитка напитков напитком напитками",
  "гость гостя гостей гостя гостей гостем гостями",
  "бегун бегуна бегунов бегуна бегунов бегуном бегунами",
  "ряд ряда рядов ряда рядов рядом рядами",
  "квадратик квадратика квадратиков квадратика квадратиков квадратиком квадратиками",
  "человек человека человек человека человек человеком людьми",
  "задача задачи задач задачи задач задачей задачами",
  "книга книги книг книги книг книгой книгами",
  "блюдо блюда блюд блюда блюд блюдом блюдами",
  "цифра цифры цифр цифры цифр цифрой цифрами",
  "дорога дороги дорог дороги дорог дорогой дорогами",
  "возможность возможности возможностей возможности возможностей возможностью возможностями",
  "умножение умножения умножений умножения умножений умножением умножениями",
  "множитель множителя множителей множителя множителей множителем множителями",
  "продолжение продолжения продолжений продолжения продолжений продолжением продолжениями",
  "место места мест места мест местом местами",
  "клетка клетки клеток клетки клеток клеткой клетками",
  "раз раза раз раза раз разом разами",
]
  .map((forms) => forms.split(" "))
  .map(([one, few, many, genOne, genMany, insOne, insMany]) => ({
    one,
    few,
    many,
    genOne,
    genMany,
    insOne,
    insMany,
  }));

const RU_FORMS = new Map<string, (typeof RU_NOUNS)[number][]>();
for (const n of RU_NOUNS) for (const f of Object.values(n)) RU_FORMS.set(f, [...(RU_FORMS.get(f) ?? []), n]);

const GENITIVE_PREP = new Set(["из", "от", "до", "для", "без", "около", "у", "среди", "кроме"]);

/** Whether `word` after the number `n` (after `prev`, the word before the number) agrees. */
const ANIMATE = new Set([
  "мальчик",
  "девочка",
  "инженер",
  "дизайнер",
  "спортсмен",
  "участник",
  "призёр",
  "гость",
  "бегун",
  "человек",
]);

export function ruAgrees(prev: string, n: string, word: string, genitive = false): boolean {
  const nouns = RU_FORMS.get(word);
  if (!nouns) return true;
  const cat = RU.select(Number(n));
  const one = cat === "one";
  return nouns.some((x) => {
    if (genitive || GENITIVE_PREP.has(prev) || /(ых|их)$/.test(prev))
      return word === (one ? x.genOne : x.genMany);
    // Animate accusative ("выбрать 4 человек" = четырёх человек) reads as the genitive plural.
    if (ANIMATE.has(x.one) && !one && word === x.genMany) return true;
    if (word === x.insOne || word === x.insMany) return word === (one ? x.insOne : x.insMany);
    // Nominative/accusative counting: 1 шар, 2 шара, 5 шаров, 2.5 шара; animate accusative 1 мальчика.
    const counted = cat === "one" ? x.one : cat === "few" ? x.few : cat === "many" ? x.many : x.genOne;
    return word === counted || (one && word === x.genOne);
  });
}

const EN_NOUNS = [
  "way",
  "option",
  "step",
  "term",
  "boy",
  "girl",
  "engineer",
  "designer",
  "novel",
  "book",
  "ball",
  "dish",
  "drink",
  "soup",
  "main",
  "road",
  "digit",
  "code",
  "chair",
  "guest",
  "runner",
  "athlete",
  "problem",
  "choice",
  "possibility",
  "multiplication",
  "factor",
  "row",
  "cell",
  "place",
  "case",
  "member",
  "lane",
  "performer",
  "medallist",
  "continuation",
  "time",
  "dollar",
];
const EN_SINGULAR = new Set(EN_NOUNS);
const EN_PLURAL = new Map(
  EN_NOUNS.map((w) => [w.endsWith("y") && !/[aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`, w]),
);

const ORDINAL = new Intl.PluralRules("en", { type: "ordinal" });
const ORDINAL_SUFFIX: Record<string, string> = { one: "st", two: "nd", few: "rd", other: "th" };

/**
 * Numbers written as no one writes them: a coefficient 1 ("1x + 3"), a split into a number and 0
 * ("20 = 20 + 0"). A substituted value 0 ("Δx = 4 - 0") is fine, so "+ 0" terms in a formula
 * template (logarithms) are checked by a generator test instead.
 */
const NOTATION = /(?<![\d.,/^])1[xyz](?![\p{L}\d])|(?<![\d.=+\-·×/:] ?)(\d+) = \1 [+-] 0(?![\d.,])/gu;

/**
 * Working no one writes: a division by 1 ("y = 8 / 1 = 8"; a given 1 s or 1 kg may be divided
 * by, so a problem that states a measured 1 is exempt), a term with coefficient 0 ("0x - 4x"), a
 * negative number right after an operator without brackets ("72 + -1 · 10", "2 · -6").
 */
const DIVIDED_BY_1 = /\/ \(?1\)?(?=\s*(?:[=≈),;]|\.(?!\d)|$))/mu;
const MEASURED_1 = /(?<![\d.,/])1 ?[\p{L}°]/u;
const ZERO_TERM = /(?<![\d.,/^\p{L}])0[a-zα-ω](?![\p{L}\d])/u;
/** "multiply the first equation by 3, the second by 1": a multiplication by 1 said in words. */
const TIMES_1_IN_WORDS = /(?:multipl|умнож)[^.:\n]*?(?<!\p{L})(?:by|на) \(?1\)?(?![\d.,/]\d|\d)/iu;
/** "1 · x₁² = 5": a factor 1 in front of a symbol (the "1x" of NOTATION, spelled with a dot). */
const ONE_TIMES_SYMBOL = /(?<![\d.]|[·/^] )1 · \p{L}/u;
/** "x = 7, x = 7": one equation written twice in a row ("-x = 0, x = 0" is two: the sign differs). */
const SAID_TWICE = /(?<![\p{L}\d-])(\p{L}[₀-₉]? = -?[\d./]+), \1(?![\d./])/u;
/** "x² + x + 8 = 8² + 1 · 8 + 8": the substitution writes a factor 1 its expression leaves out. */
const ONE_SUBSTITUTED = /[+-] [a-z](?![²³₀-₉\p{L}\d]| ?[·*/^])[^=\n]* = [^=\n]*[+-] 1 · /u;
/** A working line that is one operation on 0 ("0 · 5 = 0", "214 - 0 = 214"): a chain step on a carried 0. */
const ON_ZERO = /^(?:0 [+\-·] [^=\n]+|[^=\n]+ [+\-·] 0) = [^=\n]+$/mu;
const BARE_NEGATIVE = /(?<=[\d)²³\p{L}] )[+\-·×/] -\d/u;
/** "p' = 136 · 24 / 23": a prime typed as an apostrophe, where the rest of the data writes p′ (S′, a′). */
const APOSTROPHE_PRIME = /(?<!\p{L})\p{L}'(?= [=≈·/+-])/u;

/** A division by 1 that says what the 1 is: the line or the one before names it ("/ a = … / 1", "3⁰ = 1"). */
function namedOne(t: string, at: number): boolean {
  const lineStart = t.lastIndexOf("\n", at - 1);
  const from = lineStart < 0 ? 0 : t.lastIndexOf("\n", lineStart - 1) + 1;
  return /\/ [\p{L}(]|= 1(?![\d.,/])/u.test(t.slice(from, at));
}

function workingFindings(r: Rec, out: Finding[]): void {
  const measured1 = userTurns(r).some((u) => MEASURED_1.test(u.content));
  let replies = 0;
  for (const m of r.messages) {
    if (m.role === "system") continue;
    const t = m.content;
    const said = m.role === "assistant";
    // A chain's later steps each carry the last result; its first reply is the task's own working.
    const chainStep = said && r.metadata.mode === "chain" && replies++ > 0;
    const div = said && !measured1 ? DIVIDED_BY_1.exec(t) : null;
    const found: [RegExpExecArray | null, string][] = [
      [div && !namedOne(t, div.index) ? div : null, "a division by 1 written out"],
      [ZERO_TERM.exec(t), "a term with coefficient 0 written out"],
      [
        said ? (TIMES_1_IN_WORDS.exec(t) ?? SAID_TWICE.exec(t)) : null,
        "a step by 1 said, or one equation twice",
      ],
      [BARE_NEGATIVE.exec(t), "a negative number after an operator, unbracketed"],
      [said && !measured1 ? ONE_TIMES_SYMBOL.exec(t) : null, "a factor 1 in front of a symbol"],
      [said ? ONE_SUBSTITUTED.exec(t) : null, "a factor 1 substituted that the expression leaves out"],
      [chainStep ? ON_ZERO.exec(t) : null, "a chain step on a carried 0"],
      [said ? APOSTROPHE_PRIME.exec(t) : null, "a prime written as an apostrophe"],
    ];
    for (const [x, rule] of found)
      if (x) out.push({ cls: 8, rule, id: r.id, detail: t.slice(Math.max(0, x.index - 40), x.index + 30) });
  }
}

/**
 * "a = √19 = √19 ≈ 4.36", "… = 26/15 = 26/15", "Right side: 35 = 35": a member of an equation
 * chain that repeats the one before; also a number restated as itself as a whole line ("15 = 15",
 * a term that needed no evaluating) or after "= 54:" ("LCM(54, 3) = 54: 13/54 = 13/54"). A division
 * "169 : 13 = 13" is none, nor "12 = 12^1", nor two values computed apart and compared ("12 = 12
 * kg·m/s", "Answer: 8.4 = 8.4 kg·m/s: momentum is conserved").
 */
const REPEATED_MEMBER =
  /(?:= |(?<=[\p{L}\d])(?<!Answer|Ответ): )([^\s=]*\d[^\s=]*) = \1(?![^\s,;])|^([^\s=]*\d[^\s=]*) = \2\.?$/mu;

/** "x = 10 / 3 = 10/3": a division of two whole numbers restated as the same fraction. */
const DIVISION_RESTATED = /(?<![\d./·×+-] ?)(?<![\d./])(\d+) \/ (\d+) = \1\/\2(?![\d/])/u;

function repeatedMemberFindings(r: Rec, out: Finding[]): void {
  for (const m of assistantTurns(r)) {
    const x = DIVISION_RESTATED.exec(m.content);
    if (x) out.push({ cls: 8, rule: "a division restated as the same fraction", id: r.id, detail: x[0] });
  }
  for (const m of assistantTurns(r)) {
    const x = REPEATED_MEMBER.exec(m.content);
    if (x) out.push({ cls: 8, rule: "an equation chain repeats a member", id: r.id, detail: x[0] });
  }
}

/**
 * "52, 54 Ω resistors", "Resistors of 47 Ω, 11 Ω are": two values joined by a comma alone, where a
 * list of two says "52 Ω and 54 Ω" (a list's first member only: none follows ", ").
 */
const LIST_WITHOUT_AND = new RegExp(
  String.raw`(?<![\d.]|, )${NUM}(?: (?:Ω|Ом))?, ${NUM} (?:Ω|Ом)(?! (?:and|и) )`,
  "u",
);
/**
 * "I₁ = 90 / 14 ≈ 6.43, I₂ = …": a current or voltage computed in a clause of a line, ending in a
 * bare number where the reader needs its unit.
 */
const BARE_ELECTRIC = new RegExp(
  String.raw`(?:^|, )[IU][₀-₉]* = [^,;\n]*[·/+] [^,;\n]*[≈=] ${NUM}(?=,|;|$)`,
  "mu",
);
/** "I = I₁ + I₂ ≈ 9.16": a total written as the sum of parts shown rounded on an earlier line. */
const PART = /(?<![\p{L}\d])([A-Z])([₁₂]) = [^,\n]*?[≈=] (-?\d+(?:\.\d+)?)(?=[ ,;\n]|$)/gu;
const PARTS_SUM = /(?<![\p{L}\d])([A-Z])₁ \+ \1₂ [≈=] (-?\d+(?:\.\d+)?)(?![\d.]| [·/+-])/u;

/**
 * A list written without its "and", an electric value without its unit, a sum of rounded parts
 * shown as a total they do not add up to (6.08 + 1.93 written as 8.00): what a reader stumbles on.
 */
function listAndPartsFindings(r: Rec, out: Finding[]): void {
  for (const m of r.messages) {
    if (m.role === "system") continue;
    const t = m.content;
    const list = LIST_WITHOUT_AND.exec(t);
    if (list) out.push({ cls: 8, rule: "a list of two values without its “and”", id: r.id, detail: list[0] });
    if (m.role !== "assistant") continue;
    const bare = BARE_ELECTRIC.exec(t);
    if (bare)
      out.push({ cls: 8, rule: "a computed current or voltage without its unit", id: r.id, detail: bare[0] });
    const sum = PARTS_SUM.exec(t);
    if (!sum) continue;
    const parts = new Map<string, string>();
    for (const x of t.matchAll(PART)) parts.set(x[1] + x[2], x[3]);
    const p1 = parts.get(`${sum[1]}₁`);
    const p2 = parts.get(`${sum[1]}₂`);
    if (p1 === undefined || p2 === undefined) continue;
    const places = (sum[2].split(".")[1] ?? "").length;
    if (Math.abs(Number(p1) + Number(p2) - Number(sum[2])) > 0.5 * 10 ** -places + 1e-9)
      out.push({
        cls: 6,
        rule: "rounded parts that do not add up to the total shown",
        id: r.id,
        detail: `${p1} + ${p2} vs ${sum[0]}`,
      });
  }
}

const CURRENCY = /\bdollars?\b|₽/;

/**
 * A chain about money ("an item cost 1250 dollars") whose later turn drops the currency: "What is
 * 29 minus the result?" answered with a bare -1221 reads as arithmetic on nothing in particular.
 * Each part of an answer ("x = 2730 dollars; 2791") names the currency.
 */
function moneyChainFindings(r: Rec, out: Finding[]): void {
  if (r.metadata.mode !== "chain" || !CURRENCY.test(userTurns(r)[0]?.content ?? "")) return;
  for (const m of assistantTurns(r))
    for (const part of answerOf(m).split("; "))
      if (!CURRENCY.test(part))
        out.push({
          cls: 3,
          rule: "a money chain's answer without its currency",
          id: r.id,
          detail: answerOf(m),
        });
}

const PHYSICS_TASKS = new Set([
  "kinematics",
  "dynamics",
  "energy",
  "momentum",
  "projectile",
  "ohms_law",
  "gas_laws",
]);
/** A physics answer names what it found: "v ≈ 13.70 m/s", "p₂ = 208 kPa". */
const NAMES_QUANTITY = /^\p{L}[\p{L}₀-₉′]* [=≈] /u;

/**
 * A physics chain that suddenly asks bare arithmetic ("Increase that power by 183." answered with
 * 38796359421/122500 ≈ 316704.97): every answer part of a physics chain names its quantity.
 */
function physicsChainFindings(r: Rec, out: Finding[]): void {
  if (r.metadata.mode !== "chain" || !PHYSICS_TASKS.has(r.metadata.task_type)) return;
  for (const m of assistantTurns(r))
    for (const part of answerOf(m).split("; "))
      if (!NAMES_QUANTITY.test(part))
        out.push({ cls: 3, rule: "a physics chain turns to bare arithmetic", id: r.id, detail: answerOf(m) });
}

/** "a 8 kg cart" / "an 5": whether the number, read aloud, starts with a vowel sound. */
function vowelSoundNumber(n: string): boolean {
  let x = Math.trunc(Math.abs(Number(n)));
  if (!Number.isFinite(x)) return false;
  while (x >= 1000) x = Math.floor(x / 1000);
  return x === 8 || x === 11 || x === 18 || (x >= 80 && x < 90) || (x >= 800 && x < 900);
}

function numeralFindings(r: Rec, out: Finding[]): void {
  const ru = r.metadata.language === "ru";
  for (const m of r.messages) {
    if (m.role === "system") continue;
    const t = m.content;
    if (ru) {
      for (const x of t.matchAll(/(?:(?<![а-яё])([а-яё]+)\s)?(?<![\d.,])(\d+(?:\.\d+)?) ([а-яё]+)/gi)) {
        const prev = (x[1] ?? "").toLowerCase();
        // "из 5 мальчиков и 1 девочки": the preposition governs both counted nouns.
        const before = t.slice(Math.max(0, (x.index ?? 0) - 60), x.index ?? 0);
        const governed = prev === "и" && /(из|среди|от|для|без|до) \d+ [а-яё]+( [а-яё]+)? $/.test(before);
        if (!ruAgrees(prev, x[2], x[3], governed))
          out.push({
            cls: 8,
            rule: "noun form after a numeral (ru)",
            id: r.id,
            detail: `${prev} ${x[2]} ${x[3]}`,
          });
      }
    } else {
      for (const x of t.matchAll(/(?<![\d.,/²³\p{L}])(\d+(?:\.\d+)?) ([a-z]+)/gu)) {
        const cat = EN.select(Number(x[1]));
        const w = x[2];
        if ((cat === "one" && EN_PLURAL.has(w)) || (cat !== "one" && EN_SINGULAR.has(w)))
          out.push({ cls: 8, rule: "noun number after a numeral (en)", id: r.id, detail: `${x[1]} ${w}` });
      }
      for (const x of t.matchAll(/(?<![\d.])(\d+) unit (squares?)\b/g))
        if ((EN.select(Number(x[1])) === "one") !== (x[2] === "square"))
          out.push({ cls: 8, rule: "noun number after a numeral (en)", id: r.id, detail: x[0] });
      for (const x of t.matchAll(/(?<![\d.])(-?\d+)(st|nd|rd|th)\b/g))
        if (x[1].startsWith("-") || x[2] !== ORDINAL_SUFFIX[ORDINAL.select(Number(x[1]))])
          out.push({ cls: 8, rule: "English ordinal", id: r.id, detail: x[0] });
      for (const x of t.matchAll(/\b(a|an|A|An) (\d[\d.]*)/g)) {
        const an = x[1].toLowerCase() === "an";
        if (an !== vowelSoundNumber(x[2]))
          out.push({ cls: 8, rule: "article before a number (en)", id: r.id, detail: x[0] });
      }
    }
    for (const x of t.matchAll(NOTATION))
      out.push({ cls: 8, rule: "a factor of 1 or a term of 0 written out", id: r.id, detail: x[0] });
  }
}

/**
 * An answer that ends in words, as a sentence does ("…, below the original price"), or that opens
 * as one ("Then N = 9": a capitalised word, then more, and no "label:" form) needs its full stop;
 * a formula, a value with its unit ("N = 6", "12 cm²", "2540 dollars") or a label and its value
 * ("Four times: 544 cm²") does not.
 */
const ENDS_IN_WORDS = /(?<![\p{L}\d.,/·=])\p{L}{2,} \p{L}+$/u;
const OPENS_AS_SENTENCE = /^\p{Lu}\p{Ll}+ [^:]*[^.!?…:]$/u;

function fullStopFindings(r: Rec, out: Finding[]): void {
  for (const m of assistantTurns(r)) {
    const answer = answerOf(m).trim();
    if (ENDS_IN_WORDS.test(answer) || OPENS_AS_SENTENCE.test(answer))
      out.push({ cls: 8, rule: "a sentence answer without its full stop", id: r.id, detail: answer });
  }
}

/** Every class 1-8 defect of one record. */
export function inspect(r: Rec): Finding[] {
  const out: Finding[] = [];
  correctionFindings(r, out);
  reasoningFindings(r, out);
  stateFindings(r, out);
  symbolFindings(r, out);
  nounFindings(r, out);
  rangeFindings(r, out);
  storyFindings(r, out);
  containerFindings(r, out);
  variationFindings(r, out);
  sideFindings(r, out);
  roundingFindings(r, out);
  approxOperandFindings(r, out);
  plantedFindings(r, out);
  numeralFindings(r, out);
  workingFindings(r, out);
  repeatedMemberFindings(r, out);
  listAndPartsFindings(r, out);
  moneyChainFindings(r, out);
  physicsChainFindings(r, out);
  fullStopFindings(r, out);
  for (const f of out) f.where = `${r.metadata.mode}/${r.metadata.task_type}`;
  return out;
}

// ---------------------------------------------------------------- classes 9-10: figures

export interface Figures {
  dialogues: number;
  /** Share of later user turns opening with the most common six two-word openers. */
  topOpenerShare: number;
  /** Share of variation answers opening with the "Now ..., everything else stays the same" line. */
  variationBoilerplateShare: number;
  systemPrompts: number;
  /** Share of chain steps (after the first) whose reasoning is a single line. */
  oneLineChainSteps: number;
  /** Correction dialogues whose objection was wrong and whose answer was defended. */
  defendedShare: number;
  /** Mean reasoning lines of the first solution, per task type and difficulty 1..10. */
  steps: Record<string, number[]>;
  /** Per task type: mean steps at levels 8-10 over levels 1-3. */
  ratio: Record<string, number>;
  medianRatio: number;
  minRatio: number;
}

export class FigureCounter {
  private n = 0;
  private openers = new Map<string, number>();
  private laterTurns = 0;
  private variationAnswers = 0;
  private variationBoiler = 0;
  private systems = new Set<string>();
  private chainSteps = 0;
  private chainOneLine = 0;
  private corrections = 0;
  private defended = 0;
  private stepSum = new Map<string, number[]>();
  private stepCount = new Map<string, number[]>();

  add(r: Rec): void {
    this.n++;
    const m = r.messages;
    if (m[0].role === "system") this.systems.add(m[0].content);
    const users = userTurns(r);
    for (const u of users.slice(1)) {
      this.laterTurns++;
      const key = u.content.split(/\s+/).slice(0, 2).join(" ");
      this.openers.set(key, (this.openers.get(key) ?? 0) + 1);
    }
    const asst = assistantTurns(r);
    if (r.metadata.mode === "variations")
      for (const a of asst.slice(1)) {
        this.variationAnswers++;
        const first = stepsOf(a)[0] ?? "";
        if (/остальн|everything else|unchanged|без изменений/.test(first)) this.variationBoiler++;
      }
    if (r.metadata.mode === "chain")
      for (const a of asst.slice(1)) {
        this.chainSteps++;
        if (stepsOf(a).length <= 1) this.chainOneLine++;
      }
    if (r.metadata.mode === "correction") {
      this.corrections++;
      if (r.metadata.correction === "defended") this.defended++;
    }
    if (r.metadata.mode !== "correction") {
      const t = r.metadata.task_type;
      if (!this.stepSum.has(t)) {
        this.stepSum.set(t, Array(11).fill(0));
        this.stepCount.set(t, Array(11).fill(0));
      }
      this.stepSum.get(t)![r.metadata.difficulty] += stepsOf(asst[0]).length;
      this.stepCount.get(t)![r.metadata.difficulty]++;
    }
  }

  figures(): Figures {
    const top = [...this.openers.values()].sort((a, b) => b - a).slice(0, 6);
    const steps: Record<string, number[]> = {};
    const ratio: Record<string, number> = {};
    for (const [t, sums] of this.stepSum) {
      const counts = this.stepCount.get(t)!;
      steps[t] = sums.slice(1).map((s, i) => Math.round((s / Math.max(1, counts[i + 1])) * 10) / 10);
      const mean = (lo: number, hi: number) => {
        let s = 0;
        let c = 0;
        for (let d = lo; d <= hi; d++) {
          s += sums[d];
          c += counts[d];
        }
        return s / Math.max(1, c);
      };
      ratio[t] = Math.round((mean(8, 10) / mean(1, 3)) * 100) / 100;
    }
    const rs = Object.values(ratio).sort((a, b) => a - b);
    return {
      dialogues: this.n,
      topOpenerShare: top.reduce((a, b) => a + b, 0) / Math.max(1, this.laterTurns),
      variationBoilerplateShare: this.variationBoiler / Math.max(1, this.variationAnswers),
      systemPrompts: this.systems.size,
      oneLineChainSteps: this.chainOneLine / Math.max(1, this.chainSteps),
      defendedShare: this.defended / Math.max(1, this.corrections),
      steps,
      ratio,
      medianRatio: rs[Math.floor(rs.length / 2)] ?? 0,
      minRatio: rs[0] ?? 0,
    };
  }
}
