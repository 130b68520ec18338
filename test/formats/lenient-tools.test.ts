import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/**
 * The dataset tools are strict about what they read: stats and report exit 2 on binary garbage
 * or an empty file (they printed an empty table, exit 0); export, split, render and dedup stop
 * at invalid UTF-8 naming the line (they turned it into U+FFFD silently) unless --lossy; render
 * names a line nested too deep (it said "Maximum call stack size exceeded"); push prints what
 * the Hub said (it printed "[object Object]").
 */
const dir = tempDir("dialogsmith-lenient-");

const record = (i: number, text = `hello number ${i}`) =>
  JSON.stringify({
    messages: [
      { role: "user", content: `question ${i}: ${text}` },
      { role: "assistant", content: `answer ${i}` },
    ],
  });

function file(name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

function expectOneLine(res: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(res.code, res.stderr).toBe(2);
  const lines = res.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("stats and report refuse what is no dataset", () => {
  const garbage = file("garbage.jsonl", randomBytes(4096));
  const empty = file("empty.jsonl", "");
  const text = file("text.jsonl", "just some text\nand more of it\n");

  for (const cmd of ["stats", "report"]) {
    it(`${cmd}: binary garbage, an empty file, text that is no JSONL`, async () => {
      expectOneLine(
        await runCli([cmd, garbage], { cwd: dir }),
        /garbage\.jsonl:\d+: not valid UTF-8 \(byte 0x[0-9a-f]{2}/,
      );
      expectOneLine(
        await runCli([cmd, empty], { cwd: dir }),
        /empty\.jsonl: no records \(the file is empty\)/,
      );
      expectOneLine(
        await runCli([cmd, text], { cwd: dir }),
        /text\.jsonl: none of its 2 line\(s\) is a dataset record \(line 1: invalid_json: /,
      );
    });
  }
});

describe("invalid UTF-8 is reported with its line, or replaced with --lossy", () => {
  // Line 3 holds a Latin-1 "é" (0xe9), as a file saved in the wrong encoding does.
  const bad = Buffer.concat([
    Buffer.from(`${record(1)}\n${record(2)}\n`),
    Buffer.from(record(3, "caf\u00e9"), "latin1"),
    Buffer.from(`\n${record(4)}\n`),
  ]);
  const input = file("latin1.jsonl", bad);
  const commands: [string, string[]][] = [
    ["export", ["export", input, "--to", "sharegpt", "--out", join(dir, "out.sharegpt.jsonl")]],
    ["split", ["split", input, "--out", join(dir, "split")]],
    ["render", ["render", input, "--template", "chatml", "--out", join(dir, "samples")]],
    ["dedup", ["dedup", input, "--out", join(dir, "dedup.jsonl")]],
  ];
  for (const [name, args] of commands) {
    it(name, async () => {
      expectOneLine(
        await runCli(args, { cwd: dir }),
        /latin1\.jsonl:3: not valid UTF-8 \(byte 0xe9 at byte \d+ of the line\); convert the file to UTF-8, or pass --lossy/,
      );
      const lossy = await runCli([...args, "--lossy"], { cwd: dir });
      expect(lossy.code, lossy.stderr).toBe(0);
    });
  }

  it("--lossy writes U+FFFD where the bad byte was", () => {
    const out = readFileSync(join(dir, "out.sharegpt.jsonl"), "utf8");
    expect(out).toContain("caf\ufffd");
    const samples = readdirSync(join(dir, "samples")).sort();
    expect(readFileSync(join(dir, "samples", samples[2]), "utf8")).toContain("caf\ufffd");
  });
});

describe("render and push say what is wrong", () => {
  it("render: a line nested too deep", async () => {
    const deep = `${record(1).slice(0, -1)},"extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const input = file("deep.jsonl", `${record(0)}\n${deep}\n`);
    expectOneLine(
      await runCli(["render", input, "--template", "chatml", "--out", join(dir, "deep-samples")], {
        cwd: dir,
      }),
      /deep\.jsonl:2: JSON nested more than 1000 levels deep \(no chat record is\); fix or remove that line/,
    );
  });

  it("push: the Hub's own message, not [object Object]", async () => {
    // A Hub that answers every request like its API does for a missing repository.
    const hub = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: "Repository not found: tester/nothing", code: "RepoNotFound" } }),
      );
    });
    await new Promise<void>((r) => hub.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(hub.address() as { port: number }).port}`;
    try {
      const input = file("push.jsonl", `${record(1)}\n${record(2)}\n`);
      const res = await runCli(["push", input, "--repo-id", "tester/nothing", "--hub-url", url], {
        cwd: dir,
        env: { HF_TOKEN: "hf_test0000000000000000000000000000000000" },
      });
      expect(res.code).toBe(3);
      expect(res.stderr).toContain("Repository not found: tester/nothing");
      expect(res.stderr).not.toContain("[object Object]");
    } finally {
      hub.close();
    }
  });
});
