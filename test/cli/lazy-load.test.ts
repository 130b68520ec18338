import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BIN, REPO_ROOT } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

const run = promisify(execFile);
const HOOK = fileURLToPath(new URL("../support/module-log.mjs", import.meta.url));
const DIST = pathToFileURL(join(REPO_ROOT, "dist/")).href;
const NODE_MODULES = pathToFileURL(join(REPO_ROOT, "node_modules/")).href;

/** The project modules (relative to dist/) and packages a CLI invocation loads. */
async function loadedModules(args: string[], name: string): Promise<{ dist: string[]; packages: string[] }> {
  const log = join(dir, `${name}.log`);
  await run(process.execPath, ["--import", HOOK, BIN, ...args], {
    cwd: dir,
    env: { ...process.env, DIALOGSMITH_MODULE_LOG: log },
  });
  const urls = readFileSync(log, "utf8").trim().split("\n");
  const dist = urls.filter((u) => u.startsWith(DIST)).map((u) => u.slice(DIST.length));
  const packages = urls
    .filter((u) => u.startsWith(NODE_MODULES))
    .map((u) => u.slice(NODE_MODULES.length).split("/")[0] ?? "");
  return { dist: [...new Set(dist)].sort(), packages: [...new Set(packages)].sort() };
}

const dir = tempDir();
// What the program needs before it knows which command runs; nothing else may load up front.
// The recipe registry is a list of names, summaries and loaders (no imports): `generate --help` lists them.
const START_UP = [
  "cli/main.js",
  "cli/output.js",
  "cli/program.js",
  "core/errors.js",
  "core/version.js",
  "recipes/registry.js",
];

describe("start-up loads only the command that runs", () => {
  it("--version and --help load no command module and no dependency but commander", async () => {
    for (const args of [["--version"], ["--help"], ["generate", "--help"]]) {
      const loaded = await loadedModules(args, args.join("_"));
      expect(loaded.dist, args.join(" ")).toEqual(START_UP);
      expect(loaded.packages, args.join(" ")).toEqual(["commander"]);
    }
  });

  it("a command loads its own module, not the others'", async () => {
    const loaded = await loadedModules(["generate", "math", "--list"], "math");
    expect(loaded.dist).toContain("cli/commands/generate-math.js");
    expect(loaded.dist.filter((m) => m.startsWith("cli/commands/"))).toEqual([
      "cli/commands/generate-math.js",
    ]);
    // The math recipe needs no model: the OpenAI SDK stays unloaded.
    expect(loaded.packages).not.toContain("openai");
  });

  it("a loaded command keeps its description in its own help", async () => {
    const { stdout } = await run(process.execPath, [BIN, "export", "--help"], { cwd: dir });
    expect(stdout).toMatch(/Usage: dialogsmith export \[options\] <input>\n\nconvert a dataset/);
  });
});
