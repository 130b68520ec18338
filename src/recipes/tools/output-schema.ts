import type { DomainPack } from "./domain-pack.js";

type Schema = Record<string, unknown>;

const ANY_RESULT: Schema = { type: "object" };

/** A failed call's result (sold out, closed, ...): edge cases need these besides the normal shape. */
export const ERROR_RESULT: Schema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" } },
      required: ["message"],
    },
  },
  required: ["error"],
};

/** What a tool's result may look like: its return format, or an error. */
export function resultSchema(pack: DomainPack, tool: string): Schema {
  const format = pack.tools_return_format[tool];
  return format ? { anyOf: [format, ERROR_RESULT] } : ANY_RESULT;
}

/**
 * JSON Schema of the writer's answer: `{"messages": [...]}` where each message is a user turn, a
 * plain assistant reply, an assistant turn with tool calls, or one tool result. Tool names are
 * enums and each call's `arguments` follow that tool's own parameter schema: one `anyOf` branch
 * per tool, the construct json_schema servers (OpenAI, vLLM/xgrammar, llama.cpp) all accept.
 * Not strict: parameter schemas have optional properties, which OpenAI's strict mode forbids.
 */
export function toolsOutputSchema(pack: DomainPack): Schema {
  const callBranches = pack.tools.map((t) => ({
    type: "object",
    properties: {
      name: { type: "string", enum: [t.function.name] },
      arguments: t.function.parameters,
    },
    required: ["name", "arguments"],
    additionalProperties: false,
  }));
  const resultBranches = pack.tools.map((t) => ({
    type: "object",
    properties: {
      role: { type: "string", enum: ["tool"] },
      name: { type: "string", enum: [t.function.name] },
      content: resultSchema(pack, t.function.name),
    },
    required: ["role", "name", "content"],
    additionalProperties: false,
  }));
  const text = (role: string): Schema => ({
    type: "object",
    properties: { role: { type: "string", enum: [role] }, content: { type: "string", minLength: 1 } },
    required: ["role", "content"],
    additionalProperties: false,
  });
  return {
    type: "object",
    properties: {
      messages: {
        type: "array",
        minItems: 2,
        items: {
          anyOf: [
            text("user"),
            {
              type: "object",
              properties: {
                role: { type: "string", enum: ["assistant"] },
                content: { type: "string" },
                tool_calls: { type: "array", minItems: 1, items: { anyOf: callBranches } },
              },
              required: ["role", "tool_calls"],
              additionalProperties: false,
            },
            text("assistant"),
            ...resultBranches,
          ],
        },
      },
    },
    required: ["messages"],
    additionalProperties: false,
  };
}
