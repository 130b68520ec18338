import type { Rng } from "../../core/rng.js";
import { products } from "./catalogue.js";
import { fits, type RolePack } from "./role-pack.js";

/** An objection the customer may raise, and how likely it is to come up. */
export interface ObjectionChance {
  text: string;
  probability: number;
}

/** Everything that makes one dialogue different from the next, drawn from the item's seed. */
export interface Scenario {
  customer_persona: string;
  intent: string;
  /** The product's name (the prompt gives the whole catalogue). */
  product: string;
  product_kind?: string;
  /** Possibilities, not a script: each comes up only if the talk leads there. */
  objections: ObjectionChance[];
  /** "decision": the chat ends with `outcome`; "open": it ends with no decision either way. */
  ending: "decision" | "open";
  outcome: string;
  /** Days the conversation spans. */
  days: number;
  /** Approximate message positions after which a pause (hours or days) happens. */
  pauses: number[];
  off_topic: string[];
  /** How many messages the dialogue should have. */
  target_messages: number;
  /** Customer's writing style. */
  customer_style: string;
  /** Who ends the first day's talk. */
  opening: string;
}

const STYLES: Record<string, string[]> = {
  ru: [
    "пишет коротко, без заглавных букв",
    "пишет длинными сообщениями с кучей вопросов",
    "использует много эмодзи",
    "пишет вежливо и формально, на «вы»",
    "иногда опечатывается и пишет голосовыми расшифровками",
    "саркастичный, любит пошутить",
    "пишет по одному слову, отвечает не сразу",
  ],
  en: [
    "writes short lowercase messages",
    "writes long messages full of questions",
    "uses lots of emoji",
    "polite and formal",
    "makes typos and writes like voice-to-text",
    "sarcastic and jokey",
    "answers in one or two words and replies late",
  ],
};

const OPENINGS: Record<string, string[]> = {
  ru: [
    "клиент пишет первым после рекламы в соцсетях",
    "клиент пишет по рекомендации друга",
    "клиент возвращается к старому разговору",
    "клиент пишет поздно вечером",
    "клиент пишет с вопросом не по теме, а потом переходит к делу",
  ],
  en: [
    "the customer writes first after seeing an ad",
    "the customer was referred by a friend",
    "the customer comes back to an old conversation",
    "the customer writes late at night",
    "the customer starts off-topic and then gets to the point",
  ],
};

const OPEN_ENDING: Record<string, string> = {
  ru: "решения нет: клиент ни покупает, ни отказывается — например, говорит «подумаю» без обещаний или просто перестаёт отвечать по делу",
  en: "no decision: the customer neither buys nor declines — says they will think about it without promising anything, or simply drifts off",
};

/** Share of dialogues with an open ending when the pack does not say. */
export const DEFAULT_OPEN_ENDINGS = 0.2;
/** Probability of an objection the pack gives as a plain string. */
export const DEFAULT_OBJECTION_PROBABILITY = 0.5;

export interface ScenarioBounds {
  minMessages: number;
  maxMessages: number;
}

const textOf = (o: string | { text: string }) => (typeof o === "string" ? o : o.text);

/** Up to three objections that fit the product, each with its probability (none at all is possible). */
function sampleObjections(rng: Rng, pack: RolePack, kind: string | undefined): ObjectionChance[] {
  const fitting = pack.objections.filter((o) => fits(o, kind));
  return rng.sample(fitting, rng.int(0, Math.min(3, fitting.length))).map((o) => ({
    text: textOf(o),
    probability: (typeof o === "object" ? o.probability : undefined) ?? DEFAULT_OBJECTION_PROBABILITY,
  }));
}

/** Length, days and pauses: an even number of messages (customer first, seller last). */
function sampleTiming(rng: Rng, bounds: ScenarioBounds) {
  const span = Math.max(0, bounds.maxMessages - bounds.minMessages);
  let target = bounds.minMessages + rng.int(0, span);
  if (target % 2 !== 0) target = target + 1 <= bounds.maxMessages ? target + 1 : target - 1;
  const days = rng.int(2, 7);
  const pauses = rng.sample(
    Array.from({ length: Math.max(1, Math.floor(target / 2) - 1) }, (_, i) => (i + 1) * 2),
    Math.min(days - 1, 6),
  );
  pauses.sort((a, b) => a - b);
  return { target, days, pauses };
}

/**
 * One scenario. The product is drawn first and the intent, objections and outcome only among
 * those that fit its kind (the pack's compatibility rules). Each field has its own stream.
 */
export function sampleScenario(rng: Rng, pack: RolePack, bounds: ScenarioBounds): Scenario {
  const lang = STYLES[pack.language] ? pack.language : "en";
  const product = rng.fork(1).pick(products(pack));
  const open = rng.fork(2).chance(pack.open_endings ?? DEFAULT_OPEN_ENDINGS);
  const timing = sampleTiming(rng.fork(3), bounds);
  const offTopic = rng.fork(4);
  return {
    customer_persona: rng.fork(5).pick(pack.customer_personas),
    intent: textOf(rng.fork(6).pick(pack.intents.filter((o) => fits(o, product.kind)))),
    product: product.name,
    ...(product.kind ? { product_kind: product.kind } : {}),
    objections: sampleObjections(rng.fork(7), pack, product.kind),
    ending: open ? "open" : "decision",
    outcome: open
      ? OPEN_ENDING[lang]
      : textOf(rng.fork(8).pick(pack.outcomes.filter((o) => fits(o, product.kind)))),
    days: timing.days,
    pauses: timing.pauses,
    off_topic: pack.off_topic.length
      ? offTopic.sample(pack.off_topic, offTopic.int(1, Math.min(2, pack.off_topic.length)))
      : [],
    target_messages: timing.target,
    customer_style: rng.fork(9).pick(STYLES[lang]),
    opening: rng.fork(10).pick(OPENINGS[lang]),
  };
}
