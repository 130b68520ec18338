import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/**
 * Math takes the run flags of every recipe and gives the same resume guarantee: after kill -9 or
 * Ctrl-C, running again (`--resume DIR`, or the same `--out`) finishes the run with exactly the
 * bytes an uninterrupted run writes, whatever the number of worker threads in each session.
 */
const dir = tempDir("dialogsmith-math-resume-");
const COUNT = "20000";
const args = (out: string, ...extra: string[]) => [
  "generate",
  "math",
  "--count",
  COUNT,
  "--seed",
  "9",
  "--lang",
  "ru,en",
  "--eval-ratio",
  "0.1",
  "--out",
  out,
  "--quiet",
  ...extra,
];

function digest(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function outputs(out: string) {
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  return {
    train: digest(join(out, "train.jsonl")),
    eval: digest(join(out, "eval.jsonl")),
    report: {
      accepted: report.accepted,
      files: report.files,
      split: report.split,
      breakdown: report.breakdown,
    },
  };
}

/** Next index of the run's last checkpoint, or -1 before the first. */
function checkpointed(out: string): number {
  try {
    return JSON.parse(readFileSync(join(out, "state.json"), "utf8")).next_index;
  } catch {
    return -1;
  }
}

/** Starts a run and stops it with `signal` once it has passed its first checkpoint. */
async function interrupted(out: string, signal: NodeJS.Signals, env: NodeJS.ProcessEnv = {}) {
  const child = spawnCli(args(out), { cwd: dir, env });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  for (let i = 0; i < 3000 && checkpointed(out) <= 0; i++) await new Promise((r) => setTimeout(r, 10));
  // Frozen first, so the run cannot finish between the check and the signal.
  child.kill("SIGSTOP");
  const at = checkpointed(out);
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThan(Number(COUNT));
  child.kill(signal);
  child.kill("SIGCONT");
  return { code: await exited, stderr: () => stderr, at };
}

describe("math: resume after kill -9 and Ctrl-C", () => {
  it("kill -9 with 2 workers, resumed on 0: the files of an uninterrupted 1-worker run", async () => {
    const ref = join(dir, "ref");
    expect((await runCli(args(ref), { cwd: dir, env: { DIALOGSMITH_MATH_WORKERS: "1" } })).code).toBe(0);

    const out = join(dir, "killed");
    const kill = await interrupted(out, "SIGKILL", { DIALOGSMITH_MATH_WORKERS: "2" });
    expect(kill.code).toBeNull();
    expect(existsSync(join(out, "report.json"))).toBe(false);

    const resumed = await runCli(["generate", "math", "--resume", out, "--quiet"], {
      cwd: dir,
      env: { DIALOGSMITH_MATH_WORKERS: "0" },
    });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(outputs(out)).toEqual(outputs(ref));
    // The lock the killed process left was taken over and released.
    expect(existsSync(join(out, "run.lock"))).toBe(false);
  });

  it("Ctrl-C stops at a checkpoint, keeps state, prints the resume command; that command finishes", async () => {
    const out = join(dir, "ctrl-c");
    const stop = await interrupted(out, "SIGINT");
    expect(stop.code).toBe(1);
    const hint = /Resume with: .*? (generate math --resume \S+)\n/.exec(stop.stderr());
    expect(hint, stop.stderr()).not.toBeNull();
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.stopped).toBe("interrupted");
    expect(report.accepted).toBe(checkpointed(out));
    expect(report.accepted).toBeLessThan(Number(COUNT));

    const again = await runCli([...hint![1].split(" "), "--quiet"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(outputs(out)).toEqual(outputs(join(dir, "ref")));
  });

  it("the same --out continues with the saved seed; other options are refused; a finished run stays as it is", async () => {
    const out = join(dir, "ref");
    const before = outputs(out);
    // No --seed: a fresh run would draw a new one, a continued run keeps its own.
    const same = await runCli(
      [
        "generate",
        "math",
        "--count",
        COUNT,
        "--lang",
        "ru,en",
        "--eval-ratio",
        "0.1",
        "--out",
        out,
        "--quiet",
      ],
      { cwd: dir },
    );
    expect(same.code).toBe(0);
    expect(outputs(out)).toEqual(before);

    const other = await runCli(args(out, "--turns", "5"), { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr.trim()).toMatch(/holds a run with different options: continue it with --resume /);
    expect(other.stderr.trim().split("\n")).toHaveLength(1);
    expect(outputs(out)).toEqual(before);
  });

  it("a math run written before the canonical record (no metadata.recipe) is refused, its files left as they were", async () => {
    const cwd = tempDir("dialogsmith-math-v02-");
    const out = join(cwd, "old");
    const small = ["generate", "math", "--count", "30", "--seed", "3", "--out", out, "--quiet"];
    expect((await runCli(small, { cwd })).code).toBe(0);
    // What 0.2.0 wrote: the same records without metadata.recipe (and no version in config.json).
    const dataset = join(out, "dataset.jsonl");
    const old = readFileSync(dataset, "utf8").replaceAll('"metadata":{"recipe":"math",', '"metadata":{');
    writeFileSync(dataset, old);
    const resumed = await runCli(["generate", "math", "--resume", out, "--count", "60", "--quiet"], { cwd });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr.trim()).toMatch(
      /^dialogsmith: error: \S+ was written by dialogsmith 0\.2\.x or older, whose records have another shape than this version's: finish it with dialogsmith 0\.2\.x or older, or start the run again with another --out$/,
    );
    expect(readFileSync(dataset, "utf8")).toBe(old);
  });

  it("bare --resume continues the latest math run; --resume of a directory that is no run is refused", async () => {
    const cwd = tempDir("dialogsmith-math-latest-");
    const missing = await runCli(["generate", "math", "--resume", "--quiet"], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no earlier math run to resume under .*: pass --resume DIR/);
    const notRun = await runCli(["generate", "math", "--resume", cwd, "--quiet"], { cwd });
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/is not a dialogsmith run directory \(no config.json\)/);
  });
});
