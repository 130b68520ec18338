import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDataset } from "../../src/formats/export/index.js";
import { generate } from "../../src/pipelines/generate.js";
import { generateFromRecipe } from "../../src/pipelines/generate-recipe.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { recipeResponder } from "../support/recipe-responder.js";
import { tempDir } from "../support/tmp.js";
import { toolsResponder } from "./support/tools-responder.js";

/**
 * A tool call's arguments reach the dataset and its exports in one canonical spelling, whatever
 * form the model gave them in (an object in its JSON, or an OpenAI-style JSON string): compact,
 * keys in the model's order, every number as the model wrote it (`4.50`, `0.0000001`, `3.0` are
 * not `4.5`, `1e-7`, `3`). Through the fake server and the openai SDK.
 */
const PACK = join(import.meta.dirname, "../fixtures/tools/delivery-with-numbers.yaml");
const NUMBERS = '"min_rating":4.50,"max_distance_km":0.0000001,"page":3.0';
const CANONICAL =
  /^\{"query":"[^"]+","sort":"rating","min_rating":4\.50,"max_distance_km":0\.0000001,"page":3\.0\}$/;

/** A call's arguments object (compact JSON text) as an OpenAI-style string, spaced as models often do. */
const asSpacedString = (object: string) =>
  JSON.stringify(object.replaceAll('":', '": ').replaceAll(',"', ', "'));

/** The writer of toolsResponder with its calls spelled as a model might: exact numbers, both forms. */
function spellingResponder(forms: { object: number; string: number }) {
  const inner = toolsResponder();
  let n = 0;
  return async (...args: Parameters<typeof inner>) => {
    const text = (await inner(...args)) as string;
    const asString = n++ % 2 === 1;
    return text
      .replace(
        /("name":"search_restaurants","arguments":)(\{[^{}]*\})/g,
        (_, head: string, object: string) => {
          const exact = object.replace(/\}$/, `,${NUMBERS}}`);
          forms[asString ? "string" : "object"]++;
          return head + (asString ? asSpacedString(exact) : exact);
        },
      )
      .replace(
        /("name":"get_restaurant_detail","arguments":)(\{[^{}]*\})/g,
        (_, head: string, object: string) => head + asSpacedString(object),
      );
  };
}

describe("tool-call arguments keep the model's spelling", () => {
  const root = tempDir();
  const config = join(root, "dialogsmith.yaml");
  writeFileSync(config, "# empty\n");
  let server: FakeOpenAIServer;
  const out = join(root, "run");
  const forms = { object: 0, string: 0 };

  beforeAll(async () => {
    server = await startFakeOpenAIServer({ responder: spellingResponder(forms), models: ["fake-model"] });
    const result = await generate("tools", {
      config,
      out,
      model: "fake-model",
      baseUrl: server.url,
      cacheDir: join(root, "cache"),
      seed: 7,
      count: 6,
      concurrency: 2,
      domain: PACK,
    });
    expect(result.kind).toBe("run");
  });
  afterAll(async () => {
    await server.close();
  });

  /** Every call's arguments string in a file of OpenAI-shaped records. */
  const argumentsIn = (path: string, name: string): string[] =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter(Boolean)
      .flatMap((l) => JSON.parse(l).messages)
      .flatMap(
        (m: { tool_calls?: { function: { name: string; arguments: string } }[] }) => m.tool_calls ?? [],
      )
      .filter((c: { function: { name: string } }) => c.function.name === name)
      .map((c: { function: { arguments: string } }) => c.function.arguments);

  it("dataset.jsonl holds the numbers as the model spelled them, in either form", () => {
    expect(forms.object, "no call given as an object").toBeGreaterThan(0);
    expect(forms.string, "no call given as a JSON string").toBeGreaterThan(0);
    const search = argumentsIn(join(out, "dataset.jsonl"), "search_restaurants");
    expect(search.length).toBeGreaterThan(0);
    for (const a of search) expect(a).toMatch(CANONICAL);
  });

  it("arguments given as a spaced JSON string are written compactly, as an object's are", () => {
    const detail = argumentsIn(join(out, "dataset.jsonl"), "get_restaurant_detail");
    expect(detail.length).toBeGreaterThan(0);
    for (const a of detail) expect(a).toMatch(/^\{"restaurant_id":"[^"]+"\}$/);
  });

  it("the openai export carries the same bytes", async () => {
    const exported = join(root, "openai.jsonl");
    await exportDataset({ input: join(out, "dataset.jsonl"), target: "openai", out: exported });
    const names = ["search_restaurants", "get_restaurant_detail"];
    for (const name of names)
      expect(argumentsIn(exported, name)).toEqual(argumentsIn(join(out, "dataset.jsonl"), name));
  });

  it.each(["trl", "sft", "trl-prompt-completion"])(
    "the %s export writes the arguments object with the same numbers",
    async (target) => {
      const exported = join(root, `${target}.jsonl`);
      await exportDataset({ input: join(out, "dataset.jsonl"), target: target as never, out: exported });
      const lines = readFileSync(exported, "utf8").split("\n").filter(Boolean);
      const calling = lines.filter((l) => l.includes('"name":"search_restaurants","arguments":{'));
      expect(calling.length).toBeGreaterThan(0);
      for (const l of calling) {
        expect(l).toContain(`"sort":"rating",${NUMBERS}}`);
        expect(() => JSON.parse(l)).not.toThrow();
      }
    },
  );
});

describe("a YAML recipe's tool calls (the API's tool_calls) keep the model's numbers", () => {
  const root = tempDir();
  let server: FakeOpenAIServer;
  afterAll(async () => {
    await server?.close();
  });

  it("in the dataset and in the tools' simulator prompt", async () => {
    const spaced =
      '{"query": "짜장면", "sort": "rating", "min_rating": 4.50, "max_distance_km": 0.0000001, "page": 3.0}';
    // The recipe checks the dialogue is Korean.
    const words = ["주문", "메뉴", "배달", "가게", "치킨", "감사합니다", "확인", "결제"];
    const inner = recipeResponder({
      text: (_b, ctx) => Array.from({ length: 6 }, () => words[ctx.rng.int(0, words.length - 1)]).join(" "),
    });
    server = await startFakeOpenAIServer({
      models: "any",
      responder: async (body, ctx) => {
        const reply = await inner(body, ctx);
        // Every call the agent makes is this search, its arguments spelled as a model might.
        if (typeof reply === "object" && reply.toolCalls)
          return { toolCalls: [{ name: "search_restaurants", arguments: spaced }] };
        return reply;
      },
    });
    const recipe = join(root, "support.yaml");
    const example = readFileSync(
      join(import.meta.dirname, "../../examples/recipes/delivery-support.yaml"),
      "utf8",
    );
    writeFileSync(recipe, example.replace(/domain: delivery\b/, `domain: ${JSON.stringify(PACK)}`));
    const config = join(root, "models.yaml");
    const entry = (n: string) => `  ${n}: { base_url: ${server.url}, model: ${n}-model, concurrency: 2 }`;
    writeFileSync(config, `models:\n${["customer", "agent", "backend"].map(entry).join("\n")}\n`);
    const out = join(root, "run");
    const result = await generateFromRecipe(undefined, { recipe, config, count: 2, out, quiet: true });
    expect(result.kind).toBe("run");
    const calls = readFileSync(join(out, "dataset.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .flatMap((l) => JSON.parse(l).messages)
      .flatMap((m: { tool_calls?: { function: { arguments: string } }[] }) => m.tool_calls ?? []);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.function.arguments).toMatch(CANONICAL);
    // The simulator is shown the call as the model made it.
    const prompts = server.requests
      .filter((r) => (r.body as { model?: string })?.model === "backend-model")
      .map((r) => JSON.stringify(r.body));
    expect(prompts.length).toBeGreaterThan(0);
    for (const p of prompts) expect(p).toContain(NUMBERS.replaceAll('"', '\\"'));
  });
});
