/**
 * Text as data. A phrase is a record with one entry per language, so a missing translation is a
 * compile error and a third language is a new key. Numerals agree with their nouns through the
 * language's own plural rules (Intl.PluralRules), never a hand-made "if n == 1".
 */
export type Lang = "ru" | "en";

/** What text helpers need of a dialogue's context: its language (a Ctx has it). */
export interface Ru {
  readonly ru: boolean;
}

/** Contexts for texts built outside a dialogue (templates written per language). */
export const RU: Ru = { ru: true };
export const EN: Ru = { ru: false };

/** One phrase (or phrase template, or list of phrasings) in every language. */
export type Tr<T = string> = { readonly [L in Lang]: T };

/** The entry of `t` in the dialogue's language. */
export function tr<T>(ctx: Ru, t: Tr<T>): T {
  return ctx.ru ? t.ru : t.en;
}

/**
 * A noun's forms after a numeral, by plural category: ru one/few/many (1 шар, 2 шара, 5 шаров)
 * and other for fractions (2.5 шара); en one/other.
 */
export interface Noun {
  ru: { one: string; few: string; many: string; other: string };
  en: { one: string; other: string };
}

const RULES_RU = new Intl.PluralRules("ru");
const RULES_EN = new Intl.PluralRules("en");
// Categories of small whole numbers, computed once: most numerals in dialogues are below 1000.
const CACHE_RU: string[] = [];
const CACHE_EN: string[] = [];
for (let n = 0; n < 1000; n++) {
  CACHE_RU.push(RULES_RU.select(n));
  CACHE_EN.push(RULES_EN.select(n));
}

/**
 * The plural category of `n` in Russian (ru) or English ("one", "few", "many", "other"), exactly
 * as Intl.PluralRules gives it, without calling it for the values dialogues use most (a select
 * costs about a microsecond): a whole number's category in both languages depends only on its
 * last two digits (en: "one" only for 1), and a number the rules' three-decimal formatting leaves
 * with a fraction is "other" in both.
 */
export function category(ru: boolean, n: number): string {
  if (n >= 0 && Number.isInteger(n)) {
    if (n < 1000) return ru ? CACHE_RU[n] : CACHE_EN[n];
    if (Number.isSafeInteger(n)) return ru ? CACHE_RU[n % 100] : "other";
  } else if (n > 0) {
    const frac = n - Math.floor(n);
    if (frac >= 0.001 && frac <= 0.999) return "other";
  }
  return (ru ? RULES_RU : RULES_EN).select(n);
}

/** The noun's form that agrees with `n` ("шаров" for 5). */
export function form(ctx: Ru, n: number, noun: Noun): string {
  const c = category(ctx.ru, n);
  if (!ctx.ru) return c === "one" ? noun.en.one : noun.en.other;
  const f = noun.ru;
  return c === "one" ? f.one : c === "few" ? f.few : c === "many" ? f.many : f.other;
}

/** "5 шаров" / "1 ball": the number and the agreeing noun. */
export function count(ctx: Ru, n: number, noun: Noun): string {
  return `${n} ${form(ctx, n, noun)}`;
}

/**
 * After a preposition that takes the genitive ("из 5 шаров", "из 1 шара"): Russian genitive
 * singular after one, plural otherwise (which for these nouns are the `few`/`many` forms).
 */
export function countOf(ctx: Ru, n: number, noun: Noun): string {
  if (!ctx.ru) return count(ctx, n, noun);
  return `${n} ${category(true, n) === "one" ? noun.ru.few : noun.ru.many}`;
}

/** A noun from its forms: ru one, few, many (other = few); en singular, plural. */
export function noun(one: string, few: string, many: string, enOne: string, enOther: string): Noun {
  return { ru: { one, few, many, other: few }, en: { one: enOne, other: enOther } };
}

const ORDINAL_EN = new Intl.PluralRules("en", { type: "ordinal" });
const ORDINAL_SUFFIX: Record<string, string> = { one: "st", two: "nd", few: "rd", other: "th" };

/** "2nd", "3rd", "11th", "21st": an English ordinal. */
export function ordinal(n: number): string {
  return `${n}${ORDINAL_SUFFIX[ORDINAL_EN.select(n)]}`;
}

/** English indefinite article for a number: "an 8 kg cart", "an 11 m pole", "a 5 kg box". */
export function anNum(n: string | number): "a" | "an" {
  const whole = Math.trunc(Math.abs(Number(n)));
  // Read aloud, the number starts with "eight", "eleven" or "eighteen" (8, 11, 18, 80-89, 800-899,
  // 8000-8999, 11000-11999, 18000-18999, 80000-89999, ...).
  let x = whole;
  while (x >= 1000) x = Math.floor(x / 1000);
  if (x === 8 || x === 11 || x === 18) return "an";
  if (x >= 80 && x <= 89) return "an";
  if (x >= 800 && x <= 899) return "an";
  return "a";
}

/** "a 5" / "an 8": a number with its English article. */
export function aN(n: string | number): string {
  return `${anNum(n)} ${n}`;
}

/** "A 5" / "An 8", to open a sentence. */
export function AN(n: string | number): string {
  return anNum(n) === "an" ? `An ${n}` : `A ${n}`;
}
