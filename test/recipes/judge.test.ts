import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generateFromRecipe } from "../../src/pipelines/generate-recipe.js";
import { judgeDataset } from "../../src/pipelines/judge-dataset.js";
import { combineOrders } from "../../src/quality/judge/pairwise.js";
import { renderReportHtml } from "../../src/report/html.js";
import { computeStats } from "../../src/report/stats.js";
import { formatStatsTable } from "../../src/report/terminal-table.js";
import type { ChatRequestBody } from "../../src/testing/fake-openai-server.js";
import { runCli } from "../support/cli.js";
import { recipeResponder } from "../support/recipe-responder.js";
import { tempDir } from "../support/tmp.js";
import {
  answered,
  closeServersAfterEach,
  EXAMPLES,
  fakeServer,
  jsonl,
  modelsConfig,
  RUBRICS,
} from "./support/fixtures.js";

const dir = tempDir("dialogsmith-judge-");
closeServersAfterEach();

const lastUser = (body: ChatRequestBody) => String(body.messages.at(-1)?.content ?? "");

interface Verdict {
  rubric: string;
  scores: Record<string, number>;
  reasons: Record<string, string>;
  mean: number;
  passed: boolean;
}
type Judged = {
  id: string;
  messages: { role: string; content: string }[];
  metadata: { judge: Verdict; q?: number[] };
};

describe("a judge block in a recipe", () => {
  test("dialogues below the pass rule are rejected with the judge's reasons and replaced; the rest carry metadata.judge", async () => {
    const server = await fakeServer({
      responder: recipeResponder({
        // The judge finds the grade-7 dialogues' pedagogy poor (the transcript shows the tutor's system prompt).
        score: (criterion, body) =>
          criterion === "pedagogy" && lastUser(body).includes("grade 7 student") ? 2 : 4,
      }),
    });
    const recipe = join(dir, "tutoring-judged.yaml");
    const base = readFileSync(join(EXAMPLES, "tutoring.yaml"), "utf8").replace(
      "file: tutoring-problems.txt",
      `file: ${join(EXAMPLES, "tutoring-problems.txt")}`,
    );
    writeFileSync(recipe, `${base}\njudge:\n  model: judge\n  rubric: ${join(RUBRICS, "tutoring.yaml")}\n`);
    const config = modelsConfig(dir, server, ["student", "tutor", "judge"], "judged-config.yaml");
    const out = join(dir, "judged");
    const result = await generateFromRecipe(undefined, {
      recipe,
      config,
      count: 8,
      out,
      quiet: true,
      cacheDir: join(dir, "cache"),
    });
    if (result.kind !== "run") throw new Error("expected a run");
    expect(result.report.stopped).toBe("done");
    const records = jsonl<Judged & { metadata: { scenario: { grade: number } } }>(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(8);
    for (const r of records) {
      expect(r.metadata.scenario.grade).not.toBe(7);
      expect(r.metadata.judge).toMatchObject({
        rubric: "tutoring",
        scores: { pedagogy: 4, correctness: 4, naturalness: 4 },
        reasons: { pedagogy: "about pedagogy" },
        mean: 4,
        passed: true,
      });
    }
    const rejected = jsonl<{ reason: string; detail: string; raw: Judged }>(join(out, "rejected.jsonl"));
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) {
      expect(r.reason).toBe("judge_low_score");
      // pedagogy 2 is below its minimum of 3 (the mean, 3.33, is below 3.5 too).
      expect(r.detail).toBe(
        "pedagogy 2/5: about pedagogy; correctness 4/5: about correctness; naturalness 4/5: about naturalness; mean 3.333 < 3.5",
      );
      expect(r.raw.metadata.judge.passed).toBe(false);
    }
    expect(result.report.rejection_reasons.judge_low_score).toBe(rejected.length);
    // One judge call per finished dialogue, with the rubric's structured output.
    const judge = answered(server).filter((a) => a.body.model === "judge-model");
    expect(judge).toHaveLength(records.length + rejected.length);
    expect(judge.every((a) => a.body.response_format?.json_schema?.name === "judge_tutoring")).toBe(true);
  });
});

/** Ten OpenAI-format dialogues, each with the scores the fake judge will give written into it. */
const SCORES: [number, number, number][] = [
  [5, 5, 5],
  [4, 4, 3],
  [2, 5, 5], // pedagogy below its minimum of 3, mean 4
  [3, 3, 4], // mean 3.33
  [4, 3, 4], // mean 3.67
  [1, 1, 1],
  [5, 4, 2], // naturalness has no minimum: mean 3.67 passes
  [3, 4, 3], // mean 3.33
  [4, 4, 4],
  [5, 2, 5], // correctness below its minimum
];

function writeDataset(path: string): void {
  const lines = SCORES.map((q, i) =>
    JSON.stringify({
      id: `d${i}`,
      messages: [
        { role: "user", content: `Question ${i}: what is ${i} + ${i}?` },
        { role: "assistant", content: `Let us think. [q=${q.join(",")}]` },
      ],
      metadata: { source: "test" },
    }),
  );
  lines.splice(4, 0, "{not json");
  writeFileSync(path, `${lines.join("\n")}\n`);
}

/** A judge that reads the scores out of the dialogue. */
function scoringJudge() {
  const criteria = ["pedagogy", "correctness", "naturalness"];
  return recipeResponder({
    score: (criterion, body) => {
      const q = /\[q=(\d),(\d),(\d)\]/.exec(lastUser(body))!;
      return Number(q[1 + criteria.indexOf(criterion)]);
    },
  });
}

describe("dialogsmith judge FILE", () => {
  test("--min-score keeps exactly the dialogues whose scores pass the rule; every record is written back with its verdict", async () => {
    const server = await fakeServer({ responder: scoringJudge() });
    const input = join(dir, "to-judge.jsonl");
    writeDataset(input);
    const config = modelsConfig(dir, server, ["judge"], "judge-config.yaml");
    const out = join(dir, "judge-run");
    const args = [
      "judge",
      input,
      "--rubric",
      join(RUBRICS, "tutoring.yaml"),
      "--model",
      "judge",
      "--config",
      config,
    ];
    const r = await runCli([...args, "--min-score", "3.5", "--out", out, "--cache-dir", join(dir, "cache")], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/judged 10 with rubric tutoring: 5 pass/);

    // Expected from the rule itself: pedagogy >= 3, correctness >= 3, mean >= 3.5.
    const passes = SCORES.map(([p, c, n]) => p >= 3 && c >= 3 && (p + c + n) / 3 >= 3.5);
    const expected = SCORES.map((_, i) => `d${i}`).filter((_, i) => passes[i]);
    expect(expected).toEqual(["d0", "d1", "d4", "d6", "d8"]);
    expect(jsonl<Judged>(join(out, "filtered.jsonl")).map((x) => x.id)).toEqual(expected);

    const all = jsonl<Judged & { metadata: { source: string } }>(join(out, "dataset.jsonl"));
    expect(all.map((x) => x.id)).toEqual(SCORES.map((_, i) => `d${i}`));
    for (const [i, x] of all.entries()) {
      const [p, c, n] = SCORES[i];
      expect(x.metadata.source).toBe("test"); // the record as it was, plus the verdict
      expect(x.metadata.judge.scores).toEqual({ pedagogy: p, correctness: c, naturalness: n });
      expect(x.metadata.judge.passed).toBe(passes[i]);
    }
    // The line that is no record is counted, not dropped.
    expect(jsonl<{ reason: string }>(join(out, "rejected.jsonl"))).toMatchObject([
      { reason: "invalid_json" },
    ]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ recipe: "judge", accepted: 10, failed: 1, stopped: "done" });
    expect(report.judge).toMatchObject({ rubric: "tutoring", judged: 10, passed: 5 });

    // stats and report.html show each criterion's distribution and the lowest-scored dialogues.
    const stats = await computeStats(out, { tokenizer: "estimate" });
    const distribution = (k: number) => {
      const counts: Record<string, number> = {};
      for (const q of SCORES) counts[String(q[k])] = (counts[String(q[k])] ?? 0) + 1;
      return counts;
    };
    expect(stats.judge?.criteria.pedagogy.scores).toEqual(distribution(0));
    expect(stats.judge?.criteria.correctness.scores).toEqual(distribution(1));
    expect(stats.judge?.criteria.naturalness.mean).toBe(3.6);
    expect(stats.judge).toMatchObject({ judged: 10, passed: 5, rubrics: ["tutoring"] });
    expect(stats.judge?.lowest.map((l) => l.id)).toEqual(["d5", "d3", "d7", "d1", "d4"]);
    expect(stats.judge?.lowest[0]).toMatchObject({ mean: 1, reasons: { pedagogy: "about pedagogy" } });
    expect(stats.breakdowns.some((b) => b.field.startsWith("judge"))).toBe(false);
    const table = formatStatsTable(stats);
    expect(table).toMatch(/judge \(tutoring\): 5 of 10 pass\s+mean\s+scores/);
    expect(table).toMatch(/pedagogy\s+3\.6\s+1: 1 {2}2: 1 {2}3: 2 {2}4: 3 {2}5: 3/);
    expect(table).toMatch(/d5\s+1\s+pedagogy 1: about pedagogy/);
    const html = renderReportHtml(stats);
    expect(html).toContain('<section id="judge"><h2>Judge scores</h2>');
    expect(html).toMatch(/<td>d5<\/td><td>1<\/td><td>pedagogy 1: about pedagogy<br>/);

    // Judging again costs nothing: every verdict comes from the cache.
    const before = server.stats.chat.requests;
    const again = await runCli(
      [...args, "--out", join(dir, "judge-again"), "--cache-dir", join(dir, "cache"), "--quiet"],
      { cwd: dir },
    );
    expect(again.code).toBe(0);
    expect(server.stats.chat.requests).toBe(before);
  });

  test("without --rubric the general dialogue-quality rubric applies; an unknown rubric is a usage error", async () => {
    const server = await fakeServer({ responder: recipeResponder({ score: () => 4 }) });
    const input = join(dir, "plain.jsonl");
    writeDataset(input);
    const result = await judgeDataset([input], {
      baseUrl: server.url,
      model: "some-model",
      out: join(dir, "general"),
      quiet: true,
      cacheDir: join(dir, "cache"),
    });
    if (result.kind !== "run") throw new Error("expected a run");
    const judged = jsonl<Judged>(join(dir, "general/dataset.jsonl"));
    expect(Object.keys(judged[0].metadata.judge.scores)).toEqual(["coherence", "helpfulness", "naturalness"]);
    const bad = await runCli(
      ["judge", input, "--rubric", "tutoringg", "--base-url", server.url, "--model", "m"],
      { cwd: dir },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--rubric: no built-in rubric 'tutoringg' \(built in: dialogue_quality, roleplay, rounds, tools\)/,
    );
  });
});

describe("pairwise judging", () => {
  test("two orders combine: a preference that survives the swap wins, a disagreement is a tie", () => {
    const first = { winner: "first" as const, reason: "r1" };
    const second = { winner: "second" as const, reason: "r2" };
    const tie = { winner: "tie" as const, reason: "r3" };
    expect(combineOrders(first, second)).toMatchObject({ winner: "a", disagreement: false });
    expect(combineOrders(second, first)).toMatchObject({ winner: "b", disagreement: false });
    // Always the first shown: position bias, caught.
    expect(combineOrders(first, first)).toMatchObject({ winner: "tie", disagreement: true });
    expect(combineOrders(second, second)).toMatchObject({ winner: "tie", disagreement: true });
    expect(combineOrders(first, tie)).toMatchObject({ winner: "tie", disagreement: true });
    expect(combineOrders(tie, tie)).toMatchObject({ winner: "tie", disagreement: false });
  });

  test("judge --pairwise A B asks for each pair in both orders and counts only verdicts that survive the swap", async () => {
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    const dialogue = (id: string, text: string) =>
      JSON.stringify({
        id,
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: text },
        ],
      });
    // Pairs 0 and 2: B is better; pair 1: A is better; pair 3: neither.
    writeFileSync(
      a,
      [dialogue("a0", "meh"), dialogue("a1", "GOOD"), dialogue("a2", "meh"), dialogue("a3", "meh")].join(
        "\n",
      ),
    );
    writeFileSync(
      b,
      [dialogue("b0", "GOOD"), dialogue("b1", "meh"), dialogue("b2", "GOOD"), dialogue("b3", "meh")].join(
        "\n",
      ),
    );
    const fair = (body: ChatRequestBody): "first" | "second" | "tie" => {
      const [one, two] = lastUser(body).split("Dialogue 2:");
      return one.includes("GOOD") ? "first" : two.includes("GOOD") ? "second" : "tie";
    };
    const fairServer = await fakeServer({ responder: recipeResponder({ prefer: fair }) });
    const run = async (server: typeof fairServer, name: string) => {
      const r = await judgeDataset([a, b], {
        pairwise: true,
        baseUrl: server.url,
        model: "m",
        out: join(dir, name),
        quiet: true,
        cacheDir: join(dir, `cache-${name}`),
      });
      if (r.kind !== "run") throw new Error("expected a run");
      return {
        summary: r.summary,
        pairs: jsonl<{ a: string; b: string; winner: string; disagreement: boolean }>(
          join(dir, name, "pairs.jsonl"),
        ),
      };
    };
    const fairRun = await run(fairServer, "pairs-fair");
    expect(fairRun.pairs.map((p) => [p.a, p.b, p.winner, p.disagreement])).toEqual([
      ["a0", "b0", "b", false],
      ["a1", "b1", "a", false],
      ["a2", "b2", "b", false],
      ["a3", "b3", "tie", false],
    ]);
    expect(fairRun.summary).toEqual({ pairs: 4, a_wins: 1, b_wins: 2, ties: 1, disagreements: 0 });
    // Each pair was asked for twice: A shown first, then B shown first.
    const asked = answered(fairServer).map((x) => lastUser(x.body as ChatRequestBody));
    expect(asked).toHaveLength(8);
    const shownFirst = asked.map((t) => (t.split("Dialogue 2:")[0].includes("meh") ? "meh" : "GOOD"));
    expect(shownFirst.filter((x) => x === "GOOD")).toHaveLength(3); // GOOD first once per decided pair

    // A judge that always prefers what it reads first decides nothing.
    const biased = await fakeServer({ responder: recipeResponder({ prefer: () => "first" }) });
    const biasedRun = await run(biased, "pairs-biased");
    expect(biasedRun.summary).toEqual({ pairs: 4, a_wins: 0, b_wins: 0, ties: 4, disagreements: 4 });
  });
});
