#!/usr/bin/env node
// Benchmark of the math recipe against the compiled dist/ (run `npm run build` first):
//   node bench/math.mjs [--count 200000] [--warmup 200000] [--memory-count 1000000] [--skip-memory]
//                       [--workers N] [--by-level] [--pairs 8]
//   BENCH_MATH_BASELINE=<commit> (default 5112215, the commit before issue 13; "none" to skip)
// 1. Throughput: dialogues per second, single process, streaming to a file through the same
//    runner as `dialogsmith generate math`, default options (all modes and task types, ru,
//    difficulty 1-10, reasoning on, system prompt, 3 turns). Measured twice: with the worker
//    threads a long run uses (one per CPU, at most 8; --workers N to choose), and with the
//    calling thread alone. Each after a warm-up run through the same path (--warmup dialogues,
//    default 200,000: V8 is still optimising the recipe's code on a background thread well after
//    20,000 dialogues; on a 2-core machine that work takes the core GC would use, and a shorter
//    warm-up measures the JIT rather than the generator).
// 2. Memory: RSS and peak RSS while streaming --memory-count dialogues (default threading),
//    and with --expose-gc the live heap after a full GC every 250,000 (flat = nothing grows).
// 3. Side by side: one thread, this build against the baseline commit built from git into
//    node_modules/.cache: each run a fresh process (warm-up, then the measured run), the two
//    builds alternating (which one goes first alternates too), the ratio taken pair by pair (median
//    of --pairs, default 8: on a shared VM one run in five or so is a quarter slower for reasons of
//    its own, which a median of few pairs does not absorb), so the load of a shared machine cancels
//    out and neither build runs warmer than the other. Each ratio comes with a 90% bootstrap
//    interval of its median, and twice: per second of wall time, and per second of the process's
//    CPU time (all threads), which V8's helper threads on a second core do not flatter. With
//    --by-level, the same
//    again for levels 1-7 alone and for levels 8-10 alone (one problem per dialogue, and two: a
//    level 8-10 problem has a second stage built on its first result, docs/math.md).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { numberArg } from "./support/args.mjs";
import { buildBaseline } from "./support/baseline-build.mjs";
import { median, medianInterval } from "./support/stats.mjs";

const DIST = new URL("../dist/recipes/math/index.js", import.meta.url);
if (!existsSync(DIST)) {
  process.stderr.write("bench/math.mjs: dist/ is missing; run `npm run build` first\n");
  process.exit(2);
}
const { runMath, TASK_TYPES, MODES } = await import(DIST.href);
const { mathWorkerCount } = await import(new URL("../dist/recipes/math/parallel.js", import.meta.url).href);

const COUNT = numberArg("--count", 200_000);
const WARMUP = numberArg("--warmup", 200_000);
const MEMORY_COUNT = numberArg("--memory-count", 1_000_000);
const SKIP_MEMORY = process.argv.includes("--skip-memory");
const BY_LEVEL = process.argv.includes("--by-level");
const PAIRS = numberArg("--pairs", 8);

const ALL_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function plan(count, seed, difficulties = ALL_LEVELS) {
  return {
    count,
    seed,
    modes: [...MODES],
    taskTypes: [...TASK_TYPES],
    languages: ["ru"],
    difficulties,
    reasoningMode: true,
    system: true,
    turns: 3,
  };
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

const BASELINE = process.env.BENCH_MATH_BASELINE ?? "5112215";

/** The math module's path in the build of `commit`; null when it cannot be built. */
function baselineEntry(commit) {
  try {
    return join(buildBaseline(commit), "dist", "recipes", "math", "index.js");
  } catch (e) {
    process.stderr.write(
      `bench/math.mjs: baseline ${commit} unavailable (${String(e.message).split("\n")[0]})\n`,
    );
    return null;
  }
}

/**
 * Dialogues per second of one build (its math module at `entry`) on one thread, in a process of
 * its own: a WARMUP-dialogue warm-up, then `count` dialogues timed. `wall` per second of wall
 * time; `cpu` per second of the process's CPU time (every thread: V8 compiles and collects
 * garbage on helper threads, which on a 2-core machine use the second core while the generator
 * runs, so the two figures differ).
 */
function rateInFreshProcess(entry, count, out, levels = ALL_LEVELS) {
  const script = `
    const { runMath } = await import(${JSON.stringify(new URL(`file://${entry}`).href)});
    const plan = (count, seed) => (${plan.toString()})(count, seed, ${JSON.stringify(levels)});
    const MODES = ${JSON.stringify([...MODES])};
    const TASK_TYPES = ${JSON.stringify([...TASK_TYPES])};
    runMath({ plan: plan(${WARMUP}, 1), out: ${JSON.stringify(out)} + "-warm", workers: 0 });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    runMath({ plan: plan(${count}, 42), out: ${JSON.stringify(out)}, workers: 0 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(JSON.stringify({ wall: ${count} / seconds, cpu: ${count} / ((cpu.user + cpu.system) / 1e6) }));
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}-warm`, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`side-by-side run failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const work = mkdtempSync(join(tmpdir(), "dialogsmith-bench-math-"));
try {
  // The worker threads a long run would use (what `generate math --count 1000000` does).
  const WORKERS = numberArg("--workers", mathWorkerCount(plan(1_000_000, 42)));
  const rows = [];
  const measure = (label, workers) => {
    // Warm-up through the same path: let the JIT settle so the figure reflects steady state,
    // as in a long run.
    runMath({ plan: plan(WARMUP, 1), out: join(work, `warmup-${workers}`), workers });
    const out = join(work, `throughput-${workers}`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    runMath({ plan: plan(COUNT, 42), out, workers });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const bytes = statSync(join(out, "dataset.jsonl")).size;
    rows.push(
      [`${label}: dialogues`, COUNT.toLocaleString("en-US")],
      [`${label}: wall time`, `${seconds.toFixed(2)} s`],
      [`${label}: dialogues/s (wall)`, Math.round(COUNT / seconds).toLocaleString("en-US")],
      [
        `${label}: dialogues/s (per CPU-second)`,
        Math.round(COUNT / ((cpu.user + cpu.system) / 1e6)).toLocaleString("en-US"),
      ],
      [
        `${label}: output`,
        `${mb(bytes)} MiB, ${(bytes / COUNT).toFixed(0)} bytes/dialogue, ${mb(bytes / seconds)} MiB/s`,
      ],
    );
    rmSync(out, { recursive: true, force: true });
  };
  if (WORKERS > 0) measure(`${WORKERS} worker threads`, WORKERS);
  measure("one thread", 0);

  const baseEntry = BASELINE === "none" ? null : baselineEntry(BASELINE);
  if (baseEntry) {
    const thisEntry = fileURLToPath(DIST);
    const half = COUNT / 2;
    // One figure (wall or cpu) of both builds: medians, and the ratio pair by pair.
    const compare = (a, b, what) => {
      const ratios = a.map((x, k) => b[k] / x);
      return [
        [
          `  baseline ${BASELINE}: dialogues/s ${what} (median)`,
          Math.round(median(a)).toLocaleString("en-US"),
        ],
        [`  this build: dialogues/s ${what} (median)`, Math.round(median(b)).toLocaleString("en-US")],
        [
          "    ratio this / baseline (median of pairs; min-max)",
          `${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`,
        ],
        [
          "    90% interval of that median (bootstrap)",
          medianInterval(ratios)
            .map((r) => r.toFixed(3))
            .join("-"),
        ],
      ];
    };
    const sideBySide = (label, levels) => {
      const a = [];
      const b = [];
      for (let k = 0; k < PAIRS; k++) {
        // Which build runs first alternates pair by pair, so neither always follows the other.
        const base = () => rateInFreshProcess(baseEntry, half, join(work, `side-base-${k}`), levels);
        const mine = () => rateInFreshProcess(thisEntry, half, join(work, `side-this-${k}`), levels);
        if (k % 2 === 0) {
          a.push(base());
          b.push(mine());
        } else {
          b.push(mine());
          a.push(base());
        }
      }
      rows.push(
        [
          `side by side${label}, one thread, ${half.toLocaleString("en-US")} dialogues, ${PAIRS} pairs of fresh processes`,
          "",
        ],
        ...compare(
          a.map((r) => r.wall),
          b.map((r) => r.wall),
          "of wall time",
        ),
        ...compare(
          a.map((r) => r.cpu),
          b.map((r) => r.cpu),
          "of CPU time",
        ),
      );
    };
    sideBySide("", ALL_LEVELS);
    if (BY_LEVEL) {
      sideBySide(", levels 1-7", [1, 2, 3, 4, 5, 6, 7]);
      sideBySide(", levels 8-10", [8, 9, 10]);
    }
  }

  if (!SKIP_MEMORY) {
    const samples = [];
    const memOut = join(work, "memory");
    const tm = performance.now();
    // With --expose-gc (as `npm run bench` runs it) also sample the live heap after a full GC:
    // the clearest sign that nothing accumulates per dialogue.
    const gc = globalThis.gc;
    runMath({ plan: plan(MEMORY_COUNT, 7), out: memOut }, (done) => {
      if (gc && done < MEMORY_COUNT && done % 250_000 === 0) gc();
      const m = process.memoryUsage();
      samples.push([done, m.rss, m.heapUsed]);
    });
    const ms = (performance.now() - tm) / 1000;
    const peak = process.resourceUsage().maxRSS * 1024;
    const at = (frac) => samples[Math.min(samples.length - 1, Math.floor(samples.length * frac))];
    const early = at(0.1);
    const late = samples[samples.length - 1];
    rows.push(
      [
        `memory run`,
        `${MEMORY_COUNT.toLocaleString("en-US")} dialogues in ${ms.toFixed(1)} s (${Math.round(MEMORY_COUNT / ms).toLocaleString("en-US")}/s)`,
      ],
      [
        "RSS after 10% / 100%",
        `${mb(early[1])} MiB at ${early[0].toLocaleString("en-US")} / ${mb(late[1])} MiB at ${late[0].toLocaleString("en-US")}`,
      ],
      ["peak RSS (whole process)", `${mb(peak)} MiB`],
    );
    const heaps = samples.filter(([done]) => done % 250_000 === 0 && done < MEMORY_COUNT);
    if (gc && heaps.length > 0)
      rows.push([
        "live heap after full GC",
        heaps.map(([done, , heap]) => `${mb(heap)} MiB at ${done.toLocaleString("en-US")}`).join(", "),
      ]);
  }

  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(
    `math recipe benchmark (node ${process.version}, ${process.platform}/${process.arch})\n`,
  );
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
