import type { ChatMessage } from "../../core/conversation.js";
import { extractJson } from "../../models/json-extract.js";
import type { OutputSchema } from "../../models/types.js";
import {
  applyRule,
  type Criterion,
  type JudgeVerdict,
  meanScore,
  type PassRule,
  type Rubric,
} from "./rubric.js";

/**
 * One judge call: the request that asks a model to score a dialogue on a rubric, and the parser
 * that turns its answer into a verdict. Pure: the caller sends the request (as a journaled step of
 * a conversation, or through a recipe's model handle) and applies the verdict.
 */

/** What a judge reads: the dialogue, and what some rubrics need beside it. */
export interface JudgeSubject {
  messages: readonly ChatMessage[];
  tools?: readonly unknown[];
  /** Rounds records: each round's weak answer and its correction. */
  rounds?: readonly { question: string; answer: string; correction: string }[];
}

/** A step's outcome, shaped like the engine's StepParse. */
export type JudgeParse<T> = { ok: true; value: T } | { ok: false; reason: string; detail: string };

export interface JudgeRequest {
  messages: ChatMessage[];
  outputSchema: OutputSchema;
}

function toolName(t: unknown): string {
  const fn = (t as { function?: { name?: unknown; description?: unknown } })?.function;
  return `${String(fn?.name ?? "?")}: ${String(fn?.description ?? "")}`;
}

/** The dialogue as numbered lines a judge can cite. */
export function transcript(subject: JudgeSubject): string {
  const lines: string[] = [];
  if (subject.tools?.length)
    lines.push("Tools the assistant had:", ...subject.tools.map((t) => `- ${toolName(t)}`), "");
  if (subject.rounds?.length) {
    subject.rounds.forEach((r, i) => {
      lines.push(`[round ${i + 1}] question: ${r.question}`);
      lines.push(`[round ${i + 1}] answer to correct: ${r.answer}`);
      lines.push(`[round ${i + 1}] correction: ${r.correction}`);
    });
    return lines.join("\n");
  }
  let n = 0;
  for (const m of subject.messages) {
    if (m.role === "system") {
      lines.push(`[system prompt] ${m.content ?? ""}`);
      continue;
    }
    n++;
    if (m.content)
      lines.push(`[${n}] ${m.role === "tool" ? `tool ${m.name ?? ""}`.trim() : m.role}: ${m.content}`);
    for (const call of m.tool_calls ?? [])
      lines.push(`[${n}] assistant calls ${call.function.name}(${call.function.arguments})`);
  }
  return lines.join("\n");
}

function criterionLine(c: Criterion): string {
  return `- ${c.name} (${c.scale[0]}-${c.scale[1]}): ${c.description}`;
}

/** The structured answer: per criterion a one-line reason, then the score (reason first: it is read before scoring). */
export function verdictSchema(rubric: Rubric): OutputSchema {
  const properties: Record<string, unknown> = {};
  for (const c of rubric.criteria)
    properties[c.name] = {
      type: "object",
      properties: {
        reason: { type: "string" },
        score: { type: "integer", minimum: c.scale[0], maximum: c.scale[1] },
      },
      required: ["reason", "score"],
      additionalProperties: false,
    };
  return {
    name: `judge_${rubric.name.replace(/[^\w-]/g, "_")}`.slice(0, 64),
    schema: {
      type: "object",
      properties,
      required: rubric.criteria.map((c) => c.name),
      additionalProperties: false,
    },
  };
}

/** The judge's system prompt: the same for every dialogue of a run (providers cache it). */
export function judgeSystemPrompt(rubric: Rubric): string {
  const example = Object.fromEntries(
    rubric.criteria.map((c) => [c.name, { reason: "one line", score: c.scale[1] }]),
  );
  return [
    "You are a strict, consistent evaluator of dialogue datasets used to fine-tune chat models.",
    rubric.description ? `The dataset: ${rubric.description}` : "",
    "Score the dialogue on each criterion, on its scale. The top score means there is nothing to improve; judge what is written, not its length.",
    "Criteria:",
    ...rubric.criteria.map(criterionLine),
    rubric.instructions ?? "",
    `For each criterion give a one-line reason first, then the score. Answer with JSON only, like ${JSON.stringify(example)}.`,
  ]
    .filter(Boolean)
    .join("\n");
}

export function judgeRequest(rubric: Rubric, subject: JudgeSubject): JudgeRequest {
  return {
    messages: [
      { role: "system", content: judgeSystemPrompt(rubric) },
      { role: "user", content: `The dialogue:\n\n${transcript(subject)}` },
    ],
    outputSchema: verdictSchema(rubric),
  };
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > 300 ? `${s.slice(0, 299)}…` : s;
}

/** The judge's answer as a verdict (pass rule applied), or a named content failure. */
export function parseVerdict(
  rubric: Rubric,
  rule: PassRule,
  answer: { content: string | null; finishReason: string | null; model?: string },
): JudgeParse<JudgeVerdict> {
  if (answer.finishReason === "length")
    return {
      ok: false,
      reason: "judge_truncated",
      detail: "the judge's answer hit max_tokens; raise max_tokens",
    };
  let value: unknown;
  try {
    value = extractJson(answer.content ?? "");
  } catch (e) {
    return { ok: false, reason: "judge_invalid_json", detail: (e as Error).message };
  }
  const scores: Record<string, number> = {};
  const reasons: Record<string, string> = {};
  for (const c of rubric.criteria) {
    const entry = (value as Record<string, unknown> | null)?.[c.name];
    const raw =
      typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>).score : entry;
    const score = typeof raw === "string" ? Number(raw) : raw;
    if (typeof score !== "number" || !Number.isFinite(score) || score < c.scale[0] || score > c.scale[1])
      return {
        ok: false,
        reason: "judge_schema_mismatch",
        detail: `no score from ${c.scale[0]} to ${c.scale[1]} for '${c.name}'`,
      };
    scores[c.name] = score;
    const reason = (entry as Record<string, unknown> | null)?.reason;
    reasons[c.name] = typeof reason === "string" ? oneLine(reason) : "";
  }
  const verdict: JudgeVerdict = {
    rubric: rubric.name,
    ...(answer.model ? { model: answer.model } : {}),
    scores,
    reasons,
    mean: meanScore(scores),
    passed: true,
  };
  return { ok: true, value: applyRule(verdict, rule) };
}
