import type { IssueCollector } from "./issues.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export type MessageDialect = "openai" | "trl";

const ROLES = new Set(["system", "user", "assistant", "tool", "function"]);
const MESSAGE_KEYS = new Set([
  "role",
  "content",
  "name",
  "function_call",
  "weight",
  "tool_calls",
  "tool_call_id",
]);
const TOP_KEYS_OPENAI = new Set(["messages", "tools", "parallel_tool_calls", "functions"]);
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * OpenAI's data-prep checks (data type, missing messages list, message missing key, unrecognised
 * key, unrecognised role, missing content, example without assistant message), with `weight`
 * rules, extended to tools: tool_calls, tool_call_id, the tool role, null content beside calls,
 * every call answered, arguments that parse as JSON. The `trl` dialect wants arguments as objects.
 */
export function checkMessagesExample(value: unknown, issues: IssueCollector, dialect: MessageDialect): void {
  if (!isObj(value)) {
    issues.error("data_type", "the example is not a JSON object");
    return;
  }
  if (dialect === "trl" && !Array.isArray(value.messages)) {
    checkTrlOtherShapes(value, issues);
    return;
  }
  if (dialect === "openai") {
    for (const k of Object.keys(value)) {
      if (!TOP_KEYS_OPENAI.has(k))
        issues.warn("unrecognized_top_level_key", `key "${k}" is not part of the fine-tuning format`);
    }
  }
  const toolNames = checkTools(value.tools, issues);
  const messages = value.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    issues.error("missing_messages_list", 'no "messages" list');
    return;
  }
  checkMessageList(messages, issues, dialect, toolNames, true);
}

/** TRL prompt/completion and preference shapes: each side is a message list. */
function checkTrlOtherShapes(value: Obj, issues: IssueCollector): void {
  const toolNames = checkTools(value.tools, issues);
  const sides: [string, boolean][] =
    value.chosen !== undefined
      ? [
          ["prompt", false],
          ["chosen", true],
          ["rejected", true],
        ]
      : [
          ["prompt", false],
          ["completion", true],
        ];
  if (value.prompt === undefined && value.chosen === undefined) {
    issues.error("missing_messages_list", 'no "messages", "prompt"/"completion" or "chosen"/"rejected"');
    return;
  }
  for (const [key, needsAssistant] of sides) {
    const list = value[key];
    if (typeof list === "string") continue; // standard (non-conversational) TRL text
    if (!Array.isArray(list) || list.length === 0) {
      if (!(key === "prompt" && value.chosen !== undefined && list === undefined)) {
        issues.error("missing_messages_list", `"${key}" is not a non-empty message list`);
      }
      continue;
    }
    checkMessageList(list, issues, "trl", toolNames, needsAssistant);
  }
}

function checkTools(tools: unknown, issues: IssueCollector): Set<string> | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) {
    issues.error("invalid_tools", '"tools" is not a list');
    return undefined;
  }
  const names = new Set<string>();
  for (const t of tools) {
    const fn = isObj(t) && t.type === "function" && isObj(t.function) ? t.function : undefined;
    if (!fn || typeof fn.name !== "string") {
      issues.error("invalid_tools", 'a tool is not {"type": "function", "function": {"name", ...}}');
      continue;
    }
    if (!FUNCTION_NAME.test(fn.name))
      issues.error("invalid_tools", `function name "${fn.name}" must match ^[a-zA-Z0-9_-]{1,64}$`);
    if (fn.parameters !== undefined && !isObj(fn.parameters))
      issues.error("invalid_tools", `"${fn.name}": parameters is not an object`);
    names.add(fn.name);
  }
  return names;
}

function checkMessageList(
  messages: unknown[],
  issues: IssueCollector,
  dialect: MessageDialect,
  toolNames: Set<string> | undefined,
  needsAssistant: boolean,
): void {
  let pending: Set<string> | undefined;
  let assistant = false;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const at = `message ${i + 1}`;
    if (!isObj(m)) {
      issues.error("data_type", `${at} is not an object`);
      continue;
    }
    const role = m.role;
    if (role !== "tool" && pending && pending.size > 0) {
      issues.error(
        "unanswered_tool_call",
        `${at}: tool call(s) ${[...pending].join(", ")} have no tool result before it`,
      );
      pending = undefined;
    }
    checkRoleAndKeys(m, at, issues, dialect);
    if (role === "assistant") assistant = true;
    const calls = m.tool_calls;
    const hasCalls = (Array.isArray(calls) && calls.length > 0) || m.function_call !== undefined;
    if (calls !== undefined && role !== "assistant")
      issues.error("tool_calls_not_on_assistant", `${at}: tool_calls on a ${role} message`);
    checkContent(m, at, hasCalls, issues);
    checkWeight(m, at, issues);
    if (role === "assistant" && Array.isArray(calls)) {
      pending = new Set();
      for (const c of calls) checkCall(c, at, issues, dialect, toolNames, pending);
    } else if (role === "assistant" && calls !== undefined && calls !== null) {
      issues.error("tool_call_malformed", `${at}: tool_calls is not a list`);
    }
    if (role === "tool") checkToolResult(m, at, issues, dialect, pending);
  }
  if (pending && pending.size > 0) {
    issues.error("unanswered_tool_call", `tool call(s) ${[...pending].join(", ")} are never answered`);
  }
  if (needsAssistant && !assistant) issues.error("example_missing_assistant_message", "no assistant message");
}

function checkRoleAndKeys(m: Obj, at: string, issues: IssueCollector, dialect: MessageDialect): void {
  const role = m.role;
  if (!("role" in m)) issues.error("message_missing_key", `${at} has no "role"`);
  else if (typeof role !== "string" || !ROLES.has(role))
    issues.error("unrecognized_role", `${at}: role ${JSON.stringify(role)}`);
  for (const k of Object.keys(m)) {
    if (!MESSAGE_KEYS.has(k)) {
      if (dialect === "openai") issues.error("message_unrecognized_key", `${at}: key "${k}"`);
      else issues.warn("message_unrecognized_key", `${at}: key "${k}" (ignored by chat templates)`);
    }
  }
}

/** Content: a non-empty string, except null/absent/"" beside tool calls. */
function checkContent(m: Obj, at: string, hasCalls: boolean, issues: IssueCollector): void {
  if (!("content" in m) && !hasCalls) {
    issues.error("message_missing_key", `${at} has no "content"`);
  } else if (hasCalls) {
    if (m.content !== null && m.content !== undefined && typeof m.content !== "string") {
      issues.error("missing_content", `${at}: content beside tool calls must be a string or null`);
    }
  } else if (Array.isArray(m.content)) {
    if (m.content.length === 0) issues.error("missing_content", `${at}: empty content list`);
  } else if (typeof m.content !== "string" || (m.content === "" && m.role !== "tool")) {
    issues.error("missing_content", `${at}: content is ${m.content === "" ? "empty" : typeof m.content}`);
  }
}

function checkWeight(m: Obj, at: string, issues: IssueCollector): void {
  if (!("weight" in m)) return;
  if (m.role !== "assistant")
    issues.error("weight_not_on_assistant", `${at}: weight is allowed only on assistant messages`);
  else if (m.weight !== 0 && m.weight !== 1)
    issues.error("invalid_weight", `${at}: weight must be 0 or 1, got ${JSON.stringify(m.weight)}`);
}

/** A tool message answers one pending call: by tool_call_id, or (TRL, no id) the oldest one. */
function checkToolResult(
  m: Obj,
  at: string,
  issues: IssueCollector,
  dialect: MessageDialect,
  pending: Set<string> | undefined,
): void {
  const id = m.tool_call_id;
  if (typeof id === "string" && id !== "") {
    if (!pending?.delete(id))
      issues.error("tool_result_without_call", `${at}: tool_call_id "${id}" answers no pending call`);
  } else if (dialect === "openai") {
    issues.error("tool_message_missing_id", `${at}: a tool message needs "tool_call_id"`);
  } else {
    if (!pending || pending.size === 0)
      issues.error("tool_result_without_call", `${at}: a tool result with no call before it`);
    else pending.delete(pending.values().next().value as string);
    if (typeof m.name !== "string")
      issues.warn("tool_message_missing_name", `${at}: TRL tool messages carry the function "name"`);
  }
}

function checkCall(
  c: unknown,
  at: string,
  issues: IssueCollector,
  dialect: MessageDialect,
  toolNames: Set<string> | undefined,
  pending: Set<string>,
): void {
  const fn = isObj(c) && isObj(c.function) ? c.function : undefined;
  if (!isObj(c) || !fn || typeof fn.name !== "string") {
    issues.error(
      "tool_call_malformed",
      `${at}: a tool call is not {"id", "type": "function", "function": {"name", "arguments"}}`,
    );
    return;
  }
  let id = c.id;
  if (dialect === "openai" && (typeof id !== "string" || id === "" || c.type !== "function")) {
    issues.error("tool_call_malformed", `${at}: a tool call needs a string "id" and "type": "function"`);
  }
  if (typeof id !== "string" || id === "") id = `#${pending.size + 1}`;
  if (pending.has(id as string)) issues.error("tool_call_malformed", `${at}: duplicate tool call id "${id}"`);
  pending.add(id as string);
  if (toolNames && !toolNames.has(fn.name))
    issues.warn("tool_call_unknown_function", `${at}: "${fn.name}" is not in "tools"`);
  const args = fn.arguments;
  if (dialect === "openai") {
    if (typeof args !== "string") {
      issues.error("tool_call_arguments_not_string", `${at}: arguments must be a JSON string`);
      return;
    }
    try {
      JSON.parse(args);
    } catch {
      issues.error("tool_call_arguments_not_json", `${at}: arguments do not parse as JSON`);
    }
  } else if (typeof args === "string") {
    issues.error(
      "tool_call_arguments_not_object",
      `${at}: arguments must be an object (a string is encoded twice by chat templates)`,
    );
  } else if (!isObj(args)) {
    issues.error("tool_call_arguments_not_object", `${at}: arguments must be an object`);
  }
}
