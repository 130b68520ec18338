import { ConfigError } from "../../core/errors.js";

/** Where in the recipe file: `roles.tutor.model`, `checks[2]`. */
export function pathText(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out || "(top level)";
}

/**
 * Collects what is wrong with a recipe file while it compiles; `fail` throws the first problem as
 * one line naming the file and the path inside it (`tutor.yaml: roles.tutor.model: ...`).
 */
export class RecipeIssues {
  constructor(readonly source: string) {}

  fail(path: readonly (string | number)[], message: string): never {
    throw new ConfigError(`${this.source}: ${pathText(path)}: ${message}`);
  }

  /** Runs `build`, turning an error it throws into a failure at `path`. */
  at<T>(path: readonly (string | number)[], build: () => T): T {
    try {
      return build();
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      return this.fail(path, (e as Error).message);
    }
  }
}
