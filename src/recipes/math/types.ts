import type { Rng } from "../../core/rng.js";
import type { Noun } from "./lang.js";
import type { Exact } from "./num/exact.js";

export const MODES = ["chain", "followup", "variations", "correction"] as const;
export type Mode = (typeof MODES)[number];

export const LANGUAGES = ["ru", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const DIFFICULTIES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export type FollowupKind = "why" | "alt" | "verify" | "edge";
export const FOLLOWUP_KINDS: readonly FollowupKind[] = ["why", "alt", "verify", "edge"];

/** Named mistakes used by correction mode (recorded as metadata.mistake). */
export type MistakeKind =
  | "sign_error"
  | "dropped_term"
  | "arithmetic_slip"
  | "wrong_formula"
  | "order_of_operations"
  | "unit_conversion";

/**
 * One machine-checkable claim of an assistant turn (the `metadata.checks` contract, see
 * docs/math.md). `expr` is plain ASCII: numbers, + - * / ^, parentheses, sqrt(); for "solve" an
 * equation in `var`. `tolerance` is present only for rounded physics values.
 */
export interface Check {
  message: number;
  kind: "evaluate" | "solve";
  expr: string;
  var?: string;
  answer: string | string[];
  tolerance?: number;
  expect?: "wrong";
}

export type CheckSpec = Omit<Check, "message">;

/** An assistant turn before formatting: reasoning steps, the final answer line, its checks. */
export interface Reply {
  steps: string[];
  answer: string;
  checks: CheckSpec[];
}

export interface Exchange {
  user: string;
  reply: Reply;
  /** 0 for a turn no model should learn to say (the planted error of a correction dialogue). */
  weight?: 0;
}

/** What a generator draws with: the dialogue's random stream, its difficulty and language. */
export interface Ctx {
  rng: Rng;
  /** Difficulty 1..10. */
  d: number;
  /** Russian (true) or English (false): a boolean keeps the hot path to one branch per text. */
  ru: boolean;
}

/** Physical or mathematical kind of a chained value; picks which follow-on steps make sense. */
export type QuantityKind =
  | "number"
  | "money"
  | "probability"
  | "count"
  | "length"
  | "area"
  | "speed"
  | "distance"
  | "time"
  | "accel"
  | "force"
  | "mass"
  | "energy"
  | "momentum"
  | "voltage"
  | "current"
  | "resistance"
  | "power"
  | "pressure"
  | "volume"
  | "temperature";

/** The result a chain step hands to the next one. */
export interface Carry {
  kind: QuantityKind;
  /** Exact value; for physics, the value as shown (rounded values are reused as printed). */
  value: Exact;
  /** How the next user turn names it, in the accusative case for ru ("больший корень"). */
  ref: string;
  /** Show terminating rationals as decimals (money, percentages) rather than fractions. */
  decimal: boolean;
  /** A gas problem's state after this step (kPa, L, K), where known: later steps start from it. */
  gas?: GasState;
  /**
   * Numbers the dialogue has just given (the problem's data, the last step's fresh numbers): a
   * step's fresh number is drawn again when it repeats one, or it could undo that step exactly
   * (the kinetic energy of a 19.6 kg body, then the height that energy lifts 19.6 kg to).
   */
  avoid?: readonly Exact[];
}

export interface GasState {
  /**
   * The index this state's symbols carry (2 after "p₂ = …"), so the next change goes from it to
   * the one after (p₂V₂ = p₃V₃); absent while the state is unnumbered ("p = …"), and the next is p₁ → p₂.
   */
  n?: number;
  p?: Exact;
  V?: Exact;
  T?: Exact;
}

export interface ChainStep extends Exchange {
  carry: Carry;
}

/** A kind of chain step: the next exchange built on `c`, or null when it does not fit that value. */
export type ChainStepFn = (ctx: Ctx, c: Carry) => ChainStep | null;

/** A parameter of a problem that variations may change. */
export interface Param {
  key: string;
  /** Name in running text, accusative for ru ("коэффициент b", "начальную скорость"). */
  label: string;
  /** Symbol shown as `sym = value`; without one the change reads "use 10 instead of 5". */
  sym?: string;
  value: Exact;
  ops: readonly VariationOp[];
  /** A fresh value for "set" (must differ from the current one to be used). */
  fresh?: (ctx: Ctx) => Exact;
  /**
   * Unit after the value: a fixed suffix with its leading space (a symbol such as " m/s", "%"),
   * or a noun that agrees with each value it follows by the plural rules (" 1 dollar", " 2 dollars").
   */
  unit?: string | Noun;
  /** Shown as a decimal (physics) rather than a fraction. */
  decimal?: boolean;
}

export type VariationOp = "double" | "halve" | "negate" | "set" | "general";

export interface Mistake {
  kind: MistakeKind;
  /** The wrong turn: its steps contain the mistake, its check has expect "wrong". */
  wrong: Reply;
  /** Reasoning lines that find and explain this specific mistake. */
  explain: string[];
  /** One sentence naming the mistake, shown with the corrected answer. */
  short: string;
}

/** A generated problem of one task type, bound to its dialogue's language and difficulty. */
export interface Problem {
  ask(): string;
  solve(): Reply;
  /** The result the first chain step builds on. */
  carry(): Carry;
  /** Task-specific chain steps that come before the generic ones for the carried kind (optional). */
  chain?(carry: Carry, step: number): ChainStep | null;
  followup(kind: FollowupKind): Exchange;
  /**
   * A follow-up question as this problem needs it asked (optional): a two-stage problem's
   * follow-ups concern its first part, and the question says so.
   */
  aboutPart?(question: string): string;
  params(): Param[];
  /** The same problem with one parameter changed, or null if that makes it invalid. */
  with(key: string, value: Exact): Problem | null;
  /** "Generalise" variation for a parameter (optional). */
  general?(key: string): Exchange | null;
  /** A random applicable mistake for correction mode. */
  mistake(): Mistake;
}

export interface TaskType {
  readonly id: string;
  readonly domain: "math" | "physics";
  create(ctx: Ctx): Problem;
  /**
   * Its questions may span lines (a system of equations, one per line): only its dialogues' user
   * turns are searched for line breaks to escape (render.ts messagesJson). Every other task's
   * texts hold none, which test/math/json-clean.test.ts proves from the sources.
   */
  readonly multiline?: boolean;
}

/** One chat message as written to the dataset. */
export interface Message {
  role: "system" | "user" | "assistant";
  content: string;
  /** OpenAI's per-turn training weight: 0 on the planted wrong answer of a correction dialogue. */
  weight?: 0;
}

/**
 * Correction mode: "fixed" when the first answer carries a planted error that the assistant
 * finds after the user objects; "defended" when the first answer is right and the assistant
 * rechecks it and politely keeps it.
 */
export type CorrectionKind = "fixed" | "defended";

export interface DialogueMetadata {
  /** The canonical record's writer (see core/record.ts). */
  recipe: "math";
  mode: Mode;
  task_type: string;
  language: Language;
  difficulty: number;
  reasoning_mode: boolean;
  seed: number;
  index: number;
  num_turns: number;
  checks: Check[];
  /** Correction mode: the kind of the deliberate mistake ("fixed" dialogues only). */
  mistake?: MistakeKind;
  /** Correction mode: whether the objection was right (see CorrectionKind). */
  correction?: CorrectionKind;
  /**
   * Correction mode, "fixed": the reasoning line of the last assistant turn where the right
   * solution starts; that solution and the final answer are the DPO export's chosen side.
   */
  correct_from?: number;
}

/** A generated dialogue (library form). `numTurns` counts user turns. */
export interface Dialogue {
  messages: Message[];
  metadata: DialogueMetadata;
  numTurns: number;
}

/** A dataset record: stable id from (seed, index). */
export interface MathRecord {
  id: string;
  messages: Message[];
  metadata: DialogueMetadata;
}
