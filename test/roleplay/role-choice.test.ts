import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { generate } from "../../src/pipelines/generate.js";
import type { ChoiceRequest } from "../../src/recipes/define-recipe.js";
import { tempDir } from "../support/tmp.js";

/**
 * With no role given, `generate roleplay` asks through the caller's `choose` (the CLI's picker on
 * a terminal): the answer becomes the run's role pack; without anyone to ask it is an error.
 */
const dir = tempDir();
const config = join(dir, "dialogsmith.yaml");
writeFileSync(
  config,
  "roles:\n  florist:\n    description: продавец цветов\n    instructions: Ты флорист.\n    products: [розы]\n    customer_personas: [студент]\n    intents: [купить букет]\n    outcomes: [покупает]\n",
);

async function dryRun(answer: { choice: string } | { custom: string } | undefined) {
  const asked: ChoiceRequest[] = [];
  const result = await generate(
    "roleplay",
    { config, dryRun: true, count: 2, out: join(dir, "dry") },
    {
      choose: async (request) => {
        asked.push(request);
        return answer;
      },
    },
  );
  if (result.kind !== "dry-run") throw new Error("expected a dry run");
  return { result, asked };
}

describe("roleplay: the role asked for when none is given", () => {
  it("offers the config's roles and the built-ins, and runs the chosen one", async () => {
    const { result, asked } = await dryRun({ choice: "florist" });
    expect(asked).toHaveLength(1);
    expect(asked[0].choices).toEqual(["florist", "crypto_seller", "sneakers_seller", "it_sales"]);
    expect(asked[0].custom?.label).toBe("custom (describe one)");
    expect(result.sample?.system).toContain("продавец цветов");
  });

  it("a described persona becomes a custom pack", async () => {
    const { result } = await dryRun({ custom: "  продавец курсов английского " });
    expect(result.sample?.system).toContain("продавец курсов английского");
  });

  it("a cancelled choice or an empty description is a usage error saying what to pass", async () => {
    await expect(dryRun(undefined)).rejects.toThrow(new UsageError("no role chosen: pass --role NAME"));
    await expect(dryRun({ custom: " " })).rejects.toThrow(
      new UsageError("no role described: pass --role NAME or --role-file FILE"),
    );
  });

  it("with nobody to ask, the error lists the roles", async () => {
    await expect(generate("roleplay", { config, dryRun: true })).rejects.toThrow(
      /^no role given and not a terminal: pass --role with one of florist, crypto_seller, sneakers_seller, it_sales$/,
    );
  });
});
