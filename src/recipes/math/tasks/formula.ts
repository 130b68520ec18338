import { form, type Noun, type Tr, tr } from "../lang.js";
import { rel, type Shown, shown } from "../num/decimal.js";
import { type Exact, isSurd, xadd, xcmp, xneg, xnum } from "../num/exact.js";
import { asc, show } from "../num/fmt.js";
import { NumericRangeError, q } from "../num/rational.js";
import { physAnswer, physCarry, quantityRef, unit } from "../physics.js";
import { check, evp, evs, restatesDivision, wrong } from "../text.js";
import type {
  Carry,
  ChainStep,
  CheckSpec,
  Ctx,
  Exchange,
  FollowupKind,
  GasState,
  Mistake,
  MistakeKind,
  Param,
  Problem,
  QuantityKind,
  Reply,
  TaskType,
  VariationOp,
} from "../types.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  thisGives: "This gives ",
  theResult: "the result",
  slippedInTheFinal: "I slipped in the final calculation.",
  theLastStepGives: (p: Presented, bp: Presented) => `The last step gives ${p.text}, but I wrote ${bp.text}.`,
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    thisGives: "Получаем ",
    theResult: "результат",
    slippedInTheFinal: "Я ошибся в последнем вычислении.",
    theLastStepGives: (p, bp) => `В последнем шаге должно получиться ${p.text}, а я записал ${bp.text}.`,
  },
  en: TEXT_EN,
};

/**
 * Shared shape of single-result tasks (most physics and several math tasks): the task defines
 * how to draw its data, word the question and work the solution (optionally with a named fault);
 * this class turns that into the Problem interface: the result line and answer, the check, the
 * chain carry, variations and correction dialogues.
 */
export interface Outcome {
  /** Reasoning lines before the result line. */
  steps: string[];
  /** Exact result. */
  value: Exact;
  /** Check expression from the dialogue's own numbers. */
  expr: string;
  /** Result symbol ("v", "S", "P"); "" for a bare value. */
  sym: string;
  kind: QuantityKind;
  /** The formula with numbers substituted, for the result line `sym = formula = value`. */
  formula: string;
  /** Physics: decimal, rounded as stated, with units. Otherwise exact (fraction or surd). */
  phys?: boolean;
  /** Math answers shown as decimals when they terminate (money, percentages). */
  decimal?: boolean;
  /** Unit for non-physics answers (" см²"), with the leading space. */
  unit?: string;
  /** A unit that agrees with the value by the plural rules ("1 dollar", "2.5 dollars"); wins over `unit`. */
  units?: Noun;
  /** How chain turns refer to the result (default: by kind). */
  ref?: string;
  /** A check other than "evaluate expr" (e.g. a "solve" check); must claim `value`. */
  check?: CheckSpec;
}

/** Display options an outcome's variants share. */
export type Display = Pick<Outcome, "phys" | "decimal" | "unit" | "units" | "ref" | "check">;
export const PHYS: Display = { phys: true };

/**
 * The outcomes of one problem: the correct working and each planted fault share the check
 * expression, result symbol, kind and display; they differ in steps, value and formula, so a
 * fault is written as a patch of those three (arguments in the order a literal computes them).
 */
export function outcomes(expr: string, sym: string, kind: QuantityKind, display?: Display) {
  // Every field written out (no spread): one object shape whatever the display, as uniform() makes.
  const phys = display?.phys === true;
  const decimal = display?.decimal === true;
  return (steps: string[], value: Exact, formula: string): Outcome => ({
    steps,
    value,
    expr,
    sym,
    kind,
    formula,
    phys,
    decimal,
    unit: display?.unit,
    units: display?.units,
    ref: display?.ref,
    check: display?.check,
  });
}

/**
 * A planted error has to look like an answer someone could believe: a probability between 0 and
 * 1, a positive length, area, count, mass or time.
 */
function plausible(bad: Outcome): boolean {
  const v = xnum(bad.value);
  if (bad.kind === "probability") return v >= 0 && v <= 1;
  if (POSITIVE.has(bad.kind)) return v > 0;
  return true;
}

const POSITIVE: ReadonlySet<QuantityKind> = new Set(["length", "area", "count", "mass", "time", "volume"]);

export interface MistakeDef {
  kind: MistakeKind;
  fault: string;
  /** Texts naming this mistake, given the faulty and the correct outcome. */
  describe(bad: Outcome, good: Outcome): { short: string; explain: string[] };
}

/** A text fixed for the task, or one that names the problem's numbers. */
export type Said<S> = string | ((s: S) => string);

export function say<S>(t: Said<S>, s: S): string {
  return typeof t === "string" ? t : t(s);
}

/**
 * A planted mistake: its kind, the fault `solve` plants, how the assistant names it and why it is
 * wrong (texts in the dialogue's language; one that names the numbers of `s` is built only when
 * the mistake is described).
 */
export function planted<S>(
  kind: MistakeKind,
  fault: string,
  short: Said<S>,
  explain: Said<S>,
  s?: S,
): MistakeDef {
  return { kind, fault, describe: () => ({ short: say(short, s as S), explain: [say(explain, s as S)] }) };
}

/** How a planted fault is named (short) and why it is wrong; the explanation may quote the data. */
export type FaultText<S> = readonly [short: string, explain: Said<S>];

/**
 * A task's planted mistakes from two tables: each fault's kind (in the order the task offers
 * them) and its texts in the dialogue's language. `offered` leaves out faults the data rules out.
 */
export function faultDefs<S>(
  s: S,
  kinds: Readonly<Record<string, MistakeKind>>,
  texts: Readonly<Record<string, FaultText<S>>>,
  offered?: (fault: string) => boolean,
): MistakeDef[] {
  const out: MistakeDef[] = [];
  for (const fault in kinds) {
    if (offered && !offered(fault)) continue;
    out.push(planted(kinds[fault], fault, texts[fault][0], texts[fault][1], s));
  }
  return out;
}

/** A "why" answer: the reason, then the solution's result line, answer and check. */
export function because(user: string, reason: string, p: Presented): Exchange {
  return { user, reply: { steps: [reason, p.line], answer: p.answer, checks: [p.check] } };
}

/** Another way to the same answer: its own steps and check, the solution's answer. */
export function sameAnswer(user: string, steps: string[], p: Presented, check: CheckSpec): Exchange {
  return { user, reply: { steps, answer: p.answer, checks: [check] } };
}

export interface FormulaDef<S> {
  id: string;
  domain: "math" | "physics";
  draw(ctx: Ctx): S;
  ask(ctx: Ctx, s: S): string;
  /** The worked solution; `fault` names a deliberate mistake from `mistakes`. */
  solve(ctx: Ctx, s: S, fault?: string): Outcome;
  params(ctx: Ctx, s: S): Param[];
  /** The data with one parameter changed, or null when that makes no sense. */
  with(ctx: Ctx, s: S, key: string, value: Exact): S | null;
  followup(ctx: Ctx, s: S, kind: FollowupKind, solved: Outcome): Exchange;
  mistakes(ctx: Ctx, s: S): MistakeDef[];
  general?(ctx: Ctx, s: S, key: string, solved: Outcome): Exchange | null;
  chain?(ctx: Ctx, s: S, carry: Carry, step: number): ChainStep | null;
  /** Gas problems: the state (p, V, T) the solution ends in, which chain steps continue from. */
  gas?(s: S, result: Exact): GasState;
}

/**
 * Outcomes come from many task literals with different optional fields; copying them into one
 * object shape keeps the shared code below monomorphic, which matters on a 50k-dialogue/s path.
 */
function uniform(o: Outcome): Outcome {
  return {
    steps: o.steps,
    value: o.value,
    expr: o.expr,
    sym: o.sym,
    kind: o.kind,
    formula: o.formula,
    phys: o.phys === true,
    decimal: o.decimal === true,
    unit: o.unit,
    units: o.units,
    ref: o.ref,
    check: o.check,
  };
}

/**
 * The result stated without the solution's own formula: closes an "another way" answer, which
 * has worked it out its own way ("This gives v ≈ 0.963 m/s.").
 */
export function resultLine(ctx: Ctx, o: Outcome): string {
  const gives = tr(ctx, TEXT).thisGives;
  if (o.phys) {
    const s = shown(o.value);
    return `${gives}${o.sym} ${rel(s)} ${s.text}${unit(ctx, o.kind)}.`;
  }
  return `${gives}${o.sym ? `${o.sym} = ` : ""}${show(o.value, o.decimal)}${unitOf(ctx, o)}.`;
}

/** The unit written after a non-physics value, with its leading space ("" for none). */
export function unitOf(ctx: Ctx, o: Outcome): string {
  return o.units ? ` ${form(ctx, xnum(o.value), o.units)}` : (o.unit ?? "");
}

/** An outcome as the reply shows it: the value, the result line, the answer and its check. */
export interface Presented {
  text: string;
  line: string;
  answer: string;
  check: CheckSpec;
}

export function present(ctx: Ctx, o: Outcome): Presented {
  if (o.phys) {
    const s = shown(o.value);
    return {
      text: s.text,
      line: `${o.sym} = ${o.formula} ${rel(s)} ${s.text}${unit(ctx, o.kind)}`,
      answer: physAnswer(ctx, o.sym, s, o.kind),
      check: evp(o.expr, s),
    };
  }
  const text = show(o.value, o.decimal);
  const u = unitOf(ctx, o);
  // "S = √3135 ≈ 55.99", not "S = √3135 = √3135 ≈ 55.99", when the formula already is the value,
  // and "P = 11/13", not "P = 11 / 13 = 11/13", when the division is the fraction.
  const worked =
    text.startsWith(o.formula) || restatesDivision(o.formula, text) ? text : `${o.formula} = ${text}`;
  return {
    text,
    line: o.sym ? `${o.sym} = ${worked}${u}` : `${worked}${u}`,
    answer: o.sym ? `${o.sym} = ${text}${u}` : `${text}${u}`,
    check: o.check ?? evs(o.expr, asc(o.value, o.decimal)),
  };
}

export function outcomeReply(ctx: Ctx, o: Outcome): Reply {
  const p = present(ctx, o);
  return { steps: [...o.steps, p.line], answer: p.answer, checks: [p.check] };
}

/** Physics values as shown, for comparing a faulty result with the right one. */
function differ(a: Outcome, b: Outcome): boolean {
  if (a.phys) {
    const sa: Shown = shown(a.value);
    const sb: Shown = shown(b.value);
    const tol = Math.max(sa.tolerance ?? 0, sb.tolerance ?? 0);
    return (
      Math.abs(xnum(sa.q) - xnum(b.value)) > 2 * tol + 1e-12 && Math.abs(xnum(sa.q) - xnum(sb.q)) > 2 * tol
    );
  }
  return xcmp(a.value, b.value) !== 0;
}

export class FormulaProblem<S> implements Problem {
  private solved?: Outcome;
  private shownReply?: Reply;
  private listed?: Param[];

  constructor(
    readonly def: FormulaDef<S>,
    readonly ctx: Ctx,
    readonly s: S,
  ) {}

  get outcome(): Outcome {
    if (!this.solved) this.solved = uniform(this.def.solve(this.ctx, this.s));
    return this.solved;
  }

  ask(): string {
    return this.def.ask(this.ctx, this.s);
  }

  solve(): Reply {
    // Modes ask for the solution more than once (correction shows it again): build it once.
    if (!this.shownReply) this.shownReply = outcomeReply(this.ctx, this.outcome);
    return this.shownReply;
  }

  carry(): Carry {
    const o = this.outcome;
    if (o.phys) {
      const c = physCarry(this.ctx, o.kind, o.value);
      if (o.ref) c.ref = o.ref;
      if (this.def.gas) c.gas = this.def.gas(this.s, o.value);
      return c;
    }
    return {
      kind: o.kind,
      value: o.value,
      ref: o.ref ?? (o.kind === "number" ? tr(this.ctx, TEXT).theResult : quantityRef(this.ctx, o.kind)),
      decimal: o.decimal === true,
    };
  }

  chain(carry: Carry, step: number): ChainStep | null {
    return this.def.chain ? this.def.chain(this.ctx, this.s, carry, step) : null;
  }

  followup(kind: FollowupKind): Exchange {
    return this.def.followup(this.ctx, this.s, kind, this.outcome);
  }

  params(): Param[] {
    // Asked for by variations, a chain's start and a second stage's symbols: listed once.
    this.listed ??= this.def.params(this.ctx, this.s);
    return this.listed;
  }

  with(key: string, value: Exact): Problem | null {
    const s = this.def.with(this.ctx, this.s, key, value);
    if (s === null) return null;
    const p = new FormulaProblem(this.def, this.ctx, s);
    try {
      void p.outcome;
    } catch (e) {
      if (e instanceof RangeError || e instanceof NumericRangeError) return null;
      throw e;
    }
    return p;
  }

  general(key: string): Exchange | null {
    return this.def.general ? this.def.general(this.ctx, this.s, key, this.outcome) : null;
  }

  mistake(): Mistake {
    const defs = this.def.mistakes(this.ctx, this.s);
    const good = this.outcome;
    const order = this.ctx.rng.shuffle(defs.slice());
    for (const m of order) {
      let bad: Outcome;
      try {
        bad = uniform(this.def.solve(this.ctx, this.s, m.fault));
      } catch (e) {
        if (e instanceof RangeError || e instanceof NumericRangeError) continue;
        throw e;
      }
      if (!differ(bad, good) || !plausible(bad)) continue;
      const p = present(this.ctx, bad);
      const goodCheck = present(this.ctx, good).check;
      const texts = m.describe(bad, good);
      return {
        kind: m.kind,
        wrong: { steps: [...bad.steps, p.line], answer: p.answer, checks: [wrong(p.check, goodCheck.expr)] },
        short: texts.short,
        explain: texts.explain,
      };
    }
    return this.slipFallback(good);
  }

  /** Every task can at least slip in the last step: the result written off by one unit. */
  private slipFallback(good: Outcome): Mistake {
    const tx = tr(this.ctx, TEXT);
    const p = present(this.ctx, good);
    const off = good.phys ? shown(good.value).q : good.value;
    // Off by one unit; a probability is off by a tenth instead, staying between 0 and 1.
    const step = good.kind === "probability" ? q(1, 10) : q(1);
    const value = xadd(
      off,
      xnum(off) >= 0 && (good.kind !== "probability" || xnum(off) <= 0.9) ? step : xneg(step),
    );
    // A task-specific check claims the slipped value too ("solve" checks list it as the root).
    const c = good.check;
    const claim = asc(value, good.decimal);
    const slipped =
      c && check(c.kind, c.expr, c.kind === "solve" ? [claim] : claim, c.var, c.tolerance, c.expect);
    const bad: Outcome = {
      steps: good.steps,
      value,
      expr: good.expr,
      sym: good.sym,
      kind: good.kind,
      formula: good.formula,
      phys: good.phys,
      decimal: good.decimal,
      unit: good.unit,
      units: good.units,
      check: slipped,
    };
    const bp = present(this.ctx, bad);
    return {
      kind: "arithmetic_slip",
      wrong: {
        steps: [...good.steps, bp.line],
        answer: bp.answer,
        checks: [wrong(bp.check, p.check.expr)],
      },
      short: tx.slippedInTheFinal,
      explain: [tx.theLastStepGives(p, bp)],
    };
  }
}

/** A TaskType for a formula definition. */
export function formulaTask<S>(def: FormulaDef<S>): TaskType {
  // Every definition gets the same object shape (optional hooks present, maybe undefined).
  const d: FormulaDef<S> = {
    id: def.id,
    domain: def.domain,
    draw: def.draw,
    ask: def.ask,
    solve: def.solve,
    params: def.params,
    with: def.with,
    followup: def.followup,
    mistakes: def.mistakes,
    general: def.general,
    chain: def.chain,
    gas: def.gas,
  };
  return { id: d.id, domain: d.domain, create: (ctx) => new FormulaProblem(d, ctx, d.draw(ctx)) };
}
/** An input the variations may change: the Param literal every task spelled out field by field. */
export function param(
  key: string,
  label: string,
  sym: string | undefined,
  value: Exact,
  ops: readonly VariationOp[],
  fresh: (ctx: Ctx) => Exact,
  unit?: string,
): Param {
  return { key, label, sym, value, ops, fresh, unit };
}

/** The problem with one input changed, or null unless the value is a plain positive number up to `max`. */
export function changed<S>(s: S, key: string, value: Exact, max = 100000): S | null {
  if (isSurd(value) || value.n <= 0 || xnum(value) > max) return null;
  return { ...s, [key]: value };
}
