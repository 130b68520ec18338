import type { Rng } from "../../core/rng.js";
import type { RolePack } from "./role-pack.js";

/** Everything that makes one dialogue different from the next, drawn from the item's seed. */
export interface Scenario {
  customer_persona: string;
  intent: string;
  product: string;
  objections: string[];
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

export interface ScenarioBounds {
  minMessages: number;
  maxMessages: number;
}

export function sampleScenario(rng: Rng, pack: RolePack, bounds: ScenarioBounds): Scenario {
  const lang = STYLES[pack.language] ? pack.language : "en";
  const span = Math.max(0, bounds.maxMessages - bounds.minMessages);
  // Even counts: the dialogue starts with the customer and ends with the seller.
  let target = bounds.minMessages + rng.int(0, span);
  if (target % 2 !== 0) target = target + 1 <= bounds.maxMessages ? target + 1 : target - 1;
  const days = rng.int(2, 7);
  const pauses = rng.sample(
    Array.from({ length: Math.max(1, Math.floor(target / 2) - 1) }, (_, i) => (i + 1) * 2),
    Math.min(days - 1, 6),
  );
  pauses.sort((a, b) => a - b);
  return {
    customer_persona: rng.pick(pack.customer_personas),
    intent: rng.pick(pack.intents),
    product: rng.pick(pack.products),
    objections: pack.objections.length
      ? rng.sample(pack.objections, rng.int(1, Math.min(3, pack.objections.length)))
      : [],
    outcome: rng.pick(pack.outcomes),
    days,
    pauses,
    off_topic: pack.off_topic.length
      ? rng.sample(pack.off_topic, rng.int(1, Math.min(2, pack.off_topic.length)))
      : [],
    target_messages: target,
    customer_style: rng.pick(STYLES[lang]),
    opening: rng.pick(OPENINGS[lang]),
  };
}
