import { type Tr, tr } from "../lang.js";
import { rel, type Shown, shown } from "../num/decimal.js";
import { type Exact, isSurd, xnum } from "../num/exact.js";
import { physParam, SCALE, UNITS, type UnitKey, unit } from "../physics.js";
import { evp, type Phrases, pickT } from "../text.js";
import type {
  CheckSpec,
  Ctx,
  GasState,
  MistakeKind,
  QuantityKind,
  Reply,
  TaskType,
  VariationOp,
} from "../types.js";
import {
  because,
  type FormulaDef,
  formulaTask,
  type Outcome,
  outcomes,
  PHYS,
  type Presented,
  planted,
  present,
} from "./formula.js";

/*
 * A physics formula task as a table: one entry per variant holds all that variant says and
 * computes (question, solution and its planted faults, follow-up answers, the inputs variations
 * change, the named mistakes); physicsTask() walks the table. A new variant is one new entry.
 * The tables are built once at module load; a call builds only the chosen language's texts.
 */

/** A text of the module's TEXT table: a string, or a function of the problem alone. */
type Say<S> = string | ((s: S) => string);
/** The keys of a text table whose entries are a Say<S> (a typo does not compile). */
export type TextKey<T, S> = { [K in keyof T]: T[K] extends Say<S> ? K : never }[keyof T];

function say<T, S>(tx: T, key: TextKey<T, S>, s: S): string {
  const t = tx[key] as Say<S>;
  return typeof t === "string" ? t : t(s);
}

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

/** The solved result a follow-up answer builds on. */
export interface Solved {
  ctx: Ctx;
  o: Outcome;
  /** The result as the solution shows it (rounded, with its tolerance). */
  res: Shown;
  /** The solution's result line, answer and check. */
  p: Presented;
}

/** Builds an outcome from its steps, exact value and formula with numbers (see outcomes). */
export type Worked = (steps: string[], value: Exact, formula: string) => Outcome;

export interface PhysVariant<S, T> {
  ask: Phrases<[S]>;
  /** The result's symbol and kind, and the check expression every outcome of the variant shares. */
  sym: string;
  kind: QuantityKind;
  expr(s: S): string;
  /** The worked solution; with `fault`, that named mistake planted in it. */
  solve(tx: T, s: S, worked: Worked, fault?: string): Outcome;
  /** Why this law applies (the solution's result line follows). */
  why(tx: T, s: S): string;
  /** The same result worked out another way (see sameResult). */
  alt(tx: T, s: S, f: Solved): Reply;
  verify(tx: T, s: S, f: Solved): Reply;
  /** The edge-case question and its answer. */
  edgeAsk: Tr;
  edge(tx: T, s: S, f: Solved): Reply;
  params: readonly ParamRow<S, T>[];
  mistakes: readonly FaultRow<S, T>[];
}

export interface PhysicsTask<V extends string, S extends { variant: V }, T> {
  id: string;
  text: Tr<T>;
  draw(ctx: Ctx): S;
  variants: Record<V, PhysVariant<S, T>>;
  /** The user's "why", "another way" and "check" questions, the same for every variant. */
  questions: { why: Tr; alt: Tr; verify: Tr };
  with: FormulaDef<S>["with"];
  /** The question, when not a random template of the variant's `ask`. */
  ask?(ctx: Ctx, s: S): string;
  gas?(s: S, result: Exact): GasState;
}

/** A TaskType from a physics task table. */
export function physicsTask<V extends string, S extends { variant: V }, T>(
  task: PhysicsTask<V, S, T>,
): TaskType {
  const { variants, text, questions } = task;
  const def: FormulaDef<S> = {
    id: task.id,
    domain: "physics",
    draw: task.draw,
    ask: task.ask ?? ((ctx, s) => pickT(ctx, variants[s.variant].ask)(s)),
    solve(ctx, s, fault) {
      const v = variants[s.variant];
      return v.solve(tr(ctx, text), s, outcomes(v.expr(s), v.sym, v.kind, PHYS), fault);
    },
    params(ctx, s) {
      const tx = tr(ctx, text);
      return variants[s.variant].params.map(([key, sym, label, unit, fresh, ops = SCALE]) =>
        physParam(
          key,
          say(tx, label, s),
          sym,
          s[key] as Exact,
          (c) => fresh(c, s),
          unitText(ctx, unit, s),
          ops,
        ),
      );
    },
    with: task.with,
    followup(ctx, s, kind, o) {
      const v = variants[s.variant];
      const tx = tr(ctx, text);
      const p = present(ctx, o);
      if (kind === "why") return because(tr(ctx, questions.why), v.why(tx, s), p);
      // One small record per follow-up: the answer builders share the solved result through it.
      const f: Solved = { ctx, o, res: shown(o.value), p };
      if (kind === "alt") return { user: tr(ctx, questions.alt), reply: v.alt(tx, s, f) };
      if (kind === "verify") return { user: tr(ctx, questions.verify), reply: v.verify(tx, s, f) };
      return { user: tr(ctx, v.edgeAsk), reply: v.edge(tx, s, f) };
    },
    mistakes(ctx, s) {
      const tx = tr(ctx, text);
      const out = [];
      for (const [kind, fault, short, explain, when] of variants[s.variant].mistakes) {
        if (when && !when(s)) continue;
        out.push(planted(kind, fault, tx[short] as Say<S>, tx[explain] as Say<S>, s));
      }
      return out;
    },
    gas: task.gas,
  };
  return formulaTask(def);
}

function unitText<S>(ctx: Ctx, name: UnitName | ((s: S) => UnitName), s: S): string {
  const u = typeof name === "function" ? name(s) : name;
  if (u === "celsius") return " °C";
  const text = u && tr(ctx, UNITS)[u];
  return text ? ` ${text}` : "";
}

/** The problem with one input changed, or null unless the value is a plain positive number up to `max`. */
export function changed<S>(s: S, key: string, value: Exact, max = 100000): S | null {
  if (isSurd(value) || value.n <= 0 || xnum(value) > max) return null;
  return { ...s, [key]: value };
}

/** A reply with one check. */
export function reply(steps: string[], answer: string, check: CheckSpec): Reply {
  return { steps, answer, checks: [check] };
}

/** An "another way" reply: its own steps and check expression, the solution's answer. */
export function sameResult(f: Solved, steps: string[], expr: string): Reply {
  return { steps, answer: f.p.answer, checks: [evp(expr, f.res)] };
}

/** The result line worked out with another formula: "p₂ = 120 · (3 / 4) = 90 кПа". */
export function via(f: Solved, formula: string): string {
  return quantity(f.ctx, `${f.o.sym} = ${formula}`, f.res, f.o.kind);
}

/** "p₂ ≈ 1.25 кПа": a value as shown, with its unit. */
export function quantity(ctx: Ctx, sym: string, x: Shown, kind: QuantityKind): string {
  return `${sym} ${rel(x)} ${x.text}${unit(ctx, kind)}`;
}
