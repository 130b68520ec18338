import { existsSync, statSync } from "node:fs";

/** True when the file exists and holds at least one byte (a run has written to it). */
export function holdsData(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0;
}

/** The dialogsmith version that started a run, as its config.json saved it; undefined where none was saved (early 0.1.x, math runs). */
export function savedVersion(config: Record<string, unknown> | undefined): string | undefined {
  return typeof config?.dialogsmith_version === "string" ? config.dialogsmith_version : undefined;
}
