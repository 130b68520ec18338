/**
 * dialogsmith as a library. The CLI is a thin layer over these functions; everything here is
 * silent (no terminal output) and reports through return values, callbacks and files.
 */

// Configuration.
export type { FileConfig } from "./config/file-config.js";
export { loadConfig, parseWithSchema, readStructuredFile } from "./config/load-config.js";
export type { ModelConfig, NamedModelConfig } from "./config/model-config.js";
export { ModelConfigSchema } from "./config/model-config.js";
export { resolveModel } from "./config/resolve-model.js";
// Formats.
export type { ChatMessage, Conversation, ToolSpec } from "./core/conversation.js";
// Errors (one hierarchy, each with an exit code) and shared primitives.
export {
  AuthError,
  ConfigError,
  DialogsmithError,
  EndpointError,
  InputError,
  StoppedShortError,
  UsageError,
} from "./core/errors.js";
export { JsonlWriter, readJsonl, repairJsonlTail } from "./core/jsonl.js";
// Engine.
export { recordId } from "./core/record-id.js";
export { deriveSeed, Rng } from "./core/rng.js";
export type { EngineProgress } from "./engine/progress.js";
export type { RunReport, StopReason } from "./engine/report.js";
export {
  type ConversationRun,
  type ConversationRunOutcome,
  runConversationRun,
  withOpenRun,
} from "./engine/run-conversations.js";
export { defaultRunDir, runPaths } from "./engine/run-dir.js";
export { exportDataset, getExporter } from "./formats/export/index.js";
export { loadRawExamples, pickExamples } from "./formats/raw-examples/index.js";
export { detectShape, parseRecord, readConversations, readRecords } from "./formats/read/index.js";
export { JinjaChatRenderer, pyJsonDumps, resolveRenderer } from "./formats/render/index.js";
export { splitDataset } from "./formats/split.js";
export { validateFile } from "./formats/validate/index.js";
// Reports and the Hub.
export { pushDataset } from "./hub/push.js";
export {
  type ComposedModel,
  createChatModel,
  createModelPool,
  type ModelServices,
} from "./models/create-model.js";
export type { ModelEvent } from "./models/events.js";
// Models.
export { extractJson } from "./models/json-extract.js";
export { ModelError, type ModelErrorKind } from "./models/model-error.js";
export { buildChatBody } from "./models/request-body.js";
export { RequestStats } from "./models/request-stats.js";
export { defaultCacheDir, ResponseCache } from "./models/response-cache.js";
export type { ChatModel, ChatRequest, ChatResult, ModelMiddleware } from "./models/types.js";
export { wrapModel } from "./models/types.js";
export { batchCancel, batchRetrieve, batchRetry, batchStatus, batchSubmit } from "./pipelines/batch-jobs.js";
export { batchPrepareTools } from "./pipelines/batch-prepare.js";
export { batchRunTools } from "./pipelines/batch-run.js";
export { generateFromRecipe } from "./pipelines/generate-recipe.js";
// Command-level pipelines (what each CLI command calls).
export { generateRoleplay } from "./pipelines/generate-roleplay.js";
export { generateRounds } from "./pipelines/generate-rounds.js";
export { generateTools } from "./pipelines/generate-tools.js";
export { judgeDataset } from "./pipelines/judge-dataset.js";
export { dedupFile } from "./quality/dedup.js";
// Quality.
export { detectLanguage, isInLanguage } from "./quality/language.js";
export { LshIndex } from "./quality/lsh.js";
export { estimateJaccard, MinHasher } from "./quality/minhash.js";
export { NearDuplicateDetector } from "./quality/near-duplicates.js";
export { countTokens } from "./quality/tokens.js";
// Recipes.
// Math: procedural dialogues, no model (docs/math.md).
export {
  DatasetGenerator,
  generateMath,
  type MathFlags,
  type MathRecord,
  type MathRunResult,
  MultiturnGenerator,
} from "./recipes/math/index.js";
export { oneShotProgram, oneShotRun } from "./recipes/one-shot.js";
export type { DatasetRecord, ItemContext, ItemOutcome, OneShotItem, Recipe } from "./recipes/recipe.js";
export { BUILTIN_ROLES } from "./recipes/roleplay/builtin-roles.js";
export { type RolePack, RolePackSchema } from "./recipes/roleplay/role-pack.js";
export { type RoleplayOptions, RoleplayRecipe } from "./recipes/roleplay/roleplay-recipe.js";
export { type DomainPack, DomainPackSchema } from "./recipes/tools/domain-pack.js";
export { ToolsRecipe } from "./recipes/tools/tools-recipe.js";
export { computeStats } from "./report/stats.js";
export { writeReportHtml } from "./report/write-report.js";
