import { UsageError } from "../../core/errors.js";
import { type ReadRecord, RecordError } from "../read/types.js";
import { alignerExporter } from "./aligner.js";
import { dpoExporter } from "./dpo.js";
import { llamaFactoryExporter } from "./llama-factory.js";
import { openaiExporter } from "./openai.js";
import { promptCompletionExporter } from "./prompt-completion.js";
import { roleplaySeedExporter } from "./roleplay-seed.js";
import { roundsSeedExporter } from "./rounds-seed.js";
import { sftExporter } from "./sft.js";
import { sharegptExporter } from "./sharegpt.js";
import { toolsSeedExporter } from "./tools-seed.js";
import { trlExporter } from "./trl.js";
import { trlPromptCompletionExporter } from "./trl-prompt-completion.js";
import {
  EXPORT_TARGETS,
  type Exporter,
  type ExportOptions,
  type ExportOutcome,
  type ExportTarget,
} from "./types.js";

const EXPORTERS: Record<ExportTarget, Exporter> = {
  openai: openaiExporter,
  sharegpt: sharegptExporter,
  "llama-factory": llamaFactoryExporter,
  trl: trlExporter,
  "trl-prompt-completion": trlPromptCompletionExporter,
  "prompt-completion": promptCompletionExporter,
  dpo: dpoExporter,
  sft: sftExporter,
  aligner: alignerExporter,
  "roleplay-seed": roleplaySeedExporter,
  "tools-seed": toolsSeedExporter,
  "rounds-seed": roundsSeedExporter,
};

export function getExporter(target: string): Exporter {
  if (!(EXPORT_TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`unknown export target '${target}'; use one of ${EXPORT_TARGETS.join(", ")}`);
  }
  return EXPORTERS[target as ExportTarget];
}

/** Converts one record, a RecordError becoming a rejection with its reason. */
export function convertRecord(
  exporter: Exporter,
  record: ReadRecord,
  options: ExportOptions = {},
): ExportOutcome {
  try {
    return exporter.convert(record, options);
  } catch (e) {
    if (e instanceof RecordError) return { ok: false, reason: e.reason, detail: e.message };
    throw e;
  }
}
