import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fakeServer } from "../rounds/support/rounds-fixtures.js";
import { BIN, type CliResult, REPO_ROOT } from "../support/cli.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";

/**
 * Disk full on the output: one line (exit 1, "disk full writing <path>; free space and run again
 * with --resume"), no partial line, and a clean resume once there is space again. On a real tiny
 * tmpfs where the test may mount one (root), and always with an injected failure (a preload that
 * makes writes under the run directory fail with ENOSPC past a byte limit).
 */
const dir = tempDir("dialogsmith-disk-full-");
const PRELOAD = join(REPO_ROOT, "test/support/inject-enospc.mjs");

interface Disk {
  name: string;
  /** A directory on the small disk. */
  root: string;
  /** Node options and environment that make it full after about `bytes`. */
  fill(bytes: number): { node: string[]; env: NodeJS.ProcessEnv };
  /** Gives it plenty of room again. */
  free(): void;
}

function tmpfsDisk(): Disk | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const root = join(dir, "tmpfs");
  mkdirSync(root, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", root], { stdio: "ignore" });
  } catch {
    return undefined; // a sandbox that does not allow mounting
  }
  afterAll(() => execFileSync("umount", ["-l", root], { stdio: "ignore" }));
  return {
    name: "a real tmpfs",
    root,
    fill: (bytes) => {
      execFileSync("mount", ["-o", `remount,size=${Math.ceil(bytes / 4096) * 4}k`, root]);
      return { node: [], env: {} };
    },
    free: () => execFileSync("mount", ["-o", "remount,size=256m", root]),
  };
}

function injectedDisk(): Disk {
  const root = join(dir, "injected");
  mkdirSync(root, { recursive: true });
  return {
    name: "an injected write failure",
    root,
    fill: (bytes) => ({
      node: ["--import", PRELOAD],
      env: { ENOSPC_DIR: root, ENOSPC_AFTER_BYTES: String(bytes) },
    }),
    free: () => {},
  };
}

function cli(args: string[], node: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...node, BIN, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every line of a JSONL file is whole (ends with a newline and parses). */
function wholeLines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, "utf8");
  if (text !== "") expect(text.endsWith("\n")).toBe(true);
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

function expectDiskFull(res: CliResult) {
  expect(res.code).toBe(1);
  const lines = res.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^dialogsmith: error: disk full writing \/\S+; free space and run again with --resume$/,
  );
}

const disks = [tmpfsDisk(), injectedDisk()].filter((d): d is Disk => d !== undefined);

describe.each(disks)("disk full on the output ($name)", (disk) => {
  it("roleplay: one line, exit 1, whole lines only; resumes to exactly the count, nothing bought twice", async () => {
    const server = await fakeServer({ responder: roleplayResponder(), latencyMs: 2 });
    const out = join(disk.root, "roleplay");
    const args = roleplayArgs(server.url, out, [
      "--count",
      "40",
      "--seed",
      "7",
      "--concurrency",
      "4",
      "--cache-dir",
      join(dir, `cache-${disk.name}`),
      "--quiet",
    ]);
    const full = disk.fill(48 * 1024);
    const first = await cli(args, full.node, full.env);
    expectDiskFull(first);
    const kept = wholeLines(join(out, "dataset.jsonl"));
    expect(kept.length).toBeLessThan(40);
    for (const f of ["rejected.jsonl", "events.jsonl"])
      if (existsSync(join(out, f))) wholeLines(join(out, f));
    expect(readdirSync(out).filter((f) => f.includes(".tmp"))).toEqual([]);
    const paidBefore = server.stats.chat.completed;

    disk.free();
    const cache = ["--cache-dir", join(dir, `cache-${disk.name}`)];
    const resumed = await cli(["generate", "roleplay", "--resume", out, ...cache, "--quiet"]);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const records = wholeLines(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(40);
    expect(new Set(records.map((r) => r.id)).size).toBe(40);
    // Answers received before the disk filled are not bought again (the cache has them).
    expect(server.stats.chat.completed - paidBefore).toBeLessThanOrEqual(40 - kept.length);
    expect(server.stats.chat.completed).toBeLessThanOrEqual(40);
  });

  it("math: one line, exit 1; resumes to the bytes of a run that had room", async () => {
    const args = (out: string) => [
      "generate",
      "math",
      "--count",
      "6000",
      "--seed",
      "3",
      "--out",
      out,
      "--quiet",
    ];
    const ref = join(dir, `math-ref-${disk.name}`);
    expect((await cli(args(ref))).code).toBe(0);

    const out = join(disk.root, "math");
    const full = disk.fill(3 << 20);
    const first = await cli(args(out), full.node, full.env);
    expectDiskFull(first);
    wholeLines(join(out, "dataset.jsonl"));

    disk.free();
    const resumed = await cli(["generate", "math", "--resume", out, "--quiet"]);
    expect(resumed.code).toBe(0);
    const hash = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
    expect(hash(join(out, "dataset.jsonl"))).toBe(hash(join(ref, "dataset.jsonl")));
  });
});
