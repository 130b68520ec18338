import { describe, expect, test } from "vitest";
import { BackgroundResponseCache } from "../../src/engine/background-cache.js";
import { cacheKey, ResponseCache } from "../../src/llm/response-cache.js";
import { tempDir } from "../support/tmp.js";

describe("background response cache", () => {
  test("writes off the event loop where ResponseCache reads", async () => {
    const dir = tempDir("dialogsmith-bgcache-");
    const cache = new BackgroundResponseCache(dir);
    const key = cacheKey({ baseUrl: "http://x/v1", body: { model: "m", messages: [] }, nonce: "n" });
    const value = {
      content: "hello",
      finishReason: "stop",
      usage: { prompt_tokens: 3, completion_tokens: 1 },
      model: "m",
    };
    cache.set(key, value);
    await cache.flush();
    expect(new ResponseCache(dir).get(key)).toEqual(value);
    expect(cache.get(key)).toEqual(value);
    expect(new ResponseCache(dir, false).get(key)).toBeUndefined();
  });
});
