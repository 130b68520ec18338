#!/usr/bin/env node
// What a level 8-10 second stage costs to build, per task type, against the dist/ build (run
// `npm run build` first): node bench/math-stages.mjs [--problems 2000] [--rounds 8]
// For each task type, the same problems (levels 8-10, ru) are built twice in one process: alone
// (create, ask, solve) and with their second stage (staged(), then ask and solve). The best of
// `rounds` timings of each is kept, so the figure is the work itself rather than the machine's
// noise; the difference is the second stage's cost. BENCHMARKS.md records the figures.
import { existsSync } from "node:fs";
import { numberArg } from "./support/args.mjs";

const DIST = new URL("../dist/recipes/math/", import.meta.url);
if (!existsSync(new URL("staged.js", DIST))) {
  process.stderr.write("bench/math-stages.mjs: dist/ is missing; run `npm run build` first\n");
  process.exit(2);
}
const { taskById } = await import(new URL("tasks/index.js", DIST).href);
const { staged } = await import(new URL("staged.js", DIST).href);
const { TASK_TYPES } = await import(new URL("index.js", DIST).href);
const { Rng } = await import(new URL("../../core/rng.js", DIST).href);

const PROBLEMS = numberArg("--problems", 2000);
const ROUNDS = numberArg("--rounds", 8);

/** µs per problem of building `count` problems of `task` (with their second stage when `withStage`). */
function build(task, withStage) {
  const t0 = performance.now();
  for (let i = 0; i < PROBLEMS; i++) {
    const ctx = { rng: new Rng(i * 7919 + 1), d: 8 + (i % 3), ru: true };
    try {
      let p = task.create(ctx);
      if (withStage) p = staged(p, ctx);
      p.ask();
      p.solve();
    } catch {
      // A draw outside exact arithmetic's range: the generator redraws it; here it is just skipped.
    }
  }
  return ((performance.now() - t0) * 1000) / PROBLEMS;
}

const rows = [];
let plain = 0;
let withStage = 0;
for (const id of TASK_TYPES) {
  const task = taskById(id);
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    a = Math.min(a, build(task, false));
    b = Math.min(b, build(task, true));
  }
  plain += a;
  withStage += b;
  rows.push([id, a, b]);
}
process.stdout.write(
  `math second stages (node ${process.version}): µs per problem, levels 8-10, best of ${ROUNDS} x ${PROBLEMS}\n`,
);
const w = Math.max(...rows.map(([id]) => id.length));
for (const [id, a, b] of rows)
  process.stdout.write(
    `  ${id.padEnd(w)}  alone ${a.toFixed(2).padStart(6)}  two stages ${b.toFixed(2).padStart(6)}  second stage ${(b - a).toFixed(2).padStart(6)}\n`,
  );
const n = rows.length;
process.stdout.write(
  `  ${"mean".padEnd(w)}  alone ${(plain / n).toFixed(2).padStart(6)}  two stages ${(withStage / n).toFixed(2).padStart(6)}  second stage ${((withStage - plain) / n).toFixed(2).padStart(6)}\n`,
);
