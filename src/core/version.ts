import { readFileSync } from "node:fs";

let cached: string | undefined;

/** dialogsmith's own version (package.json), for --version and config.json. */
export function packageVersion(): string {
  if (cached) return cached;
  try {
    cached = (
      JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
    ).version;
  } catch {
    cached = "unknown";
  }
  return cached;
}
