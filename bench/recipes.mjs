#!/usr/bin/env node
// YAML recipes against the built-in program they express (run `npm run build` first).
//
//   node bench/recipes.mjs [--dialogues 300] [--concurrency 32]
//
// The same workload twice, side by side: `roleplay --strategy simulate` (crypto_seller, 6-10
// messages) and examples/recipes/roleplay-simulate.yaml on the same scenarios, each against its
// own fake server process with no latency (so the client's own work is what is measured). The
// figures are the client's CPU per step (a step is one message: render the prompts, parse and
// check the answer, journal it) and the ratio YAML / built-in.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { numberArg } from "./support/args.mjs";
import { spawnFakeServer } from "./support/spawn-fake-server.mjs";

const dist = new URL("../dist/", import.meta.url);
const { generate } = await import(new URL("pipelines/generate.js", dist).href);
const { generateFromRecipe } = await import(new URL("pipelines/generate-recipe.js", dist).href);
const { resolveRolePack } = await import(new URL("recipes/roleplay/role-packs.js", dist).href);
const { personaSystemPrompt } = await import(new URL("recipes/roleplay/persona.js", dist).href);
const { sampleScenario } = await import(new URL("recipes/roleplay/scenario.js", dist).href);
const { deriveSeed, Rng } = await import(new URL("core/rng.js", dist).href);

const N = numberArg("--dialogues", 300);
const C = numberArg("--concurrency", 32);
const work = mkdtempSync(join(tmpdir(), "dialogsmith-bench-recipes-"));
const recipe = fileURLToPath(new URL("../examples/recipes/roleplay-simulate.yaml", import.meta.url));

const pack = resolveRolePack({ role: "crypto_seller" });
const rows = join(work, "scenarios.jsonl");
const row = (i) => ({
  ...sampleScenario(new Rng(deriveSeed(42, i)).fork(1), pack, { minMessages: 6, maxMessages: 10 }),
  description: pack.description,
  persona_prompt: personaSystemPrompt(pack),
  min_messages: 6,
});
writeFileSync(rows, `${Array.from({ length: 3 * N }, (_, i) => JSON.stringify(row(i))).join("\n")}\n`);

function config(name, url) {
  const path = join(work, `${name}.yaml`);
  const entry = (m) => `  ${m}: { base_url: ${url}, model: ${m}, concurrency: ${C} }`;
  writeFileSync(path, `models:\n${entry("customer")}\n${entry("persona")}\n`);
  return path;
}

async function measure(name, run) {
  const server = await spawnFakeServer({ responderKind: "russian", concurrency: C });
  global.gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run(config(name, server.url), join(work, name));
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  await server.stop();
  const steps = result.steps.completed;
  const ms = (used.user + used.system) / 1000;
  console.log(
    `${name}: ${result.report.accepted} dialogues, ${steps} steps in ${seconds.toFixed(1)} s; client CPU ${ms.toFixed(0)} ms, ${(ms / steps).toFixed(3)} ms a step`,
  );
  return ms / steps;
}

const runBuiltin = (count) => (cfg, out) =>
  generate("roleplay", {
    count,
    quiet: true,
    role: "crypto_seller",
    strategy: "simulate",
    userModel: "customer",
    assistantModel: "persona",
    minMessages: 6,
    maxMessages: 10,
    examples: 0,
    config: cfg,
    out,
    cacheDir: `${out}-cache`,
  });
const runYaml = (count) => (cfg, out) =>
  generateFromRecipe(undefined, {
    count,
    quiet: true,
    recipe,
    input: rows,
    config: cfg,
    out,
    cacheDir: `${out}-cache`,
  });

// Warm-up (JIT, module loading), not counted; then each measured once, in the same process.
await measure("warm-up-builtin", runBuiltin(20));
await measure("warm-up-yaml", runYaml(20));
const builtin = await measure("builtin", runBuiltin(N));
const yaml = await measure("yaml", runYaml(N));
console.log(`CPU a step, YAML recipe / built-in: ${(yaml / builtin).toFixed(2)}`);
rmSync(work, { recursive: true, force: true });
