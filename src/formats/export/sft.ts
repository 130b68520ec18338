import { assertHasAssistant, assertNoZeroWeightTurn, assertToolFlow, hasWeights } from "./checks.js";
import { toTrlMessages } from "./trl-messages.js";
import type { Exporter } from "./types.js";

/**
 * SFT chats `{"messages": [...]}`. A rounds record becomes user = question, assistant = correction
 * for every round (the answers are the rejected side, see dpo); other records their conversation.
 */
export const sftExporter: Exporter = {
  target: "sft",
  description: "SFT chats; rounds: user = question, assistant = correction, with history",
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
