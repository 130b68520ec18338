import { z } from "zod";
import { readStructuredFile } from "../../config/load-config.js";
import type { ConversationProgram } from "../../engine/program.js";
import { ONE_SHOT_FILES } from "../one-shot.js";
import { resolveRubric } from "./resolve-rubric.js";
import { passRule, type Rubric, RubricSchema } from "./rubric.js";
import { JUDGE_MODEL_ROLE, type JudgeSetup, judgedProgram } from "./with-judge.js";

/** A rubric scale's scores: 0-100 covers every scale we accept (1-5, 1-10, 0-100). */
const Score = z.number().min(0).max(100);

/** What a judged run keeps in config.json (so a resume judges the same way). */
export interface JudgeOption {
  model: string;
  rubric: Rubric;
  min_score?: number;
}

/**
 * The judge fields of a built-in recipe's options: `judge:` in its YAML section (a rubric by name
 * or file there; the resolved rubric once saved in config.json), and the flags --judge, --rubric,
 * --min-score, which settleJudge folds into `judge`.
 */
export function judgeFields(defaultRubric: string) {
  return {
    judge: z
      .strictObject({
        /** A `models:` entry. */
        model: z.string().min(1),
        /** A built-in rubric name or a rubric file; saved resolved. */
        rubric: z.union([z.string(), RubricSchema]).optional(),
        min_score: z.number().optional(),
      })
      .optional()
      .describe(
        `an LLM judge that scores each dialogue: model, rubric (default ${defaultRubric}), min_score`,
      ),
    judge_model: z
      .string()
      .optional()
      .describe("a models: entry that scores each dialogue; below the pass rule it is replaced")
      .meta({ flag: "judge", valueName: "model", flagOnly: true }),
    rubric: z
      .string()
      .optional()
      .describe(`the judge's rubric: built-in name or file (default ${defaultRubric})`)
      .meta({ valueName: "name|file", flagOnly: true }),
    min_score: Score.optional()
      .describe("the judge's pass rule: the mean score must reach this")
      .meta({ flagOnly: true }),
  };
}

interface JudgeFieldValues {
  judge?: { model: string; rubric?: string | Rubric; min_score?: number };
  judge_model?: string;
  rubric?: string;
  min_score?: number;
}

/** The judge a new run asked for (flags over the `judge:` section), or undefined. */
export function settleJudge(options: JudgeFieldValues, defaultRubric: string): JudgeOption | undefined {
  const section = options.judge;
  const model = options.judge_model ?? section?.model;
  if (!model) return undefined;
  const spec = options.rubric ?? section?.rubric ?? defaultRubric;
  const rubric =
    typeof spec === "string"
      ? resolveRubric(
          spec,
          (p) => readStructuredFile(p, "rubric"),
          options.rubric ? "--rubric" : "judge.rubric",
        )
      : spec;
  const minScore = options.min_score ?? section?.min_score;
  return { model, rubric, ...(minScore !== undefined ? { min_score: minScore } : {}) };
}

/** The wrapper's setup from a (possibly saved) option. */
export function judgeSetup(option: JudgeOption): JudgeSetup {
  const rubric = RubricSchema.parse(option.rubric);
  return { rubric, rule: passRule(rubric, option.min_score) };
}

/** The judge's role beside the recipe's own, bound to the judge's `models:` entry. */
export function judgeRole(
  option: { model: string } | undefined,
): Record<string, { description: string; model: string }> {
  return option ? { [JUDGE_MODEL_ROLE]: { description: "scores each dialogue", model: option.model } } : {};
}

/** A program writing dataset.jsonl and rejected.jsonl, with the judge step when one was asked for. */
export function withJudgeOption<I>(
  program: ConversationProgram<I>,
  option: JudgeOption | undefined,
): ConversationProgram<I> {
  if (!option) return program;
  return judgedProgram(program, judgeSetup(option), ONE_SHOT_FILES.dataset, ONE_SHOT_FILES.rejected);
}
