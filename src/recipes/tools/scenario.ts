import type { Rng } from "../../core/rng.js";
import type { DomainPack, GoldCategory } from "./domain-pack.js";

/** Everything that makes one dialogue different from the next, drawn from the item's seed. */
export interface ToolsScenario {
  user_id: string;
  /** A question topic, an unsupported scenario, or a gold category's description. */
  topic: string;
  /** Gold set only: the category's name. */
  category?: string;
  /** false: no tool can serve the request; the dialogue must make no call. */
  supported: boolean;
  /** The dialogue's "today", YYYY-MM-DD (the record's `dates`). */
  dates: string;
  /** How many user messages the dialogue has. */
  turns: number;
  /** Edge-case twists to work in. */
  twists: string[];
  /** Tools the dialogue should exercise (gold categories). */
  focus_tools?: string[];
}

export interface ScenarioSettings {
  minTurns: number;
  maxTurns: number;
  /** Share of dialogues built on an unsupported scenario (when the pack has any). */
  unsupportedRatio: number;
  /** Share of dialogues that get an edge-case twist (when the pack has any). */
  twistRatio: number;
}

const DAY_MS = 86_400_000;

/** A day in the pack's date range, uniformly. */
function sampleDate(rng: Rng, range: { from: string; to: string }): string {
  const from = Date.parse(`${range.from}T00:00:00Z`);
  const to = Date.parse(`${range.to}T00:00:00Z`);
  const days = Math.round((to - from) / DAY_MS);
  return new Date(from + rng.int(0, days) * DAY_MS).toISOString().slice(0, 10);
}

/** One training scenario. Each draw has its own stream, so adding a field never reshuffles the others. */
export function sampleScenario(rng: Rng, pack: DomainPack, settings: ScenarioSettings): ToolsScenario {
  const unsupported = pack.unsupported_scenarios.length > 0 && rng.fork(1).chance(settings.unsupportedRatio);
  const topic = unsupported
    ? rng.fork(2).pick(pack.unsupported_scenarios)
    : rng.fork(2).pick(pack.question_topics);
  const twists =
    pack.edge_cases.length > 0 && rng.fork(3).chance(settings.twistRatio)
      ? [rng.fork(4).pick(pack.edge_cases)]
      : [];
  return {
    user_id: rng.fork(5).pick(pack.user_ids),
    topic,
    supported: !unsupported,
    dates: sampleDate(rng.fork(6), pack.date_range),
    turns: rng.fork(7).int(settings.minTurns, Math.max(settings.minTurns, settings.maxTurns)),
    twists,
  };
}

/** Gold slot `index` (0-based over every category's count, in pack order). */
export interface GoldSlot {
  category: GoldCategory;
  /** Global gold index: goes into the id and custom_id. */
  index: number;
  /** 1-based number within the category. */
  number: number;
}

export function goldSlots(pack: DomainPack): GoldSlot[] {
  const slots: GoldSlot[] = [];
  for (const category of pack.gold_categories) {
    for (let k = 1; k <= category.count; k++) slots.push({ category, index: slots.length, number: k });
  }
  return slots;
}

/** `gold-<category>-<NNN>`: the category is readable in custom_id and the trailing index is global. */
export function goldId(slot: GoldSlot): string {
  return `gold-${slot.category.name}-${String(slot.index).padStart(3, "0")}`;
}

/** One gold scenario: the category decides support, focus and twists; the rest is drawn. */
export function goldScenario(
  rng: Rng,
  pack: DomainPack,
  slot: GoldSlot,
  settings: ScenarioSettings,
): ToolsScenario {
  const c = slot.category;
  const turns = c.turns ?? { min: settings.minTurns, max: settings.maxTurns };
  const twists =
    c.edge_case && pack.edge_cases.length > 0
      ? rng.fork(4).sample(pack.edge_cases, rng.fork(3).int(1, 2))
      : [];
  // Unsupported and edge-case categories still need a concrete request to refuse or to twist.
  const topic = c.no_call
    ? `${c.description} — ${rng.fork(2).pick(pack.unsupported_scenarios)}`
    : c.edge_case
      ? `${c.description} — ${rng.fork(2).pick(pack.question_topics)}`
      : c.description;
  return {
    user_id: rng.fork(5).pick(pack.user_ids),
    topic,
    category: c.name,
    supported: !c.no_call,
    dates: sampleDate(rng.fork(6), pack.date_range),
    turns: rng.fork(7).int(turns.min, Math.max(turns.min, turns.max)),
    twists,
    ...(c.tools?.length ? { focus_tools: c.tools } : {}),
  };
}
