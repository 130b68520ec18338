import { basename, extname } from "node:path";
import { z } from "zod";
import { parseWithSchema, readStructuredFile } from "../../config/load-config.js";
import { UsageError } from "../../core/errors.js";
import { BUILTIN_ROLES } from "./builtin-roles.js";
import { checkRolePack, type RolePack, RolePackObject, RolePackSchema } from "./role-pack.js";

const RoleFileSchema = RolePackObject.extend({
  name: z
    .string()
    .regex(/^[\w.-]+$/)
    .optional(),
}).superRefine(checkRolePack);

/** Every role name available: built-ins plus `roles:` from the config. */
export function availableRoles(configRoles: Record<string, unknown> | undefined): string[] {
  return [...new Set([...Object.keys(BUILTIN_ROLES), ...Object.keys(configRoles ?? {})])];
}

/** Resolves the role pack from --role-file, or by name from the config's `roles:` or the built-ins. */
export function resolveRolePack(options: {
  role?: string;
  roleFile?: string;
  configRoles?: Record<string, unknown>;
  configPath?: string;
}): RolePack {
  if (options.roleFile) {
    const data = readStructuredFile(options.roleFile, "role");
    const parsed = parseWithSchema(RoleFileSchema, data, options.roleFile);
    const { name, ...pack } = parsed;
    return { ...pack, name: name ?? options.role ?? basename(options.roleFile, extname(options.roleFile)) };
  }
  const role = options.role;
  if (!role) throw new UsageError("no role given: pass --role NAME (or --role-file FILE)");
  const fromConfig = options.configRoles?.[role];
  if (fromConfig !== undefined) {
    return {
      ...parseWithSchema(RolePackSchema, fromConfig, options.configPath ?? "config", ["roles", role]),
      name: role,
    };
  }
  const builtin = BUILTIN_ROLES[role];
  if (builtin) return { ...RolePackSchema.parse(builtin), name: role };
  throw new UsageError(
    `unknown role '${role}': choose one of ${availableRoles(options.configRoles).join(", ")}, or pass --role-file FILE`,
  );
}
