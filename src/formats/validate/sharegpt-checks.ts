import { shareGptViolation } from "../export/sharegpt-core.js";
import type { IssueCollector } from "./issues.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const TAGS = new Set(["system", "human", "gpt", "function_call", "observation"]);

/**
 * LLaMA-Factory's rules for ShareGPT (what makes it drop an example with "Invalid role tag" or
 * "Invalid message count"), plus the shapes of `system`, `tools` (a JSON string of a list) and
 * function_call values (`{"name","arguments"}` or a list, arguments an object).
 */
export function checkShareGptExample(value: unknown, issues: IssueCollector): void {
  if (!isObj(value)) {
    issues.error("data_type", "the example is not a JSON object");
    return;
  }
  const conv = value.conversations;
  if (!Array.isArray(conv) || conv.length === 0) {
    issues.error("missing_conversations", 'no "conversations" list');
    return;
  }
  if (value.system !== undefined && typeof value.system !== "string")
    issues.error("invalid_system", '"system" is not a string');
  checkToolsString(value.tools, issues);
  const turns: { from: string }[] = [];
  for (let i = 0; i < conv.length; i++) {
    const t = conv[i];
    const at = `turn ${i + 1}`;
    if (!isObj(t) || !("from" in t) || !("value" in t)) {
      issues.error("message_missing_key", `${at} is not {"from", "value"}`);
      return;
    }
    const from = t.from;
    if (typeof from !== "string" || !TAGS.has(from)) {
      issues.error(
        "invalid_role_tag",
        `${at}: "from" ${JSON.stringify(from)} is not human/gpt/function_call/observation/system`,
      );
      return;
    }
    if (from === "system" && i > 0) {
      issues.error("invalid_role_tag", `${at}: a system turn after the start`);
      return;
    }
    if (typeof t.value !== "string") issues.error("missing_content", `${at}: value is not a string`);
    else if (t.value.trim() === "") issues.warn("empty_value", `${at}: empty value`);
    else if (from === "function_call") checkFunctionCall(t.value, at, issues);
    turns.push({ from });
  }
  const violation = shareGptViolation(turns);
  if (violation) {
    const type = violation.reason === "roles_not_alternating" ? "invalid_role_tag" : "invalid_message_count";
    issues.error(type, violation.detail);
  }
}

function checkToolsString(tools: unknown, issues: IssueCollector): void {
  if (tools === undefined || tools === null || tools === "") return;
  if (typeof tools !== "string") {
    issues.error("tools_not_string", '"tools" must be a JSON string of a list of function schemas');
    return;
  }
  let list: unknown;
  try {
    list = JSON.parse(tools);
  } catch {
    issues.error("invalid_tools", '"tools" does not parse as JSON');
    return;
  }
  if (!Array.isArray(list)) issues.error("invalid_tools", '"tools" is not a JSON list');
}

function checkFunctionCall(value: string, at: string, issues: IssueCollector): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    issues.error("invalid_function_call", `${at}: function_call value is not JSON`);
    return;
  }
  const calls = Array.isArray(parsed) ? parsed : [parsed];
  for (const c of calls) {
    if (!isObj(c) || typeof c.name !== "string" || !("arguments" in c)) {
      issues.error(
        "invalid_function_call",
        `${at}: function_call must be {"name", "arguments"} or a list of them`,
      );
      return;
    }
    if (typeof c.arguments === "string") {
      issues.warn(
        "function_call_arguments_string",
        `${at}: arguments is a string; LLaMA-Factory encodes it twice`,
      );
    }
  }
}
