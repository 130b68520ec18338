import * as R from "../num/rational.js";
import { type Q, q } from "../num/rational.js";
import { op } from "../text.js";

/**
 * Arithmetic expression trees: generation by difficulty, rendering for people and for checks,
 * and evaluation one operation at a time the way it is taught (brackets, powers, × and ÷, then
 * + and −, left to right), optionally with a deliberate fault for correction dialogues.
 */
export type Op = "+" | "-" | "*" | "/" | "^";

export interface Leaf {
  leaf: true;
  v: Q;
  /** Position in reading order (0-based), stable across reductions. */
  id: number;
}
export interface Bin {
  leaf: false;
  op: Op;
  l: Node;
  r: Node;
}
export type Node = Leaf | Bin;

const PREC: Record<Op, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 3 };

export function leaf(v: Q, id = -1): Leaf {
  return { leaf: true, v, id };
}

export function bin(op: Op, l: Node, r: Node): Bin {
  return { leaf: false, op, l, r };
}

export function evaluate(n: Node): Q {
  return n.leaf ? n.v : apply(n.op, evaluate(n.l), evaluate(n.r));
}

function apply(op: Op, a: Q, b: Q): Q {
  switch (op) {
    case "+":
      return R.add(a, b);
    case "-":
      return R.sub(a, b);
    case "*":
      return R.mul(a, b);
    case "/":
      return R.div(a, b);
    default:
      return R.pow(a, b.n);
  }
}

function needsParens(child: Node, parent: Bin, right: boolean): boolean {
  if (child.leaf) return false;
  const pc = PREC[child.op];
  const pp = PREC[parent.op];
  // A right operand of equal precedence is always bracketed, so the written order is the
  // evaluation order: "17 + ((-5) - 21)", never a regrouped "17 + (-5) - 21".
  return parent.op === "^" || pc < pp || (right && pc === pp);
}

const SUP: Record<number, string> = { 2: "²", 3: "³" };

/** The operator as written in text: "·", ":" (ru) or "÷" (en) for the ASCII "*" and "/". */
function opText(op: Op, ru: boolean): string {
  return op === "*" ? "·" : op === "/" ? (ru ? ":" : "÷") : op;
}

/** One operation as a reasoning line writes it: "5 · 5", "3²". */
function stepText(operator: Op, a: Q, b: Q, ru: boolean): string {
  return operator === "^" ? `${op(a)}${SUP[b.n] ?? `^${b.n}`}` : `${op(a)} ${opText(operator, ru)} ${op(b)}`;
}

/** Renders the tree; `ascii` gives the check form ("3 + 5*5"), else the text form ("3 + 5 · 5"). */
export function render(n: Node, ascii: boolean, ru: boolean): string {
  // A leaf as an operand: plain non-negative integers bare, everything else in brackets.
  if (n.leaf) return op(n.v);
  let l = render(n.l, ascii, ru);
  if (needsParens(n.l, n, false)) l = `(${l})`;
  if (n.op === "^") {
    const e = (n.r as Leaf).v.n;
    return ascii ? `${l}^${e}` : `${l}${SUP[e] ?? `^${e}`}`;
  }
  let r = render(n.r, ascii, ru);
  if (needsParens(n.r, n, true)) r = `(${r})`;
  if (ascii) return n.op === "*" || n.op === "/" ? `${l}${n.op}${r}` : `${l} ${n.op} ${r}`;
  return `${l} ${opText(n.op, ru)} ${r}`;
}

export function leaves(n: Node, out: Leaf[] = []): Leaf[] {
  if (n.leaf) out.push(n);
  else {
    leaves(n.l, out);
    if (n.op !== "^") leaves(n.r, out);
  }
  return out;
}

export function replaceLeaf(n: Node, id: number, v: Q): Node {
  if (n.leaf) return n.id === id ? leaf(v, id) : n;
  const l = replaceLeaf(n.l, id, v);
  const r = replaceLeaf(n.r, id, v);
  return l === n.l && r === n.r ? n : bin(n.op, l, r);
}

export function countOps(n: Node): number {
  return n.leaf ? 0 : 1 + countOps(n.l) + countOps(n.r);
}

/** One evaluated operation: its text ("5 · 5"), operator, operands and (possibly faulty) result. */
export interface Reduction {
  text: string;
  op: Op;
  a: Q;
  b: Q;
  result: Q;
  inBrackets: boolean;
}

export interface Fault {
  /** Which reduction (0-based) goes wrong. */
  step: number;
  kind: "slip" | "sign";
  delta?: Q;
}

/**
 * Evaluates step by step. The next operation is, among those whose operands are numbers, the
 * first in brackets, else the highest precedence, leftmost first.
 */
export function reduce(root: Node, ru: boolean, fault?: Fault): { steps: Reduction[]; value: Q } {
  const steps: Reduction[] = [];
  let tree = root;
  while (!tree.leaf) {
    const pick = findNext(tree, null, false);
    const node = pick.node;
    const a = (node.l as Leaf).v;
    const b = (node.r as Leaf).v;
    let result = apply(node.op, a, b);
    if (fault && fault.step === steps.length) {
      if (fault.kind === "slip") result = R.add(result, fault.delta ?? q(1));
      else result = node.op === "-" ? R.add(a, b) : R.neg(result);
    }
    steps.push({ text: stepText(node.op, a, b, ru), op: node.op, a, b, result, inBrackets: pick.inBrackets });
    tree = substitute(tree, node, leaf(result));
  }
  return { steps, value: tree.v };
}

interface Pick {
  node: Bin;
  score: number;
  inBrackets: boolean;
}

function findNext(n: Bin, parent: Bin | null, isRight: boolean): Pick {
  let best: Pick | null = null;
  if (n.l.leaf && n.r.leaf) {
    const inBrackets = parent !== null && needsParens(n, parent, isRight);
    best = { node: n, score: (inBrackets ? 10 : 0) + PREC[n.op], inBrackets };
  }
  if (!n.l.leaf) {
    const c = findNext(n.l, n, false);
    if (!best || c.score > best.score) best = c;
  }
  if (!n.r.leaf) {
    const c = findNext(n.r, n, true);
    if (!best || c.score > best.score) best = c;
  }
  return best!;
}

function substitute(n: Node, target: Bin, value: Leaf): Node {
  if (n === target) return value;
  if (n.leaf) return n;
  const l = substitute(n.l, target, value);
  const r = substitute(n.r, target, value);
  return l === n.l && r === n.r ? n : bin(n.op, l, r);
}

/**
 * The classic slip of reading strictly left to right: bracketed groups are still evaluated
 * first, but the top-level chain is folded in reading order, ignoring precedence.
 */
export function naive(root: Node, ru: boolean): { steps: Reduction[]; value: Q } {
  const operands: Q[] = [];
  const ops: Op[] = [];
  const steps: Reduction[] = [];
  flatten(root, operands, ops, ru, steps);
  let acc = operands[0];
  for (let i = 0; i < ops.length; i++) {
    const b = operands[i + 1];
    const result = apply(ops[i], acc, b);
    steps.push({ text: stepText(ops[i], acc, b, ru), op: ops[i], a: acc, b, result, inBrackets: false });
    acc = result;
  }
  return { steps, value: acc };
}

function flatten(n: Node, operands: Q[], ops: Op[], ru: boolean, steps: Reduction[]): void {
  if (n.leaf) {
    operands.push(n.v);
    return;
  }
  const side = (child: Node, right: boolean) => {
    if (!child.leaf && needsParens(child, n, right)) {
      const inner = reduce(child, ru);
      for (const s of inner.steps) steps.push({ ...s, inBrackets: true });
      operands.push(inner.value);
    } else flatten(child, operands, ops, ru, steps);
  };
  side(n.l, false);
  ops.push(n.op);
  side(n.r, true);
}

/** Numbers in the tree stay within hand-computable bounds at every intermediate step. */
export function withinBounds(n: Node, maxAbs: number, maxDen: number): boolean {
  return boundedValue(n, maxAbs, maxDen) !== null;
}

/** The value, evaluated once bottom-up, or null when any step leaves the bounds or is undefined. */
function boundedValue(n: Node, maxAbs: number, maxDen: number): Q | null {
  let v: Q;
  if (n.leaf) v = n.v;
  else {
    const a = boundedValue(n.l, maxAbs, maxDen);
    if (a === null) return null;
    const b = boundedValue(n.r, maxAbs, maxDen);
    if (b === null) return null;
    if ((n.op === "/" && b.n === 0) || (n.op === "^" && Math.abs(a.n) > 1000)) return null;
    try {
      v = apply(n.op, a, b);
    } catch {
      return null;
    }
  }
  return Math.abs(v.n) <= maxAbs && v.d <= maxDen ? v : null;
}

/** Assigns reading-order ids to the leaves. */
export function numberLeaves(n: Node): Node {
  let next = 0;
  const walk = (x: Node): Node => {
    if (x.leaf) return leaf(x.v, next++);
    const l = walk(x.l);
    if (x.op === "^") return bin("^", l, x.r);
    return bin(x.op, l, walk(x.r));
  };
  return walk(n);
}
