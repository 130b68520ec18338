import type { EngineProgress } from "../engine/progress.js";
import type { ConversationRunOutcome } from "../engine/run-conversations.js";
import type { RunNotices } from "../engine/run-notices.js";
import type { ModelEvent } from "../models/events.js";
import type { RolePack } from "../recipes/roleplay/role-pack.js";
import type { PromptDryRun } from "./dry-run.js";
import type { JudgeFlags, JudgeOption } from "./judge-option.js";
import type { CommonRunFlags } from "./run-options.js";

/** The types of `generate roleplay` (both strategies share them). */

export interface RoleplayFlags extends CommonRunFlags, JudgeFlags {
  role?: string;
  roleFile?: string;
  lang?: string;
  minMessages?: number;
  maxMessages?: number;
  raw?: string;
  assistantName?: string | string[];

  examples?: number;
  strategy?: "oneshot" | "simulate";
  userModel?: string;
  assistantModel?: string;
  /** commander's --no-system-message: false when given. */
  systemMessage?: boolean;
}

/** Options saved in config.json: everything that shapes the data (the pack itself, not its file). */
export interface RoleplayRunOptions {
  role: string;
  pack: RolePack;
  language: string;
  min_messages: number;
  max_messages: number;
  raw_dir: string;
  assistant_name?: string | string[];
  examples_per_prompt: number;
  example_tokens: number;
  near_duplicate_threshold: number;
  /** The persona as each record's system message (absent in runs made before it existed: none). */
  system_message?: boolean;
  /** Absent for oneshot (so oneshot runs keep their config fingerprint). */
  strategy?: "simulate";
  /** Absent without a judge (runs without one keep their fingerprint). */
  judge?: JudgeOption;
}

export interface RoleplayIo extends RunNotices {
  stopSignal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onModelEvent?: (e: ModelEvent) => void;
  /** Asks for a role on a terminal; absent when not interactive. */
  chooseRole?: (roles: string[]) => Promise<{ role: string } | { custom: string }>;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export type RoleplayResult = ({ kind: "run" } & ConversationRunOutcome) | PromptDryRun;
