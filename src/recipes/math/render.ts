import type { Check, Exchange, Message, Reply } from "./types.js";

/** Who the assistant is: several personas, so not every dialogue opens with the same words. */
const PERSONA = {
  ru: [
    "Ты — опытный преподаватель математики и физики. Решай задачи пошагово и точно.",
    "Ты — репетитор по математике и физике. Объясняй решение по шагам и не пропускай вычислений.",
    "Ты помогаешь школьникам и студентам с математикой и физикой. Решай аккуратно, шаг за шагом.",
    "Ты — ассистент, который решает задачи по математике и физике: кратко, по шагам и без ошибок.",
  ],
  en: [
    "You are an experienced math and physics tutor. Solve problems step by step and exactly.",
    "You are a math and physics tutor. Explain each solution step by step and show every calculation.",
    "You help students with math and physics. Work carefully, one step at a time.",
    "You are an assistant that solves math and physics problems: briefly, step by step and exactly.",
  ],
} as const;

const FORMAT = {
  ru: {
    reasoning: " Рассуждения пиши внутри <think>...</think>, итоговый ответ — внутри <answer>...</answer>.",
    plain: " В конце пиши итог в строке «Ответ: ...».",
  },
  en: {
    reasoning:
      " Write your reasoning inside <think>...</think> and the final answer inside <answer>...</answer>.",
    plain: " Finish with a line 'Answer: ...'.",
  },
} as const;

/** Number of default system prompts per language and answer format. */
export const SYSTEM_VARIANTS = PERSONA.ru.length;

/** Default system prompt `variant` (0 .. SYSTEM_VARIANTS - 1). */
export function defaultSystemPrompt(ru: boolean, reasoning: boolean, variant = 0): string {
  const lang = ru ? "ru" : "en";
  return PERSONA[lang][variant] + FORMAT[lang][reasoning ? "reasoning" : "plain"];
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

/**
 * Characters JSON.stringify escapes: '"', '\\', controls, and (lone) surrogates. Surrogates are
 * left to JSON.stringify itself, which keeps well-formed pairs and escapes lone halves.
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * JSON.stringify(s) for a string, byte for byte. Generated text almost never needs escaping
 * beyond its line breaks, so the common case is one scan and no copy.
 */
export function jsonStr(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * A user turn as JSON.stringify writes it, without the quotes (the JSON around it has them).
 * A multiline task's questions span lines, and a line break is the only character in the
 * recipe's texts that JSON escapes (test/math/json-clean.test.ts), so a search for it replaces
 * the scan for every escapable character.
 */
function userJson(s: string): string {
  return s.indexOf("\n") < 0 ? s : s.replaceAll("\n", "\\n");
}

/**
 * steps.join("\\n"), as a rope: the line is flattened once when it is encoded, so a joined copy
 * of the steps would be a second copy of most of its text (and a tenth of what a line allocates).
 */
function joinSteps(steps: readonly string[]): string {
  if (steps.length === 0) return "";
  let body = steps[0];
  for (let i = 1; i < steps.length; i++) body = `${body}\\n${steps[i]}`;
  return body;
}

/** A number as JSON.stringify writes it (non-finite values become null). */
export function jsonNum(n: number): string {
  return Number.isFinite(n) ? String(n) : "null";
}

/** The end of an assistant message: `"}`, or `","weight":0}` for a turn not to train on. */
function replyEnd(ex: Exchange): string {
  return ex.weight === undefined ? '"}' : `","weight":${ex.weight}}`;
}

/**
 * `{"message":3,"kind":"evaluate","expr":"` per message index and check kind, written once each:
 * a line is a rope of its pieces until it is encoded, and every piece is a node to walk then.
 */
const CHECK_HEADS = new Map<string, string[]>();

function checkHead(message: number, kind: string): string {
  let heads = CHECK_HEADS.get(kind);
  if (heads === undefined) {
    heads = [];
    CHECK_HEADS.set(kind, heads);
  }
  heads[message] ??= `{"message":${message},"kind":"${kind}","expr":"`;
  return heads[message];
}

/** `,"tolerance":0.005` per tolerance (a few distinct values: see num/decimal.ts shown). */
const TOLERANCES = new Map<number, string>();

function toleranceJson(t: number): string {
  let json = TOLERANCES.get(t);
  if (json === undefined) {
    json = `,"tolerance":${jsonNum(t)}`;
    if (TOLERANCES.size < 256) TOLERANCES.set(t, json);
  }
  return json;
}

/**
 * renderExchanges straight to JSON, exactly as JSON.stringify writes its result: `messages` is
 * the messages array's text after `opening` (the array so far; `before` messages in it, 1 after a
 * system message: the next one takes a comma), `checks` the JSON array of checks.
 *
 * With `multiline` (the task's questions may span lines: TaskType.multiline) user turns have
 * their line breaks escaped; no other task's text holds one. Everything else —
 * reasoning steps, answers, check fields — is written as it is: the math texts are built from
 * this recipe's own tables and numbers, and no character in them needs escaping
 * (test/math/json-clean.test.ts proves it over every string literal of the recipe's sources).
 * Scanning each dialogue's text for escapes cost a tenth of the generator's time.
 */
export function messagesJson(
  exchanges: readonly Exchange[],
  ru: boolean,
  reasoning: boolean,
  opening: string,
  before: number,
  multiline: boolean,
): { messages: string; checks: string } {
  const label = ru ? "Ответ: " : "Answer: ";
  let messages = opening;
  let checks = "[";
  let index = before;
  // Constant JSON between the texts is written in as few pieces as it can be (see checkHead).
  for (let k = 0; k < exchanges.length; k++) {
    const ex = exchanges[k];
    const reply = ex.reply;
    const open = index > 0 ? ',{"role":"user","content":"' : '{"role":"user","content":"';
    const body = joinSteps(reply.steps);
    // Searching a turn for a line break would flatten it, a copy of its text the line makes anyway.
    const user = multiline ? userJson(ex.user) : ex.user;
    const answer = withRoundingNote(reply, ru);
    messages += reasoning
      ? `${open}${user}"},{"role":"assistant","content":"<think>\\n${body}\\n</think>\\n<answer>${answer}</answer>${replyEnd(ex)}`
      : `${open}${user}"},{"role":"assistant","content":"${body}\\n${label}${answer}${replyEnd(ex)}`;
    index += 2;
    const cs = reply.checks;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      let check = checkHead(index - 1, c.kind) + c.expr;
      if (c.var !== undefined) check += `","var":"${c.var}`;
      const a = c.answer;
      if (typeof a === "string") check += `","answer":"${a}"`;
      else check += a.length === 0 ? `","answer":[]` : `","answer":["${a.join('","')}"]`;
      if (c.tolerance !== undefined) check += toleranceJson(c.tolerance);
      check += c.expect !== undefined ? `,"expect":"${c.expect}"}` : "}";
      checks += checks.length > 1 ? `,${check}` : check;
    }
  }
  return { messages: `${messages}]`, checks: `${checks}]` };
}

/** The system message `{"role":"system","content":...}` as JSON. */
export function systemMessageJson(system: string): string {
  return `{"role":"system","content":${jsonStr(system)}}`;
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
    const reply: Message = { role: "assistant", content: formatReply(ex.reply, ru, reasoning) };
    if (ex.weight !== undefined) reply.weight = ex.weight;
    messages.push(reply);
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
