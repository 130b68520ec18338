import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { readStructuredFile } from "../config/load-config.js";
import { InputError } from "../core/errors.js";
import type { DomainPack } from "../recipes/tools/domain-pack.js";
import { resolveDomainPack } from "../recipes/tools/domain-packs.js";
import type { RecipeIo } from "../recipes/yaml/compiler.js";

/**
 * What a recipe read besides itself, kept in the run's config.json: a resumed run compiles the
 * recipe from these copies, so it needs none of the files (and a file edited since cannot change
 * the dialogues in progress).
 */
export interface RecipeFiles {
  lists: Record<string, unknown[]>;
  packs: Record<string, DomainPack>;
  rubrics: Record<string, unknown>;
}

export function emptyRecipeFiles(): RecipeFiles {
  return { lists: {}, packs: {}, rubrics: {} };
}

/** The items of a list file: a YAML/JSON list, JSON Lines, or the non-empty lines of a text file. */
function readListFile(path: string): unknown[] {
  if (!existsSync(path)) throw new InputError(`file not found: ${path}`);
  const ext = extname(path).toLowerCase();
  if (ext === ".yaml" || ext === ".yml" || ext === ".json") {
    const data = readStructuredFile(path, "list");
    if (!Array.isArray(data)) throw new InputError(`${path} is not a list`);
    return data;
  }
  const lines = readFileSync(path, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (ext === ".jsonl" || ext === ".ndjson") return lines.map((l) => JSON.parse(l));
  return lines;
}

/**
 * Reads the files a recipe names, relative to the recipe's folder, and records what it read into
 * `files`; given recorded files (a resume), serves them from there instead.
 */
export function fileRecipeIo(recipePath: string | undefined, files: RecipeFiles, recorded = false): RecipeIo {
  const base = recipePath ? dirname(resolve(recipePath)) : process.cwd();
  const resolvePath = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const served = <T>(store: Record<string, T>, key: string, read: () => T): T => {
    if (recorded && key in store) return store[key];
    const value = read();
    store[key] = value;
    return value;
  };
  return {
    resolvePath,
    readList: (p) => served(files.lists, p, () => readListFile(resolvePath(p))),
    domainPack: (name) =>
      served(files.packs, name, () =>
        resolveDomainPack(/[\\/]|\.(ya?ml|json)$/i.test(name) ? resolvePath(name) : name),
      ),
    readRubric: (p) => served(files.rubrics, p, () => readStructuredFile(resolvePath(p), "rubric")),
  };
}
