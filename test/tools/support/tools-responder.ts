import type { Responder, ResponderContext } from "../../../src/testing/fake-openai-server.js";

const FOODS = ["짜장면", "짬뽕", "치킨", "피자", "떡볶이", "초밥", "족발", "김치찌개", "냉면", "햄버거"];
const SHOPS = [
  "홍콩반점",
  "교촌치킨",
  "도미노피자",
  "신전떡볶이",
  "스시오마카세",
  "원할머니보쌈",
  "김밥천국",
];

function pick<T>(ctx: ResponderContext, items: T[]): T {
  return items[ctx.rng.int(0, items.length - 1)];
}

/** A plausible delivery dialogue turn pair: search, then detail lookups, in Korean. */
function supportedTurn(ctx: ResponderContext, turn: number): unknown[] {
  const food = pick(ctx, FOODS);
  const shop = pick(ctx, SHOPS);
  const id = `rst_${ctx.rng.int(100, 999)}`;
  if (turn % 2 === 0) {
    return [
      { role: "user", content: `안녕하세요, ${food} 맛있는 집 좀 찾아주세요.` },
      {
        role: "assistant",
        content: "",
        tool_calls: [
          { name: "search_restaurants", arguments: { query: food, sort: "rating", open_now: true } },
        ],
      },
      {
        role: "tool",
        name: "search_restaurants",
        content: {
          items: [
            { restaurant_id: id, name: shop, rating: 4.5, delivery_fee: 3000, is_open: true },
            { restaurant_id: `${id}b`, name: `${shop} 2호점`, rating: 4.0, delivery_fee: 0, is_open: true },
          ],
          total_count: 2,
        },
      },
      { role: "assistant", content: `${shop}이(가) 평점 4.5로 가장 높습니다. 메뉴를 보여 드릴까요?` },
    ];
  }
  // Two lookups in one assistant turn: parallel calls, results in one user message.
  return [
    { role: "user", content: `네, ${shop} 메뉴랑 2호점 메뉴 둘 다 보여주세요.` },
    {
      role: "assistant",
      content: "두 곳의 메뉴를 확인해 보겠습니다.",
      tool_calls: [
        { name: "get_restaurant_detail", arguments: { restaurant_id: id } },
        { name: "get_restaurant_detail", arguments: { restaurant_id: `${id}b` } },
      ],
    },
    {
      role: "tool",
      name: "get_restaurant_detail",
      content: { restaurant_id: id, name: shop, menus: [{ menu_id: "m1", name: food, price: 8000 }] },
    },
    {
      role: "tool",
      name: "get_restaurant_detail",
      content: {
        restaurant_id: `${id}b`,
        name: `${shop} 2호점`,
        menus: [{ menu_id: "m2", name: `${food} 곱빼기`, price: 9500 }],
      },
    },
    { role: "assistant", content: `${shop}의 ${food}은(는) 8,000원, 2호점 곱빼기는 9,500원입니다.` },
  ];
}

function unsupportedTurn(): unknown[] {
  return [
    { role: "user", content: "어제 받은 음식이 잘못 와서 환불해 주세요." },
    {
      role: "assistant",
      content: "죄송하지만 환불은 제가 처리할 수 없습니다. 고객센터(1600-0000)로 문의해 주세요.",
    },
  ];
}

export interface ToolsResponderOptions {
  /** Answer this custom_id (batch) with a dialogue that breaks a rule, to test rejections. */
  invalidFor?: (
    customId: string | undefined,
    prompt: string,
  ) => "unknown_tool" | "invalid_arguments" | undefined;
}

/**
 * A fake writer for the tools recipe: reads the scenario from the prompt (how many user turns,
 * whether tools can serve it) and answers with a dialogue that passes the validator.
 */
export function toolsResponder(options: ToolsResponderOptions = {}): Responder {
  return (_body, ctx) => {
    const prompt = ctx.lastUserMessage;
    const turns = Number(/exactly (\d+) user message/.exec(prompt)?.[1] ?? 2);
    const supported = !prompt.includes("NO tool can serve");
    const messages: unknown[] = [];
    for (let t = 0; t < turns; t++) messages.push(...(supported ? supportedTurn(ctx, t) : unsupportedTurn()));
    const broken = options.invalidFor?.(ctx.customId, prompt);
    if (broken === "unknown_tool")
      messages.splice(
        1,
        0,
        { role: "assistant", content: "", tool_calls: [{ name: "order_pizza", arguments: {} }] },
        {
          role: "tool",
          name: "order_pizza",
          content: { ok: true },
        },
      );
    if (broken === "invalid_arguments")
      messages.splice(
        1,
        0,
        { role: "assistant", content: "", tool_calls: [{ name: "get_order_status", arguments: {} }] },
        {
          role: "tool",
          name: "get_order_status",
          content: { order_id: "x", status: "배달중" },
        },
      );
    return JSON.stringify({ messages });
  };
}
