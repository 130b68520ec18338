import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  type FakeOpenAIServer,
  type Responder,
  startFakeOpenAIServer,
} from "../../src/testing/fake-openai-server.js";
import { roleplayResponder } from "../../src/testing/roleplay-responder.js";
import { roundsResponder, seedRows, writeJsonl } from "../rounds/support/rounds-fixtures.js";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { toolsResponder } from "../tools/support/tools-responder.js";

/**
 * Golden output: every recipe and mode, run through the CLI at fixed seeds against the project's
 * fake server, must write the same bytes as recorded in hashes.json. A refactor keeps them equal;
 * a deliberate change of output regenerates them (`UPDATE_GOLDEN=1 npx vitest run test/golden`)
 * and names the change in its commit message.
 */
const HASHES = fileURLToPath(new URL("./hashes.json", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";
const recorded: Record<string, string> = existsSync(HASHES) ? JSON.parse(readFileSync(HASHES, "utf8")) : {};
const actual: Record<string, string> = {};

/** Files whose bytes depend only on the seed and the answers (not on time or timing). */
const DATA_FILE = /\.(jsonl|txt)$/;
// Logs with times, and the Batch API's raw files (batch ids and timestamps the server made up).
const VOLATILE = new Set(["events.jsonl", "steps.jsonl", "results.jsonl"]);

function hashRunFiles(label: string, dir: string): void {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => DATA_FILE.test(f) && statSync(join(dir, f)).isFile())
    .filter((f) => !VOLATILE.has(f.split("/").at(-1)!) && !f.startsWith("raw/"))
    .sort();
  expect(files.length, `${label}: no data files in ${dir}`).toBeGreaterThan(0);
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    actual[`${label}/${relative(dir, join(dir, f))}`] = createHash("sha256").update(bytes).digest("hex");
  }
}

/**
 * 0.2.0 wrote roleplay and tools records in the seeds' own shapes to dataset.jsonl (these hashes);
 * dataset.jsonl is now the canonical record, and the seed exporters must give those bytes back.
 */
const SEED_SHAPES_OF_0_2_0: Record<string, string> = {
  "roleplay/export.roleplay-seed": "f2e6766d7b1ef1b5e236322bd832fa0a6666a297ed48cf3ed7e184fe731d4b87",
  "simulate/export.roleplay-seed": "9e805456307016df880a90a87a5ccfc256135fdcc1c8de3b01d517bd2f5217e4",
  "tools/export.tools-seed": "8b0d4a9abd95e3b32b9a272794643e39042a4c733f83c045aeea09f4d757c486",
  "tools/export/tools-seed.jsonl": "8b0d4a9abd95e3b32b9a272794643e39042a4c733f83c045aeea09f4d757c486",
  "tools-batch/export/tools-seed.jsonl": "90467e292bb526a8770d2bfb5c755e9d7516062d56e5913fe689e4a742148cdf",
};

const root = tempDir("dialogsmith-golden-");
const servers: FakeOpenAIServer[] = [];
async function server(responder: Responder): Promise<FakeOpenAIServer> {
  const s = await startFakeOpenAIServer({ models: "any", responder, batch: { progression: "on-poll" } });
  servers.push(s);
  return s;
}

async function cli(args: string[]): Promise<void> {
  const result = await runCli([...args, "--quiet"], {
    cwd: root,
    env: { XDG_CACHE_HOME: join(root, "cache"), GOLDEN_KEY: "sk-golden-not-a-secret" },
  });
  expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(0);
}

const EXPORTS: Record<string, string[]> = {
  roleplay: ["openai", "sharegpt", "trl", "prompt-completion", "roleplay-seed"],
  simulate: ["openai", "sharegpt", "roleplay-seed"],
  tools: ["openai", "sharegpt", "trl", "tools-seed"],
  rounds: ["sft", "dpo", "aligner", "rounds-seed"],
  math: ["openai", "sharegpt", "trl-prompt-completion"],
};

async function exportsOf(label: string, dir: string, kind: keyof typeof EXPORTS): Promise<void> {
  for (const target of EXPORTS[kind]) {
    const out = join(root, "exports", `${label}.${target}.jsonl`);
    await cli(["export", dir, "--to", target, "--out", out]);
    actual[`${label}/export.${target}`] = createHash("sha256").update(readFileSync(out)).digest("hex");
  }
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (update) writeFileSync(HASHES, `${JSON.stringify(actual, Object.keys(actual).sort(), 2)}\n`);
});

describe("golden output: every recipe at fixed seeds", { timeout: 120_000 }, () => {
  it("math, every mode, both languages, with and without reasoning", async () => {
    for (const [label, extra] of [
      ["math-reasoning", []],
      ["math-plain", ["--no-reasoning", "--no-system", "--difficulty", "3-7"]],
    ] as const) {
      const dir = join(root, label);
      await cli([
        "generate",
        "math",
        "--count",
        "400",
        "--seed",
        "11",
        "--lang",
        "ru,en",
        "--out",
        dir,
        ...extra,
      ]);
      hashRunFiles(label, dir);
    }
    await exportsOf("math-reasoning", join(root, "math-reasoning"), "math");
  });

  it("roleplay, one request per dialogue", async () => {
    const s = await server(roleplayResponder());
    const dir = join(root, "roleplay");
    await cli([
      "generate",
      "roleplay",
      "--role",
      "crypto_seller",
      "--count",
      "6",
      "--seed",
      "5",
      "--min-messages",
      "8",
      "--max-messages",
      "14",
      "--base-url",
      s.url,
      "--model",
      "m",
      "--out",
      dir,
    ]);
    hashRunFiles("roleplay", dir);
    await exportsOf("roleplay", dir, "roleplay");
  });

  it("roleplay, turn by turn (simulate)", async () => {
    const s = await server(simulateResponder);
    const config = join(root, "simulate.yaml");
    writeFileSync(
      config,
      `models:\n  customer: { base_url: ${s.url}, model: customer-sim }\n  persona: { base_url: ${s.url}, model: persona-model }\n`,
    );
    const dir = join(root, "simulate");
    await cli([
      "generate",
      "roleplay",
      "--strategy",
      "simulate",
      "--role",
      "sneakers_seller",
      "--count",
      "4",
      "--seed",
      "9",
      "--min-messages",
      "6",
      "--max-messages",
      "10",
      "--user-model",
      "customer",
      "--assistant-model",
      "persona",
      "--config",
      config,
      "--out",
      dir,
    ]);
    hashRunFiles("simulate", dir);
    await exportsOf("simulate", dir, "simulate");
  });

  it("rounds, three rounds over five seed rows", async () => {
    const s = await server(roundsResponder());
    const input = writeJsonl(root, "seed-rows.jsonl", seedRows(5));
    const dir = join(root, "rounds");
    await cli([
      "generate",
      "rounds",
      "--input",
      input,
      "--rounds",
      "3",
      "--seed",
      "3",
      "--base-url",
      s.url,
      "--model",
      "m",
      "--out",
      dir,
    ]);
    hashRunFiles("rounds", dir);
    await exportsOf("rounds", dir, "rounds");
  });

  it("tools online, with the gold set", async () => {
    const s = await server(toolsResponder());
    const dir = join(root, "tools");
    await cli([
      "generate",
      "tools",
      "--count",
      "10",
      "--seed",
      "7",
      "--gold",
      "--base-url",
      s.url,
      "--model",
      "m",
      "--out",
      dir,
    ]);
    hashRunFiles("tools", dir);
    await exportsOf("tools", dir, "tools");
  });

  it("tools through the Batch API", async () => {
    const s = await server(toolsResponder());
    const dir = join(root, "tools-batch");
    await cli([
      "batch",
      "run",
      "tools",
      "--count",
      "8",
      "--seed",
      "7",
      "--base-url",
      s.url,
      "--model",
      "m",
      "--api-key-env",
      "GOLDEN_KEY",
      "--poll-interval",
      "0.01",
      "--out",
      dir,
    ]);
    hashRunFiles("tools-batch", dir);
  });

  it("the seed exporters write the bytes 0.2.0 wrote in the seeds' shapes", () => {
    for (const [file, hash] of Object.entries(SEED_SHAPES_OF_0_2_0)) expect(actual[file], file).toBe(hash);
    expect(actual["rounds/export.rounds-seed"]).toBe(actual["rounds/round3/round3_history.jsonl"]);
  });

  it("matches the recorded hashes", () => {
    if (update) return;
    expect(Object.keys(recorded).length, "no hashes recorded: run with UPDATE_GOLDEN=1").toBeGreaterThan(0);
    expect(actual).toEqual(recorded);
  });
});

/** Customer and persona turns for roleplay --strategy simulate: seeded Russian words. */
const SIM_WORDS = [
  "привет",
  "кроссовки",
  "размер",
  "цена",
  "доставка",
  "скидка",
  "модель",
  "цвет",
  "оплата",
  "спасибо",
];
const simulateResponder: Responder = (body, ctx) => {
  const system = String(body.messages[0]?.content ?? "");
  const words = Array.from(
    { length: 5 + ctx.rng.int(0, 6) },
    () => SIM_WORDS[ctx.rng.int(0, SIM_WORDS.length - 1)],
  ).join(" ");
  const sentence = `${words[0].toUpperCase()}${words.slice(1)}`;
  return system.includes("Ты играешь клиента") ? `${sentence}?` : `${sentence}.`;
};
