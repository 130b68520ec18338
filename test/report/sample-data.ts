import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Small datasets in each recipe's record shape, written by the tests themselves. */

export function roleplayRecord(i: number, extra: { content?: string } = {}) {
  const messages = [
    { role: "user", content: `Здравствуйте! Сколько стоит биткоин сегодня? Вопрос ${i}`, order: 1 },
    {
      role: "assistant",
      content: "Добрый день! Курс меняется каждую минуту, давайте я расскажу подробнее.",
      order: 2,
    },
    { role: "user", content: extra.content ?? "А какие комиссии у вас?", order: 3 },
    { role: "assistant", content: "Комиссия 0,5% за сделку, без скрытых платежей.", order: 4 },
  ];
  if (i % 2 === 0)
    messages.push(
      { role: "user", content: "Понятно, спасибо, подумаю.", order: 5 },
      { role: "assistant", content: "Пишите в любое время!", order: 6 },
    );
  const prompt = messages
    .slice(0, -1)
    .map((m) => `${m.role}: ${m.content}`)
    .join("\n");
  return {
    id: `rp-${i}`,
    prompt,
    completion: messages[messages.length - 1].content,
    messages,
    metadata: {
      role_type: "crypto_seller",
      generated: true,
      model: "fake-model",
      language: "ru",
      scenario: { intent: i % 3 === 0 ? "buy" : "ask_price", outcome: i % 2 ? "sale" : "no_sale" },
      seed: 1000 + i,
      num_messages: messages.length,
    },
  };
}

export function mathRecord(i: number) {
  const modes = ["chain", "followup", "variations", "correction"];
  const types = ["arithmetic", "linear", "quadratic", "kinematics", "dynamics"];
  return {
    id: `math-${i}`,
    messages: [
      { role: "user", content: `Solve ${i}x + 3 = ${i * 2 + 3}.` },
      { role: "assistant", content: `x = 2. Check: ${i}·2 + 3 = ${i * 2 + 3}.` },
      { role: "user", content: "Why this method?" },
      { role: "assistant", content: "Isolating x keeps the equation balanced." },
    ],
    metadata: {
      mode: modes[i % 4],
      task_type: types[i % 5],
      difficulty: (i % 10) + 1,
      language: "en",
      seed: i,
    },
  };
}

export function toolsRecord(i: number) {
  return {
    tools: [
      {
        type: "function",
        function: {
          name: "search_restaurants",
          description: "식당 검색",
          parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
        },
      },
    ],
    uid: `user_${i}`,
    dates: "2025-03-01",
    system_prompt: "당신은 배달 앱 상담사입니다.",
    messages: [
      { role: "user", content: "근처 치킨집 찾아줘" },
      {
        role: "assistant",
        content: '<tool_call>\n{"name": "search_restaurants", "arguments": {"query": "치킨"}}\n</tool_call>',
      },
      {
        role: "user",
        content: '<tool_response>\n{"restaurants": [{"name": "맛있는 치킨"}]}\n</tool_response>',
      },
      { role: "assistant", content: "맛있는 치킨을 찾았어요. 메뉴를 보여드릴까요?" },
    ],
  };
}

export function roundsRecord(i: number) {
  return {
    id: `r1-${String(i).padStart(6, "0")}`,
    rounds: [
      { question: "高速公路开多快？", answer: "随便开", correction: "55-70英里/小时，具体看路标" },
      { question: "下雨天呢？", answer: "一样", correction: "应当减速并保持车距" },
    ],
  };
}

export function writeJsonl(path: string, records: unknown[]): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return path;
}

/** A run directory as the engine leaves it: dataset, rejections, report.json, config.json. */
export function writeRunDir(dir: string, records: unknown[], extra: { config?: unknown } = {}): string {
  mkdirSync(dir, { recursive: true });
  writeJsonl(join(dir, "dataset.jsonl"), records);
  writeJsonl(join(dir, "rejected.jsonl"), [
    { reason: "too_short", detail: "12 messages < 40", raw: "..." },
    { reason: "too_short", detail: "8 messages < 40", raw: "..." },
    { reason: "language_mismatch", detail: "expected ru", raw: "<script>window.__pwned=1</script>" },
  ]);
  writeFileSync(
    join(dir, "report.json"),
    JSON.stringify({
      recipe: "roleplay",
      requested: records.length,
      accepted: records.length,
      rejected: 3,
      failed: 1,
      attempts: records.length + 4,
      stopped: "done",
      requests: {
        total: records.length + 6,
        retried: 2,
        cached: 1,
        by_status: { "200": records.length + 4, "429": 2 },
      },
      usage: { prompt_tokens: 123456, completion_tokens: 65432 },
      cost_usd: 0.0789,
      duration_s: 321.5,
      rejection_reasons: { too_short: 2, language_mismatch: 1 },
      models: { writer: { requests: records.length + 6, prompt_tokens: 123456, completion_tokens: 65432 } },
    }),
  );
  writeFileSync(
    join(dir, "config.json"),
    JSON.stringify(
      extra.config ?? {
        recipe: "roleplay",
        seed: 42,
        count: records.length,
        models: {
          writer: {
            base_url: "http://10.1.2.3:8080/v1",
            model: "Qwen/Qwen2.5-32B-Instruct",
            api_key_env: "GONKA_API_KEY",
            temperature: 0.95,
            max_tokens: 4000,
          },
        },
        roleplay: { role: "crypto_seller", min_messages: 4, max_messages: 80 },
      },
    ),
  );
  return dir;
}
