import { assertHasAssistant, assertNoZeroWeightTurn, assertToolFlow, hasWeights } from "./checks.js";
import { toTrlMessages } from "./trl-messages.js";
import type { Exporter } from "./types.js";

/** TRL conversational: `{"messages": [...], "tools"?: [...]}`. */
export const trlExporter: Exporter = {
  target: "trl",
  description: "TRL conversational messages (tool arguments as objects, tool messages with name)",
  convert(record) {
    const { messages, tools } = record.conversation;
    assertHasAssistant(messages);
    assertToolFlow(messages);
    assertNoZeroWeightTurn(messages);
    const value: Record<string, unknown> = { messages: toTrlMessages(messages) };
    if (tools) value.tools = tools;
    return { ok: true, values: [value], notes: hasWeights(messages) ? ["weight_dropped"] : undefined };
  },
};
