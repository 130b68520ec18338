import { z } from "zod";
import type { FileConfig } from "../config/file-config.js";
import { parseWithSchema } from "../config/load-config.js";
import { UsageError } from "../core/errors.js";
import { type DomainPack, DomainPackSchema } from "../recipes/tools/domain-pack.js";
import type { ScenarioSettings } from "../recipes/tools/scenario.js";
import type { ToolsRecipeOptions, ToolsSet } from "../recipes/tools/tools-recipe.js";
import { type JudgeFlags, type JudgeOption, JudgeSectionSchema } from "./judge-option.js";
import type { CommonRunFlags } from "./run-options.js";
import { resolveDomainPack } from "./tools-domain.js";

/** The `tools:` section of dialogsmith.yaml. */
export const ToolsSectionSchema = z.strictObject({
  model: z.string().optional(),
  domain: z.string().optional(),
  count: z.int().nonnegative().optional(),
  seed: z.int().nonnegative().optional(),
  gold: z.boolean().optional(),
  min_turns: z.int().positive().optional(),
  max_turns: z.int().positive().optional(),
  unsupported_ratio: z.number().min(0).max(1).optional(),
  twist_ratio: z.number().min(0).max(1).optional(),
  max_cost: z.number().nonnegative().optional(),
  /** An LLM judge that scores each dialogue of the online run (default rubric: tools). */
  judge: JudgeSectionSchema.optional(),
});
export type ToolsSection = z.output<typeof ToolsSectionSchema>;

export interface ToolsFlags extends CommonRunFlags, JudgeFlags {
  domain?: string;
  gold?: boolean;
  minTurns?: number;
  maxTurns?: number;
  unsupportedRatio?: number;
  twistRatio?: number;
}

/** Options saved with a run (config.json, batch_config.json): the pack itself, not its file. */
export interface ToolsRunOptions {
  domain: string;
  pack: DomainPack;
  gold: boolean;
  min_turns: number;
  max_turns: number;
  unsupported_ratio: number;
  twist_ratio: number;
  /** The online run's judge; absent without one (runs without keep their fingerprint). */
  judge?: JudgeOption;
}

export const DEFAULT_TOOLS_COUNT = 400;

export function toolsSection(config: FileConfig, configPath: string | undefined): ToolsSection {
  return parseWithSchema(ToolsSectionSchema, config.tools ?? {}, configPath ?? "config", ["tools"]);
}

export function resolveToolsOptions(flags: ToolsFlags, section: ToolsSection): ToolsRunOptions {
  const domain = flags.domain ?? section.domain ?? "delivery";
  const pack = resolveDomainPack(domain);
  const min = flags.minTurns ?? section.min_turns ?? 2;
  const max = flags.maxTurns ?? section.max_turns ?? 5;
  if (min > max) throw new UsageError(`--min-turns (${min}) is larger than --max-turns (${max})`);
  const gold = flags.gold ?? section.gold ?? false;
  if (gold && pack.gold_categories.length === 0)
    throw new UsageError(
      `--gold: the domain pack '${pack.name}' has no gold_categories; add some or drop --gold`,
    );
  return {
    domain: pack.name,
    pack,
    gold,
    min_turns: min,
    max_turns: max,
    unsupported_ratio: flags.unsupportedRatio ?? section.unsupported_ratio ?? 0.1,
    twist_ratio: flags.twistRatio ?? section.twist_ratio ?? 0.25,
  };
}

/** Saved options as read back from a run: the pack is validated again (it may have been edited). */
export function restoreToolsOptions(saved: Record<string, unknown>, where: string): ToolsRunOptions {
  const options = saved as unknown as ToolsRunOptions;
  return { ...options, pack: parseWithSchema(DomainPackSchema, options.pack, where, ["options", "pack"]) };
}

export function scenarioSettings(options: ToolsRunOptions): ScenarioSettings {
  return {
    minTurns: options.min_turns,
    maxTurns: options.max_turns,
    unsupportedRatio: options.unsupported_ratio,
    twistRatio: options.twist_ratio,
  };
}

export function recipeOptions(options: ToolsRunOptions, set: ToolsSet): ToolsRecipeOptions {
  return { pack: options.pack, set, scenario: scenarioSettings(options) };
}
