import { existsSync, readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { errnoCode } from "../core/fs-errors.js";
import { type FileConfig, FileConfigSchema } from "./file-config.js";
import { describeSyntaxError } from "./syntax-error.js";

export const DEFAULT_CONFIG_NAMES = ["dialogsmith.yaml", "dialogsmith.yml", "dialogsmith.json"];

/** Reads a YAML or JSON file into plain data; syntax errors become one-line ConfigErrors. */
export function readStructuredFile(path: string, what = "config"): unknown {
  if (!existsSync(path)) throw new ConfigError(`${what} file not found: ${path}`);
  const text = readTextFile(path, what);
  const format = extname(path).toLowerCase() === ".json" ? "JSON" : "YAML";
  try {
    return format === "JSON" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(describeSyntaxError(path, text, format, e));
  }
}

/** A file's text; a directory or an unreadable file is a one-line ConfigError naming it. */
function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EISDIR")
      throw new ConfigError(`${path} is a directory, not a ${what} file: pass the YAML or JSON file itself`);
    if (code === "EACCES" || code === "EPERM")
      throw new ConfigError(`cannot read ${what} file ${path} (permission denied): check its permissions`);
    throw e;
  }
}

/**
 * Validates data with a zod schema; the first problem becomes `FILE: a.b.c: what was expected`.
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  data: unknown,
  source: string,
  prefix: (string | number)[] = [],
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join(".") || "(top level)";
    return `${path}: ${describeIssue(issue)}`;
  });
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : "";
  throw new ConfigError(`${source}: ${issues.join("; ")}${more}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
  return issue.message;
}

export interface LoadedConfig {
  config: FileConfig;
  /** The file it came from, or undefined when no file was found (all defaults). */
  path?: string;
}

/** Loads `--config PATH`, or dialogsmith.yaml/.yml/.json from `cwd`, or an empty config. */
export function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): LoadedConfig {
  let path: string | undefined;
  if (explicitPath) {
    path = resolve(cwd, explicitPath);
    if (!existsSync(path)) throw new ConfigError(`config file not found: ${explicitPath} (check --config)`);
  } else {
    path = DEFAULT_CONFIG_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p));
  }
  if (!path) return { config: FileConfigSchema.parse({}) };
  const raw = readStructuredFile(path) ?? {};
  return { config: parseWithSchema(FileConfigSchema, raw, path), path };
}
