import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeServer, roundsResponder, seedRows, writeJsonl } from "../rounds/support/rounds-fixtures.js";
import { runCli } from "../support/cli.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { roundsArgs } from "../support/rounds-args.js";
import { tempDir } from "../support/tmp.js";

/**
 * Resume checks the whole dataset.jsonl. Before, a corrupt line in the middle was skipped
 * silently and one more record added: 31 lines reported as 30/30.
 */
const dir = tempDir("dialogsmith-verify-");

function lines(path: string): string[] {
  return readFileSync(path, "utf8").split("\n").filter(Boolean);
}

describe("resume verifies dataset.jsonl", () => {
  it("a corrupt line in the middle: exit 2 naming its line; --repair moves it and regenerates the item in place", async () => {
    const server = await fakeServer({ responder: roleplayResponder(), latencyMs: 1 });
    const out = join(dir, "run");
    const args = roleplayArgs(server.url, out, [
      "--count",
      "30",
      "--seed",
      "11",
      "--cache-dir",
      join(dir, "cache"),
      "--quiet",
    ]);
    expect((await runCli(args, { cwd: dir })).code).toBe(0);
    const dataset = join(out, "dataset.jsonl");
    const good = readFileSync(dataset, "utf8");
    const original = lines(dataset);
    expect(original).toHaveLength(30);

    // Line 12 garbled (a bad disk block, an editor accident).
    const garbled = [...original];
    garbled[11] = `${original[11].slice(0, 40)}\u0000\u0000 garbage`;
    writeFileSync(dataset, `${garbled.join("\n")}\n`);
    const corrupt = readFileSync(dataset);

    // Both ways of resuming: --resume DIR, and the same command again.
    for (const again of [["generate", "roleplay", "--resume", out, "--quiet"], args]) {
      const res = await runCli(again, { cwd: dir });
      expect(res.code).toBe(2);
      expect(res.stderr.trim()).toMatch(
        /^dialogsmith: error: \S+\/dataset\.jsonl:12: corrupt record \(not valid JSON: .*\); run again with --repair to move it to rejected\.jsonl and generate the item again$/,
      );
      // Nothing was changed or added.
      expect(readFileSync(dataset).equals(corrupt)).toBe(true);
    }

    const requestsBefore = server.stats.chat.completed;
    const cache = ["--cache-dir", join(dir, "cache")];
    const repaired = await runCli(
      ["generate", "roleplay", "--resume", out, "--repair", ...cache, "--quiet"],
      {
        cwd: dir,
      },
    );
    expect(repaired.stderr).toBe("");
    expect(repaired.code).toBe(0);
    // The item came back from the cache, at its place: the file is as it was before the damage.
    const ids = (text: string) =>
      text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).id);
    expect(ids(readFileSync(dataset, "utf8"))).toEqual(ids(good));
    expect(readFileSync(dataset, "utf8") === good, "the repaired file equals the undamaged one").toBe(true);
    expect(server.stats.chat.completed).toBe(requestsBefore);
    const moved = lines(join(out, "rejected.jsonl"))
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "corrupt");
    expect(moved).toEqual([
      expect.objectContaining({
        reason: "corrupt_line",
        detail: expect.stringMatching(/^dataset\.jsonl:12: /),
        raw: garbled[11],
      }),
    ]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ requested: 30, accepted: 30, stopped: "done" });

    // A last line torn by a kill is still cut off silently, and the run completes.
    const kept = original.slice(0, 25);
    writeFileSync(dataset, `${kept.join("\n")}\n${original[25].slice(0, 30)}`);
    const resumed = await runCli(["generate", "roleplay", "--resume", out, ...cache, "--quiet"], {
      cwd: dir,
    });
    expect(resumed.code).toBe(0);
    expect(readFileSync(dataset, "utf8") === good).toBe(true);
  });

  it("an empty line or a line of another shape in the middle is named too", async () => {
    const server = await fakeServer({ responder: roleplayResponder(), latencyMs: 1 });
    const out = join(dir, "shape");
    const args = (...extra: string[]) =>
      roleplayArgs(server.url, out, ["--count", "5", "--cache-dir", join(dir, "cache"), "--quiet", ...extra]);
    expect((await runCli(args(), { cwd: dir })).code).toBe(0);
    const dataset = join(out, "dataset.jsonl");
    const original = lines(dataset);
    writeFileSync(
      dataset,
      `${original.slice(0, 2).join("\n")}\n[1, 2, 3]\n${original.slice(3).join("\n")}\n`,
    );
    appendFileSync(join(out, "rejected.jsonl"), "");
    const res = await runCli(args(), { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/dataset\.jsonl:3: corrupt record \(not a record with an id of this run\)/);
    expect((await runCli(args("--repair"), { cwd: dir })).code).toBe(0);
    expect(lines(dataset)).toEqual(original);
  });

  it("rounds: a corrupt line in an output file is named on resume (exit 2)", async () => {
    const server = await fakeServer({ responder: roundsResponder(), latencyMs: 1 });
    const input = writeJsonl(dir, "rows.jsonl", seedRows(4));
    const out = join(dir, "rounds");
    const args = roundsArgs(input, server.url, out, [
      "--rounds",
      "2",
      "--cache-dir",
      join(dir, "cache"),
      "--quiet",
    ]);
    expect((await runCli(args, { cwd: dir })).code).toBe(0);
    const history = join(out, "round2", "round2_history.jsonl");
    const original = lines(history);
    writeFileSync(history, `${original[0]}\n{"id": broken\n${original.slice(2).join("\n")}\n`);
    const res = await runCli(["generate", "rounds", "--resume", out, "--quiet"], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toMatch(/round2_history\.jsonl:2: corrupt record \(not valid JSON: /);
  });
});
