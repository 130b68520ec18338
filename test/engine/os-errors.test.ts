import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closedPort, runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/**
 * Operating-system errors become one line naming the path and the fix, exit 2: no raw
 * "EEXIST: file already exists, mkdir", "EISDIR" or "Bad control character ... at position 18".
 */
const dir = tempDir("dialogsmith-os-errors-");

function expectOneLine(res: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(res.code).toBe(2);
  const lines = res.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(res.stderr).not.toMatch(/E[A-Z]{3,}:|\n\s+at |--debug/);
}

/** A directory nothing may be written to: a read-only tmpfs (root), or mode 555 (others). */
function readOnlyDir(): string | undefined {
  const ro = join(dir, "read-only");
  mkdirSync(ro);
  if (process.getuid?.() !== 0) {
    chmodSync(ro, 0o555);
    return ro;
  }
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro], { stdio: "ignore" });
  } catch {
    return undefined; // root in a sandbox that cannot mount: root ignores modes, nothing to test with
  }
  afterAll(() => execFileSync("umount", ["-l", ro], { stdio: "ignore" }));
  return ro;
}

describe("operating-system errors on run directories and config files", () => {
  const aFile = join(dir, "a-file");
  writeFileSync(aFile, "not a directory\n");
  const math = (...extra: string[]) => ["generate", "math", "--count", "5", "--quiet", ...extra];
  const roleplay = async (...extra: string[]) => [
    "generate",
    "roleplay",
    "--role",
    "it_sales",
    "--count",
    "2",
    "--base-url",
    `http://127.0.0.1:${await closedPort()}/v1`,
    "--model",
    "m",
    "--quiet",
    ...extra,
  ];

  it("--out that is a file (or lies under one)", async () => {
    const pattern = /--out \S*a-file\S* is a file or lies under one, not a directory: pass a directory path/;
    expectOneLine(await runCli(math("--out", aFile), { cwd: dir }), pattern);
    expectOneLine(await runCli(math("--out", join(aFile, "run")), { cwd: dir }), pattern);
    expectOneLine(await runCli(await roleplay("--out", aFile), { cwd: dir }), pattern);
  });

  const ro = readOnlyDir();
  it.skipIf(ro === undefined)("a read-only --out", async () => {
    const pattern =
      /--out \S*read-only\S* is not writable \((read-only file system|permission denied)\): choose a writable directory/;
    expectOneLine(await runCli(math("--out", ro!), { cwd: dir }), pattern);
    expectOneLine(await runCli(math("--out", join(ro!, "run")), { cwd: dir }), pattern);
    expectOneLine(await runCli(await roleplay("--out", join(ro!, "run")), { cwd: dir }), pattern);
  });

  it("--config that is a directory", async () => {
    const cfg = join(dir, "config-dir");
    mkdirSync(cfg);
    const pattern = /config-dir is a directory, not a config file: pass the YAML or JSON file itself/;
    expectOneLine(await runCli(math("--config", cfg), { cwd: dir }), pattern);
    expectOneLine(await runCli(await roleplay("--config", cfg, "--dry-run"), { cwd: dir }), pattern);
  });

  it("a garbled config.json in the run directory is named", async () => {
    const run = join(dir, "garbled");
    mkdirSync(run);
    writeFileSync(join(run, "config.json"), '{"recipe": "roleplay", "seed": 4\u0007}');
    const pattern =
      /garbled\/config\.json is not valid JSON \(.*\): restore it, or start the run again with another --out/;
    expectOneLine(await runCli(math("--out", run), { cwd: dir }), pattern);
    expectOneLine(await runCli(math("--resume", run), { cwd: dir }), pattern);
    expectOneLine(await runCli(await roleplay("--out", run), { cwd: dir }), pattern);
    expectOneLine(await runCli(await roleplay("--resume", run), { cwd: dir }), pattern);
  });
});
