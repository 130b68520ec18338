import { type Tr, tr } from "../lang.js";
import { type Shown, shown } from "../num/decimal.js";
import type { Exact } from "../num/exact.js";
import { physParam, quantity, SCALE, UNITS, type UnitKey } from "../physics.js";
import { ev, evp, type Phrases, pickT, reply } from "../text.js";
import type {
  Carry,
  ChainStep,
  CheckSpec,
  Ctx,
  Exchange,
  GasState,
  MistakeKind,
  Param,
  QuantityKind,
  Reply,
  TaskType,
  VariationOp,
} from "../types.js";
import {
  because,
  type FormulaDef,
  formulaTask,
  type MistakeDef,
  type Outcome,
  outcomes,
  PHYS,
  type Presented,
  planted,
  present,
  type Said,
  sameAnswer,
  say,
} from "./formula.js";

/*
 * A task made of variants (a shape, a kind of expression, a law of physics) as a table: one entry
 * per variant holds all that variant says and computes (question, solution and its planted faults,
 * the follow-up answers, the inputs variations change, the named mistakes); variantTask() walks
 * the table. A new variant is one new entry (and its texts in the module's TEXT); a new task is a
 * table and a variantTask({...}) call (see geometry.ts, percentages.ts, circuits.ts for the three
 * usual forms: math with shared questions, math with its questions in TEXT, physics).
 * Tables are built once at module load; a call builds only the chosen language's texts.
 */

/** The solved result the follow-up answers build on; `p` and `res` are worked out on first use. */
export class Solved<V extends Exact = Exact> {
  private presented: Presented | undefined = undefined;
  private rounded: Shown | undefined = undefined;

  constructor(
    readonly ctx: Ctx,
    readonly o: Outcome,
  ) {}

  /** The exact result. */
  get v(): V {
    return this.o.value as V;
  }

  /** The solution's result line, answer and check. */
  get p(): Presented {
    if (this.presented === undefined) this.presented = present(this.ctx, this.o);
    return this.presented;
  }

  /** Physics: the result as the solution shows it (rounded, with its tolerance). */
  get res(): Shown {
    if (this.rounded === undefined) this.rounded = shown(this.o.value);
    return this.rounded;
  }
}

/** Builds an outcome from its steps, exact value and formula with numbers (see outcomes). */
export type Worked = (steps: string[], value: Exact, formula: string) => Outcome;

/** The user's "why", "another way" and "check" questions, the same for every variant of a task. */
export interface Questions {
  /** Left out where each variant asks its own (`whyAsk`). */
  why?: Tr;
  alt: Tr;
  verify: Tr;
}

/** The same questions as texts of the task's TEXT, with the texts of its mistake rows (see SlipRow). */
export interface Wording<S, K extends string = string> {
  why: string;
  alt: string;
  slip?: SlipTexts<S, K>;
  slipWhy?: SlipTexts<S, K>;
}

/**
 * A planted mistake as a row: its kind and the fault `solve` plants. Its texts are the entries of
 * the task's Wording `slip` (how the assistant names it) and `slipWhy` (why it is wrong) under the
 * fault's name, or under `text` where one fault name has other texts in another variant.
 */
export type SlipRow<K extends string> =
  | readonly [kind: MistakeKind, fault: K]
  | readonly [kind: MistakeKind, fault: string, text: K];

/** The texts of planted mistakes in one language, by the name a SlipRow gives. */
export type SlipTexts<S, K extends string> = Readonly<Record<K, Said<S>>>;

/** A variant's planted mistakes from its rows; texts are built only when a mistake is described. */
export function slips<S, K extends string>(
  rows: readonly SlipRow<K>[],
  s: S,
  short: SlipTexts<S, K>,
  why: SlipTexts<S, K>,
): MistakeDef[] {
  return rows.map((row) => {
    const text = (row.length === 3 ? row[2] : row[1]) as K;
    return planted(row[0], row[1], short[text], why[text], s);
  });
}

/** A check of the answer: its step, the reply's answer, and the expression its check evaluates to `value`. */
export function checked(step: string, answer: string, expr: string, value: Exact): Reply {
  return reply([step], answer, ev(expr, value));
}

/** Everything one variant of a task does. Hooks get the task's texts in the dialogue's language. */
export interface TaskVariant<
  S,
  T,
  V extends Exact = Exact,
  K extends string = string,
  A extends unknown[] = [S],
> {
  /** The question's phrasings (with more than the problem, `A`, where the task words its question itself). */
  ask?: Phrases<A>;
  /**
   * Physics: the result's symbol and kind, and the check expression every outcome shares; `solve`
   * then gets their outcome builder `worked`.
   */
  sym?: string;
  kind?: QuantityKind;
  expr?(s: S): string;
  /** The worked solution; with `fault`, that named mistake planted in it. */
  solve(tx: T, s: S, fault?: string, worked?: Worked): Outcome;
  /** Why the method works: the "why" answer says it, then the solution's result line again. */
  why(tx: T, s: S, f: Solved<V>): string;
  /** The "why" question where the variant words its own (else the task's). */
  whyAsk?: Tr;
  /** Another way to the result: its steps, and an expression the check evaluates (the solution's answer closes it). */
  alt(tx: T, s: S, f: Solved<V>): readonly [steps: string[], expr: string];
  /** A check of the answer: the reply to the task's `verify` question, or a whole exchange in its own words. */
  verify(tx: T, s: S, f: Solved<V>): Reply | Exchange;
  /** The question one step further (another number, the change undone, a special case) when `edge` gives only the reply. */
  edgeAsk?: Tr;
  edge(tx: T, s: S, f: Solved<V>): Reply | Exchange;
  /** The inputs variations may change (else the task's `params`). */
  params?(tx: T, s: S, ctx: Ctx): Param[];
  /** The planted mistakes: rows whose texts stand in the task's Wording, or built from the data. */
  mistakes: readonly SlipRow<K>[] | ((tx: T, s: S) => MistakeDef[]);
}

/**
 * The problem's variant, and how the task words its question: by default a random phrasing of the
 * problem from the variant's `ask`; a task whose question needs more than the problem (a unit, a
 * drawn object) words it itself in `ask`, and its variants' phrasings may then take any arguments.
 */
type Asking<S, T, V extends Exact> =
  | { ask?: undefined; variant(s: S): TaskVariant<S, T, V> }
  | { ask(ctx: Ctx, s: S): string; variant(s: S): TaskVariant<S, T, V, string, never[]> };

export type VariantTask<S, T, V extends Exact = Exact> = TaskDef<S, T, V> & Asking<S, T, V>;

interface TaskDef<S, T, V extends Exact> {
  id: string;
  domain: "math" | "physics";
  /** The module's TEXT table. */
  text: Tr<T>;
  draw(ctx: Ctx): S;
  /** The follow-up questions: the same in every task of the module, or the task's own in its TEXT. */
  questions: Questions | ((tx: T) => Wording<S>);
  with: FormulaDef<S>["with"];
  /** The inputs variations may change, when the variants do not list them. */
  params?(ctx: Ctx, s: S): Param[];
  /** The check of another way's expression (default: the result as shown for physics, else exact). */
  altCheck?(expr: string, f: Solved<V>): CheckSpec;
  general?(ctx: Ctx, s: S, key: string, solved: Outcome): Exchange | null;
  chain?(ctx: Ctx, s: S, carry: Carry, step: number): ChainStep | null;
  gas?(s: S, result: Exact): GasState;
}

function noResult(): Outcome {
  throw new Error("this variant declares no sym, kind and expr for `worked`");
}

/** The task's question (see Asking). */
function question<S, T, V extends Exact>(task: Asking<S, T, V>): (ctx: Ctx, s: S) => string {
  if (task.ask) return task.ask;
  const { variant } = task;
  return (ctx, s) => {
    const phrases = variant(s).ask;
    if (!phrases) throw new Error("a variant without `ask` needs the task's own `ask`");
    return pickT(ctx, phrases)(s);
  };
}

/** A TaskType from a variant table. */
export function variantTask<S, T, V extends Exact = Exact>(task: VariantTask<S, T, V>): TaskType {
  const { text, questions, variant } = task;
  const altCheck =
    task.altCheck ??
    (task.domain === "physics"
      ? (expr: string, f: Solved<V>) => evp(expr, f.res)
      : (expr: string, f: Solved<V>) => ev(expr, f.v));
  const asked = (ctx: Ctx, tx: T, kind: "why" | "alt") =>
    typeof questions === "function" ? questions(tx)[kind] : tr(ctx, questions[kind] as Tr);
  const params = task.params;
  return formulaTask<S>({
    id: task.id,
    domain: task.domain,
    draw: task.draw,
    ask: question(task),
    solve(ctx, s, fault) {
      const v = variant(s);
      const worked = v.expr ? outcomes(v.expr(s), v.sym as string, v.kind as QuantityKind, PHYS) : noResult;
      return v.solve(tr(ctx, text), s, fault, worked);
    },
    params:
      params ??
      ((ctx, s) => (variant(s).params as NonNullable<TaskVariant<S, T, V>["params"]>)(tr(ctx, text), s, ctx)),
    with: task.with,
    followup(ctx, s, kind, o) {
      const v = variant(s);
      const tx = tr(ctx, text);
      const f = new Solved<V>(ctx, o);
      if (kind === "why")
        return because(v.whyAsk ? tr(ctx, v.whyAsk) : asked(ctx, tx, "why"), v.why(tx, s, f), f.p);
      if (kind === "alt") {
        const [steps, expr] = v.alt(tx, s, f);
        return sameAnswer(asked(ctx, tx, "alt"), steps, f.p, altCheck(expr, f));
      }
      // A variant gives the reply alone where the question is the task's own (`verify`, `edgeAsk`).
      if (kind === "verify") {
        const r = v.verify(tx, s, f);
        return "user" in r ? r : { user: tr(ctx, (questions as Questions).verify), reply: r };
      }
      const r = v.edge(tx, s, f);
      return "user" in r ? r : { user: tr(ctx, v.edgeAsk as Tr), reply: r };
    },
    mistakes(ctx, s) {
      const tx = tr(ctx, text);
      const rows = variant(s).mistakes;
      if (typeof rows === "function") return rows(tx, s);
      const w = (questions as (tx: T) => Wording<S>)(tx);
      return slips(rows, s, w.slip as SlipTexts<S, string>, w.slipWhy as SlipTexts<S, string>);
    },
    general: task.general,
    chain: task.chain,
    gas: task.gas,
  });
}

// Physics ----------------------------------------------------------------------------------------

/** A physics variant: its result's symbol, kind and check expression, and its edge question. */
export interface PhysVariant<S, T> extends TaskVariant<S, T> {
  ask: Phrases<[S]>;
  sym: string;
  kind: QuantityKind;
  expr(s: S): string;
  solve(tx: T, s: S, fault: string | undefined, worked: Worked): Outcome;
  edgeAsk: Tr;
}

/** The keys of a text table whose entries are a Said<S> (a typo does not compile). */
export type TextKey<T, S> = { [K in keyof T]: T[K] extends Said<S> ? K : never }[keyof T];

/** The keys of a problem record that hold numbers (the inputs variations may change). */
type NumKey<S> = { [K in keyof S]: S[K] extends Exact ? K : never }[keyof S] & string;

/** A unit after a value: a UNITS key, "celsius" (" °C") or "" for none. */
type UnitName = UnitKey | "celsius" | "";

/**
 * An input variations may change: its key in the problem record, symbol, label (a TEXT key, in
 * the accusative for ru), unit, a fresh value for "set", and the changes it allows (SCALE if left out).
 */
export type ParamRow<S, T> = [
  key: NumKey<S>,
  sym: string,
  label: TextKey<T, S>,
  unit: UnitName | ((s: S) => UnitName),
  fresh: (ctx: Ctx, s: S) => Exact,
  ops?: readonly VariationOp[],
];

/** A variant's `params` from its rows. */
export function paramRows<S, T>(rows: readonly ParamRow<S, T>[]): (tx: T, s: S, ctx: Ctx) => Param[] {
  return (tx, s, ctx) =>
    rows.map(([key, sym, label, unit, fresh, ops = SCALE]) =>
      physParam(
        key,
        say(tx[label] as Said<S>, s),
        sym,
        s[key] as Exact,
        (c) => fresh(c, s),
        unitText(ctx, unit, s),
        ops,
      ),
    );
}

function unitText<S>(ctx: Ctx, name: UnitName | ((s: S) => UnitName), s: S): string {
  const u = typeof name === "function" ? name(s) : name;
  if (u === "celsius") return " °C";
  const text = u && tr(ctx, UNITS)[u];
  return text ? ` ${text}` : "";
}

/**
 * A planted mistake: its kind, the fault `solve` plants, the TEXT keys that name it and say why it
 * is wrong, and (when not always) which problems it applies to.
 */
export type FaultRow<S, T> = [
  kind: MistakeKind,
  fault: string,
  short: TextKey<T, S>,
  explain: TextKey<T, S>,
  when?: (s: S) => boolean,
];

/** A variant's `mistakes` from its rows. */
export function faultRows<S, T>(rows: readonly FaultRow<S, T>[]): (tx: T, s: S) => MistakeDef[] {
  return (tx, s) => {
    const out: MistakeDef[] = [];
    for (const [kind, fault, short, explain, when] of rows) {
      if (when && !when(s)) continue;
      out.push(planted(kind, fault, tx[short] as Said<S>, tx[explain] as Said<S>, s));
    }
    return out;
  };
}

/** The result line worked out with another formula: "p₂ = 120 · (3 / 4) = 90 кПа". */
export function via(f: Solved, formula: string): string {
  return quantity(f.ctx, `${f.o.sym} = ${formula}`, f.res, f.o.kind);
}
