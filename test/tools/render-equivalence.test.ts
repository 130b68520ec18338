import { readFileSync } from "node:fs";
import { Template } from "@huggingface/jinja";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { parseRecord } from "../../src/formats/read/parse-record.js";
import { qwen2_5Renderer } from "../../src/formats/render/qwen2_5.js";
import { type DialogueTurn, parseDialogue } from "../../src/recipes/tools/dialogue.js";
import { resolveDomainPack } from "../../src/recipes/tools/domain-packs.js";
import { ToolsRecipe } from "../../src/recipes/tools/tools-recipe.js";
import { fixturePath } from "../support/fixtures.js";
import { seedShape } from "./support/seed-shape.js";

// The official template, read in place (never copied into the project).
const TEMPLATE = new Template(readFileSync(fixturePath("chat-templates/qwen2_5.jinja"), "utf8"));

const pack = resolveDomainPack("delivery");
const recipe = new ToolsRecipe({
  pack,
  set: "train",
  scenario: { minTurns: 1, maxTurns: 6, unsupportedRatio: 0, twistRatio: 0 },
});

/** What transformers does: apply_chat_template(messages, tools=tools) on the template. */
function renderOfficial(messages: unknown[], tools: unknown): string {
  // A JSON round trip, as transformers receives plain JSON data.
  return TEMPLATE.render(JSON.parse(JSON.stringify({ messages, tools, add_generation_prompt: false })));
}

/** The same dialogue with native tool calls: arguments as objects, one `tool` message per result. */
function nativeMessages(system: string, turns: DialogueTurn[]): unknown[] {
  const out: unknown[] = [{ role: "system", content: system }];
  for (const t of turns) {
    if (t.role === "user") out.push({ role: "user", content: t.content });
    else if (t.role === "tool")
      out.push({
        role: "tool",
        name: t.name,
        content: typeof t.result === "string" ? t.result : pyDumps(t.result),
      });
    else if (t.calls.length === 0) out.push({ role: "assistant", content: t.content });
    else
      out.push({
        role: "assistant",
        content: t.content,
        tool_calls: t.calls.map((c) => ({
          type: "function",
          function: { name: c.name, arguments: c.arguments },
        })),
      });
  }
  return out;
}

/** Tool results are strings in both forms: written here the way the template's tojson writes JSON. */
function pyDumps(value: unknown): string {
  return new Template("{{ v | tojson }}").render({ v: value });
}

const TEXTS = [
  "짜장면 맛있는 집 찾아주세요",
  '말하길 "안녕" \\ 역슬래시 \\n 아님',
  "줄바꿈\n두 줄",
  "이모지 🍕🍗 그리고 탭\t",
  "<b>태그</b> & 기호",
];
const NUMBERS = [0, 1, -3, 8000, 4.5, 0.25, 37.5665, 1234567];

function randomValue(rng: Rng, depth: number): unknown {
  const k = rng.int(0, depth > 2 ? 3 : 5);
  if (k === 0) return rng.pick(TEXTS);
  if (k === 1) return rng.pick(NUMBERS);
  if (k === 2) return rng.pick([true, false, null]);
  if (k === 3) return rng.pick(TEXTS).slice(0, 4);
  if (k === 4) return Array.from({ length: rng.int(0, 3) }, () => randomValue(rng, depth + 1));
  return Object.fromEntries(
    Array.from({ length: rng.int(0, 3) }, (_, i) => [
      `키_${i}_${rng.int(0, 9)}`,
      randomValue(rng, depth + 1),
    ]),
  );
}

/** A valid dialogue with parallel calls, text before calls, nested Korean arguments and results. */
function randomDialogue(rng: Rng): unknown[] {
  const messages: unknown[] = [];
  const turns = rng.int(1, 4);
  for (let t = 0; t < turns; t++) {
    messages.push({ role: "user", content: rng.pick(TEXTS) });
    const rounds = rng.int(t === 0 ? 1 : 0, 2);
    for (let r = 0; r < rounds; r++) {
      const n = rng.int(1, 3);
      const calls = Array.from({ length: n }, () => ({
        name: "search_restaurants",
        arguments: {
          query: rng.pick(TEXTS),
          ...(rng.chance(0.5) ? { category: "중식" } : {}),
          ...(rng.chance(0.5) ? { open_now: rng.chance(0.5) } : {}),
          ...(rng.chance(0.5) ? { page: rng.int(1, 5) } : {}),
        },
      }));
      messages.push({
        role: "assistant",
        content: rng.chance(0.3) ? "확인해 보겠습니다." : "",
        tool_calls: calls,
      });
      for (let i = 0; i < n; i++)
        messages.push({
          role: "tool",
          name: "search_restaurants",
          content: {
            items: [
              {
                restaurant_id: `r${i}`,
                name: rng.pick(TEXTS),
                rating: rng.pick(NUMBERS),
                extra: randomValue(rng, 0),
              },
            ],
          },
        });
    }
    messages.push({ role: "assistant", content: rng.pick(TEXTS) });
  }
  return messages;
}

describe("the tools-seed <tool_call> text form renders to the same bytes as native tool calls (qwen2_5.jinja)", () => {
  it("on 120 random Korean dialogues with parallel calls, nested arguments and results", () => {
    const rng = new Rng(20260214);
    let parallel = 0;
    let compared = 0;
    for (let i = 0; i < 120; i++) {
      const messages = randomDialogue(rng);
      const turns = (parseDialogue({ messages }) as { ok: true; turns: DialogueTurn[] }).turns;
      const plan = {
        ...recipe.planItem(1, i),
        scenario: {
          ...recipe.planItem(1, i).scenario,
          supported: true,
          turns: turns.filter((t) => t.role === "user").length,
        },
      };
      const out = recipe.judge(plan, { content: JSON.stringify({ messages }), finishReason: "stop" }, {});
      if (out.kind !== "accepted" && out.reason === "wrong_language") continue; // a few draws are mostly English
      expect(out).toMatchObject({ kind: "accepted" });
      if (out.kind !== "accepted") continue;
      const seed = seedShape(out.record);
      const text = renderOfficial(
        [{ role: "system", content: seed.system_prompt }, ...seed.messages],
        seed.tools,
      );
      const native = renderOfficial(nativeMessages(seed.system_prompt, turns), seed.tools);
      expect(text).toBe(native);
      compared++;
      // The canonical record (native calls) and the text form read back render byte for byte alike.
      for (const line of [out.record, seed]) {
        const read = parseRecord(JSON.parse(JSON.stringify(line)));
        expect(read.ok).toBe(true);
        if (read.ok) expect(qwen2_5Renderer.render(read.record.conversation)).toBe(native);
      }
      if (turns.some((t) => t.role === "assistant" && t.calls.length > 1)) parallel++;
    }
    expect(compared).toBeGreaterThan(90);
    expect(parallel).toBeGreaterThan(30);
  });

  it("writes JSON the way Python's json.dumps(ensure_ascii=False) does", () => {
    const messages = [
      { role: "user", content: "짜장면" },
      {
        role: "assistant",
        content: "",
        tool_calls: [
          {
            name: "search_restaurants",
            arguments: { query: '짜장면 "곱빼기"', page: 2, open_now: true, category: "중식" },
          },
        ],
      },
      {
        role: "tool",
        name: "search_restaurants",
        content: { items: [], total_count: 0, rating: 4.5, note: null },
      },
      { role: "assistant", content: "결과가 없습니다." },
    ];
    const plan = {
      ...recipe.planItem(1, 0),
      scenario: { ...recipe.planItem(1, 0).scenario, supported: true, turns: 1 },
    };
    const out = recipe.judge(plan, { content: JSON.stringify({ messages }), finishReason: "stop" }, {});
    expect(out.kind).toBe("accepted");
    if (out.kind !== "accepted") return;
    const m = seedShape(out.record).messages;
    expect(m[1].content).toBe(
      '<tool_call>\n{"name": "search_restaurants", "arguments": {"query": "짜장면 \\"곱빼기\\"", "page": 2, "open_now": true, "category": "중식"}}\n</tool_call>',
    );
    expect(m[2].content).toBe(
      '<tool_response>\n{"items": [], "total_count": 0, "rating": 4.5, "note": null}\n</tool_response>',
    );
  });
});
