import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createProgressView } from "../../src/cli/progress-view.js";
import type { EngineProgress } from "../../src/engine/progress.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { runCli } from "../support/cli.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { hasScript, runOnTerminal, screenLines } from "../support/terminal-screen.js";
import { tempDir } from "../support/tmp.js";

function progress(accepted: number, elapsedS: number): EngineProgress {
  return {
    requested: 100,
    accepted,
    rejected: 0,
    failed: 0,
    inFlight: 4,
    requests: accepted,
    cached: 0,
    promptTokens: 1000,
    completionTokens: 2000,
    costUsd: 0,
    elapsedS,
  };
}

/** A non-TTY stream that records what is written, one entry a line. */
function logStream() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on("data", (d: Buffer) => lines.push(...d.toString().split("\n").filter(Boolean)));
  return { stream: stream as unknown as NodeJS.WriteStream, lines };
}

describe("progress off a terminal", () => {
  it("shows no ETA until the rate is known, then one from the run's rate", () => {
    vi.useFakeTimers();
    try {
      const { stream, lines } = logStream();
      const view = createProgressView("roleplay", { stream });
      view.update(progress(1, 0.6));
      vi.advanceTimersByTime(5000);
      view.update(progress(2, 5.6));
      vi.advanceTimersByTime(5000);
      view.update(progress(20, 10));
      expect(lines).toHaveLength(3);
      expect(lines[0]).not.toMatch(/ETA/);
      expect(lines[1]).not.toMatch(/ETA/);
      // 80 left at 2 a second.
      expect(lines[2]).toMatch(/ 20\/100 accepted, .* \| ETA 40s$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("prints the final state once, however often it is stopped", () => {
    const { stream, lines } = logStream();
    const view = createProgressView("roleplay", { stream });
    view.update(progress(1, 1));
    view.update(progress(2, 2));
    view.stop();
    view.stop();
    view.update(progress(3, 3));
    expect(lines).toEqual([expect.stringMatching(/ 1\/100 /), expect.stringMatching(/ 2\/100 /)]);
    const idle = logStream();
    const printed = createProgressView("roleplay", { stream: idle.stream });
    printed.update(progress(1, 1));
    printed.stop();
    expect(idle.lines).toHaveLength(1);
  });
});

describe("progress of a real run", () => {
  const dir = tempDir();
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      responder: roleplayResponder(),
      models: ["m"],
      latencyMs: 300,
      concurrency: 1,
    });
  });
  afterAll(() => server.close());
  const args = (out: string, count: number) =>
    roleplayArgs(server.url, out, [
      "--concurrency",
      "2",
      "--count",
      String(count),
      "--no-cache",
      "--cache-dir",
      `${dir}/cache`,
    ]);

  it("off a terminal ends with the summary: no progress line after it", async () => {
    const out = `${dir}/plain`;
    const res = await runCli(args(out, 2), { cwd: dir });
    expect(res.code).toBe(0);
    const lines = res.stderr.trim().split("\n");
    const summary = lines.findIndex((l) => /^roleplay: 2\/2 accepted, .* in [\d.]+s; /.test(l));
    expect(lines.slice(summary + 1)).toEqual(["run directory: plain", expect.stringMatching(/^next: /)]);
  });

  it.skipIf(!hasScript)(
    "on a terminal, Ctrl-C leaves the bar above the notice and the summary intact",
    async () => {
      const out = `${dir}/tty`;
      const { code, output } = await runOnTerminal(args(out, 12), {
        cwd: dir,
        ctrlCWhen: (text) => /\| [1-9]\d*\/12 \|/.test(text),
      });
      expect(code).toBe(1);
      const screen = await screenLines(output);
      const at = (pattern: RegExp) => screen.findIndex((l) => pattern.test(l));
      const bars = screen.filter((l) => l.includes("roleplay |"));
      expect(bars, screen.join("\n")).toHaveLength(1);
      const bar = at(/roleplay \|/);
      const notice = at(/^dialogsmith: stopping: /);
      const summary = at(/^roleplay: \d+\/12 accepted/);
      const runDir = at(/^run directory: /);
      expect(screen[notice]).toBe(
        "dialogsmith: stopping: finishing requests in flight (Ctrl-C again to quit now)",
      );
      expect(screen[runDir]).toBe("run directory: tty");
      expect(bar).toBeGreaterThanOrEqual(0);
      expect([bar < notice, notice < summary, summary < runDir]).toEqual([true, true, true]);
    },
  );
});
