import { type JudgeSubject, judgeRequest, parseVerdict } from "../../quality/judge/judge-step.js";
import type { PassRule, Rubric } from "../../quality/judge/rubric.js";
import type { ConversationContext, ConversationOutcome, ConversationProgram } from "../conversation.js";

/** One line of the dataset being judged: a readable record, or a line that could not be read. */
export type JudgeItem =
  | { ok: true; raw: Record<string, unknown>; subject: JudgeSubject }
  | { ok: false; reason: string; detail: string; raw: unknown };

export const JUDGE_FILES = {
  dataset: "dataset.jsonl",
  filtered: "filtered.jsonl",
  rejected: "rejected.jsonl",
};

export interface JudgeProgramOptions {
  rubric: Rubric;
  rule: PassRule;
  /** Also write the records that pass into filtered.jsonl. */
  filter: boolean;
}

/**
 * `dialogsmith judge`: every record of a dataset scored by a judge model, one journaled step each.
 * Each record is written back as it was, with the verdict in `metadata.judge`; with a filter, the
 * records that pass go to filtered.jsonl too. A line that is no record is "failed", never dropped.
 */
export class JudgeProgram implements ConversationProgram<JudgeItem> {
  readonly name = "judge";
  readonly modelRoles = ["judge"];
  readonly outputFiles: readonly string[];

  constructor(private readonly options: JudgeProgramOptions) {
    this.outputFiles = [
      JUDGE_FILES.dataset,
      ...(options.filter ? [JUDGE_FILES.filtered] : []),
      JUDGE_FILES.rejected,
    ];
  }

  idFor(index: number): string {
    return `judged-${String(index).padStart(6, "0")}`;
  }

  async run(ctx: ConversationContext, item: JudgeItem): Promise<ConversationOutcome> {
    if (!item.ok) {
      const value = {
        index: ctx.index,
        id: ctx.id,
        kind: "failed",
        reason: item.reason,
        detail: item.detail,
        raw: item.raw,
      };
      return {
        status: "failed",
        writes: [{ file: JUDGE_FILES.rejected, value }],
        reason: item.reason,
        detail: item.detail,
      };
    }
    const { rubric, rule } = this.options;
    const done = await ctx.step({
      name: "judge",
      role: "judge",
      request: () => judgeRequest(rubric, item.subject),
      parse: (result) => parseVerdict(rubric, rule, result),
    });
    const metadata =
      typeof item.raw.metadata === "object" && item.raw.metadata !== null ? item.raw.metadata : {};
    const record = { ...item.raw, metadata: { ...metadata, judge: done.value } };
    const writes = [{ file: JUDGE_FILES.dataset, value: record }];
    if (this.options.filter && done.value.passed) writes.push({ file: JUDGE_FILES.filtered, value: record });
    return { status: "complete", writes, note: { passed: done.value.passed } };
  }
}
