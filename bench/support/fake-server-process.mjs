// Runs our fake OpenAI-compatible server in its own process, so a benchmark's CPU figures are the
// client's alone. Prints the base URL on stdout. Options come as JSON in argv[2].
import { startFakeOpenAIServer } from "../../dist/testing/fake-openai-server.js";
import { roleplayResponder } from "../../dist/testing/roleplay-responder.js";

const { responderKind, ...options } = JSON.parse(process.argv[2] ?? "{}");
const WORDS = [
  "alpha",
  "bravo",
  "charlie",
  "delta",
  "echo",
  "foxtrot",
  "golf",
  "hotel",
  "india",
  "juliet",
  "kilo",
  "lima",
];
const RUSSIAN =
  "привет понятно спасибо хорошо вечером завтра сегодня неделя курс урок вопрос ответ время опыт монета рынок".split(
    " ",
  );
const server = await startFakeOpenAIServer({
  logLimit: 0,
  models: "any",
  // A short unique answer per request: enough to exercise parsing without measuring the server.
  responder: (_body, ctx) =>
    Array.from({ length: 24 }, () => WORDS[ctx.rng.int(0, WORDS.length - 1)]).join(" "),
  ...(responderKind === "roleplay" ? { responder: roleplayResponder() } : {}),
  // Russian chat messages (a persona and a customer of `roleplay --strategy simulate`).
  ...(responderKind === "russian"
    ? {
        responder: (_body, ctx) =>
          Array.from({ length: 16 }, () => RUSSIAN[ctx.rng.int(0, RUSSIAN.length - 1)]).join(" "),
      }
    : {}),
  ...options,
});

process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", async () => {
  await server.close();
  // Its counters, for benchmarks that count what a server was paid for.
  process.stdout.write(`${JSON.stringify(server.stats)}\n`, () => process.exit(0));
});
