#!/usr/bin/env node
// The math probe (`npm run probe:math`; docs/math.md "Probing more seeds"): runs the quality
// checker of test/math/quality.test.ts over many seeds, or over a dataset with --file, and exits 1
// on any defect or crash (2 on bad usage). The checker and the generator are TypeScript sources
// (the checker is test code, not in dist/), so Vite's module runner (installed with vitest) loads
// them: no build step, and the probe always checks the code as it is in the tree.
import { fileURLToPath } from "node:url";
import { runnerImport } from "vite";

const { module } = await runnerImport(
  fileURLToPath(new URL("../test/math/support/probe.ts", import.meta.url)),
  {
    configFile: false,
    logLevel: "error",
    root: fileURLToPath(new URL("..", import.meta.url)),
  },
);
process.exitCode = await module.probeMain(process.argv.slice(2));
