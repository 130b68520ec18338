import { z } from "zod";

/**
 * A rubric: what an LLM judge scores a dialogue on. Each criterion has a description and a scale;
 * the pass rule is a minimum mean score, per-criterion minimums, or both (neither: all pass).
 */
const CriterionSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and _, starting with a letter"),
    description: z.string().min(1),
    /** [lowest, highest] score, integers within 0-100 (default [1, 5]). */
    scale: z
      .tuple([z.int().min(0).max(100), z.int().min(0).max(100)])
      .refine(([lo, hi]) => lo < hi, "the first number must be below the second")
      .default([1, 5]),
    /** The dialogue fails when this criterion scores below it. */
    min: z.number().optional(),
  })
  .refine((c) => c.min === undefined || (c.min >= c.scale[0] && c.min <= c.scale[1]), {
    message: "min must lie on the scale",
    path: ["min"],
  });

export const RubricSchema = z
  .strictObject({
    name: z.string().regex(/^[\w.-]+$/, "letters, digits, _ . -"),
    description: z.string().optional(),
    /** Extra guidance for the judge (what matters in this dataset). */
    instructions: z.string().optional(),
    criteria: z.array(CriterionSchema).min(1),
    pass: z
      .strictObject({
        /** The mean of the criteria's scores must reach this. */
        min_score: z.number().optional(),
      })
      .default({}),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.criteria.forEach((c, i) => {
      if (seen.has(c.name))
        ctx.addIssue({
          code: "custom",
          path: ["criteria", i, "name"],
          message: `duplicate criterion '${c.name}'`,
        });
      seen.add(c.name);
    });
  });

export type RubricInput = z.input<typeof RubricSchema>;
export type Rubric = z.output<typeof RubricSchema>;
export type Criterion = Rubric["criteria"][number];

/** What the judge said about one dialogue, as it goes into `metadata.judge`. */
export interface JudgeVerdict {
  rubric: string;
  /** The judge model as the server reported it. */
  model?: string;
  scores: Record<string, number>;
  reasons: Record<string, string>;
  /** Mean of the scores, rounded to 3 decimals. */
  mean: number;
  passed: boolean;
  /** Criteria below their minimum (and `mean` when the mean is below min_score). */
  failed?: string[];
}

/** A pass rule: the rubric's own, with `min_score` overridden (a recipe's judge block, `--min-score`). */
export interface PassRule {
  minScore?: number;
  /** Per-criterion minimums. */
  minimums: Record<string, number>;
}

export function passRule(rubric: Rubric, minScore?: number): PassRule {
  const minimums: Record<string, number> = {};
  for (const c of rubric.criteria) if (c.min !== undefined) minimums[c.name] = c.min;
  return { minScore: minScore ?? rubric.pass.min_score, minimums };
}

export function meanScore(scores: Record<string, number>): number {
  const values = Object.values(scores);
  if (values.length === 0) return 0;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;
}

/** Which parts of the rule the scores fail (empty: they pass). */
export function failedParts(scores: Record<string, number>, rule: PassRule): string[] {
  const failed = Object.entries(rule.minimums)
    .filter(([name, min]) => (scores[name] ?? Number.NEGATIVE_INFINITY) < min)
    .map(([name]) => name);
  if (rule.minScore !== undefined && meanScore(scores) < rule.minScore) failed.push("mean");
  return failed;
}

/** The verdict with `passed` and `failed` set by a rule. */
export function applyRule(verdict: JudgeVerdict, rule: PassRule): JudgeVerdict {
  const failed = failedParts(verdict.scores, rule);
  const { failed: _old, ...rest } = verdict;
  return { ...rest, passed: failed.length === 0, ...(failed.length ? { failed } : {}) };
}

/** A one-line summary of why a verdict failed, for rejected.jsonl (`naturalness 2/5: stiff; mean 2.5 < 3`). */
export function failureDetail(verdict: JudgeVerdict, rubric: Rubric, rule: PassRule): string {
  const parts: string[] = [];
  for (const c of rubric.criteria) {
    const below = verdict.failed?.includes(c.name) || (verdict.failed?.includes("mean") ?? false);
    if (!below) continue;
    parts.push(`${c.name} ${verdict.scores[c.name]}/${c.scale[1]}: ${verdict.reasons[c.name] ?? ""}`);
  }
  if (verdict.failed?.includes("mean")) parts.push(`mean ${verdict.mean} < ${rule.minScore}`);
  return parts.join("; ");
}
