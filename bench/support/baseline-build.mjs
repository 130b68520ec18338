// A baseline commit compiled for a side-by-side benchmark: its files from `git archive` under
// node_modules/.cache/dialogsmith-bench/<commit>, built once with this tree's TypeScript. Its
// dependencies are this tree's when its package-lock.json is the same (a symlink), else its own
// (`npm ci` there, once), so an old commit runs on what it shipped with.
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The directory of `commit` built (dist/ and node_modules/ in place); throws when it cannot be. */
export function buildBaseline(ref) {
  // Cached by commit hash: a branch name ("main") moves, its old build must not be reused.
  const commit = execSync(`git rev-parse --verify ${JSON.stringify(`${ref}^{commit}`)}`, { cwd: ROOT })
    .toString()
    .trim();
  const dir = join(ROOT, "node_modules", ".cache", "dialogsmith-bench", commit);
  const done = join(dir, ".built");
  if (existsSync(done)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execSync(`git archive ${commit} | tar -x -C "${dir}"`, { cwd: ROOT, stdio: "pipe" });
  const sameLock =
    readFileSync(join(dir, "package-lock.json"), "utf8") ===
    readFileSync(join(ROOT, "package-lock.json"), "utf8");
  if (sameLock) symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  else execSync("npm ci --ignore-scripts --no-audit --no-fund", { cwd: dir, stdio: "pipe" });
  execSync(
    `"${process.execPath}" "${join(ROOT, "node_modules/typescript/bin/tsc")}" -p tsconfig.build.json`,
    {
      cwd: dir,
      stdio: "pipe",
    },
  );
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return dir;
}
