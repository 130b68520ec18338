import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, UsageError } from "../../src/core/errors.js";
import { parseRecord } from "../../src/formats/read/index.js";
import { subjectOfRecord } from "../../src/recipes/judge/with-judge.js";
import type { DatasetRecord } from "../../src/recipes/recipe.js";
import { resolveDomainPack } from "../../src/recipes/tools/domain-packs.js";
import { toolsOutputSchema } from "../../src/recipes/tools/output-schema.js";
import { type ToolsItemPlan, ToolsRecipe } from "../../src/recipes/tools/tools-recipe.js";
import { toolsUid } from "../../src/recipes/tools/tools-record.js";
import { tempDir } from "../support/tmp.js";
import { SEED_KEYS, seedShape } from "./support/seed-shape.js";

const pack = resolveDomainPack("delivery");
const settings = { minTurns: 2, maxTurns: 4, unsupportedRatio: 0.2, twistRatio: 0.3 };
const train = new ToolsRecipe({ pack, set: "train", scenario: settings });
const gold = new ToolsRecipe({ pack, set: "gold", scenario: settings });

const SUPPORTED: ToolsItemPlan = {
  set: "train",
  index: 3,
  id: "tools-7-000003",
  uid: toolsUid(7, "train", 3),
  scenario: {
    user_id: "user_1",
    topic: "짜장면",
    supported: true,
    dates: "2026-02-14",
    turns: 2,
    twists: [],
  },
  messages: [],
};
const UNSUPPORTED: ToolsItemPlan = {
  ...SUPPORTED,
  scenario: { ...SUPPORTED.scenario, supported: false, turns: 1 },
};

const user = (content: string) => ({ role: "user", content });
const say = (content: string) => ({ role: "assistant", content });
const call = (...calls: { name: string; arguments: unknown }[]) => ({
  role: "assistant",
  content: "",
  tool_calls: calls,
});
const result = (name: string, content: unknown) => ({ role: "tool", name, content });

const search = call({ name: "search_restaurants", arguments: { query: "짜장면" } });
const searchResult = result("search_restaurants", { items: [{ restaurant_id: "uuid1", name: "홍콩반점" }] });
/** The cart from the signed-in user's id (in the system prompt), then a checkout of it. */
const checkoutChain = [
  call({ name: "get_cart", arguments: { user_id: "user_1" } }),
  result("get_cart", {
    cart_id: "cart_1",
    items: [{ cart_item_id: "ci_1", name: "짜장면", quantity: 1 }],
    total_amount: 9000,
  }),
  call({ name: "prepare_checkout", arguments: { cart_id: "cart_1", payment_method: "kakaopay" } }),
  result("prepare_checkout", { checkout_id: "chk_1", total_amount: 12000 }),
];
const good = [
  user("안녕하세요, 짜장면 맛있는 집 좀 찾아주세요."),
  search,
  searchResult,
  say("홍콩반점이 주변에 있습니다. 주문하시겠습니까?"),
  user("네 좋아요, 감사합니다."),
  say("천만에요. 맛있게 드세요!"),
];

function judge(messages: unknown[], plan = SUPPORTED, finishReason = "stop") {
  return train.judge(plan, { content: JSON.stringify({ messages }), finishReason }, { model: "m" });
}

describe("the delivery domain pack", () => {
  it("has the seed's eight tools plus cart, coupons, order history and cancel, and 8 gold categories x 10", () => {
    expect(pack.tools.map((t) => t.function.name)).toEqual([
      "search_restaurants",
      "get_restaurant_detail",
      "get_cart",
      "add_cart_item",
      "update_cart_item",
      "remove_cart_item",
      "get_coupons",
      "prepare_checkout",
      "place_order",
      "get_order_history",
      "get_order_status",
      "cancel_order",
    ]);
    // The tools that serve "my cart", "my coupons" and "my orders" take the signed-in user's id,
    // which the assistant's system prompt carries.
    const byUser = pack.tools.filter((t) => "user_id" in (t.function.parameters.properties as object));
    expect(byUser.map((t) => t.function.name)).toEqual(["get_cart", "get_coupons", "get_order_history"]);
    expect(pack.system_prompt).toContain("{{user_id}}");
    expect(pack.confirm_before).toEqual(["place_order", "cancel_order"]);
    const status = pack.tools.find((t) => t.function.name === "get_order_status")!;
    expect(status.function.parameters.required).toEqual(["order_id"]);
    // "Ask about an order without knowing its number" is served from the order history.
    expect(pack.question_topics).toContain("주문번호를 모르는 상태에서 주문 상태 물어보기");
    expect(pack.language).toBe("ko");
    expect(Object.keys(pack.tools_return_format).sort()).toEqual(
      pack.tools.map((t) => t.function.name).sort(),
    );
    expect(pack.gold_categories.map((c) => [c.name, c.count])).toHaveLength(8);
    expect(pack.gold_categories.every((c) => c.count === 10)).toBe(true);
    expect(gold.goldCount).toBe(80);
    expect(pack.gold_categories.find((c) => c.no_call)?.name).toBe("no_call");
  });

  it("rejects a pack whose return formats name a tool it does not have, naming the key", () => {
    const dir = tempDir();
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      [
        "name: bad",
        "language: en",
        "system_prompt: hi",
        "tools: [{type: function, function: {name: f, description: d, parameters: {type: object, properties: {}}}}]",
        "tools_return_format: {g: {type: object}}",
        "user_ids: [u]",
        "question_topics: [t]",
      ].join("\n"),
    );
    expect(() => resolveDomainPack(file)).toThrow(ConfigError);
    expect(() => resolveDomainPack(file)).toThrow(/tools_return_format\.g: no tool named 'g'/);
    expect(() => resolveDomainPack("no_such_domain")).toThrow(UsageError);
  });
});

describe("scenarios and ids", () => {
  it("are a pure function of (seed, index): same plan twice, different across indexes", () => {
    const a = train.planItem(42, 5);
    expect(train.planItem(42, 5)).toEqual(a);
    expect(a.id).toBe("tools-42-000005");
    expect(a.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const plans = Array.from({ length: 60 }, (_, i) => train.planItem(42, i));
    expect(new Set(plans.map((p) => p.uid)).size).toBe(60);
    expect(new Set(plans.map((p) => p.messages[1].content)).size).toBeGreaterThan(50);
    expect(plans.some((p) => !p.scenario.supported)).toBe(true);
    expect(plans.some((p) => p.scenario.twists.length > 0)).toBe(true);
    for (const p of plans) {
      expect(p.scenario.turns).toBeGreaterThanOrEqual(2);
      expect(p.scenario.turns).toBeLessThanOrEqual(4);
      expect(p.scenario.dates).toMatch(/^20(25|26)-\d\d-\d\d$/);
      // The writer's instructions are one cacheable prefix for every item.
      expect(p.messages[0]).toEqual(plans[0].messages[0]);
    }
    expect(train.planItem(43, 5).uid).not.toBe(a.uid);
  });

  it("gold: every category's count in pack order, the category in the id, no_call unsupported", () => {
    const plans = Array.from({ length: gold.goldCount }, (_, i) => gold.planItem(42, i));
    expect(plans[0].id).toBe("gold-search-000");
    expect(plans[79].id).toBe("gold-edge_case-079");
    const byCategory = new Map<string, number>();
    for (const p of plans)
      byCategory.set(p.scenario.category!, (byCategory.get(p.scenario.category!) ?? 0) + 1);
    expect([...byCategory.values()]).toEqual(Array(8).fill(10));
    expect(plans.filter((p) => !p.scenario.supported).every((p) => p.scenario.category === "no_call")).toBe(
      true,
    );
    expect(
      plans.filter((p) => p.scenario.category === "edge_case").every((p) => p.scenario.twists.length > 0),
    ).toBe(true);
    expect(plans.find((p) => p.scenario.category === "full_cycle")!.scenario.turns).toBeGreaterThanOrEqual(4);
    expect(() => gold.planItem(42, 80)).toThrow();
  });
});

describe("the structured-output schema", () => {
  it("makes tool names enums and gives each call its tool's own argument schema (anyOf per tool)", () => {
    const schema = toolsOutputSchema(pack) as {
      properties: {
        messages: { items: { anyOf: { properties: Record<string, { items?: { anyOf: unknown[] } }> }[] } };
      };
    };
    const branches = schema.properties.messages.items.anyOf;
    const callBranch = branches.find((b) => "tool_calls" in b.properties)!;
    const perTool = callBranch.properties.tool_calls.items!.anyOf as {
      properties: { name: { enum: string[] }; arguments: unknown };
    }[];
    expect(perTool.map((b) => b.properties.name.enum)).toEqual(pack.tools.map((t) => [t.function.name]));
    expect(perTool[5].properties.arguments).toEqual(pack.tools[5].function.parameters);
  });
});

describe("judge: validation with named reasons", () => {
  it("accepts a valid dialogue as a canonical record: system message, tools, OpenAI tool_calls", () => {
    const out = judge(good);
    expect(out.kind).toBe("accepted");
    if (out.kind !== "accepted") return;
    const r = out.record;
    expect(Object.keys(r)).toEqual(["id", "messages", "tools", "metadata"]);
    expect(r.tools).toBe(pack.tools);
    // The signed-in user and today's date are filled into the assistant's system prompt.
    const system = pack.system_prompt.replace("{{user_id}}", "user_1").replace("{{date}}", "2026-02-14");
    expect(system).toContain("로그인한 고객 ID: user_1");
    expect(r.messages).toEqual([
      { role: "system", content: system },
      { role: "user", content: "안녕하세요, 짜장면 맛있는 집 좀 찾아주세요." },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "search_restaurants", arguments: '{"query":"짜장면"}' },
          },
        ],
      },
      {
        role: "tool",
        tool_call_id: "call_1",
        name: "search_restaurants",
        content: '{"items": [{"restaurant_id": "uuid1", "name": "홍콩반점"}]}',
      },
      { role: "assistant", content: "홍콩반점이 주변에 있습니다. 주문하시겠습니까?" },
      { role: "user", content: "네 좋아요, 감사합니다." },
      { role: "assistant", content: "천만에요. 맛있게 드세요!" },
    ]);
    expect(r.metadata).toMatchObject({
      recipe: "tools",
      uid: SUPPORTED.uid,
      dates: "2026-02-14",
      domain: "delivery",
      supported: true,
      tool_calls: 1,
      tools_used: ["search_restaurants"],
    });
  });

  it("tools-seed writes the seed's shape: system_prompt, uid, dates, Qwen XML text", () => {
    const out = judge(good);
    if (out.kind !== "accepted") throw new Error(out.reason);
    const seed = seedShape(out.record);
    expect(Object.keys(seed)).toEqual(SEED_KEYS);
    expect(seed.uid).toBe(SUPPORTED.uid);
    expect(seed.dates).toBe("2026-02-14");
    expect(seed.system_prompt).toContain("로그인한 고객 ID: user_1");
    expect(seed.messages).toEqual([
      { role: "user", content: "안녕하세요, 짜장면 맛있는 집 좀 찾아주세요." },
      {
        role: "assistant",
        content:
          '<tool_call>\n{"name": "search_restaurants", "arguments": {"query": "짜장면"}}\n</tool_call>',
      },
      {
        role: "user",
        content:
          '<tool_response>\n{"items": [{"restaurant_id": "uuid1", "name": "홍콩반점"}]}\n</tool_response>',
      },
      { role: "assistant", content: "홍콩반점이 주변에 있습니다. 주문하시겠습니까?" },
      { role: "user", content: "네 좋아요, 감사합니다." },
      { role: "assistant", content: "천만에요. 맛있게 드세요!" },
    ]);
    expect(Object.keys(seed.metadata as object)).not.toContain("recipe");
    // Read back, the seed shape is the same conversation as the canonical record.
    const back = parseRecord(JSON.parse(JSON.stringify(seed)));
    const canonical = parseRecord(JSON.parse(JSON.stringify(out.record)));
    if (!back.ok || !canonical.ok) throw new Error("unreadable");
    expect(back.record.conversation.messages).toEqual(canonical.record.conversation.messages);
  });

  it("a judge reads a canonical record's tool use as the Qwen text a 0.2.0 record carried", () => {
    const out = judge(good);
    if (out.kind !== "accepted") throw new Error(out.reason);
    const seed = seedShape(out.record);
    const subject = subjectOfRecord(out.record);
    expect(subject.messages).toEqual(subjectOfRecord(seed as unknown as DatasetRecord).messages);
    expect(subject.messages[2].content).toContain("<tool_call>");
    expect(subject.tools).toBe(out.record.tools);
  });

  it("links parallel calls to their results in order; tools-seed joins them with a newline", () => {
    const detail = (id: string) => ({ name: "get_restaurant_detail", arguments: { restaurant_id: id } });
    const menu = (id: string) =>
      result("get_restaurant_detail", { restaurant_id: id, name: "가게", menus: [] });
    const out = judge([
      user("두 가게 메뉴 보여줘요"),
      search,
      result("search_restaurants", {
        items: [
          { restaurant_id: "a", name: "가" },
          { restaurant_id: "b", name: "나" },
        ],
      }),
      call(detail("a"), detail("b")),
      menu("a"),
      menu("b"),
      say("두 곳의 메뉴입니다."),
      user("고마워요"),
      say("네!"),
    ]);
    expect(out.kind).toBe("accepted");
    if (out.kind !== "accepted") return;
    const canonical = (out.record.messages as Record<string, unknown>[]).slice(4, 7);
    expect(
      canonical.map((m) => m.tool_call_id ?? (m.tool_calls as { id: string }[]).map((c) => c.id)),
    ).toEqual([["call_2", "call_3"], "call_2", "call_3"]);
    expect(canonical[2].content).toBe('{"restaurant_id": "b", "name": "가게", "menus": []}');
    const messages = seedShape(out.record).messages;
    expect(messages[3].content).toBe(
      '<tool_call>\n{"name": "get_restaurant_detail", "arguments": {"restaurant_id": "a"}}\n</tool_call>\n<tool_call>\n{"name": "get_restaurant_detail", "arguments": {"restaurant_id": "b"}}\n</tool_call>',
    );
    expect(messages[4].content).toBe(
      '<tool_response>\n{"restaurant_id": "a", "name": "가게", "menus": []}\n</tool_response>\n<tool_response>\n{"restaurant_id": "b", "name": "가게", "menus": []}\n</tool_response>',
    );
  });

  const cases: [string, unknown[], ToolsItemPlan?][] = [
    [
      "unknown_tool",
      [
        user("피자 주문"),
        call({ name: "order_pizza", arguments: {} }),
        result("order_pizza", {}),
        say("완료"),
      ],
    ],
    [
      "invalid_arguments",
      [
        user("주문 상태 알려줘"),
        call({ name: "get_order_status", arguments: {} }),
        result("get_order_status", { order_id: "1", status: "조리중" }),
        say("조리중입니다."),
      ],
    ],
    [
      "invalid_arguments",
      [
        user("두 개 담아줘"),
        call({ name: "add_cart_item", arguments: { restaurant_id: "r", menu_id: "m", quantity: 0 } }),
        result("add_cart_item", {}),
        say("담았습니다."),
      ],
    ],
    [
      "unknown_argument",
      [
        user("짜장면 찾아줘"),
        call({ name: "search_restaurants", arguments: { query: "짜장면", city: "서울" } }),
        searchResult,
        say("찾았습니다."),
      ],
    ],
    [
      "invented_id",
      [
        user("홍콩반점 메뉴 보여주세요"),
        call({ name: "get_restaurant_detail", arguments: { restaurant_id: "rst_777" } }),
        result("get_restaurant_detail", { restaurant_id: "rst_777", name: "홍콩반점", menus: [] }),
        say("메뉴입니다."),
      ],
    ],
    [
      "invented_id",
      [
        user("주문 상태 알려주세요"),
        call({ name: "get_order_status", arguments: { order_id: "ORD-20260214-0153" } }),
        result("get_order_status", { order_id: "ORD-20260214-0153", status: "조리중" }),
        say("조리중입니다."),
      ],
    ],
    [
      "invented_id",
      [
        user("장바구니 보여주세요"),
        call({ name: "get_cart", arguments: { user_id: "user_2" } }),
        result("get_cart", { cart_id: "c1", items: [], total_amount: 0 }),
        say("비어 있습니다."),
      ],
    ],
    [
      "invented_id",
      [
        user("짜장면 집 메뉴까지 한 번에 보여줘요"),
        call(
          { name: "search_restaurants", arguments: { query: "짜장면" } },
          { name: "get_restaurant_detail", arguments: { restaurant_id: "uuid1" } },
        ),
        searchResult,
        result("get_restaurant_detail", { restaurant_id: "uuid1", name: "홍콩반점", menus: [] }),
        say("찾았습니다."),
      ],
    ],
    [
      "unconfirmed_call",
      [
        user("장바구니 그대로 카카오페이로 주문해 주세요"),
        ...checkoutChain,
        call({ name: "place_order", arguments: { checkout_id: "chk_1" } }),
        result("place_order", { order_id: "ORD-1", status: "접수대기" }),
        say("주문이 완료되었습니다."),
      ],
    ],
    [
      "focus_tool_not_called",
      good,
      { ...SUPPORTED, scenario: { ...SUPPORTED.scenario, focus_tools: ["prepare_checkout", "place_order"] } },
    ],
    ["unanswered_call", [user("짜장면 찾아줘"), search, say("찾았습니다.")]],
    ["orphan_tool_result", [user("짜장면 찾아줘"), searchResult, say("찾았습니다.")]],
    [
      "result_mismatch",
      [
        user("짜장면 찾아줘"),
        search,
        result("get_order_status", { order_id: "1", status: "조리중" }),
        say("찾았습니다."),
      ],
    ],
    [
      "invalid_tool_result",
      [user("짜장면 찾아줘"), search, result("search_restaurants", { items: "none" }), say("없습니다.")],
    ],
    ["no_final_reply", [user("짜장면 찾아줘"), search, searchResult]],
    ["no_final_reply", [user("짜장면 찾아줘"), say("네"), user("감사")]],
    ["roles_out_of_order", [user("짜장면 찾아줘"), say("네"), say("또 네")]],
    ["wrong_first_role", [say("안녕하세요"), user("네")]],
    ["too_short", [user("안녕하세요")]],
    ["empty_message", [user("안녕하세요"), say("  ")]],
    ["markup_in_text", [user("짜장면"), say('<tool_call>\n{"name": "search_restaurants"}\n</tool_call>')]],
    ["no_tool_call", [user("짜장면 찾아주세요"), say("네 알겠습니다."), user("감사합니다"), say("천만에요")]],
    [
      "unsupported_made_call",
      [user("환불해 주세요"), search, searchResult, say("고객센터에 문의하세요.")],
      UNSUPPORTED,
    ],
    [
      "too_few_turns",
      [user("환불해 주세요"), say("고객센터에 문의하세요.")],
      { ...UNSUPPORTED, scenario: { ...UNSUPPORTED.scenario, turns: 4 } },
    ],
    [
      "wrong_language",
      [
        user("find me noodles please"),
        search,
        searchResult,
        say("Here is a good place for you."),
        user("thanks a lot"),
        say("You are welcome!"),
      ],
    ],
  ];
  it.each(cases)("rejects with %s", (reason, messages, plan) => {
    const out = judge(messages, plan);
    expect(out).toMatchObject({ kind: "rejected", reason, retryable: true });
    if (out.kind === "rejected") expect(out.detail).not.toBe("");
  });

  it("accepts ids from the system prompt, the user's words and earlier results, and an order placed after asking", () => {
    const confirmed = judge(
      [
        user("장바구니 그대로 카카오페이로 주문해 주세요"),
        ...checkoutChain,
        say("짜장면 1개, 카카오페이, 최종 12,000원입니다. 주문할까요?"),
        user("네, 주문해 주세요."),
        call({ name: "place_order", arguments: { checkout_id: "chk_1" } }),
        result("place_order", { order_id: "ORD-1", status: "접수대기" }),
        say("주문이 완료되었습니다."),
      ],
      {
        ...SUPPORTED,
        scenario: { ...SUPPORTED.scenario, focus_tools: ["get_cart", "prepare_checkout", "place_order"] },
      },
    );
    expect(confirmed.kind).toBe("accepted");
    const typed = judge([
      user("주문번호 ord-20260214-0153 상태 알려주세요"),
      call({ name: "get_order_status", arguments: { order_id: "ORD-20260214-0153" } }),
      result("get_order_status", { order_id: "ORD-20260214-0153", status: "조리중" }),
      say("조리중입니다."),
      user("감사합니다"),
      say("천만에요."),
    ]);
    expect(typed.kind).toBe("accepted");
  });

  it("an unsupported request answered without a call is accepted", () => {
    expect(
      judge(
        [user("환불해 주세요"), say("죄송하지만 환불은 고객센터(1600-0000)로 문의해 주세요.")],
        UNSUPPORTED,
      ).kind,
    ).toBe("accepted");
  });

  it("rejects unparsable, mis-shaped and truncated answers", () => {
    expect(train.judge(SUPPORTED, { content: "not json", finishReason: "stop" }, {})).toMatchObject({
      reason: "invalid_json",
    });
    expect(train.judge(SUPPORTED, { content: '{"turns": []}', finishReason: "stop" }, {})).toMatchObject({
      reason: "schema_mismatch",
    });
    expect(judge(good, SUPPORTED, "length")).toMatchObject({ reason: "truncated" });
  });

  it("reads OpenAI-style calls with string arguments the same way", () => {
    const openaiStyle = [
      good[0],
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { type: "function", function: { name: "search_restaurants", arguments: '{"query": "짜장면"}' } },
        ],
      },
      ...good.slice(2),
    ];
    const a = judge(good);
    const b = judge(openaiStyle);
    expect(a.kind === "accepted" && b.kind === "accepted" && b.record.messages).toEqual(
      a.kind === "accepted" && a.record.messages,
    );
  });
});
