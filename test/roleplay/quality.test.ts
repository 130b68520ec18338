import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { exportDataset } from "../../src/formats/export/index.js";
import {
  generate as generateWithRecipe,
  type GenerateSettings as RoleplayFlags,
} from "../../src/pipelines/generate.js";
import { personaSystemPrompt } from "../../src/recipes/roleplay/persona.js";
import { resolveRolePack } from "../../src/recipes/roleplay/role-packs.js";
import { sampleScenario } from "../../src/recipes/roleplay/scenario.js";
import { checkSellerTurns, sellerRules } from "../../src/recipes/roleplay/seller-checks.js";
import {
  type FakeOpenAIServer,
  type Responder,
  startFakeOpenAIServer,
} from "../../src/testing/fake-openai-server.js";
import { jsonLines } from "../support/lines.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";

type Turn = { role: string; content: string };
type Body = { messages: { role: string; content: string }[] };

/**
 * The usual fake dialogue, with `edit` changing it (e.g. a seller message that quotes a price).
 * `edit` sees the attempt: 0 on the first try of an item, 1 on its retry with a new sample.
 */
function dialogueResponder(edit: (turns: Turn[], attempt: number, body: Body) => void): Responder {
  const base = roleplayResponder();
  return async (body, ctx) => {
    const turns = JSON.parse(String(await base(body, ctx))).messages as Turn[];
    edit(turns, ctx.attempt, body as unknown as Body);
    return JSON.stringify({ messages: turns });
  };
}

const root = tempDir("dialogsmith-roleplay-quality-");
const config = join(root, "dialogsmith.yaml");
writeFileSync(config, "# empty\n");
let server: FakeOpenAIServer;
let run = 0;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ responder: roleplayResponder(), models: "any", logLimit: 10_000 });
});
afterAll(() => server.close());

/** A run of `count` short dialogues against the fake server, with its own output dir and cache. */
async function generate(responder: Responder, extra: RoleplayFlags = {}) {
  server.setBehaviour({ responder });
  const out = join(root, `run-${++run}`);
  const before = server.requests.length;
  const result = await generateWithRecipe("roleplay", {
    role: "crypto_seller",
    config,
    baseUrl: server.url,
    model: "fake-model",
    out,
    cacheDir: join(out, "cache"),
    minMessages: 6,
    maxMessages: 8,
    count: 4,
    quiet: true,
    ...extra,
  });
  if (result.kind !== "run") throw new Error("expected a run");
  const sent = server.requests.slice(before).map((r) => r.body as Body);
  return {
    out,
    result,
    sent,
    records: jsonLines(join(out, "dataset.jsonl")),
    rejected: jsonLines(join(out, "rejected.jsonl")),
  };
}

const crypto = resolveRolePack({ role: "crypto_seller" });

describe("roleplay: the catalogue and prices (item 1)", () => {
  it("the one-shot prompt carries the role's whole catalogue: every product with its price and terms", async () => {
    const { sent } = await generate(roleplayResponder(), { count: 3 });
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const body of sent) {
      const system = body.messages[0].content;
      for (const p of crypto.products) {
        if (typeof p === "string") throw new Error("built-in products have prices");
        expect(system).toContain(`${p.name} — ${p.price}; ${p.terms}`);
      }
      for (const t of crypto.terms ?? []) expect(system).toContain(t);
      // One cacheable system prompt for every item; the scenario names one product of it.
      expect(system).toBe(sent[0].messages[0].content);
      expect(body.messages[1].content).toMatch(/обсуждаемый продукт: .+ \(из каталога/);
    }
  });

  it("a seller price that is not in the catalogue is rejected as price_not_in_catalogue", async () => {
    const { records, rejected, result } = await generate(
      dialogueResponder((t) => {
        t[1].content = "Курс стоит 24 900 ₽, это наша лучшая цена.";
      }),
      { count: 2, maxAttempts: 2 },
    );
    expect(records).toHaveLength(0);
    expect(result.report.rejection_reasons).toEqual({ price_not_in_catalogue: 2 });
    expect(String(rejected[0].detail)).toContain("«24 900 ₽» is in no catalogue price or term");
  });

  it("catalogue prices, terms, sums of two products and amounts the customer quoted are accepted", async () => {
    const { records, rejected } = await generate(
      dialogueResponder((t) => {
        t[0].content = "Привет, на Авито видел похожий курс за 12 500 ₽, у вас дороже?";
        t[1].content =
          "Базовый курс стоит 19 800 ₽ (или 17 820 ₽ сразу), рассрочка по 6 600 руб. в месяц. Про 12 500 ₽ не знаю, а вместе с DeFi — 59 400 ₽. Биткоин сейчас около 95 000 $.";
      }),
      { count: 3 },
    );
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(3);
  });
});

describe("roleplay: scenarios that hold together (items 2 and 3)", () => {
  it("the sampler respects the pack's compatibility rules: no instalments for the monthly club", () => {
    const kinds = new Map(
      crypto.products.map((p) => (typeof p === "string" ? [p, undefined] : [p.name, p.kind])),
    );
    let club = 0;
    for (let i = 0; i < 2000; i++) {
      const s = sampleScenario(new Rng(i), crypto, { minMessages: 40, maxMessages: 80 });
      expect(s.product_kind).toBe(kinds.get(s.product));
      if (s.product_kind !== "subscription") continue;
      club++;
      expect(s.outcome).not.toMatch(/рассрочк|курс/);
      expect(s.intent).not.toMatch(/рассрочк|курс/);
    }
    expect(club).toBeGreaterThan(100);
  });

  it("a pack whose rule names a product kind no product has is refused, naming the field", () => {
    const file = join(root, "bad-kinds.yaml");
    writeFileSync(
      file,
      [
        "description: продавец",
        "instructions: Ты продавец.",
        "products: [{name: курс, kind: course, price: 100 ₽}]",
        "customer_personas: [студент]",
        "intents: [узнать цену]",
        "outcomes: [{text: клиент берёт рассрочку, product_kinds: [loan]}]",
      ].join("\n"),
    );
    expect(() => resolveRolePack({ roleFile: file })).toThrow(ConfigError);
    expect(() => resolveRolePack({ roleFile: file })).toThrow(
      /outcomes\.0\.product_kinds: no product has kind 'loan'/,
    );
    expect(() => resolveRolePack({ roleFile: file })).toThrow(/products\.0: no outcome fits this product/);
  });

  it("prompts give objections as possibilities with probabilities, and some dialogues end open", async () => {
    const { sent } = await generate(roleplayResponder({ messages: 6 }), { count: 40, concurrency: 8 });
    const scenarios = sent.map((b) => b.messages[1].content);
    const open = scenarios.filter((s) => s.includes("- концовка открытая: решения нет"));
    const decided = scenarios.filter((s) => s.includes("- чем заканчивается: "));
    expect(open.length + decided.length).toBe(scenarios.length);
    expect(open.length).toBeGreaterThan(2);
    expect(decided.length).toBeGreaterThan(open.length);
    const withObjections = scenarios.filter((s) =>
      s.includes("возможные возражения — не список для отработки"),
    );
    expect(withObjections.length).toBeGreaterThan(10);
    for (const s of withObjections) expect(s).toMatch(/«[^»]+» \(\d+%\)/);
    expect(scenarios.some((s) => s.includes("заготовленных возражений у клиента нет"))).toBe(true);
    // The monthly club is never sold on instalments or as a course (the pack's compatibility rules).
    const club = scenarios.filter((s) => s.includes("обсуждаемый продукт: закрытый клуб"));
    expect(club.length).toBeGreaterThan(0);
    for (const s of club) expect(s).not.toMatch(/(чем заканчивается|цель клиента): [^\n]*(рассрочк|курс)/);
    // The writer is told not to play the arc on cue.
    expect(sent[0].messages[0].content).toContain("разговор не идёт по плану");
  });
});

describe("roleplay: must_not rules (item 4)", () => {
  it("built-in packs carry must_not rules and the prompt lists them; the sneakers persona no longer sends photos", () => {
    for (const role of ["crypto_seller", "sneakers_seller", "it_sales"]) {
      const pack = resolveRolePack({ role });
      const ids = (pack.must_not ?? []).map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining(["fake_attachment", "pressure_tactics"]));
      expect(personaSystemPrompt(pack)).toContain("Тебе нельзя:");
    }
    expect(resolveRolePack({ role: "crypto_seller" }).must_not?.map((r) => r.id)).toContain(
      "promised_returns",
    );
    expect(resolveRolePack({ role: "sneakers_seller" }).instructions).not.toMatch(/присылаешь фото/);
  });

  const breaches: [string, string, string][] = [
    ["crypto_seller", "Гарантирую вам стабильный доход от 30% в месяц!", "must_not_promised_returns"],
    ["crypto_seller", "Курс окупится за месяц, точно говорю.", "must_not_promised_returns"],
    ["sneakers_seller", "Сейчас скину фото пары с бирками.", "must_not_fake_attachment"],
    ["sneakers_seller", "Держите фото [фото: кроссовки сбоку]", "must_not_fake_attachment"],
    ["it_sales", "Отправил вам презентацию на почту.", "must_not_fake_attachment"],
    ["it_sales", "Предложение действует только сегодня, решайте!", "must_not_pressure_tactics"],
  ];
  it.each(breaches)("%s: «%s» is rejected as %s", async (role, message, reason) => {
    const { records, result, rejected } = await generate(
      dialogueResponder((t) => {
        t[3].content = message;
      }),
      { role, count: 1, maxAttempts: 1 },
    );
    expect(records).toHaveLength(0);
    expect(result.report.rejection_reasons).toEqual({ [reason]: 1 });
    expect(String(rejected[0].detail)).toMatch(/^message 4: «.+» breaks the rule: /);
  });

  it("the honest opposite passes: a negated promise, an offer to describe instead of a photo", async () => {
    const { records, rejected } = await generate(
      dialogueResponder((t) => {
        t[1].content = "Я не могу гарантировать доход: рынок волатилен, курс учит разбираться в рисках.";
        t[3].content =
          "Гарантированного дохода не бывает. Фото прислать не могу, но опишу, что внутри курса.";
      }),
      { count: 2 },
    );
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(2);
  });
});

describe("roleplay: the README's role pack example", () => {
  it("loads, and its catalogue and must_not rule work as the README says", () => {
    const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
    const block = /#### Role packs\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const file = join(root, "readme-pack.yaml");
    writeFileSync(file, block!);
    const pack = resolveRolePack({ roleFile: file });
    const rules = sellerRules(pack);
    const say = (content: string) => [
      { role: "user" as const, content: "привет" },
      { role: "assistant" as const, content },
    ];
    expect(
      checkSellerTurns(say("Курс 19 800 ₽, сразу 17 820 ₽, клуб 4 900 ₽ в месяц."), rules),
    ).toBeUndefined();
    expect(checkSellerTurns(say("Курс стоит 25 000 ₽."), rules)?.reason).toBe("price_not_in_catalogue");
    expect(checkSellerTurns(say("Гарантирую доход!"), rules)?.reason).toBe("must_not_promised_returns");
  });
});

describe("roleplay: the persona in the record (item 5)", () => {
  it("every record starts with the persona as its system message, unless --no-system-message", async () => {
    const persona = personaSystemPrompt(crypto);
    const withSystem = await generate(roleplayResponder(), { count: 2 });
    for (const r of withSystem.records) {
      const messages = r.messages as { role: string; content: string }[];
      expect(messages[0]).toEqual({ role: "system", content: persona });
      expect(messages[1].role).toBe("user");
    }
    const without = await generate(roleplayResponder(), { count: 2, systemMessage: false });
    for (const r of without.records) {
      const messages = r.messages as { role: string }[];
      expect(messages[0].role).toBe("user");
    }
    expect(JSON.parse(readFileSync(join(without.out, "config.json"), "utf8")).options.system_message).toBe(
      false,
    );
  });

  it("the default export trains on every assistant turn, with the persona as system message", async () => {
    const { out, records } = await generate(roleplayResponder({ messages: 8 }), { count: 2 });
    const file = join(out, "default-export.jsonl");
    const summary = await exportDataset({ input: out, out: file });
    expect(summary.target).toBe("openai");
    const exported = jsonLines(file) as { messages: { role: string; content: string; weight?: number }[] }[];
    expect(exported).toHaveLength(records.length);
    for (const [i, e] of exported.entries()) {
      const source = records[i].messages as { role: string; content: string }[];
      expect(e.messages.map((m) => [m.role, m.content])).toEqual(source.map((m) => [m.role, m.content]));
      expect(e.messages.filter((m) => m.role === "assistant")).toHaveLength(4);
      expect(e.messages.some((m) => m.weight === 0)).toBe(false);
    }
  });
});
