import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { exportDataset } from "../../src/formats/export/index.js";
import { generate, type GenerateSettings as RoundsFlags } from "../../src/pipelines/generate.js";

const generateRounds = (flags: RoundsFlags, io?: Parameters<typeof generate>[2]) =>
  generate("rounds", flags, io);

import { EN_STYLES } from "../../src/recipes/rounds/answer-styles.js";
import { roundsTexts } from "../../src/recipes/rounds/prompts.js";
import { computeStats } from "../../src/report/stats.js";
import type { Responder } from "../../src/testing/fake-openai-server.js";
import { jsonLines } from "../support/lines.js";
import { tempDir } from "../support/tmp.js";
import {
  chatRequests,
  fakeServer,
  roleOf,
  roundsResponder,
  seedRows,
  writeJsonl,
} from "./support/rounds-fixtures.js";

const root = tempDir("dialogsmith-rounds-quality-");
let runNo = 0;
const BIN = resolve(__dirname, "../../bin/dialogsmith.js");

async function run(flags: RoundsFlags) {
  const out = join(root, `run-${++runNo}`);
  const result = await generateRounds({ quiet: true, cacheDir: join(root, "cache"), out, ...flags });
  if (result.kind !== "run") throw new Error("expected a run");
  return { out, result };
}

/** roundsResponder, with corrections `factor` times as long as the answers. */
function paddedCorrections(factor: number): Responder {
  const base = roundsResponder();
  return async (body, ctx) => {
    const text = String(await base(body, ctx));
    if (roleOf(String(body.messages[0]?.content)) !== "corrector") return text;
    const answer = `Answer to ${/Follow-up \d+ for #\d+\?/.exec(text)?.[0] ?? ""}`;
    return `${text} ${"x".repeat(Math.max(0, Math.round(answer.length * factor) - text.length - 1))}`;
  };
}

/** A 3-round run of 4 conversations whose corrections are `factor` x the answers: its stats and DPO export. */
async function measured(name: string, factor: number) {
  const server = await fakeServer({ responder: paddedCorrections(factor) });
  const input = writeJsonl(root, `${name}.jsonl`, balanced(4));
  const { out } = await run({ input, rounds: 3, baseUrl: server.url, model: "fake" });
  const stats = await computeStats(out, { tokenizer: "estimate" });
  const dpo = await exportDataset({ input: out, target: "dpo", out: join(out, "dpo.jsonl") });
  return { out, stats, dpo };
}

/** Round-1 rows whose correction is as long as the answer. */
const balanced = (n: number) =>
  seedRows(n, (i) => ({
    question: `Question #${i}: how fast may I drive?`,
    answer: `About ninety, as a rule (#${i}).`,
    correction: `About seventy, by the signs (#${i}).`,
  }));

describe("rounds: answer styles wrong in substance, not in length (item 9)", () => {
  test("each answer is asked for in one of the styles, at full length; the round records which", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const input = writeJsonl(root, "styles.jsonl", seedRows(12));
    const { out } = await run({ input, rounds: 3, baseUrl: server.url, model: "fake" });
    const answerers = chatRequests(server).filter((r) => r.role === "answerer");
    expect(answerers).toHaveLength(24);
    const used = new Set<string>();
    for (const r of answerers) {
      const system = r.messages[0].content;
      const style = (Object.keys(EN_STYLES) as (keyof typeof EN_STYLES)[]).find((s) =>
        system.includes(EN_STYLES[s]),
      );
      expect(style).toBeDefined();
      expect(style).not.toBe("too_brief");
      expect(system).not.toMatch(/brief|vague/);
      used.add(style!);
    }
    expect([...used].sort()).toEqual(["missing_caveat", "plausible_mistake", "wrong_assumption"]);
    // The corrector keeps the answer's length unless the fix needs more.
    const corrector = chatRequests(server).find((r) => r.role === "corrector")!;
    expect(corrector.messages[0].content).toContain("about as long as the original answer");
    // The style asked for is in the round, beside its answer.
    for (const h of jsonLines<{ rounds: { answer: string; answer_style?: string }[] }>(
      join(out, "round3/round3_history.jsonl"),
    )) {
      expect(h.rounds[0].answer_style).toBeUndefined(); // round 1 is the input
      for (const r of h.rounds.slice(1)) {
        const sent = answerers.find((a) => r.answer === `Answer to ${a.messages.at(-1)!.content}`)!;
        expect(sent.messages[0].content).toContain(EN_STYLES[r.answer_style as keyof typeof EN_STYLES]);
      }
    }
  });

  test("--answer-styles chooses among them; an unknown style is a usage error naming the valid ones", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const input = writeJsonl(root, "brief.jsonl", seedRows(3));
    await run({ input, rounds: 2, baseUrl: server.url, model: "fake", answerStyles: "too_brief" });
    for (const r of chatRequests(server).filter((x) => x.role === "answerer"))
      expect(r.messages[0].content).toContain(EN_STYLES.too_brief);
    await expect(
      run({ input, rounds: 2, baseUrl: server.url, model: "fake", answerStyles: "lazy" }),
    ).rejects.toThrow(UsageError);
    await expect(
      run({ input, rounds: 2, baseUrl: server.url, model: "fake", answerStyles: "lazy" }),
    ).rejects.toThrow(
      "--answer-styles: unknown style 'lazy'; use some of plausible_mistake, missing_caveat, wrong_assumption, too_brief",
    );
  });

  test("stats reports the chosen/rejected length ratio, and the DPO export warns above 1.5", async () => {
    const a = await measured("long", 3);
    expect(a.stats.preferences?.pairs).toBe(12);
    expect(a.stats.preferences?.length_ratio).toBeGreaterThan(1.5);
    const dpo = a.dpo;
    expect(dpo.preferenceLengths?.length_ratio).toBe(a.stats.preferences?.length_ratio);
    expect(dpo.warnings).toHaveLength(1);
    expect(dpo.warnings[0]).toMatch(
      /^chosen replies are \d\.\d\dx as long as rejected ones on average \(over 1\.5\)/,
    );

    const b = await measured("even", 1);
    expect(b.stats.preferences?.length_ratio).toBeLessThanOrEqual(1.5);
    expect(b.dpo.warnings).toEqual([]);

    // As a user sees it: `stats` prints the ratio, `export --to dpo` prints the warning.
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
    expect(cli("stats", a.out, "--tokenizer", "estimate").stdout).toMatch(
      /chosen \/ rejected[\s\S]*over 1\.5: length alone separates the pairs/,
    );
    const exported = cli("export", a.out, "--to", "dpo", "--out", join(a.out, "dpo-cli.jsonl"));
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/dialogsmith: warning: chosen replies are \d\.\d\dx as long/);
  });
});

describe("rounds: follow-ups on harmful topics (item 10)", () => {
  test("the questioner is told to ask about risks and safe alternatives, never operational detail", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const input = writeJsonl(root, "harm.jsonl", seedRows(1));
    await run({ input, rounds: 2, baseUrl: server.url, model: "fake" });
    const questioner = chatRequests(server).find((r) => r.role === "questioner")!;
    expect(questioner.messages[0].content).toContain(
      "If the conversation touches on something harmful or dangerous (violence, weapons, drugs, self-harm, crime, hacking, abuse), the follow-up asks about risks, consequences, the law, where to get help or safe alternatives — never for operational details, instructions or a practical next step toward the harm.",
    );
    expect(roundsTexts("ru", true).questionerSystem).toContain(
      "никогда не операционных деталей, инструкций или следующего практического шага к вреду",
    );
    expect(roundsTexts("zh", true).questionerSystem).toContain(
      "绝不要询问操作细节、具体步骤或实施伤害的下一步",
    );
  });
});

describe("rounds: the dry run says what comes from the input (item 11)", () => {
  test("round 1 is the input as it is; what the models write at run time is a placeholder", async () => {
    const rows = seedRows(2);
    const input = writeJsonl(root, "dry.jsonl", rows);
    const result = await generateRounds({ input, rounds: 3, dryRun: true, out: join(root, "dry") });
    if (result.kind !== "dry-run") throw new Error("expected a dry run");
    const [questioner, answerer, corrector] = result.steps;
    expect([questioner.name, answerer.name, corrector.name]).toEqual([
      "r2.question",
      "r2.answer",
      "r2.correction",
    ]);
    const said = (step: typeof answerer) => step.request.messages.map((m) => [m.role, m.content]);
    // The answerer sees round 1 from the input, then round 2's question, written at run time.
    expect(said(answerer).slice(1)).toEqual([
      ["user", rows[0].question],
      ["assistant", rows[0].correction],
      ["user", "(questioner's message 1)"],
    ]);
    expect(corrector.request.messages.at(-1)!.content).toContain("(answerer's message 2)");
    expect(corrector.request.messages.at(-1)!.content).not.toContain(String(rows[0].answer));
    expect(result.notes).toEqual(["input: jsonl, 2 rows, 2 used"]);

    const cli = spawnSync(process.execPath, [BIN, "generate", "rounds", "--input", input, "--dry-run"], {
      encoding: "utf8",
      cwd: root,
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("the first dialogue's prompts, with placeholder answers");
    expect(cli.stdout).toContain("--- step r2.answer: answerer ---");
    expect(cli.stdout).toContain("  input: jsonl, 2 rows, 2 used");
  });
});
