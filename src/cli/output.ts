/**
 * The CLI owns the terminal: everything user-facing goes through here. Messages go to stderr so
 * stdout stays clean for data (e.g. `export --out -`).
 */
let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function info(message: string): void {
  if (!quiet) process.stderr.write(`${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`dialogsmith: warning: ${message}\n`);
}

export function printError(message: string): void {
  process.stderr.write(`dialogsmith: error: ${message}\n`);
}
