/**
 * Judge scores across a dataset (`metadata.judge` as `dialogsmith judge` and recipes' judge
 * blocks write it): the distribution of each criterion's scores, and the lowest-scored dialogues
 * with the judge's reasons. Memory is bounded: a counter per criterion and the K lowest.
 */
export interface JudgeStats {
  judged: number;
  passed: number;
  rubrics: string[];
  /** Per criterion: how many dialogues got each score, and the mean. */
  criteria: Record<string, { scores: Record<string, number>; mean: number }>;
  mean: number;
  /** The lowest means first. */
  lowest: LowScored[];
}

export interface LowScored {
  id?: string;
  /** 1-based line in the dataset file. */
  line: number;
  mean: number;
  scores: Record<string, number>;
  reasons: Record<string, string>;
}

interface Verdict {
  rubric?: unknown;
  scores?: unknown;
  reasons?: unknown;
  mean?: unknown;
  passed?: unknown;
}

function numbers(v: unknown): Record<string, number> | undefined {
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === "number" && Number.isFinite(x)) out[k] = x;
  return Object.keys(out).length ? out : undefined;
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

const MAX_CRITERIA = 20;

export class JudgeCollector {
  private judged = 0;
  private passed = 0;
  private total = 0;
  private readonly rubrics = new Set<string>();
  private readonly criteria = new Map<string, { counts: Map<number, number>; sum: number; n: number }>();
  private readonly lowest: LowScored[] = [];

  constructor(private readonly keep = 5) {}

  /** Adds a record's `metadata.judge` (anything else is ignored). */
  add(judge: unknown, id: string | undefined, line: number): void {
    const v = judge as Verdict | undefined;
    const scores = numbers(v?.scores);
    if (!scores) return;
    this.judged++;
    if (v?.passed === true) this.passed++;
    if (typeof v?.rubric === "string" && this.rubrics.size < 10) this.rubrics.add(v.rubric);
    const values = Object.values(scores);
    const mean = typeof v?.mean === "number" ? v.mean : values.reduce((a, b) => a + b, 0) / values.length;
    this.total += mean;
    for (const [name, score] of Object.entries(scores)) {
      let c = this.criteria.get(name);
      if (!c) {
        if (this.criteria.size >= MAX_CRITERIA) continue;
        c = { counts: new Map(), sum: 0, n: 0 };
        this.criteria.set(name, c);
      }
      c.counts.set(score, (c.counts.get(score) ?? 0) + 1);
      c.sum += score;
      c.n++;
    }
    this.offerLow({ ...(id !== undefined ? { id } : {}), line, mean, scores, reasons: strings(v?.reasons) });
  }

  /** Keeps the K lowest means, the earlier line first among equals. */
  private offerLow(item: LowScored): void {
    if (this.lowest.length >= this.keep && item.mean >= this.lowest[this.lowest.length - 1].mean) return;
    let i = this.lowest.length;
    while (i > 0 && this.lowest[i - 1].mean > item.mean) i--;
    this.lowest.splice(i, 0, item);
    if (this.lowest.length > this.keep) this.lowest.pop();
  }

  result(): JudgeStats | undefined {
    if (this.judged === 0) return undefined;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    const criteria: JudgeStats["criteria"] = {};
    for (const [name, c] of this.criteria) {
      const scores = Object.fromEntries(
        [...c.counts].sort((a, b) => a[0] - b[0]).map(([s, n]) => [String(s), n]),
      );
      criteria[name] = { scores, mean: round(c.sum / c.n) };
    }
    return {
      judged: this.judged,
      passed: this.passed,
      rubrics: [...this.rubrics],
      criteria,
      mean: round(this.total / this.judged),
      lowest: this.lowest,
    };
  }
}
