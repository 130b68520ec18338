import type { Shown } from "../num/decimal.js";
import { evp, exchange } from "../text.js";
import type { Exchange, MistakeKind } from "../types.js";
import type { MistakeDef, Presented } from "./formula.js";

/** A follow-up whose one check evaluates `expr` to a physics value as shown. */
export function physExchange(
  user: string,
  steps: string[],
  answer: string,
  expr: string,
  s: Shown,
): Exchange {
  return exchange(user, steps, answer, [evp(expr, s)]);
}

/** The "why" follow-up's shape: the reason in one line, then the result restated as the solution has it. */
export function explained(user: string, why: string, p: Presented): Exchange {
  return exchange(user, [why, p.line], p.answer, [p.check]);
}

/** How a planted fault is named (short) and why it is wrong; the explanation may quote the data. */
export type FaultText<S> = readonly [short: string, explain: string | ((s: S) => string)];

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
    const [short, explain] = texts[fault];
    out.push({
      kind: kinds[fault],
      fault,
      describe: () => ({ short, explain: [typeof explain === "string" ? explain : explain(s)] }),
    });
  }
  return out;
}
