import { parseWithSchema } from "../../config/load-config.js";
import { ConfigError } from "../../core/errors.js";
import { builtinRubric, builtinRubricNames, DEFAULT_RUBRIC } from "./builtin-rubrics.js";
import { type Rubric, RubricSchema } from "./rubric.js";

/**
 * A rubric from what a user wrote: a built-in name, a rubric file (YAML or JSON, read through
 * `readFile`), or the rubric itself; nothing: the general dialogue-quality rubric. A problem is a
 * ConfigError naming `where` (`--rubric`, `tutor.yaml: judge.rubric`).
 */
export function resolveRubric(
  value: string | Record<string, unknown> | undefined,
  readFile: (path: string) => unknown,
  where: string,
): Rubric {
  const spec = value ?? DEFAULT_RUBRIC;
  if (typeof spec !== "string") return parseWithSchema(RubricSchema, spec, where);
  const builtin = builtinRubric(spec);
  if (builtin) return builtin;
  if (!/\.(ya?ml|json)$/i.test(spec))
    throw new ConfigError(
      `${where}: no built-in rubric '${spec}' (built in: ${builtinRubricNames().join(", ")}); or give a rubric file (.yaml, .json)`,
    );
  return parseWithSchema(RubricSchema, readFile(spec), spec);
}
