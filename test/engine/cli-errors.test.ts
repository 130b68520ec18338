import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closedPort, runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/** Bad input: one line naming the problem and the fix, exit 2, no stack trace. */
function expectOneLineError(res: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(res.code).toBe(2);
  const lines = res.stderr.trim().split("\n");
  expect(lines.some((l) => pattern.test(l))).toBe(true);
  expect(res.stderr).not.toMatch(/\n\s+at /);
}

describe("CLI usage and config errors", () => {
  const dir = tempDir();

  it("lists the commands and prints its version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const c of ["generate", "init"]) expect(help.stdout).toContain(c);
    const version = await runCli(["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("rejects an unknown flag and a bad number", async () => {
    expectOneLineError(await runCli(["generate", "roleplay", "--bogus"]), /unknown option '--bogus'/);
    expectOneLineError(
      await runCli(["generate", "roleplay", "--count", "many"]),
      /--count.*expected an integer/,
    );
  });

  it("names the config path and what was expected", async () => {
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, "models:\n  writer:\n    model: m\n    concurrency: lots\n");
    expectOneLineError(
      await runCli(["generate", "roleplay", "--config", cfg, "--role", "it_sales", "--dry-run"]),
      /bad\.yaml: models\.writer\.concurrency: .*number/,
    );
  });

  it("lists the roles when the role is unknown or missing off a terminal", async () => {
    expectOneLineError(
      await runCli(["generate", "roleplay", "--role", "astronaut", "--dry-run"], { cwd: dir }),
      /unknown role 'astronaut': choose one of crypto_seller, sneakers_seller, it_sales/,
    );
    expectOneLineError(
      await runCli(["generate", "roleplay", "--dry-run"], { cwd: dir }),
      /no role given and not a terminal: pass --role with one of .*crypto_seller/,
    );
  });

  it("reads a role pack from YAML and reports a bad one by path", async () => {
    const good = join(dir, "florist.yaml");
    writeFileSync(
      good,
      "description: продавец цветов\ninstructions: Ты флорист.\nproducts: [розы]\ncustomer_personas: [студент]\nintents: [купить букет]\noutcomes: [покупает]\n",
    );
    const res = await runCli(["generate", "roleplay", "--role-file", good, "--dry-run", "--count", "3"], {
      cwd: dir,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("продавец цветов");
    const bad = join(dir, "bad-role.yaml");
    writeFileSync(bad, "description: x\ninstructions: y\nproducts: []\n");
    expectOneLineError(
      await runCli(["generate", "roleplay", "--role-file", bad, "--dry-run"], { cwd: dir }),
      /bad-role\.yaml: products: /,
    );
  });

  it("refuses to mix runs in one directory", async () => {
    const out = join(dir, "run");
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    // A dry run writes nothing; a real run with no server fails at connect (exit 3) but leaves config.json.
    await runCli(
      [
        "generate",
        "roleplay",
        "--role",
        "it_sales",
        "--base-url",
        url,
        "--model",
        "m",
        "--count",
        "1",
        "--out",
        out,
        "--seed",
        "1",
        "--quiet",
      ],
      { cwd: dir },
    );
    expectOneLineError(
      await runCli(
        [
          "generate",
          "roleplay",
          "--role",
          "it_sales",
          "--base-url",
          url,
          "--model",
          "m",
          "--count",
          "1",
          "--out",
          out,
          "--seed",
          "2",
        ],
        { cwd: dir },
      ),
      /holds a run with seed 1: resume it with the same options, or pass a new --out/,
    );
  });
});
