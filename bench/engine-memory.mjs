// Peak RSS of a roleplay-shaped run of N dialogues (issue 2: flat in the count, <= 300 MB).
// Each size runs in its own process so maxRSS is that run's. Run: node bench/engine-memory.mjs
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnFakeServer } from "./support/spawn-fake-server.mjs";

if (process.argv[2] === "--child") {
  const [, , , url, n] = process.argv;
  const { runOneShot } = await import("./support/one-shot-run.mjs");
  const { RoleplayRecipe } = await import("../dist/recipes/roleplay/roleplay-recipe.js");
  const { RolePackSchema } = await import("../dist/recipes/roleplay/role-pack.js");
  const { BUILTIN_ROLES } = await import("../dist/recipes/roleplay/builtin-roles.js");
  const { NearDuplicateDetector } = await import("../dist/quality/near-duplicates.js");
  const pack = { ...RolePackSchema.parse(BUILTIN_ROLES.crypto_seller), name: "crypto_seller" };
  const recipe = new RoleplayRecipe({
    pack,
    language: "ru",
    minMessages: 40,
    maxMessages: 80,
    nearDuplicates: new NearDuplicateDetector({ threshold: 0.8 }),
    nearDuplicateThreshold: 0.8,
  });
  const dir = mkdtempSync(join(tmpdir(), "ds-mem-"));
  const out = await runOneShot({
    recipe,
    models: {
      writer: {
        name: "w",
        base_url: url,
        model: "m",
        timeout_s: 60,
        concurrency: 64,
        structured_output: "json_schema",
      },
    },
    outDir: join(dir, "run"),
    count: Number(n),
    seed: 1,
    cacheDir: join(dir, "cache"),
  });
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({ accepted: out.report.accepted, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
  );
  process.exit(0);
}

const server = await spawnFakeServer({ responderKind: "roleplay" });

try {
  for (const n of (process.env.BENCH_MEMORY_SIZES ?? "2000,20000").split(",").map(Number)) {
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", server.url, String(n)],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    const { accepted, maxRssMb } = JSON.parse(r.stdout);
    console.log(
      `roleplay run of ${n} dialogues (40-80 messages each): ${accepted} accepted, peak RSS ${maxRssMb.toFixed(0)} MB`,
    );
  }
} finally {
  await server.stop();
}
