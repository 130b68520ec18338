import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generate, type GenerateSettings as RoundsFlags } from "../../src/pipelines/generate.js";

const generateRounds = (flags: RoundsFlags, io?: Parameters<typeof generate>[2]) =>
  generate("rounds", flags, io);

import { CUT_MARK } from "../../src/recipes/rounds/context.js";
import { tempDir } from "../support/tmp.js";
import {
  chatRequests,
  fakeServer,
  roundsResponder,
  seedRows,
  writeJsonl,
} from "./support/rounds-fixtures.js";

const root = tempDir("dialogsmith-rounds-");
let runNo = 0;

function readLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function run(flags: RoundsFlags, io: Parameters<typeof generateRounds>[1] = {}) {
  const result = await generateRounds({ quiet: true, cacheDir: join(root, "cache"), ...flags }, io);
  if (result.kind !== "run") throw new Error("expected a run");
  return result;
}

function freshDir(): string {
  return join(root, `run-${++runNo}`);
}

describe("generate rounds", () => {
  test("writes round 1 and rounds 2..R with the same ids, and a report with calls, tokens and cost per model", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const input = writeJsonl(root, "basic.jsonl", seedRows(5));
    const out = freshDir();
    const config = join(root, "priced.yaml");
    writeFileSync(
      config,
      `models:\n  m:\n    base_url: ${server.url}\n    model: fake\n    price: { input_per_mtok: 1, output_per_mtok: 2 }\nrounds: { questioner: m, answerer: m, corrector: m }\n`,
    );
    const result = await run({ input, rounds: 3, out, config });
    expect(result.report.stopped).toBe("done");

    const single1 = readLines(join(out, "round1/round1_single_turn.jsonl"));
    const seed1 = readLines(join(out, "round1/round1_history_seed.jsonl"));
    expect(single1.map((r) => r.id)).toEqual([
      "r1-000001",
      "r1-000002",
      "r1-000003",
      "r1-000004",
      "r1-000005",
    ]);
    expect(Object.keys(single1[0])).toEqual(["id", "question", "answer", "correction"]);
    expect(seed1[0]).toEqual({
      id: "r1-000001",
      rounds: [
        { question: single1[0].question, answer: single1[0].answer, correction: single1[0].correction },
      ],
    });

    for (const k of [2, 3]) {
      const history = readLines(join(out, `round${k}/round${k}_history.jsonl`));
      const single = readLines(join(out, `round${k}/round${k}_single_turn.jsonl`));
      expect(history.map((r) => r.id)).toEqual(single1.map((r) => r.id));
      expect(single.map((r) => r.id)).toEqual(single1.map((r) => r.id));
      for (const [i, h] of history.entries()) {
        const rounds = h.rounds as Record<string, string>[];
        expect(rounds).toHaveLength(k);
        expect(rounds[0]).toEqual(seed1[i].rounds && (seed1[i].rounds as unknown[])[0]);
        expect(rounds[k - 1].question).toBe(`Follow-up ${k} for #${i + 1}?`);
        expect(rounds[k - 1].answer).toBe(`Answer to Follow-up ${k} for #${i + 1}?`);
        expect(rounds[k - 1].correction).toBe(`Correction of Follow-up ${k} for #${i + 1}?`);
        expect(single[i]).toEqual({ id: h.id, ...rounds[k - 1] });
      }
    }
    expect(existsSync(join(out, "round4"))).toBe(false);

    // dataset.jsonl: one canonical record per conversation, the rounds as chat, every round kept.
    const dataset = readLines(join(out, "dataset.jsonl"));
    const last = readLines(join(out, "round3/round3_history.jsonl"));
    expect(dataset.map((r) => r.id)).toEqual(last.map((r) => r.id));
    expect(Object.keys(dataset[0])).toEqual(["id", "messages", "metadata"]);
    const rounds = last[0].rounds as Record<string, string>[];
    expect(dataset[0].messages).toEqual(
      rounds.flatMap((r) => [
        { role: "user", content: r.question },
        { role: "assistant", content: r.correction },
      ]),
    );
    expect(dataset[0].metadata).toEqual({ recipe: "rounds", language: "en", num_rounds: 3, rounds });

    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.requests.total).toBe(5 * 6);
    expect(report.models.m.requests).toBe(30);
    expect(report.models.m.prompt_tokens).toBeGreaterThan(0);
    expect(report.models.m.cost_usd).toBeGreaterThan(0);
    expect(report.cost_usd).toBeCloseTo(report.models.m.cost_usd, 6);
    expect(report.conversations).toEqual({ complete: 5, partial: 0, rejected: 0, failed: 0 });
    expect(report.round_files).toEqual({ round1: 5, round2: 5, round3: 5 });
    expect(report.roles).toEqual({ questioner: "m", answerer: "m", corrector: "m" });
    expect(report.ended_early).toEqual([]);
    expect(server.stats.chat.requests).toBe(30);
  });

  test("models see earlier questions and corrections, never the weak answers, only the last context_messages", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const input = writeJsonl(root, "context.jsonl", seedRows(1));
    await run({ input, rounds: 4, out: freshDir(), baseUrl: server.url, model: "fake", contextMessages: 2 });
    const requests = chatRequests(server);
    for (const r of requests) {
      // Round-1's answer and the generated answers appear only where the corrector must judge one.
      const visible = r.role === "corrector" ? r.messages.slice(0, 1) : r.messages;
      for (const m of visible) expect(m.content).not.toMatch(/Whatever feels right|Answer to/);
    }
    const answers = requests.filter((r) => r.role === "answerer");
    expect(answers).toHaveLength(3);
    // Round 4: system, then the last 2 history messages (round 3's question and correction), then the question.
    const last = answers[2].messages;
    expect(last.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(last[1].content).toBe("Follow-up 3 for #1?");
    expect(last[2].content).toBe("Correction of Follow-up 3 for #1?");
    expect(last[3].content).toBe("Follow-up 4 for #1?");
    // Round 2 sees round 1 as chat history.
    expect(answers[0].messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
  });

  test("over-long texts are cut to the token budget", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const input = writeJsonl(
      root,
      "long.jsonl",
      seedRows(1, (i) => ({ question: `Question #${i}?`, answer: "meh", correction: long })),
    );
    await run({ input, rounds: 2, out: freshDir(), baseUrl: server.url, model: "fake", messageTokens: 32 });
    const answer = chatRequests(server).find((r) => r.role === "answerer")!;
    const shown = answer.messages[2].content;
    expect(shown.endsWith(CUT_MARK)).toBe(true);
    expect(shown.length).toBeLessThan(long.length / 4);
  });

  test("prompts follow the data's language (zh, ru, en), or --lang", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const rows = [
      {
        question: "问题 #1：高速公路开多快？",
        answer: "随便开",
        correction: "一般55-70英里/小时，具体看路标 #1",
      },
      {
        question: "Вопрос #2: с какой скоростью ехать по трассе?",
        answer: "Как хочешь",
        correction: "Обычно 90-110 км/ч, смотрите на знаки #2",
      },
      { question: "Question #3: how fast on a highway?", answer: "Whatever", correction: "55-70 mph (#3)" },
    ];
    const input = writeJsonl(root, "langs.jsonl", rows);
    const out = freshDir();
    await run({ input, rounds: 2, out, baseUrl: server.url, model: "fake" });
    const questioner = chatRequests(server).filter((r) => r.role === "questioner");
    const byConv = (n: number) =>
      questioner.find((r) => r.messages[1].content.includes(`#${n}`))!.messages[0].content;
    expect(byConv(1)).toContain("请用中文书写");
    expect(byConv(2)).toContain("Пиши по-русски");
    expect(byConv(3)).toContain("Write in the same language as the conversation");
    const prepared = JSON.parse(readFileSync(join(out, "round1/input.json"), "utf8"));
    expect(prepared.languages).toEqual({ zh: 1, ru: 1, en: 1 });

    server.reset();
    await run({ input, rounds: 2, out: freshDir(), baseUrl: server.url, model: "fake", lang: "de" });
    for (const r of chatRequests(server).filter((x) => x.role !== "other"))
      expect(r.messages[0].content).toContain("Write in German.");
  });

  test("the answerer's built-in answer styles can be replaced by an instruction of the user's", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const input = writeJsonl(root, "instr.jsonl", seedRows(1));
    await run({ input, rounds: 2, out: freshDir(), baseUrl: server.url, model: "fake" });
    expect(chatRequests(server).find((r) => r.role === "answerer")!.messages[0].content).toContain(
      "about as long and detailed as a good answer would be",
    );
    server.reset();
    await run({
      input,
      rounds: 2,
      out: freshDir(),
      baseUrl: server.url,
      model: "fake",
      answererInstruction: "Answer like a pirate.",
    });
    const system = chatRequests(server).find((r) => r.role === "answerer")!.messages[0].content;
    expect(system).toContain("Answer like a pirate.");
    expect(system).not.toContain("as a good answer would be");
  });

  test("a step that fails for good ends only its conversation, at its last complete round, listed in the report", async () => {
    const server = await fakeServer({
      responder: roundsResponder(),
      // Conversation 2's round-3 answer: a 400, which no retry fixes.
      script: [{ match: "Follow-up 3 for #2?", faults: [400] }],
    });
    const input = writeJsonl(root, "fail.jsonl", seedRows(4));
    const out = freshDir();
    const result = await run({ input, rounds: 3, out, baseUrl: server.url, model: "fake" });
    expect(result.report.stopped).toBe("done");
    expect(result.report.ended_early).toEqual([
      {
        id: "r1-000002",
        rounds: 2,
        step: "r3.answer",
        reason: "http_400",
        detail: expect.stringContaining("400"),
      },
    ]);
    expect(result.report.conversations).toEqual({ complete: 3, partial: 1, rejected: 0, failed: 0 });
    expect(result.report.round_files).toEqual({ round1: 4, round2: 4, round3: 3 });
    expect(readLines(join(out, "round2/round2_history.jsonl")).map((r) => r.id)).toEqual([
      "r1-000001",
      "r1-000002",
      "r1-000003",
      "r1-000004",
    ]);
    expect(readLines(join(out, "round3/round3_history.jsonl")).map((r) => r.id)).toEqual([
      "r1-000001",
      "r1-000003",
      "r1-000004",
    ]);
    // Its correction was never asked for; the others went on.
    expect(
      chatRequests(server).filter((r) => r.role === "corrector" && r.key.includes("Follow-up 3 for #2?")),
    ).toHaveLength(0);
  });

  test("an empty answer is asked again once with a new sample; the conversation completes", async () => {
    const server = await fakeServer({
      responder: roundsResponder(),
      script: [{ match: "Follow-up 2 for #1?", faults: ["empty-content"] }],
    });
    const input = writeJsonl(root, "retry.jsonl", seedRows(1));
    const out = freshDir();
    const result = await run({ input, rounds: 2, out, baseUrl: server.url, model: "fake" });
    expect(result.report.conversations).toEqual({ complete: 1, partial: 0, rejected: 0, failed: 0 });
    expect(result.steps.content_retries).toBe(1);
    const journal = readLines(join(out, "steps.jsonl"));
    const rejects = journal.filter((l) => l.t === "reject");
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({
      t: "reject",
      c: 0,
      s: "r2.answer",
      attempt: 0,
      reason: "empty",
      model: "default",
    });
    expect(journal.find((l) => l.s === "r2.answer" && l.t === "step")).toMatchObject({ attempt: 1 });
  });

  test("each role uses its own model with its own limits", async () => {
    const big = await fakeServer({ responder: roundsResponder(), latencyMs: 15 });
    const small = await fakeServer({ responder: roundsResponder(), latencyMs: 15 });
    const config = join(root, "roles.yaml");
    writeFileSync(
      config,
      [
        "models:",
        `  big: { base_url: ${big.url}, model: big-model, concurrency: 2, price: { input_per_mtok: 1, output_per_mtok: 1 } }`,
        `  small: { base_url: ${small.url}, model: small-model, concurrency: 3 }`,
        "rounds: { questioner: big, answerer: small, corrector: big, rounds: 3 }",
        "",
      ].join("\n"),
    );
    const input = writeJsonl(root, "roles.jsonl", seedRows(12));
    const result = await run({ input, out: freshDir(), config });
    const onBig = chatRequests(big);
    const onSmall = chatRequests(small);
    expect(new Set(onBig.map((r) => r.role))).toEqual(new Set(["questioner", "corrector"]));
    expect(new Set(onSmall.map((r) => r.role))).toEqual(new Set(["answerer"]));
    expect(onBig).toHaveLength(12 * 2 * 2);
    expect(onSmall).toHaveLength(12 * 2);
    expect(onBig.every((r) => (r.req.body as { model: string }).model === "big-model")).toBe(true);
    expect(onSmall.every((r) => (r.req.body as { model: string }).model === "small-model")).toBe(true);
    // Each client kept its own concurrency limit.
    expect(big.stats.maxActive).toBeLessThanOrEqual(2);
    expect(small.stats.maxActive).toBeLessThanOrEqual(3);
    // The questioner and corrector share one client: with 10 conversations queued on it, it runs at its limit.
    expect(result.models.big.concurrency.peakInFlight).toBe(2);
    expect(result.models.small.concurrency.peakInFlight).toBeLessThanOrEqual(3);
    expect(result.report.models.big.requests).toBe(48);
    expect(result.report.models.small.requests).toBe(24);
    expect(result.report.models.big.cost_usd).toBeGreaterThan(0);
    expect(result.report.roles).toEqual({ questioner: "big", answerer: "small", corrector: "big" });
  });

  test("--dry-run prints calls per model and sends nothing", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const config = join(root, "dry.yaml");
    writeFileSync(
      config,
      [
        "models:",
        `  gemini: { base_url: ${server.url}, model: gemini-flash, price: { input_per_mtok: 0.1, output_per_mtok: 0.4 } }`,
        `  llama: { base_url: ${server.url}, model: llama-8b, price: { input_per_mtok: 0.2, output_per_mtok: 0.2 } }`,
        "rounds: { questioner: gemini, answerer: llama, corrector: gemini }",
        "",
      ].join("\n"),
    );
    const input = writeJsonl(root, "dry.jsonl", seedRows(10));
    const out = freshDir();
    const result = await generateRounds({ input, rounds: 3, out, config, dryRun: true, sample: 4 });
    if (result.kind !== "dry-run") throw new Error("expected a dry run");
    expect(server.stats.total).toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(result.plan.items).toBe(4);
    // Each conversation asks every role twice (rounds 2 and 3), on the role's own model.
    expect(result.estimate.perModel).toMatchObject({
      "questioner (gemini-flash)": { calls: 4 * 2 },
      "answerer (llama-8b)": { calls: 4 * 2 },
      "corrector (gemini-flash)": { calls: 4 * 2 },
    });
    expect(result.estimate.perModel["questioner (gemini-flash)"].promptTokens).toBeGreaterThan(0);
    expect(result.estimate.totalCostUsd).toBeGreaterThan(0);
    expect(result.steps.slice(0, 3).map((s) => s.role)).toEqual(["questioner", "answerer", "corrector"]);
  });

  test("--max-cost stops at the budget; a resume with a larger one finishes without paying for any step twice", async () => {
    const server = await fakeServer({ responder: roundsResponder(), latencyMs: 5 });
    const config = join(root, "budget.yaml");
    writeFileSync(
      config,
      `models:\n  m: { base_url: ${server.url}, model: fake, concurrency: 2, price: { input_per_mtok: 10, output_per_mtok: 10 } }\nrounds: { model: m }\n`,
    );
    const input = writeJsonl(root, "budget.jsonl", seedRows(6));
    const out = freshDir();
    const first = await run({ input, rounds: 3, out, config, maxCost: 0.05 });
    expect(first.report.stopped).toBe("budget");
    // A projection (spent + steps in flight x the dearest step so far), so within a step of the budget.
    expect(first.report.cost_usd).toBeLessThanOrEqual(0.05 * 1.1);
    const sentFirst = server.stats.chat.requests;
    expect(sentFirst).toBeGreaterThan(0);
    expect(sentFirst).toBeLessThan(36);

    const second = await run({ out, config, resume: out, maxCost: 1000, cache: false });
    expect(second.report.stopped).toBe("done");
    expect(server.stats.chat.requests).toBe(36);
    const keys = chatRequests(server).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(second.report.requests.total).toBe(36);
    expect(readLines(join(out, "round3/round3_history.jsonl"))).toHaveLength(6);
  });

  test("Ctrl-C stops new steps; resume continues each conversation where it stopped", async () => {
    const server = await fakeServer({ responder: roundsResponder(), latencyMs: 5 });
    const input = writeJsonl(root, "stop.jsonl", seedRows(8));
    const out = freshDir();
    const stop = new AbortController();
    const first = await run(
      { input, rounds: 3, out, baseUrl: server.url, model: "fake", concurrency: 2 },
      {
        stopSignal: stop.signal,
        onProgress: (p) => {
          if (p.requests >= 10) stop.abort();
        },
      },
    );
    expect(first.report.stopped).toBe("interrupted");
    expect(server.stats.chat.requests).toBeLessThan(48);
    const second = await run({ out, resume: out, cache: false });
    expect(second.report.stopped).toBe("done");
    expect(second.report.conversations).toMatchObject({ complete: 8 });
    const keys = chatRequests(server)
      .filter((r) => r.req.outcome === 200)
      .map((r) => r.key);
    expect(keys).toHaveLength(48);
    expect(new Set(keys).size).toBe(48);
    expect(readdirSync(join(out, "round3"))).toEqual(["round3_history.jsonl", "round3_single_turn.jsonl"]);
  });

  test("a stopped run's round files hold every conversation it committed, as dataset.jsonl does", async () => {
    // They are the engine's outputs, appended at each commit: not exports, which a run gets only
    // when it is done. A stopped (or killed) run has them as far as it got.
    const server = await fakeServer({ responder: roundsResponder(), latencyMs: 5 });
    const input = writeJsonl(root, "stopped-files.jsonl", seedRows(8));
    const out = freshDir();
    const stop = new AbortController();
    const first = await run(
      { input, rounds: 3, out, baseUrl: server.url, model: "fake", concurrency: 2 },
      // Stopped once two conversations are written, with others half-way.
      { stopSignal: stop.signal, onProgress: (p) => p.accepted >= 2 && stop.abort() },
    );
    expect(first.report.stopped).toBe("interrupted");
    const committed = readLines(join(out, "dataset.jsonl")).map((r) => ({
      id: r.id,
      rounds: (r.metadata as { rounds: Record<string, unknown>[] }).rounds,
    }));
    expect(committed.length).toBeGreaterThan(0);
    for (const k of [2, 3]) {
      const reached = committed.filter((c) => c.rounds.length >= k);
      expect(readLines(join(out, `round${k}/round${k}_history.jsonl`))).toEqual(
        reached.map((c) => ({ id: c.id, rounds: c.rounds.slice(0, k) })),
      );
      expect(readLines(join(out, `round${k}/round${k}_single_turn.jsonl`))).toEqual(
        reached.map((c) => ({ id: c.id, ...c.rounds[k - 1] })),
      );
      expect(first.report.round_files).toMatchObject({ [`round${k}`]: reached.length });
    }
  });

  test("a different --out of an existing run with other options is refused", async () => {
    const server = await fakeServer({ responder: roundsResponder() });
    const input = writeJsonl(root, "refuse.jsonl", seedRows(2));
    const out = freshDir();
    await run({ input, rounds: 2, out, baseUrl: server.url, model: "fake" });
    await expect(run({ input, rounds: 3, out, baseUrl: server.url, model: "fake" })).rejects.toThrow(
      /different options/,
    );
  });
});
