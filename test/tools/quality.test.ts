import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateSettings as ToolsFlags } from "../../src/pipelines/generate.js";
import { generate as generateWithRecipe } from "../../src/pipelines/generate.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { jsonLines } from "../support/lines.js";
import { tempDir } from "../support/tmp.js";
import { type Message, type ToolsResponderOptions, toolsResponder } from "./support/tools-responder.js";

type Body = { messages: { role: string; content: string }[] };
type Call = { name: string; arguments: Record<string, unknown> };
const callsOf = (m: Message) => (m.tool_calls ?? []) as Call[];

const root = tempDir("dialogsmith-tools-quality-");
const config = join(root, "dialogsmith.yaml");
writeFileSync(config, "# empty\n");
let server: FakeOpenAIServer;
let run = 0;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ responder: toolsResponder(), models: "any", logLimit: 10_000 });
});
afterAll(() => server.close());

async function generate(options: ToolsResponderOptions, extra: ToolsFlags = {}) {
  server.setBehaviour({ responder: toolsResponder(options) });
  const out = join(root, `run-${++run}`);
  const before = server.requests.length;
  const result = await generateWithRecipe("tools", {
    config,
    out,
    baseUrl: server.url,
    model: "fake-model",
    cacheDir: join(out, "cache"),
    seed: 5,
    count: 6,
    concurrency: 4,
    ...extra,
  });
  if (result.kind !== "run") throw new Error("expected a run");
  return {
    out,
    result,
    sent: server.requests.slice(before).map((r) => r.body as Body),
    records: jsonLines(join(out, "dataset.jsonl")),
    rejected: jsonLines(join(out, "rejected.jsonl")),
  };
}

describe("tools: the delivery pack serves every topic from what the dialogue has (item 6)", () => {
  it("the user's id reaches the assistant's system prompt, and cart and order-history tools take it", async () => {
    const { records, sent } = await generate({});
    expect(records).toHaveLength(6);
    for (const r of records) {
      const { user_id } = r.metadata as { user_id: string };
      const system = (r.messages as { role: string; content: string }[])[0];
      expect(system.role).toBe("system");
      expect(system.content).toContain(`로그인한 고객 ID: ${user_id}`);
      expect(system.content).not.toContain("{{");
    }
    const system = sent[0].messages[0].content;
    for (const tool of ["get_cart", "get_coupons", "get_order_history", "cancel_order"])
      expect(system).toContain(`"name":"${tool}"`);
    expect(sent[0].messages[1].content).toMatch(/account id: user_\d+ \(in the assistant's system prompt\)/);
  });

  it("a gold order-status item finds the order in the history by the user's id and is accepted", async () => {
    const { result } = await generate({}, { count: 1, gold: true });
    const gold = jsonLines<{ metadata: { category: string; tools_used: string[] } }>(
      result.followUps[0]?.published ?? "",
    );
    const status = gold.filter((g) => g.metadata.category === "order_status");
    expect(status).toHaveLength(10);
    for (const g of status) expect(g.metadata.tools_used).toEqual(["get_order_history", "get_order_status"]);
  });
});

describe("tools: rules the validator checks (item 7)", () => {
  it("an id the assistant could not know is rejected as invented_id", async () => {
    const { records, rejected } = await generate(
      {
        edit: (messages) => {
          const call = messages.map(callsOf).find((c) => c.some((x) => "restaurant_id" in x.arguments));
          if (call) call[0].arguments.restaurant_id = "rst_invented";
        },
      },
      { count: 2, maxAttempts: 2, unsupportedRatio: 0 },
    );
    expect(records).toHaveLength(0);
    expect(rejected.map((r) => r.reason)).toEqual(["invented_id", "invented_id"]);
    expect(String(rejected[0].detail)).toMatch(
      /get_restaurant_detail\.restaurant_id 'rst_invented' is in no user message, earlier tool result or the system prompt/,
    );
  });

  it("placing an order straight after the checkout result, without asking, is rejected as unconfirmed_call", async () => {
    const { result } = await generate(
      {
        edit: (messages) => {
          // Drop the question and the user's yes before place_order.
          const at = messages.findIndex((m) => callsOf(m).some((c) => c.name === "place_order"));
          if (at > 1) messages.splice(at - 2, 2);
        },
      },
      { count: 1, gold: true },
    );
    const reasons = result.followUps[0]?.report.rejection_reasons ?? {};
    // checkout and full_cycle place orders: all 20 rejected, every other category accepted.
    expect(reasons).toEqual({ unconfirmed_call: 20 });
    expect(result.followUps[0]?.report.accepted).toBe(60);
  });

  it("a gold item that does not call the tools it exercises is rejected as focus_tool_not_called", async () => {
    const { result, sent } = await generate(
      {
        edit: (messages, prompt) => {
          if (!prompt.includes("evaluation category 'cart'")) return;
          const at = messages.findIndex((m) => callsOf(m).some((c) => c.name === "remove_cart_item"));
          messages.splice(at, 2);
        },
      },
      { count: 1, gold: true },
    );
    expect(result.followUps[0]?.report.rejection_reasons).toEqual({ focus_tool_not_called: 10 });
    const cart = sent.find((b) => b.messages[1]?.content.includes("evaluation category 'cart'"));
    expect(cart?.messages[1].content).toContain(
      "the dialogue exercises add_cart_item, update_cart_item, remove_cart_item: it calls each of them at least once",
    );
  });
});

describe("tools: the prompt on tool arguments (item 8)", () => {
  it("says per argument how to write it, enum codes as listed, with no 'Korean names' rule against them", async () => {
    const { sent } = await generate({}, { count: 1 });
    const system = sent[0].messages[0].content;
    expect(system).not.toMatch(/arguments and results use the Korean names/);
    expect(system).toContain("Tool arguments follow their schema, not the dialogue's language");
    expect(system).toContain(
      "- search_restaurants.sort: one of recommended, distance, rating, delivery_time, delivery_fee — exactly as written here, never translated",
    );
    expect(system).toContain(
      "- prepare_checkout.payment_method: one of card, kakaopay, naverpay, tosspay, cash — exactly as written here, never translated",
    );
    expect(system).toContain("- search_restaurants.query: free text in Korean, as the user would write it");
    expect(system).toContain(
      "- get_cart.user_id (required): an id, copied exactly from the user's words, an earlier tool result or the assistant's system prompt; never invented",
    );
    expect(system).toMatch(/Before calling place_order or cancel_order, the assistant .* asks the user/);
  });
});
