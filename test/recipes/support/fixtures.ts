import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach } from "vitest";
import { stableStringify } from "../../../src/core/hash.js";
import {
  type FakeOpenAIServer,
  type FakeServerOptions,
  type Responder,
  startFakeOpenAIServer,
} from "../../../src/testing/fake-openai-server.js";
import { REPO_ROOT } from "../../support/cli.js";

export const EXAMPLES = join(REPO_ROOT, "examples/recipes");
export const RUBRICS = join(REPO_ROOT, "examples/rubrics");

const servers: FakeOpenAIServer[] = [];

/** A fake server closed after each test. */
export async function fakeServer(options: FakeServerOptions): Promise<FakeOpenAIServer> {
  const s = await startFakeOpenAIServer({ models: "any", logLimit: 100_000, ...options });
  servers.push(s);
  return s;
}

export function closeServersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
}

/** dialogsmith.yaml with one `models:` entry per name, each its own model id on the server. */
export function modelsConfig(
  dir: string,
  server: FakeOpenAIServer,
  names: string[],
  file = "dialogsmith.yaml",
): string {
  const path = join(dir, file);
  const lines = names.map(
    (n) =>
      `  ${n}: { base_url: ${server.url}, model: ${n}-model, concurrency: 4, price: { input_per_mtok: 1, output_per_mtok: 2 } }`,
  );
  writeFileSync(path, `models:\n${lines.join("\n")}\n`);
  return path;
}

export function jsonl<T = Record<string, unknown>>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.endsWith("}"))
    .map((l) => JSON.parse(l) as T);
}

export interface ChatBody {
  model: string;
  messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: unknown[];
  response_format?: { json_schema?: { name?: string } };
}

/** The chat requests a server answered (200), with a stable key of each body. */
export function answered(
  server: FakeOpenAIServer,
): { body: ChatBody; key: string; usage: { prompt_tokens: number; completion_tokens: number } }[] {
  return server.requests
    .filter((r) => r.route === "POST /v1/chat/completions" && r.outcome === 200)
    .map((r) => ({ body: r.body as ChatBody, key: stableStringify(r.body), usage: r.usage! }));
}

export function systemText(body: ChatBody): string {
  return body.messages[0]?.role === "system" ? (body.messages[0].content ?? "") : "";
}

const RUSSIAN = (
  "привет здравствуйте понятно спасибо хорошо подумаю вечером завтра сегодня неделя курс урок вопрос ответ " +
  "время опыт кошелёк биржа монета обучение практика пример сделка график новости рынок пожалуйста конечно " +
  "интересно расскажите подробнее удобно позже утром созвон чат группа преподаватель домашка видео запись"
).split(" ");

/**
 * Russian chat messages drawn from each request's seeded rng (a customer and a persona of
 * `roleplay --strategy simulate`); the customer ends about half the times it is offered [END].
 */
export const russianChat: Responder = (body, ctx) => {
  const system = String(body.messages[0]?.content ?? "");
  const words = Array.from(
    { length: 6 + ctx.rng.int(0, 8) },
    () => RUSSIAN[ctx.rng.int(0, RUSSIAN.length - 1)],
  ).join(" ");
  const text = `${words[0].toUpperCase()}${words.slice(1)}.`;
  const customer = system.startsWith("Ты играешь клиента");
  return customer && system.includes("[END]") && ctx.rng.chance(0.5) ? `${text} [END]` : text;
};
