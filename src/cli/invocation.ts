import { isAbsolute, relative, sep } from "node:path";

/**
 * How the user started dialogsmith, so that the commands we suggest (resume, next steps) run as
 * typed: `npx dialogsmith` under npm/npx or from a local install's node_modules/.bin,
 * `dialogsmith` from a global install on PATH, `node PATH/bin/dialogsmith.js` when run by path.
 */
export function invocation(
  env: NodeJS.ProcessEnv = process.env,
  script: string = process.argv[1] ?? "",
  cwd: string = process.cwd(),
): string {
  // npm sets npm_command for `npx` (exec), `npm run`/`npm test` and the like: npx finds the bin.
  if (env.npm_command || env.npm_execpath) return "npx dialogsmith";
  if (!script.endsWith(".js")) {
    // A bin shim: a local install's is found by npx, a global one is on PATH.
    return script.split(sep).includes("node_modules") ? "npx dialogsmith" : "dialogsmith";
  }
  const rel = relative(cwd, script);
  return `node ${shellWord(rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : script)}`;
}

/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** A full command line to suggest, e.g. cliCommand("stats", dir). */
export function cliCommand(...words: string[]): string {
  return [invocation(), ...words.map(shellWord)].join(" ");
}
