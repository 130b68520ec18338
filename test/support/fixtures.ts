import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * A reference file under `test/fixtures/` (third-party files keep their licence and a note of
 * where they came from beside them). Everything a test reads is inside the repository, so a
 * fresh clone alone passes the suite. A missing fixture fails the test loudly.
 */
export function fixturePath(relative: string): string {
  const path = fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`test fixture ${relative} is missing from test/fixtures/`);
  return path;
}
