import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseWithSchema, readStructuredFile } from "../../config/load-config.js";
import { UsageError } from "../../core/errors.js";
import { type DomainPack, DomainPackSchema } from "./domain-pack.js";

/** Built-in packs ship in the package's assets/ (src/ and dist/ sit at the same depth). */
const DOMAINS_DIR = new URL("../../../assets/domains/", import.meta.url);

export function builtinDomains(): string[] {
  const dir = fileURLToPath(DOMAINS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ""))
    .sort();
}

function looksLikePath(value: string): boolean {
  return /[\\/]/.test(value) || /\.(ya?ml|json)$/i.test(value);
}

/** `--domain NAME|PATH`: a built-in pack by name, or a YAML/JSON pack file. */
export function resolveDomainPack(domain: string): DomainPack {
  if (looksLikePath(domain)) {
    if (!existsSync(domain)) throw new UsageError(`domain pack not found: ${domain} (check --domain)`);
    return parseWithSchema(DomainPackSchema, readStructuredFile(domain, "domain pack"), domain);
  }
  const path = fileURLToPath(new URL(`${domain}.yaml`, DOMAINS_DIR));
  if (!/^[\w.-]+$/.test(domain) || !existsSync(path)) {
    const known = builtinDomains();
    throw new UsageError(
      `unknown domain '${domain}': use a built-in (${known.join(", ") || "none installed"}) or the path of a pack file (--domain ./my-pack.yaml)`,
    );
  }
  return parseWithSchema(DomainPackSchema, readStructuredFile(path, "domain pack"), path);
}
