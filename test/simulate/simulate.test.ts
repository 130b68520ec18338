import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { stableStringify } from "../../src/core/hash.js";
import { parseRecord } from "../../src/formats/read/parse-record.js";
import { generate, type GenerateSettings as RoleplayFlags } from "../../src/pipelines/generate.js";
import { BUILTIN_ROLES } from "../../src/recipes/roleplay/builtin-roles.js";
import { personaSystemPrompt } from "../../src/recipes/roleplay/persona.js";
import { RolePackSchema } from "../../src/recipes/roleplay/role-pack.js";
import {
  type FakeOpenAIServer,
  type FakeServerOptions,
  type Responder,
  startFakeOpenAIServer,
} from "../../src/testing/fake-openai-server.js";
import { jsonLines } from "../support/lines.js";
import { tempDir } from "../support/tmp.js";

const root = tempDir("dialogsmith-simulate-");
let runNo = 0;
const servers: FakeOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: FakeServerOptions): Promise<FakeOpenAIServer> {
  const s = await startFakeOpenAIServer({ models: "any", logLimit: 100_000, ...options });
  servers.push(s);
  return s;
}

const WORDS = [
  "привет",
  "курс",
  "цена",
  "скидка",
  "урок",
  "неделя",
  "вопрос",
  "риск",
  "биржа",
  "пример",
  "время",
  "деньги",
  "опыт",
  "кошелёк",
];

const isCustomer = (system: string) => system.includes("Ты играешь клиента");
const persona = personaSystemPrompt({
  ...RolePackSchema.parse(BUILTIN_ROLES.crypto_seller),
  name: "crypto_seller",
});

/** Russian chat messages drawn from the request's seeded rng; `end` decides when the customer ends the chat. */
function chatResponder(end: (system: string) => boolean = () => false): Responder {
  return (body, ctx) => {
    const system = String(body.messages[0]?.content ?? "");
    const words = Array.from(
      { length: 5 + ctx.rng.int(0, 8) },
      () => WORDS[ctx.rng.int(0, WORDS.length - 1)],
    ).join(" ");
    if (isCustomer(system))
      return `${words[0].toUpperCase()}${words.slice(1)}?${end(system) ? " [END]" : ""}`;
    return `${words[0].toUpperCase()}${words.slice(1)}.`;
  };
}

function modelsConfig(user: FakeOpenAIServer, assistant: FakeOpenAIServer): string {
  const path = join(root, `models-${++runNo}.yaml`);
  writeFileSync(
    path,
    [
      "models:",
      `  customer: { base_url: ${user.url}, model: customer-sim, concurrency: 2 }`,
      `  persona: { base_url: ${assistant.url}, model: persona-model, concurrency: 3, price: { input_per_mtok: 1, output_per_mtok: 1 } }`,
      "",
    ].join("\n"),
  );
  return path;
}

function flags(extra: RoleplayFlags): RoleplayFlags {
  return {
    role: "crypto_seller",
    strategy: "simulate",
    userModel: "customer",
    assistantModel: "persona",
    minMessages: 6,
    maxMessages: 10,
    examples: 0,
    quiet: true,
    cacheDir: join(root, "cache"),
    ...extra,
  };
}

type Body = { model: string; messages: { role: string; content: string }[] };
const bodies = (s: FakeOpenAIServer) => s.requests.filter((r) => r.body).map((r) => r.body as Body);

describe("roleplay --strategy simulate", () => {
  test("two models take turns, one call a message, and the record is the oneshot's canonical record", async () => {
    const user = await server({ responder: chatResponder(), latencyMs: 3 });
    const assistant = await server({ responder: chatResponder(), latencyMs: 3 });
    const out = join(root, "basic");
    const result = await generate(
      "roleplay",
      flags({ count: 4, out, config: modelsConfig(user, assistant) }),
    );
    if (result.kind !== "run") throw new Error("expected a run");
    expect(result.report.stopped).toBe("done");
    const records = jsonLines(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(4);
    let messages = 0;
    for (const [i, r] of records.entries()) {
      expect(r.id).toBe(`roleplay-42-${String(i).padStart(6, "0")}`);
      expect(Object.keys(r)).toEqual(["id", "messages", "metadata"]);
      const all = r.messages as { role: string; content: string }[];
      const meta = r.metadata as Record<string, unknown>;
      // The persona the assistant model was given is the record's system message.
      expect(all[0]).toEqual({ role: "system", content: persona });
      const msgs = all.slice(1);
      expect(msgs.map((m) => m.role)).toEqual(msgs.map((_, k) => (k % 2 === 0 ? "user" : "assistant")));
      expect(msgs.length).toBe((meta.scenario as { target_messages: number }).target_messages);
      expect(meta).toMatchObject({
        recipe: "roleplay",
        role_type: "crypto_seller",
        generated: true,
        strategy: "simulate",
        num_messages: msgs.length,
        ended: "length",
      });
      expect(meta.models).toEqual({ user: "customer-sim", assistant: "persona-model" });
      expect(parseRecord(r).ok && parseRecord(r)).toMatchObject({ record: { shape: "roleplay" } });
      messages += msgs.length;
    }
    // One call a message: customer turns on the customer model, replies on the persona model.
    const u = bodies(user);
    const a = bodies(assistant);
    expect(u.length + a.length).toBe(messages);
    expect(u.every((b) => b.model === "customer-sim" && isCustomer(b.messages[0].content))).toBe(true);
    expect(a.every((b) => b.model === "persona-model" && b.messages[0].content.startsWith(persona))).toBe(
      true,
    );
    // The customer sees the chat from its side (its own messages as assistant), the persona as it is.
    const firstReply = a.find((b) => b.messages.length === 2)!;
    expect(firstReply.messages[1].role).toBe("user");
    const secondCustomer = u.find((b) => b.messages.length === 3)!;
    expect(secondCustomer.messages.slice(1).map((m) => m.role)).toEqual(["assistant", "user"]);
    expect(user.stats.maxActive).toBeLessThanOrEqual(2);
    expect(assistant.stats.maxActive).toBeLessThanOrEqual(3);
    expect(result.report.models.persona.cost_usd).toBeGreaterThan(0);
    expect(result.report.models.customer.requests).toBe(u.length);
  });

  test("the customer may end the chat naturally once it is long enough", async () => {
    const user = await server({ responder: chatResponder((system) => system.includes("[END]")) });
    const assistant = await server({ responder: chatResponder() });
    const out = join(root, "natural");
    await generate(
      "roleplay",
      flags({ count: 3, out, minMessages: 6, maxMessages: 20, config: modelsConfig(user, assistant) }),
    );
    for (const r of jsonLines(join(out, "dataset.jsonl"))) {
      const msgs = (r.messages as { role: string; content: string }[]).filter((m) => m.role !== "system");
      // The end marker is offered from message 5 on; the persona answers the closing message.
      expect(msgs).toHaveLength(6);
      expect((r.metadata as { ended: string }).ended).toBe("natural");
      expect(msgs.some((m) => m.content.includes("[END]"))).toBe(false);
    }
  });

  test("a failed turn ends only that dialogue; too short to keep, it goes to rejected.jsonl and the run goes on", async () => {
    let failed = false;
    const user = await server({ responder: chatResponder() });
    const assistant = await server({
      responder: (body, ctx) => {
        // The very first reply of the run fails with a 400 (no retry helps).
        if (!failed) {
          failed = true;
          return { fault: 400 };
        }
        return chatResponder()(body, ctx);
      },
    });
    const out = join(root, "failed");
    const result = await generate(
      "roleplay",
      flags({ count: 3, out, config: modelsConfig(user, assistant) }),
    );
    if (result.kind !== "run") throw new Error("expected a run");
    expect(result.report.stopped).toBe("done");
    expect(jsonLines(join(out, "dataset.jsonl"))).toHaveLength(3);
    const rejected = jsonLines(join(out, "rejected.jsonl"));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ kind: "failed", reason: "http_400" });
    expect(result.report.failed).toBe(1);
  });

  test("a persona message off the catalogue or breaking a must_not rule is asked again, then ends the dialogue", async () => {
    const breach =
      (always: boolean): Responder =>
      (body, ctx) => {
        // The first reply of each dialogue promises returns (and, once, quotes an invented price).
        if (body.messages.length === 2 && (always || ctx.attempt === 0))
          return always ? "Гарантирую доход 50% в месяц, курс стоит 24 900 ₽." : "Курс стоит 24 900 ₽.";
        return chatResponder()(body, ctx);
      };
    const user = await server({ responder: chatResponder() });
    const once = await server({ responder: breach(false) });
    const out = join(root, "persona-checks");
    const result = await generate("roleplay", flags({ count: 2, out, config: modelsConfig(user, once) }));
    if (result.kind !== "run") throw new Error("expected a run");
    expect(jsonLines(join(out, "dataset.jsonl"))).toHaveLength(2);
    const firstReplies = bodies(once).filter((b) => b.messages.length === 2);
    expect(firstReplies).toHaveLength(4); // each asked twice
    // The persona model is given the whole catalogue and the rules.
    expect(firstReplies[0].messages[0].content).toContain("базовый курс «Криптовалюты с нуля» — 19 800 ₽");
    expect(firstReplies[0].messages[0].content).toContain("Тебе нельзя:");

    const always = await server({ responder: breach(true) });
    const out2 = join(root, "persona-breach");
    const second = await generate(
      "roleplay",
      flags({ count: 1, maxAttempts: 1, out: out2, config: modelsConfig(user, always) }),
    );
    if (second.kind !== "run") throw new Error("expected a run");
    expect(jsonLines(join(out2, "rejected.jsonl"))).toMatchObject([
      { kind: "failed", reason: "must_not_promised_returns" },
    ]);
  });

  test("interrupted mid-dialogue, a resume continues at the next turn and asks for nothing twice", async () => {
    const user = await server({ responder: chatResponder(), latencyMs: 3 });
    const assistant = await server({ responder: chatResponder(), latencyMs: 3 });
    const out = join(root, "resume");
    const config = modelsConfig(user, assistant);
    const stop = new AbortController();
    const first = await generate("roleplay", flags({ count: 5, out, config }), {
      stopSignal: stop.signal,
      onProgress: (p) => {
        if (p.requests >= 12) stop.abort();
      },
    });
    if (first.kind !== "run") throw new Error("expected a run");
    expect(first.report.stopped).toBe("interrupted");
    const second = await generate("roleplay", flags({ resume: out, cache: false }));
    if (second.kind !== "run") throw new Error("expected a run");
    expect(second.report.stopped).toBe("done");
    const records = jsonLines(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(5);
    // One request per dialogue message (the system message is not one).
    const total = records.reduce((n, r) => n + (r.metadata as { num_messages: number }).num_messages, 0);
    const keys = [...bodies(user), ...bodies(assistant)].map((b) => stableStringify(b));
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
  });

  test("--dry-run plans a call per message on each side and sends nothing", async () => {
    const user = await server({ responder: chatResponder() });
    const assistant = await server({ responder: chatResponder() });
    const out = join(root, "dry");
    const result = await generate(
      "roleplay",
      flags({ count: 10, out, dryRun: true, config: modelsConfig(user, assistant) }),
    );
    if (result.kind !== "dry-run") throw new Error("expected a dry run");
    expect(user.stats.total + assistant.stats.total).toBe(0);
    expect(existsSync(out)).toBe(false);
    const roles = Object.keys(result.estimate.perModel);
    expect(roles).toEqual(["user (customer-sim)", "assistant (persona-model)"]);
    const calls = result.plan.calls.length;
    expect(calls % 2).toBe(0);
    expect(result.estimate.perModel["user (customer-sim)"].calls).toBe((calls / 2) * 10);
    expect(result.estimate.totalCostUsd).toBeUndefined(); // the customer model has no price
    expect(result.sample?.system).toContain("Ты играешь клиента");
  });
});
