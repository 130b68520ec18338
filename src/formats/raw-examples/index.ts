/** The roleplay recipe's few-shot examples: read from `data/raw/`, cut to a budget, picked per item. */
export { cutToTokenBudget, exampleTokens, pickExamples, type TokenCounter, turnTokens } from "./budget.js";
export { type ChatTextOptions, ChatTextParser, parseChatText } from "./chat-text.js";
export { parseJsonText, parseJsonValue } from "./json-file.js";
export { labelMeaning, normaliseName } from "./labels.js";
export { loadRawExamples } from "./load.js";
export { DEFAULT_MAX_FILE_BYTES } from "./read-text.js";
export { assignRoles, type RoleAssignment } from "./roles.js";
export type {
  LoadRawExamplesOptions,
  LoadRawExamplesResult,
  ParsedChat,
  ParseResult,
  RawExample,
  RawMessage,
  RawRole,
  SpeakerMessage,
} from "./types.js";
