import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

describe("a YAML syntax error in a file the user wrote", () => {
  const dir = tempDir();

  it("is one line with file:line:column and the offending line, exit 2", async () => {
    const cfg = join(dir, "dialogsmith.yaml");
    writeFileSync(cfg, "models:\n  writer:\n    model: m\n    tags: [a, b\nroleplay:\n  model: writer\n");
    const res = await runCli(["generate", "roleplay", "--role", "it_sales", "--dry-run"], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `dialogsmith: error: ${cfg}:5:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (line 5: "roleplay:")\n`,
    );
  });

  it("in a role pack names the pack's line", async () => {
    const packs = join(dir, "packs");
    mkdirSync(packs);
    const pack = join(packs, "florist.yaml");
    writeFileSync(pack, "description: продавец цветов\ninstructions: Ты флорист.\n  products: [розы]\n");
    const res = await runCli(["generate", "roleplay", "--role-file", pack, "--dry-run"], {
      cwd: packs,
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^dialogsmith: error: .*florist\.yaml:2:15: not valid YAML: Nested mappings are not allowed in compact mappings \(line 2: "instructions: Ты флорист\."\)\n$/,
    );
  });
});
