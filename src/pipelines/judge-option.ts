import { z } from "zod";
import { readStructuredFile } from "../config/load-config.js";
import { resolveRubric } from "../quality/judge/resolve-rubric.js";
import { passRule, type Rubric, RubricSchema } from "../quality/judge/rubric.js";
import { JUDGE_MODEL_ROLE, type JudgeSetup } from "../recipes/judge/with-judge.js";

/** `judge:` in a built-in recipe's config section. */
export const JudgeSectionSchema = z.strictObject({
  /** A `models:` entry. */
  model: z.string().min(1),
  /** A built-in rubric name or a rubric file (default: the recipe's own built-in rubric). */
  rubric: z.string().optional(),
  min_score: z.number().optional(),
});
export type JudgeSection = z.output<typeof JudgeSectionSchema>;

/** The judge flags of built-in recipes' generate commands. */
export interface JudgeFlags {
  /** A `models:` entry that scores each accepted record. */
  judge?: string;
  rubric?: string;
  minScore?: number;
}

/** What a judged run keeps in config.json (so a resume judges the same way). */
export interface JudgeOption {
  model: string;
  rubric: Rubric;
  min_score?: number;
}

/** The judge a run asked for (flags over the config section), or undefined. */
export function resolveJudgeOption(
  flags: JudgeFlags,
  section: JudgeSection | undefined,
  defaultRubric: string,
): JudgeOption | undefined {
  const model = flags.judge ?? section?.model;
  if (!model) return undefined;
  const spec = flags.rubric ?? section?.rubric ?? defaultRubric;
  const rubric = resolveRubric(
    spec,
    (p) => readStructuredFile(p, "rubric"),
    flags.rubric ? "--rubric" : "judge.rubric",
  );
  const minScore = flags.minScore ?? section?.min_score;
  return { model, rubric, ...(minScore !== undefined ? { min_score: minScore } : {}) };
}

/** The wrapper's setup from a (possibly saved) option. */
export function judgeSetup(option: JudgeOption): JudgeSetup {
  const rubric = RubricSchema.parse(option.rubric);
  return { rubric, rule: passRule(rubric, option.min_score) };
}

/** The judge's pipeline role beside the recipe's own, for resolveRoleModels. */
export function judgeRole(option: JudgeOption | undefined): Record<string, string> {
  return option ? { [JUDGE_MODEL_ROLE]: option.model } : {};
}
