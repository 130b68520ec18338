import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closedPort } from "./cli.js";

/**
 * A real redis-server (Debian's package) on a random loopback port, for the distributed tests:
 * never a mock. Its data lives in a temp directory with an append-only file written on every
 * command, so a restart (even after kill -9) finds the queue as it was.
 */
export interface TestRedis {
  /** `redis://127.0.0.1:PORT/DB`. */
  url: string;
  port: number;
  /** Where it keeps its data (the append-only file): tests read it to check what Redis holds. */
  dir: string;
  /** Stops the server (SIGKILL: nothing is flushed beyond what the AOF already holds). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** While stopped: forgets everything it held (a Redis restarted without its data). */
  wipe(): void;
  /** Stops it for good and removes its data. */
  stop(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

export async function startRedis(db = 0): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "dialogsmith-redis-"));
  let port = await closedPort();
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    for (let tries = 0; ; tries++) {
      try {
        child = await spawnRedis(port, dir);
        return;
      } catch (error) {
        // Another process took the port between closedPort() and the bind: pick another.
        if (tries >= 4 || child) throw error;
        port = await closedPort();
      }
    }
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  };
  await launch();
  return {
    get url() {
      return `redis://127.0.0.1:${port}/${db}`;
    },
    get port() {
      return port;
    },
    dir,
    kill,
    start: async () => {
      if (!child) child = await spawnRedis(port, dir);
    },
    wipe: () => {
      if (child) throw new Error("stop redis-server before wiping its data");
      for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--loglevel",
      "notice",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => fail(new Error(`redis-server did not start:\n${log}`)), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    const onData = (d: Buffer) => {
      log += d;
      if (log.includes("Ready to accept connections")) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d) => {
      log += d;
    });
    child.once("exit", (code) => fail(new Error(`redis-server exited with ${code}:\n${log}`)));
    child.once("error", fail);
  });
}
