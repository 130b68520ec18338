import { spawn, spawnSync } from "node:child_process";
import xterm from "@xterm/headless";
import { BIN } from "./cli.js";

export const COLUMNS = 160;

/** util-linux `script` gives a child a real pseudo-terminal; absent on some systems. */
export const hasScript = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;

/** What a terminal of COLUMNS columns shows after receiving `output`: its lines, trailing blanks cut. */
export async function screenLines(output: string): Promise<string[]> {
  const term = new xterm.Terminal({ cols: COLUMNS, rows: 50, scrollback: 1000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(output, resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
  while (lines.length && lines.at(-1) === "") lines.pop();
  term.dispose();
  return lines;
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * Runs the CLI on a pseudo-terminal (stdin, stdout and stderr all a TTY of COLUMNS columns).
 * `whenSeen(output)` is called as output arrives; returning true presses Ctrl-C once.
 */
export function runOnTerminal(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; ctrlCWhen?: (output: string) => boolean },
): Promise<{ code: number | null; output: string }> {
  const command = `stty cols ${COLUMNS} rows 50; exec ${[process.execPath, BIN, ...args].map(quote).join(" ")}`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  let pressed = false;
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString("utf8");
    if (!pressed && options.ctrlCWhen?.(output)) {
      pressed = true;
      child.stdin.write("\x03");
    }
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
