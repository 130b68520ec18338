import { describeEndpoints, type NamedModelConfig } from "../config/model-config.js";
import { unsetKeyVariables } from "../config/model-keys.js";
import { info, warn } from "./output.js";

function describe(m: NamedModelConfig): string {
  const entry = m.name === "default" ? "" : ` (models.${m.name})`;
  const fallback = m.fallbacks?.length
    ? `, falling back to ${m.fallbacks.map((f) => f.name).join(", ")}`
    : "";
  return `${m.model} at ${describeEndpoints(m)}${entry}${fallback}`;
}

/**
 * The run's first line: the endpoint and model each role will call, so a model that resolved to
 * an unexpected place shows before anything is spent.
 */
export function formatRunHeader(label: string, models: Record<string, NamedModelConfig>): string {
  const roles = Object.entries(models);
  const distinct = new Set(roles.map(([, m]) => describe(m)));
  if (distinct.size <= 1) return `${label}: calling ${[...distinct][0] ?? "no model"}`;
  return `${label}: calling ${roles.map(([role, m]) => `${role}: ${describe(m)}`).join("; ")}`;
}

/** Prints the header and a warning per key variable that is not set. */
export function announceRun(
  label: string,
  models: Record<string, NamedModelConfig>,
  env: NodeJS.ProcessEnv = process.env,
): void {
  info(formatRunHeader(label, models));
  for (const { variable, models: users } of unsetKeyVariables(Object.values(models), env)) {
    const names = users.map((m) => `'${m.name}'`).join(", ");
    warn(
      `$${variable} is not set (api_key_env of model ${names}): requests go without a key; export it, or fix api_key_env / --api-key-env`,
    );
  }
}
