import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalRecord, recipeOf } from "../../src/core/record.js";
import { convertRecord, exportDataset, roleplaySeedExporter } from "../../src/formats/export/index.js";
import { detectShape, parseRecord } from "../../src/formats/read/index.js";
import { resolveInput } from "../../src/formats/resolve-input.js";
import { BUILTIN_ROLES } from "../../src/recipes/roleplay/builtin-roles.js";
import { RolePackSchema } from "../../src/recipes/roleplay/role-pack.js";
import { buildRoleplayRecord } from "../../src/recipes/roleplay/roleplay-record.js";
import { buildRoundsRecord } from "../../src/recipes/rounds/rounds-record.js";
import { tempDir } from "../support/tmp.js";
import { roundsHistory, writeJsonl } from "./fixtures.js";

const ok = (value: unknown) => {
  const item = parseRecord(value, 1);
  if (!item.ok) throw new Error(`${item.skipped.reason}: ${item.skipped.detail}`);
  return item.record;
};

const chat = [
  { role: "user", content: "2+2?" },
  { role: "assistant", content: "4" },
];

describe("canonical records: the recipe is read, not guessed", () => {
  it("keeps the key order id, messages, tools, metadata and leaves out an empty tools list", () => {
    const tools = [{ type: "function" as const, function: { name: "f" } }];
    const metadata = { recipe: "x" };
    const messages = chat as never;
    expect(Object.keys(canonicalRecord("a", messages, metadata, tools))).toEqual([
      "id",
      "messages",
      "tools",
      "metadata",
    ]);
    expect(Object.keys(canonicalRecord("a", messages, metadata, []))).toEqual(["id", "messages", "metadata"]);
    expect(recipeOf({ messages: [], metadata: { recipe: "math" } })).toBe("math");
    expect(recipeOf({ messages: [], metadata: { recipe: "" } })).toBeUndefined();
    expect(recipeOf({ rounds: [], metadata: { recipe: "rounds" } })).toBeUndefined();
  });

  it("takes the shape from metadata.recipe; another recipe's records are plain messages", () => {
    for (const recipe of ["roleplay", "math", "tools", "rounds"]) {
      expect(detectShape({ id: "a", messages: chat, metadata: { recipe } })).toBe(recipe);
    }
    expect(detectShape({ id: "a", messages: chat, metadata: { recipe: "debate" } })).toBe("messages");
    // A hint the old guess went by loses against the named recipe: `mode` made any record "math".
    const debate = { id: "d", messages: chat, metadata: { recipe: "debate", mode: "rebuttal" } };
    expect(detectShape(debate)).toBe("messages");
    expect(ok(debate).shape).toBe("messages");
    // Without metadata.recipe (files of 0.2.0, users' files), the fields still decide.
    expect(detectShape({ messages: chat, metadata: { mode: "chain" } })).toBe("math");
    expect(detectShape({ messages: chat, system_prompt: "s" })).toBe("tools");
  });

  it("reads a canonical rounds record's rounds from its metadata, as the history line gave them", () => {
    const canonical = buildRoundsRecord("r1-000001", roundsHistory.rounds, "en");
    const fromCanonical = ok(JSON.parse(JSON.stringify(canonical)));
    const fromHistory = ok(roundsHistory);
    expect(fromCanonical.shape).toBe("rounds");
    expect(fromCanonical.rounds).toEqual(fromHistory.rounds);
    expect(fromCanonical.conversation.messages).toEqual(fromHistory.conversation.messages);
    expect(fromCanonical.conversation.id).toBe("r1-000001");
  });

  it("a rounds run directory is read from dataset.jsonl; one written before it had one, from its last history", async () => {
    const dir = tempDir();
    const run = join(dir, "rounds-run");
    mkdirSync(join(run, "round2"), { recursive: true });
    writeJsonl(join(run, "round2"), "round2_history.jsonl", [roundsHistory]);
    expect(resolveInput(run).files[0].path).toBe(join(run, "round2", "round2_history.jsonl"));
    const old = await exportDataset({ input: run, target: "dpo", out: join(dir, "old.dpo.jsonl") });

    writeJsonl(run, "dataset.jsonl", [buildRoundsRecord(roundsHistory.id, roundsHistory.rounds, "en")]);
    expect(resolveInput(run)).toMatchObject({
      kind: "dataset",
      files: [{ path: join(run, "dataset.jsonl") }],
    });
    const now = await exportDataset({ input: run, target: "dpo", out: join(dir, "new.dpo.jsonl") });
    expect(now.written).toBe(2);
    expect(now.written).toBe(old.written);
    expect(readFileSync(join(dir, "new.dpo.jsonl"), "utf8")).toBe(
      readFileSync(join(dir, "old.dpo.jsonl"), "utf8"),
    );
  });
});

describe("roleplay: canonical record and the seed's shape", () => {
  const turns = [
    { role: "user" as const, content: "Привет!" },
    { role: "assistant" as const, content: "Добрый день!" },
    { role: "user" as const, content: "Сколько стоит курс?" },
    { role: "assistant" as const, content: "10 000 ₽." },
  ];
  const pack = {
    name: "crypto_seller",
    ...RolePackSchema.parse({
      ...BUILTIN_ROLES.crypto_seller,
      speaker_labels: { user: "Клиент", assistant: "Менеджер" },
    }),
  };

  it("writes the persona as the system message and no prompt, completion or order", () => {
    const r = buildRoleplayRecord("roleplay-1-000000", turns, pack, { seed: 1 }, "Ты — продавец.");
    expect(Object.keys(r)).toEqual(["id", "messages", "metadata"]);
    expect(r.messages).toEqual([{ role: "system", content: "Ты — продавец." }, ...turns]);
    expect(r.metadata).toEqual({
      recipe: "roleplay",
      role_type: pack.name,
      generated: true,
      seed: 1,
      num_messages: 4,
      speaker_labels: { user: "Клиент", assistant: "Менеджер" },
    });
    const builtin = { name: "crypto_seller", ...RolePackSchema.parse(BUILTIN_ROLES.crypto_seller) };
    expect(buildRoleplayRecord("x", turns, builtin, {}).metadata).not.toHaveProperty("speaker_labels");
  });

  it("roleplay-seed derives prompt (with the pack's labels), completion and order; reading it back gives the same chat", () => {
    const r = buildRoleplayRecord("roleplay-1-000000", turns, pack, { seed: 1 }, "Ты — продавец.");
    const read = ok(JSON.parse(JSON.stringify(r)));
    const out = convertRecord(roleplaySeedExporter, read);
    if (!out.ok) throw new Error(out.detail);
    const [seed] = out.values as Record<string, unknown>[];
    expect(seed).toEqual({
      id: "roleplay-1-000000",
      prompt: "system: Ты — продавец.\nКлиент: Привет!\nМенеджер: Добрый день!\nКлиент: Сколько стоит курс?",
      completion: "10 000 ₽.",
      messages: r.messages.map((m, order) => ({ ...m, order })),
      metadata: { role_type: pack.name, generated: true, seed: 1, num_messages: 4 },
    });
    const back = ok(seed);
    expect(back.shape).toBe("roleplay");
    expect(back.conversation.messages).toEqual(read.conversation.messages);
  });
});
