export { alignerExporter } from "./aligner.js";
export { argumentsObject, assertHasAssistant, assertToolFlow } from "./checks.js";
export { dpoExporter } from "./dpo.js";
export { llamaFactoryExporter } from "./llama-factory.js";
export { openaiExporter } from "./openai.js";
export { promptCompletionExporter } from "./prompt-completion.js";
export { convertRecord, getExporter } from "./registry.js";
export { roleplaySeedExporter } from "./roleplay-seed.js";
export { roundsSeedExporter } from "./rounds-seed.js";
export {
  defaultOutput,
  type ExportRequest,
  type ExportSummary,
  exportDataset,
  type SkipExample,
} from "./run-export.js";
export { sftExporter } from "./sft.js";
export { sharegptExporter } from "./sharegpt.js";
export { type ShareGptTurn, shareGptViolation, toShareGpt } from "./sharegpt-core.js";
export { AtomicFileSink, type LineSink, StdoutSink } from "./sink.js";
export { toolsSeedExporter } from "./tools-seed.js";
export { trlExporter } from "./trl.js";
export { toTrlMessages } from "./trl-messages.js";
export { trlPromptCompletionExporter } from "./trl-prompt-completion.js";
export {
  DEFAULT_EXPORT_TARGET,
  EXPORT_TARGETS,
  type Exporter,
  type ExportOptions,
  type ExportOutcome,
  type ExportTarget,
} from "./types.js";
