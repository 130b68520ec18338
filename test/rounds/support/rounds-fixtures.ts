import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach } from "vitest";
import { stableStringify } from "../../../src/core/hash.js";
import {
  type FakeOpenAIServer,
  type FakeServerOptions,
  type LoggedRequest,
  type Responder,
  startFakeOpenAIServer,
} from "../../../src/testing/fake-openai-server.js";

const open: FakeOpenAIServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A fake server closed after the current test. */
export async function fakeServer(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  const server = await startFakeOpenAIServer({ models: "any", logLimit: 100_000, ...options });
  open.push(server);
  return server;
}

export type Role = "questioner" | "answerer" | "corrector" | "other";

/** Which rounds role a request is for, from its system prompt (en, zh, ru). */
export function roleOf(system: string): Role {
  if (/follow-up question|追问|уточняющий вопрос/.test(system)) return "questioner";
  if (/improve the answers|改进 AI 助手的回答|улучшаешь ответы/.test(system)) return "corrector";
  if (/Answer the user's last message|回答用户的最后一条消息|Ответь на последнее сообщение/.test(system))
    return "answerer";
  return "other";
}

function text(content: unknown): string {
  return typeof content === "string" ? content : "";
}

/**
 * A deterministic "model" for rounds: the questioner asks `Follow-up K for #I?` (I from the seed
 * question's `#I`, K = the round), the answerer says `Answer to <question>`, the corrector
 * `Correction of <question>`. Every step's prompt is therefore unique, so a repeated request is
 * visible in the server log.
 */
export function roundsResponder(): Responder {
  return (body, ctx) => {
    const system = text(body.messages[0]?.content);
    const all = body.messages.map((m) => text(m.content)).join("\n");
    const conv = /#(\d+)/.exec(all)?.[1] ?? "?";
    switch (roleOf(system)) {
      case "questioner": {
        const seen = [...all.matchAll(/Follow-up (\d+) for/g)].map((m) => Number(m[1]));
        const k = seen.length ? Math.max(...seen) + 1 : 2;
        return `Follow-up ${k} for #${conv}?`;
      }
      case "answerer":
        return `Answer to ${ctx.lastUserMessage}`;
      case "corrector": {
        const q = ctx.lastUserMessage.match(/Follow-up \d+ for #\d+\?/g)?.at(-1) ?? "?";
        return `Correction of ${q}`;
      }
      default:
        return "unexpected request";
    }
  };
}

/** Seed rows `{question, answer, correction}` whose question carries `#i` (1-based). */
export function seedRows(
  n: number,
  make?: (i: number) => Record<string, unknown>,
): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, k) =>
    make
      ? make(k + 1)
      : {
          question: `Question #${k + 1}: how fast may I drive on a highway?`,
          answer: "Whatever feels right.",
          correction: `Usually 55-70 mph; follow the posted signs (#${k + 1}).`,
        },
  );
}

export function writeJsonl(dir: string, name: string, rows: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return path;
}

/** Chat requests of the log, with their role and a key identifying the exact request. */
export function chatRequests(
  server: FakeOpenAIServer,
): { req: LoggedRequest; role: Role; key: string; messages: { role: string; content: string }[] }[] {
  return server.requests
    .filter((r) => r.route === "POST /v1/chat/completions" && r.body)
    .map((req) => {
      const body = req.body as { model: string; messages: { role: string; content: string }[] };
      return {
        req,
        role: roleOf(text(body.messages[0]?.content)),
        key: stableStringify({ model: body.model, messages: body.messages }),
        messages: body.messages,
      };
    });
}
