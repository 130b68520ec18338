import { resolveDomainPack } from "../../../src/recipes/tools/domain-packs.js";
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

export type Message = Record<string, unknown>;
const user = (content: string): Message => ({ role: "user", content });
const say = (content: string): Message => ({ role: "assistant", content });
const call = (name: string, args: Record<string, unknown>): Message => ({
  role: "assistant",
  content: "",
  tool_calls: [{ name, arguments: args }],
});
const result = (name: string, content: unknown): Message => ({ role: "tool", name, content });

/** What a dialogue learned from its tool results so far: every later call takes its ids from here. */
interface Known {
  userId: string;
  restaurantId?: string;
  menuId?: string;
  cartId?: string;
  cartItemId?: string;
  checkoutId?: string;
  orderId?: string;
}

/** The tools a tool needs called before it, for the ids it takes. */
const NEEDS: Record<string, string[]> = {
  get_restaurant_detail: ["search_restaurants"],
  add_cart_item: ["get_restaurant_detail"],
  update_cart_item: ["add_cart_item"],
  remove_cart_item: ["add_cart_item"],
  prepare_checkout: ["get_cart"],
  place_order: ["prepare_checkout"],
  get_order_status: ["get_order_history"],
  cancel_order: ["get_order_history"],
};
const delivery = resolveDomainPack("delivery");
/** Lookups run in the pack's tool order (search before detail, cart before checkout...). */
const ORDER = delivery.tools.map((t) => t.function.name);
/** Tools the pack wants the user to confirm first. */
const CONFIRM = new Set(delivery.confirm_before);

function withNeeds(tools: string[]): string[] {
  const all = new Set<string>();
  const add = (t: string) => {
    for (const n of NEEDS[t] ?? []) add(n);
    all.add(t);
  };
  for (const t of tools) add(t);
  return ORDER.filter((t) => all.has(t));
}

/** One call with the ids it needs from `k`, and a result that gives the ids later calls need. */
function step(ctx: ResponderContext, tool: string, k: Known): Message[] {
  const n = ctx.rng.int(100, 999);
  const cart = () => {
    k.cartId ??= `cart_${n}`;
    k.cartItemId ??= `ci_${n}`;
    return {
      cart_id: k.cartId,
      items: [{ cart_item_id: k.cartItemId, name: pick(ctx, FOODS), quantity: 1 }],
      total_amount: 18000,
    };
  };
  switch (tool) {
    case "search_restaurants":
      k.restaurantId = `rst_${n}`;
      return [
        call(tool, { query: pick(ctx, FOODS), sort: "rating" }),
        result(tool, { items: [{ restaurant_id: k.restaurantId, name: pick(ctx, SHOPS), rating: 4.5 }] }),
      ];
    case "get_restaurant_detail":
      k.menuId = `menu_${n}`;
      return [
        call(tool, { restaurant_id: k.restaurantId }),
        result(tool, {
          restaurant_id: k.restaurantId,
          name: pick(ctx, SHOPS),
          menus: [{ menu_id: k.menuId, name: pick(ctx, FOODS), price: 9000 }],
        }),
      ];
    case "add_cart_item":
      return [
        call(tool, { restaurant_id: k.restaurantId, menu_id: k.menuId, quantity: 1 }),
        result(tool, cart()),
      ];
    case "update_cart_item":
      return [call(tool, { cart_item_id: k.cartItemId, quantity: 2 }), result(tool, cart())];
    case "remove_cart_item":
      return [call(tool, { cart_item_id: k.cartItemId }), result(tool, cart())];
    case "get_cart":
      return [call(tool, { user_id: k.userId }), result(tool, cart())];
    case "get_coupons":
      return [
        call(tool, { user_id: k.userId }),
        result(tool, { coupons: [{ coupon_code: "WELCOME3000", name: "첫 주문 할인" }] }),
      ];
    case "prepare_checkout":
      k.checkoutId = `chk_${n}`;
      return [
        call(tool, { cart_id: k.cartId, payment_method: "kakaopay" }),
        result(tool, { checkout_id: k.checkoutId, total_amount: 21000 }),
      ];
    case "place_order":
      return [
        call(tool, { checkout_id: k.checkoutId }),
        result(tool, { order_id: `ORD-${n}`, status: "접수대기" }),
      ];
    case "get_order_history":
      k.orderId = `ORD-2026-${n}`;
      return [
        call(tool, { user_id: k.userId }),
        result(tool, {
          orders: [{ order_id: k.orderId, status: "접수대기", restaurant_name: pick(ctx, SHOPS) }],
        }),
      ];
    case "get_order_status":
      return [call(tool, { order_id: k.orderId }), result(tool, { order_id: k.orderId, status: "조리중" })];
    case "cancel_order":
      return [call(tool, { order_id: k.orderId }), result(tool, { order_id: k.orderId, status: "주문취소" })];
    default:
      throw new Error(`the test responder does not know '${tool}'`);
  }
}

/**
 * A supported dialogue: the first user turn runs every lookup the tools need, in order, each id
 * taken from an earlier result; a tool that needs confirmation is asked about first and called
 * in the next turn; then small talk up to `turns` user messages.
 */
function supportedDialogue(ctx: ResponderContext, tools: string[], turns: number, userId: string): Message[] {
  const k: Known = { userId };
  const plan = withNeeds(tools);
  const now = plan.filter((t) => !CONFIRM.has(t));
  const later = plan.filter((t) => CONFIRM.has(t));
  const out: Message[] = [user(`안녕하세요, ${pick(ctx, FOODS)} 맛있는 집 좀 찾아주세요.`)];
  for (const t of now) out.push(...step(ctx, t, k));
  let userTurns = 1;
  if (later.length > 0) {
    out.push(say("말씀하신 내용으로 진행할까요? 최종 금액은 21,000원입니다."));
    out.push(user("네, 그렇게 진행해 주세요."));
    userTurns++;
    for (const t of later) out.push(...step(ctx, t, k));
  }
  out.push(say(`${pick(ctx, SHOPS)} 건은 처리되었습니다. 더 필요하신 것이 있을까요?`));
  for (; userTurns < turns; userTurns++) out.push(user("네, 감사합니다."), say("천만에요. 맛있게 드세요!"));
  return out;
}

function unsupportedDialogue(turns: number): Message[] {
  const out: Message[] = [];
  for (let t = 0; t < turns; t++)
    out.push(
      user("어제 받은 음식이 잘못 와서 환불해 주세요."),
      say("죄송하지만 환불은 제가 처리할 수 없습니다. 고객센터(1600-0000)로 문의해 주세요."),
    );
  return out;
}

export interface ToolsResponderOptions {
  /** Answer this custom_id (batch) with a dialogue that breaks a rule, to test rejections. */
  invalidFor?: (
    customId: string | undefined,
    prompt: string,
  ) => "unknown_tool" | "invalid_arguments" | undefined;
  /** Changes the finished dialogue (its messages in the writer's JSON form) before it is sent. */
  edit?: (messages: Message[], prompt: string) => void;
}

/**
 * A fake writer for the tools recipe: reads the scenario from the prompt (how many user turns,
 * whether tools can serve it, the tools a gold item exercises, the user's id) and answers with a
 * dialogue that passes the validator.
 */
export function toolsResponder(options: ToolsResponderOptions = {}): Responder {
  return (_body, ctx) => {
    const prompt = ctx.lastUserMessage;
    const turns = Number(/exactly (\d+) user message/.exec(prompt)?.[1] ?? 2);
    const supported = !prompt.includes("NO tool can serve");
    const focus = /the dialogue exercises ([\w, ]+):/.exec(prompt)?.[1].split(", ") ?? [];
    const userId = /account id: (\S+?)[ ;]/.exec(prompt)?.[1] ?? "user_0";
    const tools = focus.length > 0 ? focus : ["search_restaurants", "get_restaurant_detail"];
    const messages = supported ? supportedDialogue(ctx, tools, turns, userId) : unsupportedDialogue(turns);
    const broken = options.invalidFor?.(ctx.customId, prompt);
    if (broken === "unknown_tool")
      messages.splice(1, 0, call("order_pizza", {}), result("order_pizza", { ok: true }));
    if (broken === "invalid_arguments")
      messages.splice(
        1,
        0,
        call("get_order_status", {}),
        result("get_order_status", { order_id: "x", status: "배달중" }),
      );
    options.edit?.(messages, prompt);
    return JSON.stringify({ messages });
  };
}
