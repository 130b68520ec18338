import { all, create } from "mathjs";

/**
 * An independent verifier for the `metadata.checks` contract, built on mathjs (not on the
 * generator's own arithmetic). Exact expressions are compared as fractions; expressions with
 * sqrt() or a stated tolerance are compared numerically.
 */
const exact = create(all, { number: "Fraction" });
const float = create(all);

export interface CheckLike {
  message: number;
  kind: "evaluate" | "solve";
  expr: string;
  var?: string;
  answer: string | string[];
  tolerance?: number;
  expect?: "wrong";
}

export interface MessageLike {
  role: string;
  content: string;
}

const ASCII_ONLY = /^[0-9a-z+\-*/^().=\s,]*$/;
const ALLOWED_WORDS = /[a-z]+/g;

/** The check's expression uses only the contract's vocabulary. */
export function vocabularyProblem(c: CheckLike): string | null {
  const texts = [c.expr, ...(Array.isArray(c.answer) ? c.answer : [c.answer])];
  for (const t of texts) {
    if (!ASCII_ONLY.test(t)) return `non-ASCII or disallowed character in '${t}'`;
    for (const w of t.match(ALLOWED_WORDS) ?? [])
      if (w !== "sqrt" && w !== c.var) return `unexpected word '${w}' in '${t}'`;
  }
  return null;
}

function closeEnough(a: number, b: number, tol?: number): boolean {
  const t = tol !== undefined ? tol + 1e-9 : 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= t;
}

/** Exact value as a mathjs Fraction, or null when the expression leaves the rationals. */
function evalExact(expr: string, scope?: Record<string, unknown>): unknown | null {
  if (expr.includes("sqrt")) return null;
  try {
    const v = exact.evaluate(expr, scope ?? {});
    return exact.typeOf(v) === "Fraction" ? v : null;
  } catch {
    return null;
  }
}

function evalFloat(expr: string, scope?: Record<string, number>): number {
  const v = float.evaluate(expr, scope ?? {});
  if (typeof v !== "number") throw new Error(`'${expr}' did not evaluate to a real number`);
  return v;
}

/** Whether the check's claim is mathematically true. */
export function claimHolds(c: CheckLike): boolean {
  if (c.kind === "evaluate") {
    const answer = c.answer as string;
    if (c.tolerance === undefined) {
      const a = evalExact(c.expr);
      const b = evalExact(answer);
      if (a !== null && b !== null) return exact.equal(a as never, b as never) as boolean;
    }
    return closeEnough(evalFloat(c.expr), evalFloat(answer), c.tolerance);
  }
  const [lhs, rhs] = c.expr.split("=");
  const diff = `(${lhs}) - (${rhs})`;
  const v = c.var!;
  const roots = c.answer as string[];
  for (const root of roots) {
    const re = evalExact(root);
    const de = re === null ? null : evalExact(diff, { [v]: re });
    if (de !== null) {
      if (!exact.equal(de as never, 0)) return false;
    } else {
      const x = evalFloat(root);
      const scale = Math.max(1, ...evalTerms(diff, x));
      if (Math.abs(evalFloat(diff, { [v]: x })) > 1e-9 * scale) return false;
    }
  }
  if (new Set(roots).size !== roots.length) return false;
  // Completeness for polynomial equations: the claimed roots are all the real roots.
  const realRoots = countRealRoots(diff, v);
  if (realRoots !== null && realRoots !== roots.length) return false;
  if (realRoots === null && roots.length === 0) return false;
  return true;
}

/** Magnitudes of the constants in `diff`, scaled by x²: how large a rounding residue can be. */
function evalTerms(diff: string, x: number): number[] {
  try {
    const node = float.parse(diff);
    const out: number[] = [];
    node.traverse((n) => {
      if (n.type === "ConstantNode") out.push(Math.abs(Number((n as unknown as { value: number }).value)));
    });
    return out.map((c) => c * Math.max(1, Math.abs(x)) ** 2);
  } catch {
    return [1];
  }
}

/**
 * Number of distinct real roots when `diff` is a polynomial of degree 1 or 2 in `v` (found from
 * exact values at x = 0..4: finite differences vanish from order 3 on), else null.
 */
function countRealRoots(diff: string, v: string): number | null {
  if (diff.includes("sqrt")) return null;
  let f: number[];
  try {
    const code = exact.compile(diff);
    f = [0, 1, 2, 3, 4].map((x) => {
      const val = code.evaluate({ [v]: exact.fraction(x) }) as { valueOf(): number };
      return Number(val.valueOf());
    });
  } catch {
    return null;
  }
  const d1 = f.slice(1).map((y, i) => y - f[i]);
  const d2 = d1.slice(1).map((y, i) => y - d1[i]);
  const d3 = d2.slice(1).map((y, i) => y - d2[i]);
  const eps = 1e-9 * Math.max(1, ...f.map(Math.abs));
  if (d3.some((x) => Math.abs(x) > eps)) return null;
  const a = d2[0] / 2;
  const b = d1[0] - a;
  const c = f[0];
  if (Math.abs(a) <= eps) return Math.abs(b) <= eps ? null : 1;
  const disc = b * b - 4 * a * c;
  if (Math.abs(disc) <= 1e-9 * Math.max(b * b, Math.abs(4 * a * c), 1)) return 1;
  return disc > 0 ? 2 : 0;
}

/** "3*sqrt(2)" -> "3√2", "(1 + sqrt(5))/2" -> "(1 + √5)/2": how answers are written in text. */
export function toDisplay(ascii: string): string {
  return ascii.replace(/\*?sqrt\((\d+)\)/g, "√$1");
}

/** The final answer of an assistant message: inside <answer>, or after the last "Ответ:"/"Answer:". */
export function finalAnswer(content: string, reasoning: boolean): string | null {
  if (reasoning) {
    const m = /<answer>([\s\S]*)<\/answer>$/.exec(content);
    return m ? m[1] : null;
  }
  const lines = content.split("\n");
  const last = lines[lines.length - 1];
  const m = /^(?:Ответ|Answer): (.*)$/.exec(last);
  return m ? m[1] : null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The answer text shows this value as a whole token (not as part of a longer number). */
export function showsValue(answerText: string, ascii: string): boolean {
  const shown = toDisplay(ascii);
  const re = new RegExp(`(?<![\\d./√-])${escapeRe(shown)}(?![\\d/√]|\\.\\d)`);
  return re.test(answerText);
}

/** Every problem with one record's checks, as readable strings (empty when all is well). */
export function verifyRecord(rec: {
  messages: MessageLike[];
  metadata: { checks: CheckLike[]; reasoning_mode: boolean; mode: string; correction?: string };
}): string[] {
  const problems: string[] = [];
  const { checks, reasoning_mode: reasoning, mode } = rec.metadata;
  const checked = new Set<number>();
  for (const c of checks) {
    const msg = rec.messages[c.message];
    if (msg?.role !== "assistant") {
      problems.push(`check points at message ${c.message}, which is not an assistant turn`);
      continue;
    }
    checked.add(c.message);
    const vocab = vocabularyProblem(c);
    if (vocab) problems.push(vocab);
    let holds: boolean;
    try {
      holds = claimHolds(c);
    } catch (e) {
      problems.push(`cannot evaluate ${JSON.stringify(c)}: ${(e as Error).message}`);
      continue;
    }
    if (c.expect === "wrong" ? holds : !holds)
      problems.push(
        `${c.expect === "wrong" ? "deliberately wrong claim is true" : "wrong answer"}: ${JSON.stringify(c)}`,
      );
    const answerText = finalAnswer(msg.content, reasoning);
    if (answerText === null) {
      problems.push(`message ${c.message} has no final answer`);
      continue;
    }
    const values = Array.isArray(c.answer) ? c.answer : [c.answer];
    for (const v of values)
      if (!showsValue(answerText, v))
        problems.push(`answer '${answerText}' does not show ${v} (check ${c.expr})`);
  }
  // Every assistant turn states a result, so every one carries a check.
  rec.messages.forEach((m, i) => {
    if (m.role === "assistant" && !checked.has(i)) problems.push(`assistant message ${i} has no check`);
  });
  if (mode === "correction") problems.push(...correctionProblems(rec.messages, checks, rec.metadata));
  return problems;
}

/**
 * A correction dialogue either plants an error (its wrong claim sits on the one assistant turn
 * with weight 0, so no trainer learns to say it) or defends a right first answer (no wrong
 * claim, nothing weighted 0).
 */
function correctionProblems(
  messages: (MessageLike & { weight?: number })[],
  checks: CheckLike[],
  meta: { correction?: string },
): string[] {
  const wrongAt = new Set(checks.filter((c) => c.expect === "wrong").map((c) => c.message));
  const zeroAt = new Set(messages.flatMap((m, i) => (m.weight === 0 ? [i] : [])));
  const same = wrongAt.size === zeroAt.size && [...wrongAt].every((i) => zeroAt.has(i));
  if (meta.correction === "defended")
    return wrongAt.size + zeroAt.size === 0 ? [] : ["a defended answer has a wrong claim or a weight-0 turn"];
  if (wrongAt.size === 0) return ["correction dialogue without a check marked expect: wrong"];
  return same ? [] : [`wrong claims on messages ${[...wrongAt]} but weight 0 on ${[...zeroAt]}`];
}
