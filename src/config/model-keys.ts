import type { NamedModelConfig } from "./model-config.js";

/** An `api_key_env` variable that is not set, and the models that name it. */
export interface UnsetKey {
  variable: string;
  models: NamedModelConfig[];
}

/**
 * The key variables the models name that are empty in `env`: such a run would send no key and
 * learn it only from the server's 401, so the CLI warns before the first request.
 */
export function unsetKeyVariables(
  models: Iterable<NamedModelConfig>,
  env: NodeJS.ProcessEnv = process.env,
): UnsetKey[] {
  const byVariable = new Map<string, NamedModelConfig[]>();
  for (const m of models) {
    if (!m.api_key_env || env[m.api_key_env]) continue;
    const list = byVariable.get(m.api_key_env) ?? [];
    if (!list.some((x) => x.name === m.name)) list.push(m);
    byVariable.set(m.api_key_env, list);
  }
  return [...byVariable].map(([variable, list]) => ({ variable, models: list }));
}
