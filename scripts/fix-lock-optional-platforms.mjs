#!/usr/bin/env node
// The npm mirror this project is built with serves only some platform binaries of packages
// such as @biomejs/biome, so `npm install` leaves the others out of package-lock.json and
// `npm ci` then refuses the lock ("Missing: ... from lock file"). This adds those optional
// entries with their os/cpu (as a lock made on another machine has them); npm skips them on
// non-matching platforms without downloading. Run after changing dependencies.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const platformOf = (name) => {
  const m = /(android|darwin|linux|win32|freebsd)-(x64|arm64|ia32|arm)(-musl|-gnu|-msvc)?$/.exec(name);
  if (!m) return undefined;
  const entry = { os: [m[1]], cpu: [m[2]] };
  if (m[3] === "-musl") entry.libc = ["musl"];
  if (m[3] === "-gnu") entry.libc = ["glibc"];
  return entry;
};
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const depKey = `node_modules/${dep}`;
    if (lock.packages[depKey]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    // Keys in the order npm itself writes them, so a later `npm install` leaves the lock unchanged.
    lock.packages[depKey] = {
      version,
      cpu: platform.cpu,
      ...(pkg.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: platform.libc } : {}),
      optional: true,
      os: platform.os,
    };
    added++;
  }
  void key;
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform-specific optional entries`);
