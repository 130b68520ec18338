import type { RoleplayDeps } from "./generate-roleplay.js";

/** The real implementations behind the roleplay pipeline's injected dependencies. */
export function roleplayDeps(): RoleplayDeps {
  return {};
}
