import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeRange, optionFields } from "../../src/recipes/recipe-options.js";

const Options = z.object({
  min_messages: z.int().min(2).max(1000).default(40).describe("fewest messages a dialogue may have"),
  strategy: z.enum(["oneshot", "simulate"]).default("oneshot").describe("how a dialogue is written"),
  unsupported_ratio: z.number().min(0).max(1).default(0.1).describe("share of requests no tool can serve"),
  modes: z
    .array(z.enum(["chain", "followup"]))
    .optional()
    .describe("dialogue modes"),
  language: z.string().optional().meta({ flag: "lang", valueName: "code", description: "language" }),
  gold: z.boolean().default(false).describe("also write the gold set"),
  max_tokens: z.object({ question: z.int() }).partial().optional().describe("per-step caps"),
  timeout: z.number().gt(0).lt(3600).optional().describe("seconds"),
});

describe("optionFields reads a recipe's options schema", () => {
  const fields = Object.fromEntries(optionFields(Options).map((f) => [f.key, f]));

  it("gives each key a kebab-case flag, its description and default", () => {
    expect(fields.min_messages).toMatchObject({
      flag: "min-messages",
      kind: "integer",
      min: 2,
      max: 1000,
      defaultValue: 40,
      description: "fewest messages a dialogue may have",
      valueName: "n",
    });
    expect(fields.language).toMatchObject({ flag: "lang", valueName: "code", kind: "string" });
  });

  it("knows enums, lists of fixed values, booleans and YAML-only objects", () => {
    expect(fields.strategy).toMatchObject({ kind: "enum", choices: ["oneshot", "simulate"] });
    expect(fields.modes).toMatchObject({ kind: "list", itemChoices: ["chain", "followup"] });
    expect(fields.gold).toMatchObject({ kind: "boolean", defaultValue: false });
    expect(fields.max_tokens).toMatchObject({ kind: "object", yamlOnly: true });
  });

  it("describes ranges in words, exclusive bounds included", () => {
    expect(describeRange(fields.unsupported_ratio)).toBe("0 to 1");
    expect(describeRange(fields.strategy)).toBe("one of oneshot, simulate");
    expect(fields.timeout).toMatchObject({ min: 0, max: 3600 });
  });
});
