import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnCli } from "./cli.js";

/** A `dialogsmith worker` process. */
export interface WorkerProcess {
  child: ChildProcess;
  name: string;
  /** stderr so far. */
  log(): string;
  /** SIGTERM: finishes its steps in progress, then exits. */
  stop(): Promise<void>;
  /** kill -9, mid-step. */
  kill(): Promise<void>;
}

/** Starts `dialogsmith worker --queue URL` and waits until it serves steps. */
export async function startWorker(
  queue: string,
  options: { name: string; config?: string; lockMs?: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<WorkerProcess> {
  const args = ["worker", "--queue", queue, "--name", options.name];
  if (options.config) args.push("--config", options.config);
  if (options.lockMs) args.push("--lock-duration", String(options.lockMs));
  const child = spawnCli(args, { env: options.env, cwd: options.cwd });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  child.stdout?.resume();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${stderr}`)), 30_000);
    const check = () => {
      if (!stderr.includes("waiting for steps")) return;
      clearTimeout(timer);
      child.stderr?.off("data", check);
      resolve();
    };
    child.stderr?.on("data", check);
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}:\n${stderr}`)));
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    child,
    name: options.name,
    log: () => stderr,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
}

/** A worker's own config: each `models:` entry pointed at the given server. */
export function workerConfig(
  dir: string,
  name: string,
  entries: Record<string, { url: string; model: string; extra?: string }>,
): string {
  const path = join(dir, `${name}.yaml`);
  const lines = ["models:"];
  for (const [entry, e] of Object.entries(entries))
    lines.push(`  ${entry}: { base_url: ${e.url}, model: ${e.model}${e.extra ? `, ${e.extra}` : ""} }`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}
