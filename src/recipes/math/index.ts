/**
 * The math recipe's public API: procedural, model-free multi-turn math and physics dialogues
 * with machine-checkable answers (see docs/math.md).
 */
export {
  DEFAULT_COUNT,
  DEFAULT_TURNS,
  type MathConfig,
  MathConfigSchema,
  type MathFlags,
  type MathRun,
  resolveMathRun,
} from "./config.js";
export { buildDialogue, type DialogueSpec } from "./dialogue.js";
export {
  DatasetGenerator,
  type DialogueOptions,
  type GeneratorOptions,
  type MultiturnDatasetOptions,
  MultiturnGenerator,
  type SingleModeDatasetOptions,
} from "./generator.js";
export { generateMath, type MathRunHooks, type MathRunResult, runMath } from "./run.js";
export { cellOf, type MathPlan, mathRecords, recordId } from "./stream.js";
export { TASK_TYPES } from "./tasks/index.js";
export {
  type Check,
  type Dialogue,
  type DialogueMetadata,
  LANGUAGES,
  type Language,
  type MathRecord,
  type Message,
  type MistakeKind,
  MODES,
  type Mode,
} from "./types.js";
