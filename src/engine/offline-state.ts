import { existsSync, readFileSync } from "node:fs";
import { writeJsonAtomic } from "../core/atomic-file.js";
import type { RunState } from "./run-state.js";

/**
 * state.json of a model-free run, replaced by atomic rename at each checkpoint. The output
 * files are cut back to the sizes it records when the run resumes, so whatever was written after
 * the last checkpoint is written again (the same bytes: record i depends on the seed and i only),
 * and the split and the report's tallies continue exactly where they were.
 */
export interface OfflineState
  extends Pick<
    RunState,
    | "version"
    | "recipe"
    | "seed"
    | "count"
    | "status"
    | "next_index"
    | "accepted"
    | "duration_s"
    | "updated_at"
  > {
  /** Per output file: its size in bytes and records at the checkpoint. */
  files: Record<string, { bytes: number; lines: number }>;
  /** The train/eval split's counters: [stratum, records so far, phase], in order of appearance. */
  split?: [string, number, number][];
  /** report.json's breakdown so far: [facet, [value, count][]], in order of appearance. */
  breakdown: [string, [string | number, number][]][];
}

/** The state of a run, or undefined when there is none or it cannot be read (the run starts over). */
export function readOfflineState(path: string): OfflineState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const state = JSON.parse(readFileSync(path, "utf8")) as OfflineState;
    return state?.version === 1 && typeof state.next_index === "number" && state.files ? state : undefined;
  } catch {
    return undefined;
  }
}

export function writeOfflineState(path: string, state: OfflineState): void {
  writeJsonAtomic(path, state);
}

export function breakdownToState(b: Map<string, Map<string | number, number>>): OfflineState["breakdown"] {
  return [...b].map(([facet, counts]) => [facet, [...counts]]);
}

export function breakdownFromState(
  saved: OfflineState["breakdown"] | undefined,
): Map<string, Map<string | number, number>> {
  return new Map((saved ?? []).map(([facet, counts]) => [facet, new Map(counts)]));
}
