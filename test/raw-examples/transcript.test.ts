import { describe, expect, it } from "vitest";
import { parseChatText } from "../../src/formats/raw-examples/index.js";
import { assistant, loadFixture, user } from "./helpers.js";

describe("`Name: text` transcripts (.txt, .md)", () => {
  it("reads a plain transcript: preamble ignored, continuation lines appended, labels mapped", async () => {
    const { examples, warnings } = await loadFixture("transcript");
    expect(examples).toEqual([
      {
        source: "dialog.txt",
        messages: [
          user("Добрый день! Подскажите, сколько стоит внедрение amoCRM для отдела из 8 человек?"),
          // "Итого:" appears once while two speakers are established: part of the message.
          assistant(
            "Здравствуйте! Зависит от интеграций. Базовое внедрение — от 60 000 ₽:\n" +
              "настройка воронки, импорт базы, обучение.\nИтого: около двух недель работы.",
          ),
          user("А с 1С интегрируете?"),
          assistant("Да, это ещё 25 000 ₽, делаем за 3–4 дня."),
          user("Хорошо, пришлите КП на почту."),
        ],
      },
      {
        // Markdown: headings separate dialogues, bold names.
        source: "dialogs.md#1",
        messages: [
          user("Привет! Что за курс у вас?"),
          assistant("Привет! Это 6-недельный курс по DeFi: от кошелька до стейкинга и пулов ликвидности."),
          user("А это не скам? 😅"),
          assistant("Понимаю опасения. У нас договор-оферта, 2 400 выпускников и возврат в течение 14 дней."),
        ],
      },
      {
        // One side labelled (Продавец), the other a name: no guess needed, no warning.
        source: "dialogs.md#2",
        messages: [
          user("здравствуйте, а можно в рассрочку?"),
          assistant("Да, на 3 или 6 месяцев через банк-партнёр, без переплаты."),
          user("супер, давайте на 6"),
        ],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it("accepts the usual decorations around a name and rejects URLs and times", () => {
    const text = [
      "[10:30] Anna: hello",
      "> Bob (10:31): hi there",
      "see https://example.com/x",
      "at 10:45: fine",
      "__Anna__: bye",
      "Bob:",
      "---",
      "Anna: second dialogue",
      "Bob: ok",
    ].join("\n");
    const { chats, warnings } = parseChatText(text, "t.txt");
    expect(warnings).toEqual([]);
    expect(chats).toEqual([
      {
        source: "t.txt#1",
        messages: [
          { speaker: "Anna", text: "hello" },
          { speaker: "Bob", text: "hi there\nsee https://example.com/x\nat 10:45: fine" },
          { speaker: "Anna", text: "bye" },
          { speaker: "Bob", text: "" },
        ],
      },
      {
        source: "t.txt#2",
        messages: [
          { speaker: "Anna", text: "second dialogue" },
          { speaker: "Bob", text: "ok" },
        ],
      },
    ]);
  });

  it("keeps a parenthesis that is part of a name", () => {
    expect(parseChatText("Клиент: Привет\nАнна (менеджер): Добрый день!", "t.txt").chats[0].messages).toEqual(
      [
        { speaker: "Клиент", text: "Привет" },
        { speaker: "Анна (менеджер)", text: "Добрый день!" },
      ],
    );
  });

  it("reads messages copied from Telegram Desktop (`Name, [date]` over the text)", () => {
    const text = [
      "Иван Петров, [15.01.2025 10:30]",
      "Здравствуйте! Сколько стоит курс?",
      "",
      "Алексей Смирнов, [15.01.2025 10:31]",
      "Добрый день! 49 000 ₽.",
      "Есть рассрочка.",
      "",
      "Ivan Petrov, [1/15/2025 10:32 AM]",
      "ok",
    ].join("\n");
    expect(parseChatText(text, "copy.txt").chats[0].messages).toEqual([
      { speaker: "Иван Петров", text: "Здравствуйте! Сколько стоит курс?" },
      { speaker: "Алексей Смирнов", text: "Добрый день! 49 000 ₽.\nЕсть рассрочка." },
      { speaker: "Ivan Petrov", text: "ok" },
    ]);
  });

  it("says so when a text has no speaker lines", () => {
    expect(parseChatText("Просто заметки\nбез диалога", "notes.txt")).toEqual({
      chats: [],
      warnings: ["no `Name: text` lines found"],
    });
  });
});
