import { ConfigError, UsageError } from "../../core/errors.js";
import { TASK_TYPES } from "./tasks/index.js";
import { LANGUAGES, type Language, MODES, type Mode } from "./types.js";

/**
 * Checks of user-supplied choices. Each error is one line naming the bad value and listing the
 * valid ones; `where` says where it came from ("--tasks", "math.modes in dialogsmith.yaml").
 * Values from a config file raise ConfigError, flags and library arguments UsageError (both
 * exit 2).
 */
export interface Source {
  where?: string;
  config?: boolean;
}

function suffix(where?: string): string {
  return where ? ` (in ${where})` : "";
}

function fail(message: string, src: Source): never {
  throw src.config ? new ConfigError(message) : new UsageError(message);
}

export function checkModes(modes: readonly string[], src: Source = {}): Mode[] {
  if (modes.length === 0) fail(`no modes given${suffix(src.where)}; valid modes: ${MODES.join(", ")}`, src);
  for (const m of modes)
    if (!(MODES as readonly string[]).includes(m))
      fail(`unknown mode '${m}'${suffix(src.where)}; valid modes: ${MODES.join(", ")}`, src);
  return dedupe(modes) as Mode[];
}

export function checkTaskTypes(tasks: readonly string[], src: Source = {}): string[] {
  if (tasks.length === 0)
    fail(`no task types given${suffix(src.where)}; valid task types: ${TASK_TYPES.join(", ")}`, src);
  for (const t of tasks)
    if (!TASK_TYPES.includes(t))
      fail(`unknown task type '${t}'${suffix(src.where)}; valid task types: ${TASK_TYPES.join(", ")}`, src);
  return dedupe(tasks);
}

export function checkLanguages(langs: readonly string[], src: Source = {}): Language[] {
  if (langs.length === 0) fail(`no language given${suffix(src.where)}; valid languages: ru, en`, src);
  for (const l of langs)
    if (!(LANGUAGES as readonly string[]).includes(l))
      fail(`unknown language '${l}'${suffix(src.where)}; valid languages: ${LANGUAGES.join(", ")}`, src);
  return dedupe(langs) as Language[];
}

export function checkDifficulties(ds: readonly number[], src: Source = {}): number[] {
  if (ds.length === 0) fail(`no difficulty given${suffix(src.where)}; use 1-10, e.g. 5 or 3-7`, src);
  for (const d of ds)
    if (!Number.isInteger(d) || d < 1 || d > 10)
      fail(`difficulty ${d} is out of range${suffix(src.where)}; use whole numbers 1-10, e.g. 5 or 3-7`, src);
  return dedupe(ds);
}

export function checkInt(value: number, min: number, max: number, name: string, src: Source = {}): number {
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`${name} must be a whole number from ${min} to ${max}, got ${value}${suffix(src.where)}`, src);
  return value;
}

function dedupe<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
