import { existsSync, readFileSync } from "node:fs";
import { writeJsonAtomic } from "../core/atomic-file.js";
import type { RequestStatsSnapshot } from "../models/request-stats.js";
import type { StopReason } from "./report.js";

/** state.json: replaced by atomic rename at checkpoints; dataset.jsonl stays the source of truth. */
export interface RunState {
  version: 1;
  recipe: string;
  seed: number;
  count: number;
  status: "running" | StopReason;
  next_index: number;
  accepted: number;
  rejected: number;
  failed: number;
  rejection_reasons: Record<string, number>;
  requests: RequestStatsSnapshot;
  duration_s: number;
  updated_at: string;
}

export function readRunState(path: string): RunState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RunState;
  } catch {
    return undefined;
  }
}

export function writeRunState(path: string, state: RunState): void {
  writeJsonAtomic(path, state);
}
