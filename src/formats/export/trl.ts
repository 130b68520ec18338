import { trlConversation } from "./trl-messages.js";
import type { Exporter } from "./types.js";

/** TRL conversational: `{"messages": [...], "tools"?: [...]}`. */
export const trlExporter: Exporter = {
  target: "trl",
  description: "TRL conversational messages (tool arguments as objects, tool messages with name)",
  convert: trlConversation,
};
