import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli } from "../support/cli.js";

// Spawns the compiled CLI: `npm test` builds dist/ first; a bare `vitest run` before any build skips.
const built = existsSync(fileURLToPath(new URL("../../dist/cli/commands/fake-server.js", import.meta.url)));

describe.skipIf(!built)("dialogsmith fake-server", () => {
  it("prints its URL on stdout, serves the SDK with the key from the environment, and stops on SIGTERM", async () => {
    const key = "sk-canary-cli-5e1f";
    const child = spawnCli(
      ["fake-server", "--models", "m1,m2", "--api-key-env", "FAKE_SERVER_KEY", "--fail-kinds", "503"],
      {
        env: { FAKE_SERVER_KEY: key },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (d) => {
        stdout += d;
        if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
      });
      child.on("close", () => reject(new Error(`fake-server exited early: ${stderr}`)));
    });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const client = new OpenAI({ baseURL: url, apiKey: key, maxRetries: 0 });
      expect((await client.models.list()).data.map((m) => m.id)).toEqual(["m1", "m2"]);
      const r = await client.chat.completions.create({
        model: "m2",
        messages: [{ role: "user", content: "hi" }],
      });
      expect(r.choices[0].message.content).toContain("hi");
      const denied = await new OpenAI({ baseURL: url, apiKey: "sk-wrong", maxRetries: 0 }).models
        .list()
        .catch((e) => e);
      expect(denied.status).toBe(401);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain("fake server stopped: 3 requests");
    expect(stdout + stderr).not.toContain(key);
  });

  it("rejects an unknown fault kind as a usage error", async () => {
    const r = await runCli(["fake-server", "--fail-kinds", "429,explode"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fail-kinds: unknown fault 'explode'/);
  });
});
