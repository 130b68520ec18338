export { chatmlRenderer } from "./chatml.js";
export { JinjaChatRenderer, type JinjaRendererOptions } from "./jinja.js";
export { llama3Renderer } from "./llama3.js";
export { parseJsonLossless, parseToolArguments, stringifyJsonLossless } from "./lossless.js";
export { type PyJsonOptions, pyFloatRepr, pyJsonDumps } from "./py-json.js";
export { qwenToolCall, qwenToolCallsText, qwenToolResponsesText, qwenToolsBlock } from "./qwen-common.js";
export { QWEN2_5_DEFAULT_SYSTEM, qwen2_5Renderer } from "./qwen2_5.js";
export { qwen3Renderer } from "./qwen3.js";
export { readRecordsLossless } from "./read-lossless.js";
export { BUILT_IN_TEMPLATES, builtInRenderer, resolveRenderer } from "./registry.js";
export {
  defaultSamplesDir,
  type RenderFileOptions,
  type RenderFileResult,
  renderFile,
  sampleFileName,
} from "./render-file.js";
export { type ChatTemplateSource, loadChatTemplate } from "./template-file.js";
export { type TemplateMessage, type TemplateToolCall, toTemplateMessages } from "./template-messages.js";
export type { ChatRenderer, RenderOptions } from "./types.js";
