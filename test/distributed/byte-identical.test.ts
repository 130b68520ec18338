import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeOpenAIServer, Responder } from "../../src/testing/fake-openai-server.js";
import { roleplayResponder } from "../../src/testing/roleplay-responder.js";
import { EXAMPLES, RUBRICS } from "../recipes/support/fixtures.js";
import { roundsResponder, seedRows, writeJsonl } from "../rounds/support/rounds-fixtures.js";
import { runCli } from "../support/cli.js";
import { distributedSuite } from "../support/distributed-suite.js";
import { recipeResponder } from "../support/recipe-responder.js";
import { startWorker, type WorkerProcess, workerConfig } from "../support/workers.js";
import { toolsResponder } from "../tools/support/tools-responder.js";

/**
 * A run made by a coordinator and two workers (each with its own fake endpoint) writes the same
 * bytes as the same run in one process: every data file of the run directory, and report.json's
 * request, token and cost counts. The coordinator's own endpoint is never called.
 */
// A little latency, and 4 slots a worker (see compare): every worker gets a share of the steps.
const { root, server: serve, nextQueue } = distributedSuite("dialogsmith-distributed-", { latencyMs: 20 });
const server = (responder: Responder) => serve({ responder });

/** Data files of a run directory (time-free), by path. */
function dataFiles(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const path = join(dir, f);
    if (!statSync(path).isFile() || !/\.(jsonl|txt)$/.test(f)) continue;
    if (/(^|\/)(events|steps)\.jsonl$/.test(f)) continue; // times and arrival order
    out[f] = readFileSync(path);
  }
  return out;
}

function counts(dir: string) {
  const r = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  return {
    accepted: r.accepted,
    requests: r.requests,
    usage: r.usage,
    cost_usd: r.cost_usd,
    models: r.models,
  };
}

interface Case {
  responder: Responder;
  /** The command's arguments for an entry served at `url` (flags or a config file). */
  args: (url: string, out: string) => string[];
  /** The `models:` entries a worker defines, each pointed at its own server. */
  entries: Record<string, string>;
}

async function compare(label: string, c: Case): Promise<void> {
  const single = await server(c.responder);
  const one = join(root, `${label}-one`);
  const env = (name: string) => ({ XDG_CACHE_HOME: join(root, `${label}-${name}-cache`) });
  const r1 = await runCli([...c.args(single.url, one), "--quiet"], { cwd: root, env: env("one") });
  expect(r1.code, r1.stderr).toBe(0);

  // The coordinator's own entries point at a server no request may reach.
  const coordinator = await server(c.responder);
  const queue = nextQueue();
  const workers: WorkerProcess[] = [];
  const workerServers: FakeOpenAIServer[] = [];
  for (const name of ["w1", "w2"]) {
    const s = await server(c.responder);
    workerServers.push(s);
    const entries = Object.fromEntries(
      Object.entries(c.entries).map(([e, model]) => [e, { url: s.url, model, extra: "concurrency: 4" }]),
    );
    const config = workerConfig(root, `${label}-${name}`, entries);
    workers.push(await startWorker(queue, { name, config }));
  }
  const two = join(root, `${label}-two`);
  try {
    const r2 = await runCli([...c.args(coordinator.url, two), "--queue", queue, "--quiet"], {
      cwd: root,
      env: env("two"),
    });
    expect(r2.code, r2.stderr).toBe(0);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }

  const a = dataFiles(one);
  const b = dataFiles(two);
  expect(Object.keys(b)).toEqual(Object.keys(a));
  for (const f of Object.keys(a)) expect(b[f].equals(a[f]), `${label}: ${f} differs`).toBe(true);
  expect(counts(two)).toEqual(counts(one));
  expect(coordinator.stats.total).toBe(0);
  const served = workerServers.map((s) => s.stats.byRoute["POST /v1/chat/completions"] ?? 0);
  expect(served.reduce((x, y) => x + y, 0)).toBe(single.stats.byRoute["POST /v1/chat/completions"]);
  // Both workers took steps.
  expect(
    served.every((n) => n > 0),
    `steps per worker: ${served}`,
  ).toBe(true);
}

describe("a run with workers equals the run in one process", { timeout: 180_000 }, () => {
  it("roleplay, one request per dialogue", async () => {
    await compare("roleplay", {
      responder: roleplayResponder(),
      entries: { default: "m" },
      args: (url, out) => [
        ...["generate", "roleplay", "--role", "crypto_seller", "--count", "12", "--seed", "5"],
        ...["--min-messages", "8", "--max-messages", "14", "--base-url", url, "--model", "m", "--out", out],
      ],
    });
  });

  it("rounds, turn by turn with the step journal", async () => {
    const input = writeJsonl(root, "seed-rows.jsonl", seedRows(8));
    await compare("rounds", {
      responder: roundsResponder(),
      entries: { default: "m" },
      args: (url, out) => [
        ...["generate", "rounds", "--input", input, "--rounds", "3", "--seed", "3"],
        ...["--base-url", url, "--model", "m", "--out", out],
      ],
    });
  });

  it("roleplay --strategy simulate: two models, a config file", async () => {
    await compare("simulate", {
      responder: simulateResponder,
      entries: { customer: "customer-sim", persona: "persona-model" },
      args: (url, out) => {
        const config = join(root, `simulate-${url.replace(/\W+/g, "")}.yaml`);
        if (!existsSync(config))
          writeFileSync(
            config,
            `models:\n  customer: { base_url: ${url}, model: customer-sim }\n  persona: { base_url: ${url}, model: persona-model }\n`,
          );
        return [
          ...["generate", "roleplay", "--strategy", "simulate", "--role", "sneakers_seller", "--count", "4"],
          ...["--seed", "9", "--min-messages", "6", "--max-messages", "10", "--user-model", "customer"],
          ...["--assistant-model", "persona", "--config", config, "--out", out],
        ];
      },
    });
  });

  it("tools online, with the gold set", async () => {
    await compare("tools", {
      responder: toolsResponder(),
      entries: { default: "m" },
      args: (url, out) => [
        ...["generate", "tools", "--count", "10", "--seed", "7", "--gold"],
        ...["--base-url", url, "--model", "m", "--out", out],
      ],
    });
  });

  it("a YAML recipe with a judge block (three entries)", async () => {
    const recipe = join(root, "tutoring-judged.yaml");
    const base = readFileSync(join(EXAMPLES, "tutoring.yaml"), "utf8").replace(
      "file: tutoring-problems.txt",
      `file: ${join(EXAMPLES, "tutoring-problems.txt")}`,
    );
    writeFileSync(recipe, `${base}\njudge:\n  model: judge\n  rubric: ${join(RUBRICS, "tutoring.yaml")}\n`);
    const names = ["student", "tutor", "judge"];
    await compare("recipe", {
      responder: recipeResponder({ score: (criterion) => (criterion === "pedagogy" ? 3 : 4) }),
      entries: Object.fromEntries(names.map((n) => [n, `${n}-model`])),
      args: (url, out) => {
        const config = join(root, `recipe-${url.replace(/\W+/g, "")}.yaml`);
        const lines = names.map((n) => `  ${n}: { base_url: ${url}, model: ${n}-model, concurrency: 4 }`);
        writeFileSync(config, `models:\n${lines.join("\n")}\n`);
        return [
          "generate",
          "--recipe",
          recipe,
          "--config",
          config,
          "--count",
          "6",
          "--seed",
          "4",
          "--out",
          out,
        ];
      },
    });
  });

  it("the judge command on a dataset", async () => {
    const dataset = join(root, "to-judge.jsonl");
    const records = Array.from({ length: 10 }, (_, i) => ({
      id: `r${i}`,
      messages: [
        { role: "user", content: `How do I add fractions with different denominators, case ${i}?` },
        { role: "assistant", content: `Find a common denominator first, then add the numerators (${i}).` },
      ],
    }));
    writeFileSync(dataset, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    await compare("judge", {
      responder: recipeResponder({
        score: (_criterion, body) => (String(body.messages.at(-1)?.content).includes("case 3") ? 2 : 4),
      }),
      entries: { default: "m" },
      args: (url, out) => [
        ...["judge", dataset, "--rubric", "dialogue_quality", "--min-score", "3", "--seed", "2"],
        ...["--base-url", url, "--model", "m", "--out", out],
      ],
    });
  });
});

const WORDS = ["привет", "кроссовки", "размер", "цена", "доставка", "скидка", "модель", "цвет", "оплата"];
const simulateResponder: Responder = (body, ctx) => {
  const system = String(body.messages[0]?.content ?? "");
  const words = Array.from({ length: 5 + ctx.rng.int(0, 6) }, () => WORDS[ctx.rng.int(0, WORDS.length - 1)]);
  const sentence = words.join(" ");
  return system.includes("Ты играешь клиента") ? `${sentence}?` : `${sentence}.`;
};
