import { describe, expect, it } from "vitest";
import { assistant, loadFixture, user } from "./helpers.js";

describe("generic HTML pages", () => {
  it("reads the visible text as a transcript: scripts, styles, noscript, navigation and footer dropped", async () => {
    const { examples, warnings } = await loadFixture("html");
    expect(examples).toEqual([
      {
        source: "crm-chat.html",
        messages: [
          // &nbsp; and source line breaks are spaces; <br> is a newline.
          user("Здравствуйте, есть ли у вас тариф для ИП?"),
          assistant("Да, тариф «Старт» — 990 ₽ в месяц.\nПервый месяц бесплатно."),
          user("Подключите, пожалуйста."),
          assistant("Готово! Доступ придёт на почту."),
        ],
      },
    ]);
    expect(warnings).toEqual([]);
  });
});
