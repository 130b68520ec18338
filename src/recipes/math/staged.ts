import { Rng } from "../../core/rng.js";
import { secondStage } from "./chain.js";
import { type Tr, tr } from "./lang.js";
import type { Exact } from "./num/exact.js";
import { withRoundingNote } from "./render.js";
import type {
  Carry,
  ChainStep,
  Ctx,
  Exchange,
  FollowupKind,
  Mistake,
  Param,
  Problem,
  Reply,
} from "./types.js";

/** Difficulty from which a problem asks for a second stage built on its first result. */
export const STAGED_FROM = 8;

/**
 * Levels 8-10: the problem has two stages. The second asks for a further quantity computed from
 * the first result (the kind of step a chain would take next), so the solution carries one result
 * into the next computation within a single answer. The second stage draws its numbers from its
 * own random stream, so a variation of the first stage (`with`) asks the very same second
 * question and recomputes both.
 */
export function staged(p: Problem, ctx: Ctx): Problem {
  const seed = ctx.rng.int(1, 0x7fffffff);
  const second = followOn(p, ctx, seed);
  return second ? new StagedProblem(p, ctx, seed, second) : p;
}

function followOn(p: Problem, ctx: Ctx, seed: number): ChainStep | null {
  const carry = p.carry();
  // No result to build on (a quadratic without real roots): no second stage.
  if (carry.value === undefined) return null;
  const sub: Ctx = { rng: new Rng(seed), d: ctx.d, ru: ctx.ru };
  return secondStage(sub, carry);
}

const PART: Tr<(a: string) => string> = {
  ru: (a) => `Первая часть: ${a}.`,
  en: (a) => `First part: ${a}.`,
};

const ABOUT_FIRST: Tr<string> = {
  ru: "По первой части:",
  en: "About the first part:",
};

/**
 * "Why does …?" as a clause after a colon: a capitalised first word is lowercased (ru "А можно…"
 * too); a symbol ("R₃", "Δt", "ν") or the pronoun "I" is left as written.
 */
function asClause(question: string): string {
  return /^(?:[A-Z][a-z]|[А-ЯЁ][а-яё ])/.test(question) && !/^I\b/.test(question)
    ? question[0].toLowerCase() + question.slice(1)
    : question;
}

/** The symbol a reply's answer names ("v" of "v ≈ 1.90 m/s"), or null for a bare value. */
const ANSWER_SYM = /^(Δ?\p{L}[₀-₉]*) [=≈] /u;
const SYM_CHARS = String.raw`[\p{L}\d₀-₉′²³]`;

/** Per symbol: where the first stage gives it a value, and where the second stage's working writes it. */
const SYM_RE = new Map<string, { valued: RegExp; used: RegExp }>();

function symRe(sym: string): { valued: RegExp; used: RegExp } {
  let r = SYM_RE.get(sym);
  if (!r) {
    // Letters and subscript digits (ANSWER_SYM): nothing to escape.
    const s = sym;
    r = {
      valued: new RegExp(`(?<!${SYM_CHARS})${s} [=≈] `, "u"),
      // In a formula only: after a spaced operator or a bracket, or before one; a word ("a rectangle")
      // or a unit ("m/s²", "kg·m/s") stays.
      used: new RegExp(
        String.raw`(?<=[=≈·/+\-×] |\()${s}(?!${SYM_CHARS})|(?<!${SYM_CHARS}|[/·])${s}(?= [=≈·/+\-]|[)²³])`,
        "gu",
      ),
    };
    SYM_RE.set(sym, r);
  }
  return r;
}

/**
 * The second stage names its result as the first stage names another value (a = 6.98 m/s² for the
 * blocks, then a = 0.921 m/s² for a new body; the given v = 37 m/s, then a runner's v = 1.90 m/s):
 * one symbol would stand for two values, so the second stage's is primed (a′, v′) in its working
 * and answer.
 */
function primed(a: Reply, first: Problem, b: Reply): Reply {
  const sym = ANSWER_SYM.exec(b.answer)?.[1];
  if (!sym) return b;
  const re = symRe(sym);
  // The parameters last: building them costs more than reading the first stage's lines.
  // (A plain search first: most lines do not hold the symbol at all.)
  const valued = (l: string) => l.includes(sym) && re.valued.test(l);
  const taken = valued(a.answer) || a.steps.some(valued) || first.params().some((p) => p.sym === sym);
  if (!taken) return b;
  const prime = (t: string) => (t.includes(sym) ? t.replace(re.used, `${sym}′`) : t);
  return { steps: b.steps.map(prime), answer: prime(b.answer), checks: b.checks };
}

class StagedProblem implements Problem {
  private solved: Reply | undefined;

  constructor(
    private readonly first: Problem,
    private readonly ctx: Ctx,
    private readonly seed: number,
    private readonly second: ChainStep,
  ) {}

  ask(): string {
    const first = this.first.ask();
    const last = first.charCodeAt(first.length - 1);
    const end = last === 46 || last === 63 || last === 33 ? "" : "."; // . ? !
    const next = this.second.user;
    // "Затем тело тормозит …" already says it comes next; otherwise mark the second stage.
    if (next.startsWith("Затем ") || next.startsWith("Then ")) return `${first}${end} ${next}`;
    return `${first}${end} ${this.ctx.ru ? "Далее:" : "Next:"} ${next}`;
  }

  solve(): Reply {
    if (this.solved) return this.solved;
    const ru = this.ctx.ru;
    const a = this.first.solve();
    const b = primed(a, this.first, this.second.reply);
    const noted = withRoundingNote(a, ru);
    const firstAnswer = noted.endsWith(".") ? noted.slice(0, -1) : noted;
    this.solved = {
      steps: [...a.steps, tr(this.ctx, PART)(firstAnswer), ...b.steps],
      answer: `${firstAnswer}; ${withRoundingNote(b, ru)}`,
      checks: [...a.checks, ...b.checks],
    };
    return this.solved;
  }

  carry(): Carry {
    return this.second.carry;
  }

  /** Follow-ups answer for the first stage (its reasoning, check, another way, edge case). */
  followup(kind: FollowupKind): Exchange {
    return this.first.followup(kind);
  }

  /** …so the question says which part it is about: the answer gave two results. */
  aboutPart(question: string): string {
    return `${tr(this.ctx, ABOUT_FIRST)} ${asClause(question)}`;
  }

  params(): Param[] {
    return this.first.params();
  }

  with(key: string, value: Exact): Problem | null {
    const p = this.first.with(key, value);
    if (!p) return null;
    const second = followOn(p, this.ctx, this.seed);
    // The same second question, or the variation would answer something not asked.
    if (!second || second.user !== this.second.user) return null;
    return new StagedProblem(p, this.ctx, this.seed, second);
  }

  /** A generalisation speaks of the first stage alone: not offered for two-stage problems. */
  general(_key: string): Exchange | null {
    return null;
  }

  mistake(): Mistake {
    return this.first.mistake();
  }
}
