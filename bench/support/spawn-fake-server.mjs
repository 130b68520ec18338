import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Starts the fake server in a child process; resolves with { url, stop } (stop resolves with its stats). */
export function spawnFakeServer(options) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL("./fake-server-process.mjs", import.meta.url)), JSON.stringify(options)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n"))
        resolve({
          url: line.trim(),
          stop: () =>
            new Promise((r) => {
              child.on("close", () => {
                const last = out.trim().split("\n").at(-1);
                r(last?.startsWith("{") ? JSON.parse(last) : undefined);
              });
              child.kill("SIGTERM");
            }),
        });
    });
    child.on("error", reject);
    child.on("close", (code) => reject(new Error(`fake server exited with ${code}`)));
  });
}
