import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Spawned CLIs and local HTTP servers: keep worker count modest on small CI machines.
    maxWorkers: 2,
  },
});
