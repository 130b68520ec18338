import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { fakeServer, seedRows, writeJsonl } from "./support/rounds-fixtures.js";

const dir = tempDir("dialogsmith-rounds-collapse-");

describe("rounds: acceptance collapse", () => {
  test("stops early when no conversation gets anywhere, naming why", async () => {
    const server = await fakeServer({
      script: [
        { faults: [{ kind: "status", status: 400, message: "this model cannot do that" }], repeat: true },
      ],
    });
    const input = writeJsonl(dir, "in.jsonl", seedRows(120));
    const out = join(dir, "run");
    const res = await runCli(
      [
        "generate",
        "rounds",
        "--input",
        input,
        "--out",
        out,
        "--base-url",
        server.url,
        "--model",
        "fake",
        "--concurrency",
        "1",
        "--cache-dir",
        join(dir, "cache"),
        "--quiet",
      ],
      { cwd: dir },
    );
    await server.close();
    expect(res.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.stopped).toBe("low_acceptance");
    // A window of 8 conversations: 3 x 8 + 20 tried, not the 120 of the input.
    expect(report.attempts).toBeGreaterThanOrEqual(44);
    expect(report.attempts).toBeLessThan(60);
    expect(res.stderr).toMatch(
      /acceptance collapsed .*top rejection reasons: http_400 \d+ \(e\.g\. ".*this model cannot do that"\)/,
    );
  });
});
