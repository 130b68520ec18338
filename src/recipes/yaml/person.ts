import type { Faker } from "@faker-js/faker";
import type { Rng } from "../../core/rng.js";

/** A person-like scenario value: who a simulated user is, drawn per dialogue. */
export interface Person {
  name: string;
  first_name: string;
  last_name: string;
  gender: "female" | "male";
  age: number;
  occupation: string;
  city: string;
  /** How they write, to follow `Style:` in a prompt (`short lowercase messages`, `polite and formal`). */
  style: string;
}

const STYLES: Record<string, string[]> = {
  en: [
    "short lowercase messages",
    "long, detailed messages",
    "polite and formal",
    "casual, with slang",
    "anxious, asks for reassurance",
    "impatient, wants quick answers",
    "curious, asks follow-up questions",
    "small typos now and then",
  ],
  ru: [
    "короткие сообщения без заглавных букв",
    "длинные подробные сообщения",
    "вежливо и формально, на «вы»",
    "неформально, со сленгом",
    "тревожно, просит подтверждений",
    "торопливо, хочет быстрых ответов",
    "с любопытством, задаёт уточняющие вопросы",
    "иногда с опечатками",
  ],
};

/** Faker's locale module names are like `en`, `ru`, `de_AT`, `zh_CN`. */
export function fakerLocale(locale: string): string {
  return locale.replace("-", "_");
}

/** Loads faker's names for a locale (each module holds one locale's data, with English fallbacks). */
export async function loadFaker(locale: string): Promise<Faker> {
  const mod = (await import(`@faker-js/faker/locale/${fakerLocale(locale)}`)) as { faker: Faker };
  return mod.faker;
}

/**
 * Draws a person from the dialogue's stream: the rng decides gender, age and style, and seeds
 * faker for the names, so the same seed gives the same person (with this faker version).
 */
export function samplePerson(rng: Rng, faker: Faker, locale: string, age: [number, number]): Person {
  const gender = rng.chance(0.5) ? "female" : "male";
  const years = rng.int(age[0], age[1]);
  const styles = STYLES[locale.split(/[-_]/)[0]] ?? STYLES.en;
  const style = rng.pick(styles);
  // Faker keeps its seed as state: seed and draw in one synchronous go.
  faker.seed(rng.int(0, 0x7fffffff));
  const first = faker.person.firstName(gender);
  const last = faker.person.lastName(gender);
  return {
    name: `${first} ${last}`,
    first_name: first,
    last_name: last,
    gender,
    age: years,
    occupation: faker.person.jobTitle(),
    city: faker.location.city(),
    style,
  };
}
