import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared reference fixtures (third-party chat templates) live beside the project, not in it:
 * `../shared/fixtures/`. Found by walking up from the repo, or from $DIALOGSMITH_SHARED_FIXTURES.
 * Missing fixtures fail the test loudly rather than skipping it.
 */
export function sharedFixture(relative: string): string {
  const fromEnv = process.env.DIALOGSMITH_SHARED_FIXTURES;
  const roots: string[] = fromEnv ? [fromEnv] : [];
  let dir = fileURLToPath(new URL("../../", import.meta.url));
  for (let i = 0; i < 6; i++) {
    roots.push(join(dir, "shared", "fixtures"), join(dir, "..", "shared", "fixtures"));
    dir = dirname(dir);
  }
  for (const root of roots) {
    const path = join(root, relative);
    if (existsSync(path)) return path;
  }
  throw new Error(
    `shared fixture ${relative} not found next to the project (../shared/fixtures) or in $DIALOGSMITH_SHARED_FIXTURES`,
  );
}
