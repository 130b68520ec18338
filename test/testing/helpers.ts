import OpenAI from "openai";
import { afterEach } from "vitest";
import {
  type FakeOpenAIServer,
  type FakeServerOptions,
  type Responder,
  startFakeOpenAIServer,
} from "../../src/testing/fake-openai-server.js";

const open: FakeOpenAIServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A fake server closed after the current test. */
export async function fakeServer(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  const server = await startFakeOpenAIServer(options);
  open.push(server);
  return server;
}

/** The official SDK against the fake server, with the SDK's own retries off. */
export function sdk(server: FakeOpenAIServer, options: { apiKey?: string; timeout?: number } = {}): OpenAI {
  return new OpenAI({
    baseURL: server.url,
    apiKey: options.apiKey ?? "sk-test",
    maxRetries: 0,
    timeout: options.timeout ?? 10_000,
  });
}

export function ask(client: OpenAI, content: string, extra: Record<string, unknown> = {}) {
  return client.chat.completions.create({
    model: "fake-model",
    messages: [{ role: "user", content }],
    ...extra,
  } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming);
}

/** Waits (without timing assertions) until `check` holds. */
export async function until(check: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A responder that holds every request until `release()`: makes concurrency tests independent of speed. */
export function heldResponder(): { responder: Responder; release: () => void; waiting: () => number } {
  let gate!: () => void;
  let opened = new Promise<void>((r) => {
    gate = r;
  });
  let waiting = 0;
  return {
    responder: async (_body, ctx) => {
      waiting++;
      await opened;
      waiting--;
      return `answer ${ctx.lastUserMessage}`;
    },
    release: () => {
      gate();
      opened = Promise.resolve();
    },
    waiting: () => waiting,
  };
}

export async function errorOf(
  promise: Promise<unknown>,
): Promise<Error & { status?: number; headers?: Headers; error?: unknown }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { status?: number };
  }
  throw new Error("expected the request to fail");
}
