export { readLines, type TextLine } from "./lines.js";
export { isObject, normaliseMessages, readContent } from "./messages.js";
export { detectShape, parseRecord } from "./parse-record.js";
export {
  formatToolCallBlock,
  formatToolCallText,
  formatToolResponseText,
  hasToolCallText,
  parseToolCallText,
  parseToolResponseText,
  type TextToolCall,
} from "./qwen-text.js";
export {
  type ReadConversationsOptions,
  type ReadRecordsOptions,
  readConversations,
  readRecords,
} from "./read-records.js";
export { formatRoleText, parseRoleText } from "./roleplay.js";
export { roundsToMessages } from "./rounds.js";
export { OBSERVATION_SEPARATOR } from "./sharegpt.js";
export { readTools } from "./tools-spec.js";
export {
  type DatasetMessage,
  type Preference,
  type ReadItem,
  type ReadRecord,
  RecordError,
  type RecordShape,
  type Round,
  type SkippedLine,
} from "./types.js";
