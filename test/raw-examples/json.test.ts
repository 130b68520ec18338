import { describe, expect, it } from "vitest";
import { parseJsonText } from "../../src/formats/raw-examples/index.js";
import { assistant, loadFixture, user } from "./helpers.js";

const EXPECTED =
  "expected {messages: [{role, content}]}, {conversations: [{from, value}]}, {prompt, completion}, " +
  "a list of those or of messages, or a Telegram result.json";

describe("dataset JSON and JSONL", () => {
  it("reads messages, ShareGPT, prompt/completion (text and TRL), bare message lists and wrapped arrays", async () => {
    const { examples, warnings } = await loadFixture("datasets");
    expect(examples).toEqual([
      // The system prompt is not part of the dialogue.
      {
        source: "examples.jsonl:1",
        messages: [user("Сколько стоит курс?"), assistant("49 000 ₽, есть рассрочка.")],
      },
      {
        source: "examples.jsonl:2",
        messages: [user("Есть Yeezy 350 в 42?"), assistant("Есть, 23 500 ₽, отправим сегодня.")],
      },
      {
        // The seed's format: `user: ...\nassistant: ...` lines in prompt, the answer in completion.
        source: "examples.jsonl:3",
        messages: [
          user("Привет!"),
          assistant("Добрый день! Чем могу помочь?"),
          user("Нужна интеграция с Битрикс24"),
          assistant("Сделаем за неделю, стоимость от 40 000 ₽."),
        ],
      },
      {
        source: "examples.jsonl:5",
        messages: [user("Do you ship to Kazakhstan?"), assistant("Yes, 5–7 days via CDEK.")],
      },
      {
        // A top-level list of messages; OpenAI content parts joined; two user messages merged.
        source: "messages-array.json",
        messages: [
          user("Hi, how long does onboarding take?"),
          assistant("Usually two weeks. We start with a kickoff call."),
          user("Great\nCan we start Monday?"),
          assistant("Monday works."),
        ],
      },
      {
        source: "records.json#1",
        messages: [user("Привет, есть скидки для студентов?"), assistant("Да, 20% по студенческому.")],
      },
      {
        // Our own record: `messages` is used, not prompt + completion (no duplicate last turn).
        source: "records.json#3",
        messages: [
          user("Сколько стоит?"),
          assistant("49 000 ₽."),
          user("Дорого"),
          assistant("Понимаю! Есть рассрочка."),
        ],
      },
    ]);
    expect(warnings).toEqual([
      "<dir>/examples.jsonl: 1 of 6 lines are not valid JSON (first: line 6)",
      `<dir>/examples.jsonl: 1 of 6 lines hold no dialogue (first: line 7); ${EXPECTED}`,
      `<dir>/records.json: 1 of 3 entries hold no dialogue (first: #2); ${EXPECTED}`,
    ]);
  });

  it("reads a .json file that is really JSONL", () => {
    const text =
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}\n{"prompt":"x","completion":"y"}\n';
    expect(parseJsonText(text, "x.json", new Set()).chats).toEqual([
      {
        source: "x.json:1",
        messages: [
          { speaker: "user", text: "a" },
          { speaker: "assistant", text: "b" },
        ],
      },
      {
        source: "x.json:2",
        messages: [
          { speaker: "user", text: "x" },
          { speaker: "assistant", text: "y" },
        ],
      },
    ]);
  });

  it("gives a named prompt's completion to the participant the last message was addressed to", () => {
    const text = JSON.stringify({
      prompt: "Ольга: Привет\nДима: Здравствуйте!\nОльга: Есть 38?",
      completion: "Есть",
    });
    expect(parseJsonText(text, "p.json", new Set()).chats[0].messages.at(-1)).toEqual({
      speaker: "Дима",
      text: "Есть",
    });
  });
});
