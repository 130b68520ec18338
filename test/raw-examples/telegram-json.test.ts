import { describe, expect, it } from "vitest";
import { parseJsonValue } from "../../src/formats/raw-examples/index.js";
import { assistant, loadFixture, user } from "./helpers.js";

const IVAN = [
  user("Здравствуйте! Увидел рекламу курса по DeFi. Сколько стоит?\nИ есть ли рассрочка?"),
  assistant(
    "Добрый день, Иван! Курс стоит 49 000 ₽, есть рассрочка на 6 месяцев без переплаты. Программа тут: https://example.com/defi",
  ),
  user("А если я совсем новичок в крипте?"),
  assistant(
    "Вот отзыв нашей выпускницы — тоже начинала с нуля 🙂\nПервые два модуля как раз про основы: кошельки, биржи, безопасность.",
  ),
  user("Звучит хорошо. Подумаю до вечера"),
  assistant("Конечно!\nЕсли будут вопросы — пишите, я на связи."),
];

describe("Telegram Desktop JSON (result.json)", () => {
  it("reads a single-chat export: entity arrays joined, service and media-only messages skipped, runs merged", async () => {
    const { examples, warnings } = await loadFixture("telegram-single", {
      assistantName: "АЛЕКСЕЙ  смирнов",
    });
    expect(examples).toEqual([{ source: "result.json#Иван Петров", messages: IVAN }]);
    expect(warnings).toEqual([]);
  });

  it("guesses the assistant without a name, and says so naming the file", async () => {
    const { examples, warnings } = await loadFixture("telegram-single");
    expect(examples[0].messages).toEqual(IVAN);
    expect(warnings).toEqual([
      '<dir>/result.json: no assistant name given; guessed "Алексей Смирнов" as the assistant ' +
        "(the participant who wrote the most); set assistantName (--assistant-name) if that is wrong",
    ]);
  });

  it("reads every chat of a whole-account export; group chats kept with a warning, one-sided chats skipped", async () => {
    const { examples, warnings } = await loadFixture("telegram-account", {
      assistantName: ["Алексей Смирнов"],
    });
    expect(examples).toEqual([
      {
        source: "result.json#Мария Кузнецова",
        messages: [
          user("Добрый вечер! А курс подойдёт, если я работаю бухгалтером и в крипте ноль?"),
          assistant(
            "Добрый вечер, Мария! Подойдёт: треть наших студентов пришли без опыта, первый модуль — с самых азов.",
          ),
          user("Спасибо за звонок, всё поняла. Записывайте!"),
          assistant("Отлично! Ссылка на оплату: оплатить"),
        ],
      },
      {
        source: "result.json#Кроссовки опт",
        messages: [
          user("Коллеги, когда будет новая поставка Jordan 1?\nТоже жду, нужны 40–42 размеры"),
          assistant("Поставка в пятницу, 40–42 будут. Бронь — в личку."),
          // A deleted account (from: null) is named by its from_id.
          user("Сколько за пару оптом?"),
          assistant("От 10 пар — 9 800 ₽ за пару."),
        ],
      },
    ]);
    expect(warnings).toEqual([
      '<dir>/result.json#Кроссовки опт: a group chat of 4 participants; "Алексей Смирнов" kept as the assistant, ' +
        "everyone else merged into the user",
      "<dir>/result.json: skipped 2 of 4 dialogues with only one side (#Новости CryptoSchool, #Saved Messages)",
    ]);
  });

  it("tells a Telegram chat from a dataset object that also has `messages`", () => {
    const chat = {
      name: "Покупатель",
      type: "personal_chat",
      id: 1,
      messages: [
        { id: 1, type: "message", date: "2025-01-15T10:30:00", from: "Покупатель", text: "Есть 42?" },
        {
          id: 2,
          type: "message",
          date: "2025-01-15T10:31:00",
          from: "Магазин",
          text: [{ type: "bold", text: "Есть" }],
        },
      ],
    };
    expect(parseJsonValue(chat, "result.json", new Set()).chats).toEqual([
      {
        source: "result.json#Покупатель",
        messages: [
          { speaker: "Покупатель", text: "Есть 42?" },
          { speaker: "Магазин", text: "Есть" },
        ],
      },
    ]);
  });
});
