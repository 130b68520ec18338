import { type Noun, noun } from "./lang.js";

/** Nouns that follow numerals in the dialogues, with their forms per plural category. */
export const N = {
  way: noun("способ", "способа", "способов", "way", "ways"),
  option: noun("вариант", "варианта", "вариантов", "option", "options"),
  continuation: noun("продолжение", "продолжения", "продолжений", "continuation", "continuations"),
  factor: noun("множитель", "множителя", "множителей", "factor", "factors"),
  term: noun("член", "члена", "членов", "term", "terms"),
  ball: noun("шар", "шара", "шаров", "ball", "balls"),
  step: noun("шаг", "шага", "шагов", "step", "steps"),
  time: noun("раз", "раза", "раз", "time", "times"),
  cell: noun("клетка", "клетки", "клеток", "cell", "cells"),
  /** A colour counted on its own ("1 красный", "2 красных"), as the red balls and cubes are. */
  red: noun("красный", "красных", "красных", "red", "red"),
} satisfies Record<string, Noun>;

/** The currency after an amount: dollars agree with it in English; the rouble sign needs no agreement. */
export const MONEY = noun("₽", "₽", "₽", "dollar", "dollars");

/**
 * The two groups a committee-style counting problem draws from, named the same way in the
 * problem and in every line of its solution.
 */
export interface GroupPair {
  a: Noun;
  b: Noun;
  /** Title-case plural names for solution lines ("Мальчики", "Boys"). */
  aTitle: { ru: string; en: string };
  bTitle: { ru: string; en: string };
}

export const GROUPS: readonly GroupPair[] = [
  {
    a: noun("мальчик", "мальчика", "мальчиков", "boy", "boys"),
    b: noun("девочка", "девочки", "девочек", "girl", "girls"),
    aTitle: { ru: "Мальчиков", en: "The boys" },
    bTitle: { ru: "девочек", en: "the girls" },
  },
  {
    a: noun("инженер", "инженера", "инженеров", "engineer", "engineers"),
    b: noun("дизайнер", "дизайнера", "дизайнеров", "designer", "designers"),
    aTitle: { ru: "Инженеров", en: "The engineers" },
    bTitle: { ru: "дизайнеров", en: "the designers" },
  },
  {
    a: noun("роман", "романа", "романов", "novel", "novels"),
    b: noun("сборник", "сборника", "сборников", "poetry book", "poetry books"),
    aTitle: { ru: "Романов", en: "The novels" },
    bTitle: { ru: "сборников", en: "the poetry books" },
  },
];
