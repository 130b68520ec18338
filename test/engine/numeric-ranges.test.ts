import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command, type Option } from "commander";
import { describe, expect, it } from "vitest";
import { formatRange, type NumberRange } from "../../src/cli/options.js";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/**
 * Every numeric option has a documented range, enforced with exit 2: `--timeout 3000000` was
 * accepted and made every request time out at once (a timer of more than 2^31 ms fires at once).
 */
const dir = tempDir("dialogsmith-ranges-");

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

/** Every command with its options: each command file registers its own (they load lazily). */
async function everyCommand(): Promise<Command> {
  const root = new Command("dialogsmith");
  const folder = join(__dirname, "../../src/cli/commands");
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts"))) {
    const module = (await import(join(folder, file))) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(module))
      if (name.startsWith("register") && typeof fn === "function") (fn as (parent: Command) => void)(root);
  }
  return root;
}

/** Placeholders that take a number (`<range>` is --difficulty's N or N-M, checked on its own). */
const NUMERIC = /<(n|s|usd|r|f|jaccard)>$/;

describe("numeric options", () => {
  it("each one, in every command, has a range shown in its --help text", async () => {
    const program = await everyCommand();
    const seen: string[] = [];
    for (const cmd of allCommands(program)) {
      for (const option of cmd.options as (Option & { range?: NumberRange })[]) {
        if (!NUMERIC.test(option.flags)) continue;
        seen.push(`${cmd.name()} ${option.long}`);
        expect(option.range, `${cmd.name()} ${option.flags}`).toBeDefined();
        expect(option.description).toContain(`(${formatRange(option.range!)})`);
      }
    }
    // The run and model flags of every generate command, and the dataset tools' own.
    for (const name of [
      "roleplay --timeout",
      "math --count",
      "rounds --concurrency",
      "tools --max-cost",
      "dedup --near",
    ])
      expect(seen).toContain(name);
  });

  it("a value out of range is exit 2 with one line naming the flag and the range; --help shows it", async () => {
    const res = await runCli([
      "generate",
      "roleplay",
      "--role",
      "it_sales",
      "--timeout",
      "3000000",
      "--dry-run",
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr.split("\n")[0]).toMatch(
      /option '--timeout <s>' argument '3000000' is invalid\. expected a number from 0\.1 to 3600, got 3000000/,
    );
    for (const args of [
      ["generate", "math", "--count", "0"],
      ["generate", "math", "--count", "1e9"],
      ["generate", "roleplay", "--concurrency", "5000"],
      ["generate", "rounds", "--max-cost", "-1"],
      ["stats", "x.jsonl", "--examples", "2000"],
    ])
      expect((await runCli(args)).code, args.join(" ")).toBe(2);

    const help = await runCli(["generate", "roleplay", "--help"]);
    expect(help.stdout).toMatch(/--timeout <s>\s+request timeout in seconds \(0\.1-3600\)/);
    expect(help.stdout).toMatch(/--count <n>\s+number of accepted records to produce\s+\(1-100,000,000\)/);
  });

  it("the config file has the same ranges", async () => {
    const cfg = join(dir, "dialogsmith.yaml");
    writeFileSync(cfg, "models:\n  writer:\n    model: m\n    timeout_s: 3000000\n");
    const res = await runCli(["generate", "roleplay", "--role", "it_sales", "--config", cfg, "--dry-run"]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toMatch(/dialogsmith\.yaml: models\.writer\.timeout_s: .*3600/);
  });
});
