import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/tmp.js";
import { mathRecord, roleplayRecord, writeJsonl, writeRunDir } from "./sample-data.js";

const BIN = fileURLToPath(new URL("../../bin/dialogsmith.js", import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("dialogsmith stats / report", () => {
  const dir = tempDir("dialogsmith-report-cli-");
  let run: string;
  let file: string;

  beforeAll(() => {
    if (!existsSync(join(BIN, "../../dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first");
    run = writeRunDir(
      join(dir, "run"),
      [0, 1, 2, 3].map((i) => roleplayRecord(i)),
    );
    file = writeJsonl(join(dir, "files", "math.jsonl"), [0, 1, 2].map(mathRecord));
  });

  it("stats prints a table, or JSON with --json", async () => {
    const table = await cli(["stats", run]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("4 dialogues (roleplay 4)");
    expect(table.stdout).toMatch(/rejection reason \(rejected\.jsonl\)/);
    const json = await cli(["stats", file, "--json", "--tokenizer", "estimate"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { records: number; tokenizer: string; examples: unknown[] };
    expect(parsed).toMatchObject({ records: 3, tokenizer: "estimate", examples: [] });
  });

  it("report writes report.html into the run directory, beside a file, or to --out", async () => {
    const a = await cli(["report", run]);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain(`wrote ${join(run, "report.html")}`);
    expect(readFileSync(join(run, "report.html"), "utf8")).toMatch(/^<!doctype html>/);
    const b = await cli(["report", file, "--tokenizer", "estimate"]);
    expect(b.code).toBe(0);
    expect(existsSync(join(dir, "files", "report.html"))).toBe(true);
    const c = await cli(["report", file, "--out", join(dir, "out", "x.html"), "--examples", "0"]);
    expect(c.code).toBe(0);
    expect(readFileSync(join(dir, "out", "x.html"), "utf8")).not.toContain('id="examples"');
  });

  it("a missing input is a one-line error, exit 2", async () => {
    const r = await cli(["report", join(dir, "nope")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("nope");
  });
});
