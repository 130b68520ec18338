import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli, spawnCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import {
  chatRequests,
  fakeServer,
  roundsResponder,
  seedRows,
  writeJsonl,
} from "./support/rounds-fixtures.js";

const dir = tempDir("dialogsmith-kill-");

function journal(out: string): Record<string, unknown>[] {
  const path = join(out, "steps.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.endsWith("}"))
    .map((l) => JSON.parse(l));
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("rounds: crash and resume at the step", () => {
  test("kill -9 after round 3's question resumes at that conversation's answer, asking nothing twice", async () => {
    // Conversation 5's round-3 answer never comes back: the process is killed while it waits.
    const server = await fakeServer({
      responder: roundsResponder(),
      latencyMs: 5,
      script: [{ match: "Follow-up 3 for #5?", faults: ["hang"] }],
    });
    const input = writeJsonl(dir, "in.jsonl", seedRows(12));
    const out = join(dir, "run");
    const cache = join(dir, "cache");
    const child = spawnCli(
      [
        "generate",
        "rounds",
        "--input",
        input,
        "--rounds",
        "3",
        "--out",
        out,
        "--base-url",
        server.url,
        "--model",
        "fake",
        "--concurrency",
        "4",
        "--cache-dir",
        cache,
        "--quiet",
      ],
      { cwd: dir },
    );
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    // Every other step has returned and been journaled (11 x 6, and conversation 5's r2 q/a/c and r3 question);
    // the hung answer is the only request in flight.
    await until(
      () => journal(out).filter((l) => l.t === "step").length === 70 && server.stats.inFlight === 1,
      "the hung answer",
    );
    child.kill("SIGKILL");
    await exited;

    const lines = journal(out);
    const c4 = lines.filter((l) => l.c === 4 && l.t === "step").map((l) => l.s);
    expect(c4).toEqual(["r2.question", "r2.answer", "r2.correction", "r3.question"]);
    // Commits are in index order: 0-3 were written, 4 (and so 5-11) were not.
    expect(lines.filter((l) => l.t === "commit").map((l) => l.c)).toEqual([0, 1, 2, 3]);
    const firstRun = chatRequests(server);
    expect(firstRun.filter((r) => r.req.outcome === 200)).toHaveLength(70);

    // Resume without the response cache: only the journal can keep steps from being asked again.
    server.setBehaviour({ script: [] });
    const resumed = await runCli(["generate", "rounds", "--resume", out, "--no-cache", "--quiet"], {
      cwd: dir,
    });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);

    const secondRun = chatRequests(server).slice(firstRun.length);
    expect(secondRun.map((r) => r.role)).toEqual(["answerer", "corrector"]);
    expect(secondRun[0].messages.at(-1)?.content).toBe("Follow-up 3 for #5?");

    const all = chatRequests(server);
    const answered = all.filter((r) => r.req.outcome === 200).map((r) => r.key);
    expect(answered).toHaveLength(72);
    expect(new Set(answered).size).toBe(72);
    // Round 3's question of conversation 5 was asked exactly once, in the first run.
    const r3q5 = all.filter(
      (r) => r.role === "questioner" && r.key.includes("Correction of Follow-up 2 for #5?"),
    );
    expect(r3q5).toHaveLength(1);

    const round3 = readFileSync(join(out, "round3/round3_history.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(round3.map((r) => r.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `r1-${String(i + 1).padStart(6, "0")}`),
    );
    expect(round3[4].rounds[2]).toEqual({
      question: "Follow-up 3 for #5?",
      answer: "Answer to Follow-up 3 for #5?",
      correction: "Correction of Follow-up 3 for #5?",
      answer_style: expect.stringMatching(/^(plausible_mistake|missing_caveat|wrong_assumption)$/),
    });
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.stopped).toBe("done");
    expect(report.conversations.complete).toBe(12);
    // Every answer counted once across the crash: tokens exactly as the server billed them.
    const billed = all.filter((r) => r.req.outcome === 200).map((r) => r.req.usage!);
    expect(report.usage.prompt_tokens).toBe(billed.reduce((n, u) => n + u.prompt_tokens, 0));
    expect(report.usage.completion_tokens).toBe(billed.reduce((n, u) => n + u.completion_tokens, 0));
    // 72 answered, and the hung request: sent, never answered (the process was killed).
    expect(report.requests.total).toBe(73);
    expect(report.requests.by_status).toEqual({ "200": 72, unanswered: 1 });
    // Conversations 6-12 came back whole from the journal, conversation 5 up to its question.
    expect(report.steps.replayed).toBe(7 * 6 + 4);
  });

  test("re-running a finished run keeps its step and request counts", async () => {
    const server = await fakeServer({ responder: roundsResponder(), latencyMs: 1 });
    const input = writeJsonl(dir, "again.jsonl", seedRows(4));
    const out = join(dir, "again");
    const args = ["generate", "rounds", "--input", input, "--rounds", "3", "--out", out];
    const cli = [
      ...args,
      "--base-url",
      server.url,
      "--model",
      "fake",
      "--cache-dir",
      join(dir, "c2"),
      "--quiet",
    ];
    expect((await runCli(cli, { cwd: dir })).code).toBe(0);
    const first = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(first.steps).toMatchObject({ completed: 24, failed: 0 });
    expect((await runCli(cli, { cwd: dir })).code).toBe(0);
    const second = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(second.steps).toEqual({ ...first.steps, replayed: 0 });
    expect(second.requests).toEqual(first.requests);
    expect(second.usage).toEqual(first.usage);
    await server.close();
  });
});
