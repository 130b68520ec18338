import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRawExamples } from "../../src/formats/raw-examples/index.js";
import { tempDir } from "../support/tmp.js";
import { assistant, loadFixture, user } from "./helpers.js";

const UNSUPPORTED = [".css", ".js", ".jpg"];

describe("Telegram Desktop HTML (messages.html, messages2.html, ...)", () => {
  it("reads the pages as one chat, carrying the sender of joined messages across pages", async () => {
    const { examples, warnings } = await loadFixture("telegram-html", { assistantName: "дима | sneakerhub" });
    expect(examples).toEqual([
      {
        source: "ChatExport_2025-01-16/messages.html#Ольга Соколова",
        messages: [
          user("Добрый день! Есть Nike Dunk Low Panda в 38 размере?\nИ сколько доставка в Казань?"),
          // A photo without caption is skipped; the joined message after it is still Дима's; <br> is a newline.
          assistant(
            "Привет! Есть, оригинал, последняя пара 38-го 🔥\nЦена 12 900 ₽, доставка СДЭК до Казани 2–3 дня, 450 ₽.",
          ),
          // "In reply to this message" is not part of the text; entities are decoded.
          user('А примерить можно? "Боюсь" не угадать с размером'),
          // The first message of page 2 is joined: no .from_name, still Дима.
          assistant(
            "Можно оформить с примеркой: если не подойдут — вернёте курьеру, платите только доставку.\n" +
              "Размерная сетка у Nike стандартная, 38 = 24 см по стельке.",
          ),
          user("Беру! Оформляйте 🙌"),
          // "via @SneakerHubBot" is not part of the name.
          assistant("Готово, вот ссылка на оплату: https://pay.example.com/abc"),
          // A forwarded message is the forwarder's turn.
          user("Оплата 13 350 ₽ прошла успешно\nОплатила!"),
        ],
      },
    ]);
    // The export's css/js/photos are ignored, each named.
    expect(warnings).toEqual(
      UNSUPPORTED.map((ext) =>
        expect.stringMatching(new RegExp(`: ignored, unsupported extension "\\${ext}"`)),
      ),
    );
  });

  it("orders pages numerically (messages10.html after messages2.html)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "ChatExport"));
    const page = (from: string | null, text: string) =>
      `<html><body><div class="history"><div class="message default clearfix${from ? "" : " joined"}">` +
      `<div class="body">${from ? `<div class="from_name">${from}</div>` : ""}<div class="text">${text}</div></div>` +
      "</div></div></body></html>";
    writeFileSync(join(dir, "ChatExport", "messages.html"), page("Клиент", "раз"));
    writeFileSync(join(dir, "ChatExport", "messages2.html"), page("Продавец", "два"));
    writeFileSync(join(dir, "ChatExport", "messages10.html"), page(null, "десять"));
    const { examples, warnings } = await loadRawExamples(dir);
    expect(examples).toEqual([
      { source: "ChatExport/messages.html", messages: [user("раз"), assistant("два\nдесять")] },
    ]);
    expect(warnings).toEqual([]);
  });
});
