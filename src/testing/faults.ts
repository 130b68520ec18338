import type { Rng } from "../core/rng.js";
import type { Fault, FaultRate, FaultSpec, Matcher, MatchInput, ScriptRule } from "./types.js";

export const CHAT_ROUTE = "POST /v1/chat/completions";

/** What `failRate` spreads over by default: the failures every client must retry. */
export const DEFAULT_FAIL_WITH: FaultSpec[] = [429, 500, 502, 503, "drop"];

/** Turns a shorthand (`429`, "drop", "slow:5000", "429:2", "429-date") into a Fault. */
export function normalizeFault(spec: FaultSpec): Fault {
  if (typeof spec === "number") return statusFault(spec);
  if (typeof spec !== "string") return spec;
  const s = spec.trim().toLowerCase();
  if (/^\d{3}$/.test(s)) return statusFault(Number(s));
  let m = /^(\d{3}):(\d+(?:\.\d+)?)$/.exec(s);
  if (m) return { kind: "status", status: Number(m[1]), retryAfter: Number(m[2]) };
  m = /^(\d{3})-date$/.exec(s);
  if (m) return { kind: "status", status: Number(m[1]), retryAfter: 1, retryAfterFormat: "http-date" };
  m = /^slow:(\d+)$/.exec(s);
  if (m) return { kind: "slow", ms: Number(m[1]) };
  m = /^slow-body(?::(\d+))?$/.exec(s);
  if (m) return { kind: "slow-body", intervalMs: m[1] === undefined ? 1000 : Number(m[1]) };
  switch (s) {
    case "hang":
    case "timeout":
      return { kind: "hang" };
    case "drop":
      return { kind: "drop" };
    case "drop-after":
      return { kind: "drop", after: true };
    case "malformed":
    case "malformed-json":
      return { kind: "malformed-json" };
    case "truncated":
    case "truncated-json":
      return { kind: "truncated-json" };
    case "empty":
    case "empty-content":
      return { kind: "empty-content" };
    case "null-content":
      return { kind: "empty-content", null: true };
    case "fence":
    case "code-fence":
      return { kind: "code-fence" };
    case "prose":
      return { kind: "prose" };
    case "length":
      return { kind: "length" };
    case "html":
      return { kind: "not-chat", shape: "html" };
    case "text":
    case "text-plain":
      return { kind: "not-chat", shape: "text" };
    case "empty-choices":
      return { kind: "not-chat", shape: "empty-choices" };
  }
  throw new Error(
    `unknown fault '${spec}': use an HTTP status (429), 429:SECONDS, 429-date, hang, slow:MS, slow-body[:MS], drop, drop-after, malformed-json, truncated-json, empty-content, null-content, code-fence, prose, length, html, text-plain or empty-choices`,
  );
}

function statusFault(status: number): Fault {
  if (!Number.isInteger(status) || status < 100 || status > 599)
    throw new Error(`not an HTTP status: ${status}`);
  return { kind: "status", status };
}

/** A short label for stats and the request log. */
export function faultLabel(fault: Fault): string {
  if (fault.kind === "status") return `status:${fault.status}`;
  if (fault.kind === "drop" && fault.after) return "drop-after";
  if (fault.kind === "not-chat") return `not-chat:${fault.shape}`;
  return fault.kind;
}

function matches(matcher: Matcher | undefined, input: MatchInput): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === "string")
    return input.text.includes(matcher) || (input.customId?.includes(matcher) ?? false);
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0;
    return matcher.test(input.text);
  }
  return matcher(input);
}

function watches(rule: ScriptRule, route: string): boolean {
  const r = rule.route ?? CHAT_ROUTE;
  if (r === "*") return true;
  return Array.isArray(r) ? r.includes(route) || r.includes("*") : r === route;
}

/**
 * Decides the fault of each request: the script first (arrival order), then the seeded rates
 * (chat requests only). Rates draw from the request's own rng, so which request fails does not
 * depend on the order requests arrive in.
 */
export class FaultPlanner {
  private rules: Array<{ rule: ScriptRule; used: number }> = [];
  private rates: Array<{ rate: number; fault: Fault; match?: Matcher }> = [];

  setScript(script: ScriptRule[]): void {
    for (const rule of script) for (const f of rule.faults) if (f !== null) normalizeFault(f);
    this.rules = script.map((rule) => ({ rule, used: 0 }));
  }

  setRates(faults: FaultRate[], failRate: number, failWith: FaultSpec[]): void {
    const rates = faults.map((r) => ({ rate: r.rate, fault: normalizeFault(r.fault), match: r.match }));
    if (failRate > 0 && failWith.length > 0) {
      for (const f of failWith)
        rates.push({ rate: failRate / failWith.length, fault: normalizeFault(f), match: undefined });
    }
    const total = rates.reduce((sum, r) => sum + r.rate, 0);
    if (rates.some((r) => !(r.rate >= 0)) || total > 1 + 1e-9)
      throw new Error(`fault rates must be >= 0 and add up to at most 1 (got ${total})`);
    this.rates = rates;
  }

  /** `rng` is used only for chat requests (the one draw of the rates). */
  decide(input: MatchInput, rng: Rng | undefined): Fault | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (!watches(rule, input.route) || !matches(rule.match, input)) continue;
      if (entry.used >= rule.faults.length) {
        if (!rule.repeat || rule.faults.length === 0) continue;
        entry.used = 0;
      }
      const spec = rule.faults[entry.used++];
      if (spec !== null && spec !== undefined) return normalizeFault(spec);
      break;
    }
    if (!rng || input.route !== CHAT_ROUTE || this.rates.length === 0) return undefined;
    const u = rng.float();
    let acc = 0;
    for (const r of this.rates) {
      if (r.match !== undefined && !matches(r.match, input)) continue;
      acc += r.rate;
      if (u < acc) return r.fault;
    }
    return undefined;
  }
}
