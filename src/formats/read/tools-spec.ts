import type { ToolSpec } from "../../core/conversation.js";
import { isObject } from "./messages.js";
import { RecordError } from "./types.js";

/**
 * A `tools` column as OpenAI function tools. Accepts a list or a JSON string of one (ShareGPT),
 * wrapped (`{"type":"function","function":{...}}`) or bare (`{"name","parameters"}`, LLaMA-Factory).
 */
export function readTools(value: unknown): ToolSpec[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      throw new RecordError("bad_tools", "tools is a string but not JSON");
    }
  }
  if (!Array.isArray(list)) throw new RecordError("bad_tools", "tools is not a list");
  if (list.length === 0) return undefined;
  return list.map((t, i) => {
    if (!isObject(t)) throw new RecordError("bad_tools", `tools[${i}] is not an object`);
    const fn = isObject(t.function) ? t.function : t;
    if (typeof fn.name !== "string" || fn.name === "") {
      throw new RecordError("bad_tools", `tools[${i}] has no function name`);
    }
    if (t.type === "function" && isObject(t.function)) return t as unknown as ToolSpec;
    return { type: "function", function: fn as ToolSpec["function"] };
  });
}
