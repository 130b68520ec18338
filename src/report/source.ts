import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { runPaths } from "../engine/run-dir.js";
import { resolveInput } from "../formats/resolve-input.js";

/** What `stats`, `report` and `push` were pointed at: a run directory or a single JSONL file. */
export interface DataSource {
  kind: "run" | "file";
  /** The path the user gave, resolved. */
  input: string;
  /**
   * The record files to describe, as the shared readers pick them: a run's `dataset.jsonl` (or a
   * rounds run's last history, or its train/eval splits), or the file itself.
   */
  files: string[];
  runDir?: string;
  rejected?: string;
  report?: string;
  config?: string;
}

export function resolveSource(input: string): DataSource {
  const abs = resolve(input);
  if (!existsSync(abs)) throw new InputError(`not found: ${input} (give a run directory or a .jsonl file)`);
  const resolved = resolveInput(abs);
  const files = resolved.files.map((f) => f.path);
  if (!statSync(abs).isDirectory()) return { kind: "file", input: abs, files };
  const paths = runPaths(abs);
  const present = (p: string) => (existsSync(p) ? p : undefined);
  return {
    kind: "run",
    input: abs,
    files,
    runDir: abs,
    rejected: present(paths.rejected),
    report: present(paths.report),
    config: present(paths.config),
  };
}

/** Where `report` writes by default: report.html in the run directory, or beside the file. */
export function defaultReportPath(source: DataSource): string {
  return source.kind === "run"
    ? join(source.input, "report.html")
    : join(dirname(source.input), "report.html");
}

/** A short name for titles: the run directory's name or the file's. */
export function sourceName(source: DataSource): string {
  return basename(source.input);
}

/** Reads a small JSON file (report.json, config.json); a broken one is an InputError naming it. */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
