import { endpointsOf, type NamedModelConfig } from "./model-config.js";

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
  for (const m of [...models].flatMap((model) => [model, ...(model.fallbacks ?? [])])) {
    // Each replica's own key, else the entry's.
    for (const variable of new Set(endpointsOf(m).map((e) => e.api_key_env ?? m.api_key_env))) {
      if (!variable || env[variable]) continue;
      const list = byVariable.get(variable) ?? [];
      if (!list.some((x) => x.name === m.name)) list.push(m);
      byVariable.set(variable, list);
    }
  }
  return [...byVariable].map(([variable, list]) => ({ variable, models: list }));
}
