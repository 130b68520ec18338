import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { closedPort, runCli, spawnCli } from "../support/cli.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";

const CANARY = "sk-canary-7f3a9c0e5b1d4e2a";

function readLines(path: string): unknown[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Every file under dir, recursively. */
function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function expectValidRoleplayRecord(r: Record<string, unknown>, minMessages: number) {
  expect(Object.keys(r)).toEqual(["id", "messages", "metadata"]);
  const all = r.messages as { role: string; content: string }[];
  // The persona comes first, as the system message.
  expect(all[0].role).toBe("system");
  expect(all[0].content).toContain("Каталог");
  expect(all.every((m) => Object.keys(m).join() === "role,content")).toBe(true);
  const messages = all.slice(1);
  expect(messages.length).toBeGreaterThanOrEqual(minMessages);
  messages.forEach((m, i) => {
    expect(m.role).toBe(i % 2 === 0 ? "user" : "assistant");
    expect(m.content.trim()).not.toBe("");
  });
  expect(r.metadata).toMatchObject({
    recipe: "roleplay",
    role_type: "crypto_seller",
    generated: true,
    num_messages: messages.length,
  });
}

describe("generate roleplay against an OpenAI-compatible server", () => {
  const dir = tempDir();
  const cacheDir = join(dir, "cache");
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      responder: roleplayResponder(),
      models: ["qwen-test"],
      apiKey: CANARY,
      latencyMs: 5,
    });
  });
  afterAll(() => server.close());

  const baseArgs = (out: string, extra: string[] = []) => [
    "generate",
    "roleplay",
    "--role",
    "crypto_seller",
    "--base-url",
    server.url,
    "--model",
    "qwen-test",
    "--api-key-env",
    "TEST_API_KEY",
    "--out",
    out,
    "--cache-dir",
    cacheDir,
    "--quiet",
    ...extra,
  ];
  const env = { TEST_API_KEY: CANARY };

  it("writes exactly the requested count of valid records through a server failing a quarter of its answers", async () => {
    server.setBehaviour({
      failRate: 0.25,
      failWith: [429, 500, 503, "drop", "malformed-json", "truncated-json", "code-fence", "prose"],
      retryAfter: 0.05,
    });
    const out = join(dir, "faulty");
    const res = await runCli(baseArgs(out, ["--count", "30", "--seed", "7", "--concurrency", "8"]), { env });
    server.setBehaviour({ failRate: 0 });
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(res.code).toBe(0);
    const records = readLines(join(out, "dataset.jsonl")) as Record<string, unknown>[];
    expect(records).toHaveLength(30);
    expect(new Set(records.map((r) => r.id)).size).toBe(30);
    for (const r of records) expectValidRoleplayRecord(r, 40);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ recipe: "roleplay", requested: 30, accepted: 30, stopped: "done" });
    expect(report.requests.retried).toBeGreaterThan(0);
    expect(Object.keys(report.requests.by_status).length).toBeGreaterThan(1);
    for (const key of [
      "rejected",
      "failed",
      "attempts",
      "usage",
      "cost_usd",
      "duration_s",
      "rejection_reasons",
      "models",
    ])
      expect(report).toHaveProperty(key);
    expect(JSON.parse(readFileSync(join(out, "state.json"), "utf8")).status).toBe("done");
    expect(readLines(join(out, "events.jsonl")).length).toBeGreaterThan(0);
    // The server saw the canary key; nothing we wrote contains it.
    expect(server.requests.some((r) => r.authorization === `Bearer ${CANARY}`)).toBe(true);
    for (const f of [...allFiles(out), ...allFiles(cacheDir)])
      expect(readFileSync(f, "utf8")).not.toContain(CANARY);
    expect(res.stdout + res.stderr).not.toContain(CANARY);
  });

  it("re-running a finished command sends zero requests and writes a byte-identical dataset", async () => {
    const first = join(dir, "again-1");
    const second = join(dir, "again-2");
    expect((await runCli(baseArgs(first, ["--count", "6", "--seed", "11"]), { env })).code).toBe(0);
    const before = server.stats.chat.requests;
    const res = await runCli(baseArgs(second, ["--count", "6", "--seed", "11"]), { env });
    expect(res.code).toBe(0);
    expect(server.stats.chat.requests).toBe(before);
    expect(readFileSync(join(second, "dataset.jsonl"))).toEqual(readFileSync(join(first, "dataset.jsonl")));
    const report = JSON.parse(readFileSync(join(second, "report.json"), "utf8"));
    expect(report.requests).toMatchObject({ total: 0, cached: 6 });
    // A different seed is different data.
    const third = join(dir, "again-3");
    expect((await runCli(baseArgs(third, ["--count", "6", "--seed", "12"]), { env })).code).toBe(0);
    expect(readFileSync(join(third, "dataset.jsonl"), "utf8")).not.toEqual(
      readFileSync(join(first, "dataset.jsonl"), "utf8"),
    );
  });

  it("stops at once with exit 3 on a bad key, naming the model, URL and variable", async () => {
    const out = join(dir, "auth");
    const res = await runCli(baseArgs(out, ["--count", "5"]), {
      env: { TEST_API_KEY: "sk-wrong-key-123456" },
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(
      `authentication failed for model 'default' at ${server.url}: check $TEST_API_KEY`,
    );
    expect(res.stderr).not.toContain("sk-wrong-key-123456");
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).stopped).toBe("auth");
  });

  it("stops with exit 3 on an unknown model, listing the server's models", async () => {
    const res = await runCli(
      [
        ...baseArgs(join(dir, "nomodel"), ["--count", "2"]).map((a) =>
          a === "qwen-test" ? "no-such-model" : a,
        ),
      ],
      { env },
    );
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(
      /model 'no-such-model' not found at .*: check --model; the server lists: qwen-test/,
    );
  });

  it("stops with exit 3 naming the URL when nothing listens there", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const res = await runCli(
      [
        "generate",
        "roleplay",
        "--role",
        "it_sales",
        "--base-url",
        url,
        "--model",
        "m",
        "--count",
        "2",
        "--out",
        join(dir, "refused"),
        "--cache-dir",
        cacheDir,
        "--quiet",
      ],
      { env: {} },
    );
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(`cannot connect to model 'default' at ${url}`);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("retries a request that hangs past --timeout and still delivers the count", async () => {
    // One request at a time, so the first the server sees (the one that hangs) is item 0's; the
    // timeout is long next to a 5 ms answer, and what is asserted holds even if a loaded machine
    // makes another answer late: the hung request timed out, was sent again and answered.
    const before = server.requests.at(-1)?.seq ?? -1;
    server.setBehaviour({ script: [{ faults: ["hang"] }] });
    const out = join(dir, "timeout");
    const args = ["--count", "3", "--seed", "31", "--timeout", "2", "--concurrency", "1"];
    const res = await runCli(baseArgs(out, args), { env });
    server.setBehaviour({ script: [] });
    expect(res.code).toBe(0);
    expect(readLines(join(out, "dataset.jsonl"))).toHaveLength(3);
    const chat = server.requests.filter((r) => r.seq > before && r.route === "POST /v1/chat/completions");
    expect(chat.filter((r) => r.fault === "hang")).toEqual([chat[0]]);
    const again = chat.slice(1).filter((r) => JSON.stringify(r.body) === JSON.stringify(chat[0].body));
    expect(again.map((r) => r.outcome)).toContain(200);
    const events = readLines(join(out, "events.jsonl")) as { type: string; item?: string; status?: string }[];
    const first = events.filter((e) => e.type === "request" && e.item?.endsWith("-000000"));
    expect(first.map((e) => e.status)).toEqual(["timeout", "200"]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.requests.by_status.timeout).toBeGreaterThanOrEqual(1);
    // Every timeout was retried, nothing else was.
    expect(report.requests.retried).toBe(report.requests.by_status.timeout);
  });

  it("rejects a 400 item with the server's message and goes on", async () => {
    server.setBehaviour({
      script: [{ faults: [{ kind: "status", status: 400, message: "context too long for this item" }] }],
    });
    const out = join(dir, "bad-request");
    const res = await runCli(baseArgs(out, ["--count", "4", "--seed", "99", "--concurrency", "1"]), { env });
    server.setBehaviour({ script: [] });
    expect(res.code).toBe(0);
    expect(readLines(join(out, "dataset.jsonl"))).toHaveLength(4);
    const rejected = readLines(join(out, "rejected.jsonl")) as Record<string, unknown>[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ kind: "failed", reason: "http_400" });
    expect(String(rejected[0].detail)).toContain("context too long for this item");
  });

  it("--no-system-message, or system_message: false in the config, leaves the persona out of the records", async () => {
    const first = async (out: string, extra: string[]) => {
      const res = await runCli(baseArgs(out, ["--count", "1", "--seed", "3", ...extra]), { env });
      expect(res.code).toBe(0);
      return (readLines(join(out, "dataset.jsonl"))[0] as { messages: { role: string }[] }).messages[0].role;
    };
    expect(await first(join(dir, "sys-default"), [])).toBe("system");
    expect(await first(join(dir, "sys-flag"), ["--no-system-message"])).toBe("user");
    const config = join(dir, "no-system.yaml");
    writeFileSync(config, "roleplay:\n  system_message: false\n");
    expect(await first(join(dir, "sys-config"), ["--config", config])).toBe("user");
  });

  it("retries a content failure once with a new sample, then rejects it with a named reason", async () => {
    server.setBehaviour({ responder: roleplayResponder({ messages: 10 }) });
    const out = join(dir, "too-short");
    const res = await runCli(baseArgs(out, ["--count", "2", "--max-attempts", "3", "--seed", "5"]), { env });
    server.setBehaviour({ responder: roleplayResponder() });
    expect(res.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({
      accepted: 0,
      rejected: 3,
      stopped: "max_attempts",
      rejection_reasons: { too_short: 3 },
    });
    // Two tries per item (a new nonce each), so 6 requests.
    expect(report.requests.total).toBe(6);
    expect(res.stderr).toMatch(
      /Resume with: (npx dialogsmith|node bin\/dialogsmith\.js) generate roleplay --resume/,
    );
  });

  it("stops before the budget is passed", async () => {
    const cfg = join(dir, "priced.yaml");
    writeFileSync(
      cfg,
      `models:\n  writer:\n    base_url: ${server.url}\n    model: qwen-test\n    api_key_env: TEST_API_KEY\n    concurrency: 2\n    price: { input_per_mtok: 500, output_per_mtok: 500 }\nroleplay:\n  model: writer\n  role: crypto_seller\n`,
    );
    const out = join(dir, "budget");
    const res = await runCli(
      [
        "generate",
        "roleplay",
        "--config",
        cfg,
        "--count",
        "50",
        "--max-cost",
        "5",
        "--out",
        out,
        "--cache-dir",
        join(dir, "cache-budget"),
        "--quiet",
      ],
      { env },
    );
    expect(res.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.stopped).toBe("budget");
    expect(report.cost_usd).toBeGreaterThan(0);
    expect(report.cost_usd).toBeLessThanOrEqual(5);
    expect(report.accepted).toBeLessThan(50);
  });

  it("keeps the server under the configured RPM", async () => {
    const out = join(dir, "rpm");
    server.reset();
    server.setBehaviour({
      responder: roleplayResponder(),
      models: ["qwen-test"],
      apiKey: CANARY,
      latencyMs: 5,
    });
    // One request at a time: the server answers a request before the next is granted, so its
    // arrival times cannot bunch up whatever the load (a slow start, a stalled process).
    const args = ["--count", "25", "--rpm", "600", "--seed", "21", "--no-cache", "--concurrency", "1"];
    const res = await runCli(baseArgs(out, args), { env });
    expect(res.code).toBe(0);
    const times = server.arrivalTimes();
    expect(times).toHaveLength(25);
    // 600/min: a burst of 10 (one second's worth), then 10 a second. Request k+1 is granted after
    // request k arrived, so the arrivals in any second follow at most 20 grants within it: <= 21.
    expect(server.maxRequestsInWindow(1000)).toBeLessThanOrEqual(21);
    expect(server.maxRequestsInWindow(60_000)).toBeLessThanOrEqual(600);
    // Grants 2..25 (24) fit 10 + 10/s only in 1.4 s, and request 1 arrived before grant 2 (less
    // a millisecond of clock rounding).
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(1399);
  });

  it("resumes a run killed with SIGKILL: exactly count records, unique ids, nothing paid twice", async () => {
    server.setBehaviour({ latencyMs: 150 });
    const out = join(dir, "killed");
    const args = baseArgs(out, ["--count", "16", "--seed", "3", "--concurrency", "4"]);
    const before = server.stats.chat.completed;
    const child = spawnCli(args, { env });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const path = join(out, "dataset.jsonl");
        if (existsSync(path) && readFileSync(path, "utf8").split("\n").length > 4) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve();
        }
      }, 20);
    });
    await new Promise((r) => child.on("close", r));
    const partial = readLines(join(out, "dataset.jsonl")).length;
    expect(partial).toBeLessThan(16);
    const res = await runCli(baseArgs(out, ["--count", "16", "--seed", "3", "--concurrency", "4"]), { env });
    server.setBehaviour({ latencyMs: 5 });
    expect(res.code).toBe(0);
    const text = readFileSync(join(out, "dataset.jsonl"), "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const records = readLines(join(out, "dataset.jsonl")) as { id: string }[];
    expect(records).toHaveLength(16);
    expect(new Set(records.map((r) => r.id)).size).toBe(16);
    // Each item answered once; at most the 4 in flight at the kill were answered twice.
    expect(server.stats.chat.completed - before).toBeLessThanOrEqual(16 + 4);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.accepted).toBe(16);
    expect(report.requests.cached).toBeGreaterThanOrEqual(0);
  });

  it("on Ctrl-C stops, keeps state consistent, prints the resume command; resume finishes", async () => {
    server.setBehaviour({ latencyMs: 200 });
    const out = join(dir, "sigint");
    const args = baseArgs(out, ["--count", "20", "--seed", "8", "--concurrency", "2"]).filter(
      (a) => a !== "--quiet",
    );
    const child = spawnCli(args, { env });
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const path = join(out, "dataset.jsonl");
        if (existsSync(path) && readFileSync(path, "utf8").split("\n").length > 2) {
          clearInterval(timer);
          child.kill("SIGINT");
          resolve();
        }
      }, 20);
    });
    const code = await new Promise((r) => child.on("close", r));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Resume with: (npx dialogsmith|node bin\/dialogsmith\.js) generate roleplay --resume/,
    );
    const state = JSON.parse(readFileSync(join(out, "state.json"), "utf8"));
    expect(state.status).toBe("interrupted");
    expect(readLines(join(out, "dataset.jsonl")).length).toBe(state.accepted);
    const res = await runCli(["generate", "roleplay", "--resume", out, "--cache-dir", cacheDir, "--quiet"], {
      env,
    });
    server.setBehaviour({ latencyMs: 5 });
    expect(res.code).toBe(0);
    expect(readLines(join(out, "dataset.jsonl"))).toHaveLength(20);
  });
});

describe("roleplay few-shot examples from data/raw", () => {
  const dir = tempDir();
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      responder: roleplayResponder(),
      models: ["qwen-test"],
      latencyMs: 1,
    });
  });
  afterAll(() => server.close());

  it("puts a chat export's turns into the prompt with the right roles, and warns about unreadable files", async () => {
    const raw = join(dir, "raw");
    mkdirSync(raw, { recursive: true });
    writeFileSync(
      join(raw, "whatsapp.txt"),
      [
        "12/31/24, 10:01 PM - Иван: Здравствуйте, курс ещё продаётся? уникальнаяфразаклиента",
        "12/31/24, 10:02 PM - Анна Продавец: Да! Старт в понедельник, уникальнаяфразапродавца",
        "12/31/24, 10:03 PM - Иван: А рассрочка есть?",
        "12/31/24, 10:04 PM - Анна Продавец: Есть, на 6 месяцев.",
      ].join("\n"),
    );
    writeFileSync(join(raw, "broken.json"), "{ not json");
    const res = await runCli([
      "generate",
      "roleplay",
      "--role",
      "crypto_seller",
      "--base-url",
      server.url,
      "--model",
      "qwen-test",
      "--raw",
      raw,
      "--assistant-name",
      "Анна Продавец",
      "--count",
      "2",
      "--out",
      join(dir, "run"),
      "--cache-dir",
      join(dir, "cache"),
      "--quiet",
    ]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/broken\.json/);
    const prompt = JSON.stringify((server.requests[0].body as { messages: unknown }).messages);
    expect(prompt).toContain("user: Здравствуйте, курс ещё продаётся? уникальнаяфразаклиента");
    expect(prompt).toContain("assistant: Да! Старт в понедельник, уникальнаяфразапродавца");
    const record = JSON.parse(readFileSync(join(dir, "run", "dataset.jsonl"), "utf8").split("\n")[0]);
    expect(record.metadata.examples).toEqual(["whatsapp.txt"]);
  });
});
