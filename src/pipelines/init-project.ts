import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../core/errors.js";

const ASSETS = new URL("../../assets/init/", import.meta.url);

/** `dialogsmith init [DIR]`: a commented dialogsmith.yaml and data/raw/ with one example. */
export function initProject(dir: string, force = false): string[] {
  const root = resolve(dir);
  const targets = [
    { from: "dialogsmith.yaml", to: join(root, "dialogsmith.yaml") },
    { from: "example-chat.jsonl", to: join(root, "data", "raw", "example-chat.jsonl") },
  ];
  const existing = targets.filter((t) => existsSync(t.to));
  if (existing.length && !force) {
    throw new UsageError(
      `${existing.map((t) => t.to).join(", ")} already exists: pass --force to overwrite, or choose another DIR`,
    );
  }
  mkdirSync(join(root, "data", "raw"), { recursive: true });
  mkdirSync(join(root, "data", "generated"), { recursive: true });
  for (const t of targets) copyFileSync(new URL(t.from, ASSETS), t.to);
  return targets.map((t) => t.to);
}
