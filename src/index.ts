/**
 * dialogsmith as a library: a short, typed surface (README, "Library"). Everything here is silent
 * (no terminal output) and reports through return values, callbacks and files; the CLI is a thin
 * layer over the same functions. Internals (engine parts, wrappers, readers) are not exported.
 */
import "./recipes/recipe-sections.js";

// Configuration, data, errors.
export type { FileConfig } from "./config/file-config.js";
export { loadConfig } from "./config/load-config.js";
export type { ModelConfig, NamedModelConfig } from "./config/model-config.js";
export type { ChatMessage, Conversation, ToolSpec } from "./core/conversation.js";
export {
  AuthError,
  ConfigError,
  DialogsmithError,
  EndpointError,
  InputError,
  StoppedShortError,
  UsageError,
} from "./core/errors.js";
export type { CanonicalRecord, RecordMessage, RecordMetadata } from "./core/record.js";
export { deriveSeed, Rng } from "./core/rng.js";
export type {
  ConversationContext,
  ConversationOutcome,
  ConversationProgram,
  StepDone,
  StepParse,
  StepSpec,
} from "./engine/program.js";
export { StepFailedError } from "./engine/program.js";
export type { EngineProgress } from "./engine/progress.js";
export type { RunReport, StopReason } from "./engine/report.js";
// Dataset tools.
export { exportDataset } from "./formats/export/index.js";
export { loadRawExamples, pickExamples } from "./formats/raw-examples/index.js";
export { readConversations, readRecords } from "./formats/read/index.js";
export { JinjaChatRenderer, pyJsonDumps, resolveRenderer } from "./formats/render/index.js";
export { splitDataset } from "./formats/split.js";
export { validateFile } from "./formats/validate/index.js";
export { pushDataset } from "./hub/push.js";
// Models: one interface, wrappers composed around a transport.
export { createChatModel, type ModelServices } from "./models/create-model.js";
export { ModelError, type ModelErrorKind } from "./models/model-error.js";
export type { ChatModel, ChatRequest, ChatResult, ModelMiddleware } from "./models/types.js";
export { wrapModel } from "./models/types.js";
export { batchCancel, batchRetrieve, batchRetry, batchStatus, batchSubmit } from "./pipelines/batch-jobs.js";
export { batchPrepareTools } from "./pipelines/batch-prepare.js";
export { batchRunTools } from "./pipelines/batch-run.js";
export { dedupFile } from "./pipelines/dedup-file.js";
// Generate: any recipe through the one pipeline, or your own with defineRecipe.
export {
  type GenerateIo,
  type GenerateResult,
  type GenerateSettings,
  generate,
  type RecipeDryRun,
} from "./pipelines/generate.js";
// The recipes with commands of their own (math, YAML recipes), judges.
export { generateFromRecipe } from "./pipelines/generate-recipe.js";
export { judgeDataset } from "./pipelines/judge-dataset.js";
export {
  type AnyRecipe,
  defineRecipe,
  type PreparedRecipe,
  type RecipeDefinition,
  type RecipeIo,
  type RecipeRole,
  type RecipeRun,
} from "./recipes/define-recipe.js";
// Math: procedural dialogues, no model (docs/math.md).
export {
  DatasetGenerator,
  generateMath,
  type MathFlags,
  type MathRecord,
  type MathRunResult,
  MultiturnGenerator,
} from "./recipes/math/index.js";
export { RECIPES, type RecipeEntry } from "./recipes/registry.js";
export { BUILTIN_ROLES } from "./recipes/roleplay/builtin-roles.js";
export { type RolePack, RolePackSchema } from "./recipes/roleplay/role-pack.js";
export { type DomainPack, DomainPackSchema } from "./recipes/tools/domain-pack.js";
export { computeStats } from "./report/stats.js";
export { writeReportHtml } from "./report/write-report.js";
