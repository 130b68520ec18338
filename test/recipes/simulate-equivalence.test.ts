import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { deriveSeed, Rng } from "../../src/core/rng.js";
import { generate } from "../../src/pipelines/generate.js";
import { generateFromRecipe } from "../../src/pipelines/generate-recipe.js";
import { personaSystemPrompt } from "../../src/recipes/roleplay/persona.js";
import type { RolePack } from "../../src/recipes/roleplay/role-pack.js";
import { resolveRolePack } from "../../src/recipes/roleplay/role-packs.js";
import { sampleScenario } from "../../src/recipes/roleplay/scenario.js";
import { tempDir } from "../support/tmp.js";
import {
  answered,
  closeServersAfterEach,
  EXAMPLES,
  fakeServer,
  jsonl,
  modelsConfig,
  russianChat,
} from "./support/fixtures.js";

const dir = tempDir("dialogsmith-simulate-yaml-");
closeServersAfterEach();

const BOUNDS = { minMessages: 6, maxMessages: 10 };
const SEED = 42;

/** Dialogue i's scenario exactly as `--strategy simulate` draws it, as a row of the recipe's seed dataset. */
function scenarioRow(pack: RolePack, index: number, seed = SEED): Record<string, unknown> {
  const scenario = sampleScenario(new Rng(deriveSeed(seed, index)).fork(1), pack, BOUNDS);
  return {
    ...scenario,
    description: pack.description,
    persona_prompt: personaSystemPrompt(pack),
    min_messages: BOUNDS.minMessages,
  };
}

type Message = { role: string; content: string };
type Rec = { id: string; messages: Message[]; metadata: { ended: string; models: Record<string, string> } };

describe("roleplay --strategy simulate as a YAML recipe", () => {
  test("sends the same requests and yields the same dialogues as the built-in strategy", async () => {
    const pack = resolveRolePack({ role: "crypto_seller" });
    const count = 6;
    // Rows for more dialogues than needed: rejected ones are replaced by the next index.
    const rows = join(dir, "scenarios.jsonl");
    writeFileSync(
      rows,
      `${Array.from({ length: 3 * count }, (_, i) => JSON.stringify(scenarioRow(pack, i))).join("\n")}\n`,
    );

    // Two servers with the same seed: each run meets the same "model".
    const builtinServer = await fakeServer({ responder: russianChat });
    const yamlServer = await fakeServer({ responder: russianChat });
    const builtinOut = join(dir, "builtin");
    const yamlOut = join(dir, "yaml");
    const builtin = await generate("roleplay", {
      role: "crypto_seller",
      strategy: "simulate",
      userModel: "customer",
      assistantModel: "persona",
      ...BOUNDS,
      examples: 0,
      count,
      config: modelsConfig(dir, builtinServer, ["customer", "persona"], "builtin.yaml"),
      out: builtinOut,
      quiet: true,
      cacheDir: join(dir, "cache-builtin"),
    });
    const yaml = await generateFromRecipe(undefined, {
      recipe: join(EXAMPLES, "roleplay-simulate.yaml"),
      input: rows,
      count,
      config: modelsConfig(dir, yamlServer, ["customer", "persona"], "yaml.yaml"),
      out: yamlOut,
      quiet: true,
      cacheDir: join(dir, "cache-yaml"),
    });
    if (builtin.kind !== "run" || yaml.kind !== "run") throw new Error("expected runs");

    // Every request, byte for byte (the prompts of both sides at every turn).
    const keys = (s: typeof builtinServer) =>
      answered(s)
        .map((a) => a.key)
        .sort();
    expect(keys(yamlServer)).toEqual(keys(builtinServer));
    expect(answered(builtinServer).length).toBeGreaterThan(count * 6);

    const a = jsonl<Rec>(join(builtinOut, "dataset.jsonl"));
    const b = jsonl<Rec>(join(yamlOut, "dataset.jsonl"));
    expect(a).toHaveLength(count);
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    const turns = (r: Rec) =>
      r.messages.filter((m) => m.role !== "system").map((m) => ({ role: m.role, content: m.content }));
    for (const [i, r] of a.entries()) {
      expect(turns(b[i])).toEqual(turns(r));
      expect(b[i].metadata.models).toEqual(r.metadata.models);
      expect({ natural: "marker", length: "count" }[r.metadata.ended]).toBe(b[i].metadata.ended);
      // The built-in record's system message is the persona alone; the recipe's, the persona's whole prompt.
      expect(b[i].messages[0].content.startsWith(r.messages[0].content)).toBe(true);
    }
    expect(a.some((r) => r.metadata.ended === "natural")).toBe(true);
  });

  test("the example's shipped scenarios are the built-in strategy's own draws for crypto_seller", () => {
    const pack = resolveRolePack({ role: "crypto_seller" });
    const shipped = readFileSync(join(EXAMPLES, "roleplay-simulate-scenarios.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(shipped.length).toBeGreaterThanOrEqual(12);
    for (const [i, line] of shipped.entries()) expect(JSON.parse(line)).toEqual(scenarioRow(pack, i));
  });
});
