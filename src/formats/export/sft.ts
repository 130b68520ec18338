import { trlConversation } from "./trl-messages.js";
import type { Exporter } from "./types.js";

/**
 * SFT chats `{"messages": [...]}`. A rounds record becomes user = question, assistant = correction
 * for every round (the answers are the rejected side, see dpo); other records their conversation.
 */
export const sftExporter: Exporter = {
  target: "sft",
  description: "SFT chats; rounds: user = question, assistant = correction, with history",
  convert: trlConversation,
};
