import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { processStartTime } from "../../src/engine/run-lock.js";
import { fakeServer, roundsResponder, seedRows, writeJsonl } from "../rounds/support/rounds-fixtures.js";
import { runCli, spawnCli } from "../support/cli.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { roundsArgs } from "../support/rounds-args.js";
import { tempDir } from "../support/tmp.js";

/**
 * One process per run directory: a second one on the same --out exits 2 at once naming the PID
 * that holds it (before, both ran and wrote 200 lines with 99 duplicate ids); a lock left by a
 * killed process, or by a PID that now belongs to another process, is taken over.
 */
const dir = tempDir("dialogsmith-lock-");

function ids(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l).id);
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts `first`, waits until it holds the lock, runs `second` on the same directory. */
async function secondWhileFirstRuns(out: string, first: string[], second: string[]) {
  const child = spawnCli(first, { cwd: dir });
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  await until(() => existsSync(join(out, "run.lock")), "the first run's lock");
  // Frozen while the second runs: however slow the machine, the first still holds the lock.
  child.kill("SIGSTOP");
  const res = await runCli(second, { cwd: dir });
  child.kill("SIGCONT");
  return { res, firstPid: child.pid, firstCode: await exited };
}

describe("run directory lock", () => {
  it("roleplay: a second process on the same --out exits 2 naming the first one's PID", async () => {
    const server = await fakeServer({ responder: roleplayResponder(), latencyMs: 400 });
    const out = join(dir, "roleplay");
    const args = roleplayArgs(server.url, out, [
      "--count",
      "6",
      "--concurrency",
      "1",
      "--seed",
      "5",
      "--cache-dir",
      join(dir, "cache"),
      "--quiet",
    ]);
    const { res, firstPid, firstCode } = await secondWhileFirstRuns(out, args, args);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toMatch(
      new RegExp(
        `^dialogsmith: error: .*roleplay is in use by another dialogsmith run \\(PID ${firstPid}, since `,
      ),
    );
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(firstCode).toBe(0);
    const written = ids(join(out, "dataset.jsonl"));
    expect(written).toHaveLength(6);
    expect(new Set(written).size).toBe(6);
    expect(existsSync(join(out, "run.lock"))).toBe(false);
  });

  it("rounds: the same", async () => {
    const server = await fakeServer({ responder: roundsResponder(), latencyMs: 300 });
    const input = writeJsonl(dir, "in.jsonl", seedRows(4));
    const out = join(dir, "rounds");
    const args = roundsArgs(input, server.url, out, [
      "--rounds",
      "2",
      "--concurrency",
      "1",
      "--cache-dir",
      join(dir, "cache"),
      "--quiet",
    ]);
    const { res, firstPid, firstCode } = await secondWhileFirstRuns(out, args, args);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`is in use by another dialogsmith run (PID ${firstPid}, since `);
    expect(firstCode).toBe(0);
    const history = ids(join(out, "round2", "round2_history.jsonl"));
    expect(history).toHaveLength(4);
    expect(new Set(history).size).toBe(4);
  });

  it("a lock whose PID is gone or now belongs to another process is taken over; a live one is not", async () => {
    const out = join(dir, "stale");
    mkdirSync(out, { recursive: true });
    const lock = (pid: number, start: string | undefined) =>
      writeFileSync(
        join(out, "run.lock"),
        JSON.stringify({ pid, start, host: hostname(), nonce: `n${pid}${start}`, since: "2020-01-01" }),
      );
    const math = ["generate", "math", "--count", "50", "--seed", "1", "--out", out, "--quiet"];

    // This test's own process, alive: the lock holds.
    lock(process.pid, processStartTime(process.pid));
    const held = await runCli(math, { cwd: dir });
    expect(held.code).toBe(2);
    expect(held.stderr).toContain(`in use by another dialogsmith run (PID ${process.pid}, since 2020-01-01)`);
    expect(existsSync(join(out, "dataset.jsonl"))).toBe(false);

    // The same PID with another start time: a reused PID, so the lock is stale.
    lock(process.pid, "1");
    expect((await runCli(math, { cwd: dir })).code).toBe(0);
    expect(ids(join(out, "dataset.jsonl"))).toHaveLength(50);

    // A PID no process has (a finished child's).
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => gone.on("close", r));
    lock(gone.pid!, undefined);
    expect((await runCli([...math.slice(0, 3), "80", ...math.slice(4)], { cwd: dir })).code).toBe(0);
    expect(ids(join(out, "dataset.jsonl"))).toHaveLength(80);
    expect(existsSync(join(out, "run.lock"))).toBe(false);
  });

  it("of several processes finding the same stale lock, exactly one takes it over", async () => {
    const out = join(dir, "race");
    const results = join(dir, "race-results");
    const ready = join(dir, "race-ready");
    mkdirSync(ready, { recursive: true });
    mkdirSync(out, { recursive: true });
    mkdirSync(results, { recursive: true });
    writeFileSync(
      join(out, "run.lock"),
      JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), nonce: "dead", since: "2020-01-01" }),
    );
    const N = 6;
    const lib = resolve(__dirname, "../../dist/engine/run-lock.js");
    // All contenders start together (a barrier of files), each reports, and the winner holds the
    // lock until every contender has reported.
    const script = `
      const { lockRunDir } = await import(${JSON.stringify(`file://${lib}`)});
      const { writeFileSync, readdirSync } = await import("node:fs");
      const [out, results, n, ready] = process.argv.slice(1);
      writeFileSync(ready + "/" + process.pid, "");
      while (readdirSync(ready).length < Number(n));
      let lock;
      try { lock = lockRunDir(out); } catch (e) { writeFileSync(results + "/" + process.pid, "busy " + e.message); process.exit(0); }
      writeFileSync(results + "/" + process.pid, "locked");
      while (readdirSync(results).length < Number(n)) await new Promise((r) => setTimeout(r, 10));
      lock.release();
    `;
    const children = Array.from({ length: N }, () =>
      spawn(process.execPath, ["--input-type=module", "-e", script, out, results, String(N), ready], {
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
    await Promise.all(children.map((c) => new Promise((r) => c.on("close", r))));
    const outcomes = readdirSync(results).map((f) => readFileSync(join(results, f), "utf8"));
    expect(outcomes).toHaveLength(N);
    expect(outcomes.filter((o) => o === "locked")).toHaveLength(1);
    for (const o of outcomes.filter((x) => x !== "locked"))
      expect(o).toMatch(/in use by another dialogsmith run/);
    expect(readdirSync(out)).toEqual([]);
  });
});
