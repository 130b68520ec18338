import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { REPO_ROOT } from "../support/cli.js";

/** Names only the authors know: the seed documents, their scripts, the old library. */
const INSIDER = /\(seed \d{3}\)|seed \d{3}\b|the seed's|re_rl|generator\.py|run_generate/i;

function helpOf(cmd: Command): string[] {
  return [cmd.helpInformation(), ...cmd.commands.flatMap(helpOf)];
}

/** The help of every command, each loaded as it is when it runs. */
async function allHelp(): Promise<string[]> {
  const top = await buildProgram([]);
  const texts = helpOf(top);
  for (const c of top.commands) {
    const paths = c.commands.length ? c.commands.map((sub) => [c.name(), sub.name()]) : [[c.name()]];
    for (const path of paths) {
      let cmd: Command | undefined = await buildProgram(path);
      for (const name of path) cmd = cmd?.commands.find((x) => x.name() === name);
      if (cmd) texts.push(...helpOf(cmd));
    }
  }
  return texts;
}

describe("words a user knows", () => {
  it("--help names things by what they do, never by the seed documents or old scripts", async () => {
    const texts = await allHelp();
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.filter((t) => INSIDER.test(t)).map((t) => t.split("\n")[0])).toEqual([]);
  });

  it("the README's first screen says math is Russian by default and how to get English", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const firstScreen = readme.split("\n").slice(0, 25).join("\n");
    expect(firstScreen).toMatch(/generate math/);
    expect(firstScreen).toMatch(/Russian by default/);
    expect(firstScreen).toMatch(/`--lang en` for English/);
  });

  it("the README speaks of the old scripts only in its one section about them", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const sections = readme.split(/^(?=## )/m);
    const old = sections.filter((s) => s.startsWith("## Coming from the original scripts"));
    expect(old).toHaveLength(1);
    expect(old[0]).toMatch(/generator\.py/);
    const rest = sections.filter((s) => s !== old[0]).join("");
    expect(rest.split("\n").filter((l) => INSIDER.test(l))).toEqual([]);
  });
});
