export { HfBpeTokenizer } from "./hf-tokenizer.js";
export { IssueCollector, type IssueGroup } from "./issues.js";
export { checkMessagesExample, type MessageDialect } from "./message-checks.js";
export {
  detectFormat,
  MIN_EXAMPLES,
  VALIDATE_FORMATS,
  type ValidateFormat,
  type ValidateRequest,
  type ValidationReport,
  validateFile,
} from "./run-validate.js";
export { checkShareGptExample } from "./sharegpt-checks.js";
export {
  exampleTokens,
  resolveTokenizer,
  TokenCounter,
  type TokenDistribution,
  type Tokenizer,
} from "./token-stats.js";
