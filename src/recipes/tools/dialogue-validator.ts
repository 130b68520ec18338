import { isInLanguage } from "../../quality/language.js";
import { findUnconfirmedCall } from "./confirmation.js";
import type { DialogueCall, DialogueTurn } from "./dialogue.js";
import type { DomainPack } from "./domain-pack.js";
import { findInventedId } from "./id-provenance.js";
import type { ToolsScenario } from "./scenario.js";
import { assistantSystemPrompt } from "./system-prompt.js";
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
  | "invented_id"
  | "unconfirmed_call"
  | "focus_tool_not_called"
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

/** A call names a tool of the pack and its arguments follow that tool's schema, nothing more. */
function checkCall(
  c: DialogueCall,
  at: string,
  declared: Map<string, string[]>,
  schemas: ToolSchemas,
): ToolsValidationFailure | undefined {
  const params = declared.get(c.name);
  if (!params)
    return fail("unknown_tool", `${at}: '${c.name}' is not one of ${[...declared.keys()].join(", ")}`);
  if (typeof c.arguments !== "object" || c.arguments === null || Array.isArray(c.arguments))
    return fail("invalid_arguments", `${at}: the arguments of '${c.name}' are not a JSON object`);
  const extra = Object.keys(c.arguments).find((k) => !params.includes(k));
  if (extra !== undefined) return fail("unknown_argument", `${at}: '${c.name}' has no parameter '${extra}'`);
  const check = schemas.checkArguments(c.name, c.arguments);
  if (!check.ok) return fail("invalid_arguments", `${at}: ${c.name}: ${check.error}`);
  return undefined;
}

/** A tool result answers the oldest pending call, with that tool's result shape. */
function checkResult(
  t: Extract<DialogueTurn, { role: "tool" }>,
  at: string,
  pending: string[],
  schemas: ToolSchemas,
): ToolsValidationFailure | undefined {
  if (pending.length === 0)
    return fail("orphan_tool_result", `${at}: a result of '${t.name}' that no call asked for`);
  const expected = pending.shift()!;
  if (t.name !== expected)
    return fail("result_mismatch", `${at}: a result of '${t.name}' where '${expected}' was called`);
  if (typeof t.result === "string")
    return t.result.trim() === ""
      ? fail("invalid_tool_result", `${at}: the result of '${t.name}' is empty`)
      : undefined;
  const check = schemas.checkResult(t.name, t.result);
  if (!check.ok)
    return fail(
      "invalid_tool_result",
      `${at}: the result of '${t.name}' does not match its format: ${check.error}`,
    );
  return undefined;
}

/**
 * The shape of the exchange: user first, every call known and well-formed and answered by a
 * result of the same tool in order, results of the tool's shape, no two replies in a row, and a
 * plain assistant reply at the end.
 */
function checkStructure(
  turns: DialogueTurn[],
  pack: DomainPack,
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
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    const prev = turns[i - 1];
    const at = `message ${i + 1}`;
    if (t.role !== "tool" && pending.length > 0)
      return fail("unanswered_call", `${at}: the call to '${pending[0]}' before it has no result`);
    let failure: ToolsValidationFailure | undefined;
    if (t.role === "tool") failure = checkResult(t, at, pending, schemas);
    else if (MARKUP.test(t.content))
      failure = fail("markup_in_text", `${at} (${t.role}) contains tool markup`);
    else if (t.role === "user") {
      if (t.content.trim() === "") failure = fail("empty_message", `${at} (user) is empty`);
      else if (prev && !(prev.role === "assistant" && prev.calls.length === 0))
        failure = fail(
          "roles_out_of_order",
          `${at}: a user message after '${prev.role}' instead of an assistant reply`,
        );
    } else if (prev.role === "assistant" && prev.calls.length === 0)
      failure = fail("roles_out_of_order", `${at}: two assistant replies in a row`);
    else if (t.calls.length === 0 && t.content.trim() === "")
      failure = fail("empty_message", `${at} (assistant) is empty`);
    else
      for (const c of t.role === "assistant" ? t.calls : []) failure ??= checkCall(c, at, declared, schemas);
    if (failure) return failure;
    if (t.role === "assistant") pending = t.calls.map((c) => c.name);
  }
  if (pending.length > 0)
    return fail("unanswered_call", `the call to '${pending[0]}' at the end has no result`);
  const last = turns[turns.length - 1];
  if (last.role !== "assistant" || last.calls.length > 0)
    return fail("no_final_reply", "the dialogue does not end with a plain assistant reply");
  return undefined;
}

/**
 * What the pack and scenario promise: ids only from what the assistant was told, confirmation
 * before the tools that need it, the tools a gold item exercises actually called, no call for an
 * unsupported request and at least one for a supported one.
 */
function checkPromises(
  turns: DialogueTurn[],
  pack: DomainPack,
  scenario: ToolsScenario,
): ToolsValidationFailure | undefined {
  const invented = findInventedId(turns, assistantSystemPrompt(pack, scenario));
  if (invented)
    return fail(
      "invented_id",
      `message ${invented.message}: ${invented.tool}.${invented.argument} '${invented.value}' is in no user message, earlier tool result or the system prompt`,
    );
  const unconfirmed = findUnconfirmedCall(turns, pack.confirm_before ?? []);
  if (unconfirmed)
    return fail(
      "unconfirmed_call",
      `message ${unconfirmed.message}: '${unconfirmed.tool}' is called without asking the user first (ask, then call after the user's answer)`,
    );
  const called = new Set(turns.flatMap((t) => (t.role === "assistant" ? t.calls.map((c) => c.name) : [])));
  const missing = (scenario.focus_tools ?? []).filter((t) => !called.has(t));
  if (missing.length > 0)
    return fail(
      "focus_tool_not_called",
      `the scenario exercises ${missing.join(", ")}, but the dialogue never calls it`,
    );
  if (!scenario.supported && called.size > 0)
    return fail("unsupported_made_call", `an unsupported request, yet ${[...called].join(", ")} were called`);
  if (scenario.supported && called.size === 0)
    return fail("no_tool_call", "a request the tools serve, yet no tool was called");
  return undefined;
}

/** Checks a parsed dialogue against the pack and its scenario; the first failure wins. */
export function validateToolDialogue(
  turns: DialogueTurn[],
  pack: DomainPack,
  scenario: ToolsScenario,
  schemas: ToolSchemas,
): ToolsValidationFailure | undefined {
  const failure = checkStructure(turns, pack, schemas) ?? checkPromises(turns, pack, scenario);
  if (failure) return failure;
  const userTurns = turns.filter((t) => t.role === "user").length;
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
