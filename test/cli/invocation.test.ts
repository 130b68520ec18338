import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invocation } from "../../src/cli/invocation.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { BIN, REPO_ROOT, runCli } from "../support/cli.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";

/** The environment without npm's variables (tests may themselves run under `npm test`). */
function withoutNpm(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("npm_")) env[k] = v;
  return { ...env, ...extra };
}

describe("the command form suggested to the user", () => {
  it("is the form that started dialogsmith", () => {
    const script = "/home/u/proj/node_modules/dialogsmith/bin/dialogsmith.js";
    expect(invocation({ npm_command: "exec" }, script, "/home/u/proj")).toBe("npx dialogsmith");
    expect(invocation({ npm_command: "run-script" }, script, "/home/u/proj")).toBe("npx dialogsmith");
    expect(invocation({}, "/home/u/proj/node_modules/.bin/dialogsmith", "/home/u/proj")).toBe(
      "npx dialogsmith",
    );
    expect(invocation({}, "/usr/local/bin/dialogsmith", "/home/u/proj")).toBe("dialogsmith");
    expect(invocation({}, "/home/u/dialogsmith/bin/dialogsmith.js", "/home/u/dialogsmith")).toBe(
      "node bin/dialogsmith.js",
    );
    expect(invocation({}, "/opt/my tools/bin/dialogsmith.js", "/home/u")).toBe(
      "node '/opt/my tools/bin/dialogsmith.js'",
    );
  });
});

describe("hints after a run", () => {
  const dir = tempDir();
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ responder: roleplayResponder(), models: ["m"] });
  });
  afterAll(() => server.close());
  const run = (out: string, extra: string[], env: NodeJS.ProcessEnv) =>
    runCli(roleplayArgs(server.url, out, ["--cache-dir", join(dir, "cache"), ...extra]), { cwd: dir, env });

  it("after a successful generate: one line of next steps with the run directory, in the user's form", async () => {
    const res = await run(join(dir, "ok run"), ["--count", "2"], withoutNpm({ npm_command: "exec" }));
    expect(res.code).toBe(0);
    expect(res.stderr.trim().split("\n").at(-1)).toBe(
      "next: npx dialogsmith stats 'ok run'; npx dialogsmith export 'ok run' --to openai; npx dialogsmith report 'ok run'",
    );
  });

  it("the resume hint of a run stopped short says npx dialogsmith when npx started it", async () => {
    server.setBehaviour({ responder: () => "not a dialogue" });
    try {
      const res = await run(
        join(dir, "short"),
        ["--count", "1", "--max-attempts", "1", "--no-cache"],
        withoutNpm({ npm_command: "exec" }),
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toContain("Resume with: npx dialogsmith generate roleplay --resume short\n");
      expect(res.stderr).not.toMatch(/next: /);
    } finally {
      server.setBehaviour({ responder: roleplayResponder() });
    }
  });

  it("run through the real npx in a user's project, the hints say npx dialogsmith", async () => {
    // A user's project with dialogsmith installed (linked to this checkout, as `npm install` would
    // lay it out): npx finds the local bin without reading the whole tree of our own dependencies.
    const project = join(dir, "user-project");
    mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
    writeFileSync(join(project, "package.json"), '{"name": "user-project", "private": true}\n');
    symlinkSync(REPO_ROOT, join(project, "node_modules", "dialogsmith"));
    symlinkSync("../dialogsmith/bin/dialogsmith.js", join(project, "node_modules", ".bin", "dialogsmith"));
    const out = join(dir, "npx-math");
    const res = await runShim(
      "npx",
      ["--no", "dialogsmith", "generate", "math", "--count", "2", "--out", out],
      project,
    );
    expect(res.code).toBe(0);
    expect(res.stderr.trim().split("\n").at(-1)).toBe(
      `next: npx dialogsmith stats ${out}; npx dialogsmith export ${out} --to openai; npx dialogsmith report ${out}`,
    );
  });

  it("from a global install on PATH, the hint is plain dialogsmith", async () => {
    const bin = join(dir, "global-bin");
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, "dialogsmith"));
    const res = await runShim(
      join(bin, "dialogsmith"),
      ["generate", "math", "--count", "3", "--out", "m"],
      dir,
    );
    expect(res.code).toBe(0);
    expect(res.stderr.trim().split("\n").at(-1)).toBe(
      "next: dialogsmith stats m; dialogsmith export m --to openai; dialogsmith report m",
    );
  });
});

/** Runs a command by name or path, as a shell would (e.g. a global install's `dialogsmith` on PATH). */
async function runShim(shim: string, args: string[], cwd: string) {
  const { spawn } = await import("node:child_process");
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(shim, args, { cwd, env: withoutNpm(), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
