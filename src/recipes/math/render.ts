import type { Check, Exchange, Message, Reply } from "./types.js";

const SYSTEM = {
  ruReasoning:
    "Ты — опытный преподаватель математики и физики. Решай задачи пошагово и точно. Рассуждения пиши внутри <think>...</think>, итоговый ответ — внутри <answer>...</answer>.",
  ruPlain:
    "Ты — опытный преподаватель математики и физики. Решай задачи пошагово и точно, а в конце пиши итог в строке «Ответ: ...».",
  enReasoning:
    "You are an experienced math and physics tutor. Solve problems step by step and exactly. Write your reasoning inside <think>...</think> and the final answer inside <answer>...</answer>.",
  enPlain:
    "You are an experienced math and physics tutor. Solve problems step by step and exactly, and finish with a line 'Answer: ...'.",
};

export function defaultSystemPrompt(ru: boolean, reasoning: boolean): string {
  if (ru) return reasoning ? SYSTEM.ruReasoning : SYSTEM.ruPlain;
  return reasoning ? SYSTEM.enReasoning : SYSTEM.enPlain;
}

/**
 * Reasoning mode: `<think>\nsteps\n</think>\n<answer>answer</answer>`; otherwise the steps, then
 * `Ответ: ...` / `Answer: ...` on the last line.
 */
export function formatReply(reply: Reply, ru: boolean, reasoning: boolean): string {
  const body = reply.steps.join("\n");
  const answer = withRoundingNote(reply, ru);
  if (reasoning) return `<think>\n${body}\n</think>\n<answer>${answer}</answer>`;
  return `${body}\n${ru ? "Ответ: " : "Answer: "}${answer}`;
}

/**
 * A rounded value must say how it was rounded. Task texts state it on the main result; this
 * adds it to any other answer that reports a rounded value (follow-ups, what-ifs) without one.
 */
export function withRoundingNote(reply: Reply, ru: boolean): string {
  const answer = reply.answer;
  let tol: number | undefined;
  for (const c of reply.checks) if (c.tolerance !== undefined && c.expect === undefined) tol = c.tolerance;
  if (tol === undefined || answer.includes(ru ? "округлено" : "rounded")) return answer;
  const note =
    tol === 0.005
      ? ru
        ? " (округлено до сотых)"
        : " (rounded to two decimal places)"
      : ru
        ? " (округлено до трёх значащих цифр)"
        : " (rounded to three significant figures)";
  return answer.endsWith(".") ? `${answer.slice(0, -1)}${note}.` : answer + note;
}

/** Messages and checks (with their message index) for a list of exchanges. */
export function renderExchanges(
  exchanges: readonly Exchange[],
  ru: boolean,
  reasoning: boolean,
  system: string | undefined,
): { messages: Message[]; checks: Check[] } {
  const messages: Message[] = [];
  const checks: Check[] = [];
  if (system !== undefined) messages.push({ role: "system", content: system });
  for (const ex of exchanges) {
    messages.push({ role: "user", content: ex.user });
    const index = messages.length;
    messages.push({ role: "assistant", content: formatReply(ex.reply, ru, reasoning) });
    for (const c of ex.reply.checks) {
      // One object shape with a fixed key order: absent fields stay undefined, which JSON omits.
      checks.push({
        message: index,
        kind: c.kind,
        expr: c.expr,
        var: c.var,
        answer: c.answer,
        tolerance: c.tolerance,
        expect: c.expect,
      });
    }
  }
  return { messages, checks };
}
