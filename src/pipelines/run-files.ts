import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeJsonAtomic } from "../core/atomic-file.js";
import { JsonlWriter, readJsonl } from "../core/jsonl.js";
import { readRunConfigFile } from "../engine/run-dir.js";
import type { RunFiles } from "../recipes/define-recipe.js";

/** The run directory's files as a recipe sees them (recipes never open files themselves). */
export function runFilesIn(dir: string): RunFiles {
  const at = (path: string) => join(dir, path);
  return {
    exists: (path) => existsSync(at(path)),
    readJson: (path) => readRunConfigFile(at(path)),
    writeJsonAtomic: (path, value) => {
      mkdirSync(dirname(at(path)), { recursive: true });
      writeJsonAtomic(at(path), value);
    },
    async writeJsonlAtomic(paths, fill) {
      for (const p of paths) mkdirSync(dirname(at(p)), { recursive: true });
      const writers = paths.map((p) => new JsonlWriter(`${at(p)}.tmp`, 1 << 16, "truncate"));
      try {
        await fill((file, row) => writers[file].write(row));
      } catch (e) {
        for (const w of writers) w.close();
        for (const p of paths) rmSync(`${at(p)}.tmp`, { force: true });
        throw e;
      }
      for (const w of writers) w.close();
      for (const p of paths) renameSync(`${at(p)}.tmp`, at(p));
    },
    async *readJsonl(path) {
      for await (const { value } of readJsonl<unknown>(at(path))) yield value;
    },
  };
}
