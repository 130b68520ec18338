import { afterAll, beforeAll } from "vitest";
import {
  type FakeOpenAIServer,
  type FakeServerOptions,
  startFakeOpenAIServer,
} from "../../src/testing/fake-openai-server.js";
import { startRedis, type TestRedis } from "./redis-server.js";
import { tempDir } from "./tmp.js";

/**
 * What each distributed test file sets up: a temp directory, one real redis-server for the file
 * (each test takes its own database: its own queues and counters), and fake servers closed at
 * the end.
 */
export function distributedSuite(prefix: string, defaults: FakeServerOptions = {}) {
  const root = tempDir(prefix);
  const servers: FakeOpenAIServer[] = [];
  let redis: TestRedis | undefined;
  let db = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await redis?.stop();
  });
  const started = () => {
    if (!redis) throw new Error("redis-server has not started");
    return redis;
  };
  return {
    root,
    get redis(): TestRedis {
      return started();
    },
    /** A fresh database of the suite's Redis: `redis://127.0.0.1:PORT/N`. */
    nextQueue: () => started().url.replace(/\/0$/, `/${++db}`),
    server: async (options: FakeServerOptions = {}): Promise<FakeOpenAIServer> => {
      const s = await startFakeOpenAIServer({ models: "any", ...defaults, ...options });
      servers.push(s);
      return s;
    },
  };
}
