import { isInLanguage } from "../../quality/language.js";
import type { DialogueTurn } from "./dialogue.js";
import type { DomainPack } from "./domain-pack.js";
import type { ToolsScenario } from "./scenario.js";
import type { ToolSchemas } from "./tool-schemas.js";

export type ToolsRejectionReason =
  | "too_short"
  | "wrong_first_role"
  | "empty_message"
  | "roles_out_of_order"
  | "unknown_tool"
  | "invalid_arguments"
  | "unknown_argument"
  | "unanswered_call"
  | "orphan_tool_result"
  | "result_mismatch"
  | "invalid_tool_result"
  | "no_final_reply"
  | "unsupported_made_call"
  | "no_tool_call"
  | "too_few_turns"
  | "too_many_turns"
  | "markup_in_text"
  | "wrong_language";

export interface ToolsValidationFailure {
  reason: ToolsRejectionReason;
  detail: string;
}

/** Markup that belongs to the rendered form, never inside a message the writer wrote as text. */
const MARKUP = /<\/?(tool_call|tool_response|tools)>|<\|im_(start|end)\|>/;

/** How far the number of user turns may stray from the scenario's (models count loosely). */
export function turnBounds(target: number): { min: number; max: number } {
  return { min: Math.max(1, target - 1), max: target + 2 };
}

const fail = (reason: ToolsRejectionReason, detail: string): ToolsValidationFailure => ({ reason, detail });

/**
 * Checks a parsed dialogue against the pack and its scenario; the first failure wins. Tools exist,
 * arguments follow the tool's JSON Schema (ajv) with no parameters it does not declare, every call
 * is answered by a result of the same tool in order, results have the tool's shape, the dialogue
 * ends with a plain assistant reply, and an unsupported scenario makes no call at all.
 */
export function validateToolDialogue(
  turns: DialogueTurn[],
  pack: DomainPack,
  scenario: ToolsScenario,
  schemas: ToolSchemas,
): ToolsValidationFailure | undefined {
  if (turns.length < 2)
    return fail("too_short", `${turns.length} message(s); a dialogue needs a user turn and a reply`);
  if (turns[0].role !== "user")
    return fail("wrong_first_role", `the first message is from '${turns[0].role}', expected the user`);
  const declared = new Map(
    pack.tools.map((t) => [t.function.name, Object.keys((t.function.parameters.properties as object) ?? {})]),
  );
  let pending: string[] = [];
  let calls = 0;
  let userTurns = 0;
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    const prev = turns[i - 1];
    const at = `message ${i + 1}`;
    if (t.role !== "tool" && pending.length > 0)
      return fail("unanswered_call", `${at}: the call to '${pending[0]}' before it has no result`);
    if (t.role === "user") {
      userTurns++;
      if (t.content.trim() === "") return fail("empty_message", `${at} (user) is empty`);
      if (MARKUP.test(t.content)) return fail("markup_in_text", `${at} (user) contains tool markup`);
      if (prev && !(prev.role === "assistant" && prev.calls.length === 0))
        return fail(
          "roles_out_of_order",
          `${at}: a user message after '${prev.role}' instead of an assistant reply`,
        );
      continue;
    }
    if (t.role === "tool") {
      if (pending.length === 0)
        return fail("orphan_tool_result", `${at}: a result of '${t.name}' that no call asked for`);
      const expected = pending.shift()!;
      if (t.name !== expected)
        return fail("result_mismatch", `${at}: a result of '${t.name}' where '${expected}' was called`);
      if (typeof t.result === "string") {
        if (t.result.trim() === "")
          return fail("invalid_tool_result", `${at}: the result of '${t.name}' is empty`);
      } else {
        const check = schemas.checkResult(t.name, t.result);
        if (!check.ok)
          return fail(
            "invalid_tool_result",
            `${at}: the result of '${t.name}' does not match its format: ${check.error}`,
          );
      }
      continue;
    }
    // Assistant.
    if (prev.role === "assistant" && prev.calls.length === 0)
      return fail("roles_out_of_order", `${at}: two assistant replies in a row`);
    if (MARKUP.test(t.content)) return fail("markup_in_text", `${at} (assistant) writes tool markup as text`);
    if (t.calls.length === 0) {
      if (t.content.trim() === "") return fail("empty_message", `${at} (assistant) is empty`);
      continue;
    }
    for (const c of t.calls) {
      const params = declared.get(c.name);
      if (!params)
        return fail("unknown_tool", `${at}: '${c.name}' is not one of ${[...declared.keys()].join(", ")}`);
      if (typeof c.arguments !== "object" || c.arguments === null || Array.isArray(c.arguments))
        return fail("invalid_arguments", `${at}: the arguments of '${c.name}' are not a JSON object`);
      const extra = Object.keys(c.arguments).find((k) => !params.includes(k));
      if (extra !== undefined)
        return fail("unknown_argument", `${at}: '${c.name}' has no parameter '${extra}'`);
      const check = schemas.checkArguments(c.name, c.arguments);
      if (!check.ok) return fail("invalid_arguments", `${at}: ${c.name}: ${check.error}`);
      calls++;
    }
    pending = t.calls.map((c) => c.name);
  }
  if (pending.length > 0)
    return fail("unanswered_call", `the call to '${pending[0]}' at the end has no result`);
  const last = turns[turns.length - 1];
  if (last.role !== "assistant" || last.calls.length > 0)
    return fail("no_final_reply", "the dialogue does not end with a plain assistant reply");
  if (!scenario.supported && calls > 0)
    return fail("unsupported_made_call", `an unsupported request, yet ${calls} tool call(s) were made`);
  if (scenario.supported && calls === 0)
    return fail("no_tool_call", "a request the tools serve, yet no tool was called");
  const bounds = turnBounds(scenario.turns);
  if (userTurns < bounds.min)
    return fail("too_few_turns", `${userTurns} user turn(s), the scenario asked for ${scenario.turns}`);
  if (userTurns > bounds.max)
    return fail("too_many_turns", `${userTurns} user turns, the scenario asked for ${scenario.turns}`);
  const text = turns.map((t) => (t.role === "tool" ? "" : t.content)).join("\n");
  if (!isInLanguage(text, pack.language))
    return fail("wrong_language", `the dialogue is not written in '${pack.language}'`);
  return undefined;
}
