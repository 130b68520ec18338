#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("dialogsmith: dist/ is missing; run `npm run build` (npm install does it for you)\n");
  process.exit(2);
}
await import(entry.href);
