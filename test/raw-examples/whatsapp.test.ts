import { describe, expect, it } from "vitest";
import { parseChatText } from "../../src/formats/raw-examples/index.js";
import { classifyWhatsAppLine } from "../../src/formats/raw-examples/whatsapp.js";
import { assistant, loadFixture, user } from "./helpers.js";

describe("WhatsApp .txt exports", () => {
  it("reads Android and iOS exports in English and Russian exactly", async () => {
    const { examples, warnings } = await loadFixture("whatsapp", {
      assistantName: ["Tom (Acme IT)", "priya", "Анна (менеджер)", "Дмитрий Кроссовки"],
    });
    expect(examples).toEqual([
      {
        // Android en, 12 h with U+202F and plain spaces before PM; system notice, <Media omitted>,
        // "This message was deleted" and the "edited" mark dropped; continuation lines kept.
        source: "WhatsApp Chat with Sarah Miller.txt",
        messages: [
          user("Hi! Is the Integration Starter package still available?\nWe're a 12-person team on HubSpot"),
          assistant(
            "Hi Sarah! Yes, it is.\nFor a team of 12 on HubSpot the Starter covers:\n- CRM ↔ invoicing sync\n" +
              "- a shared inbox for WhatsApp and email",
          ),
          user("What does it cost per month?"),
          assistant("$390/month, setup included. I can do a 20-minute demo tomorrow at 10:00 if that works."),
          user("10:00 works, thanks!"),
        ],
      },
      {
        // iOS en: [m/d/yy, h:mm:ss AM]; "image omitted" behind a left-to-right mark dropped.
        source: "ios-en/_chat.txt",
        messages: [
          user("Hey, do you do CRM integrations for small clinics?"),
          assistant(
            "Hi Mike! Yes — we've set up 30+ clinics on Zoho and Salesforce.\nWhat are you using today?",
          ),
          user("Spreadsheets, honestly 😅"),
          assistant("Totally normal at your stage. A migration takes about two weeks."),
        ],
      },
      {
        // iOS ru: [dd.mm.yy, hh:mm:ss]; the encryption notice (chat name as sender) and attachments dropped.
        source: "ios-ru/_chat.txt",
        messages: [
          user("Добрый день, интересует курс по трейдингу"),
          assistant(
            "Здравствуйте, Сергей! Курс идёт 8 недель, старт 1 апреля.\nСтоимость — 35 000 ₽ или 3 платежа по 11 700 ₽.",
          ),
          user("А гарантии какие-то есть?"),
          assistant("Если в первые 14 дней поймёте, что не ваше, вернём деньги полностью."),
        ],
      },
      {
        // Android ru, 24 h, dotted dates, CRLF; <Без медиафайлов>/<Медиа отсутствуют> and "добавил(а)" dropped.
        source: "Чат WhatsApp с Марина.txt",
        messages: [
          user("Здравствуйте, а New Balance 530 белые ещё есть?"),
          assistant("Добрый вечер! Есть 37, 38 и 40 размеры\nВот живые фото, пара с коробкой и чеком"),
          user("Беру 38. Можно завтра забрать у метро?\nЧасов в 7 вечера"),
          assistant("Да, давайте у Чкаловской в 19:00 👍"),
        ],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it("recognises the common locale variants of the prefix", () => {
    const lines = [
      "12/31/20, 11:59 PM - Ann Lee: hi",
      "12/31/20, 11:59\u202fPM - Ann Lee: hi",
      "31/12/2020, 23:59 - Ann Lee: hi",
      "31.12.20, 23:59 - Ann Lee: hi",
      "2020-12-31, 23:59 - Ann Lee: hi",
      "31/12/20, 11:59 p. m. - Ann Lee: hi",
      "[31.12.20, 23:59:59] Ann Lee: hi",
      "[12/31/20, 11:59:59 PM] Ann Lee: hi",
      "[31/12/2020, 23:59] Ann Lee: hi",
      "\u200e[31.12.20, 23:59:59] Ann Lee: hi",
    ];
    for (const line of lines) {
      expect(classifyWhatsAppLine(line), line).toEqual({ kind: "message", speaker: "Ann Lee", text: "hi" });
    }
    expect(classifyWhatsAppLine('12/31/20, 11:59 PM - Ann Lee created group "Sneakers"')).toEqual({
      kind: "notice",
    });
    expect(classifyWhatsAppLine("[31.12.20, 23:59:59] Ann Lee: \u200eвидео отсутствует")).toEqual({
      kind: "notice",
    });
    expect(classifyWhatsAppLine("Meeting at 10:30 - see you")).toEqual({ kind: "continuation" });
  });

  it("keeps a message's own lines that look like speaker lines", () => {
    const text = ["31.12.20, 23:59 - Ann: Итого:", "Цена: 100", "31.12.20, 23:59 - Bob: ok"].join("\n");
    expect(parseChatText(text, "chat.txt").chats[0].messages).toEqual([
      { speaker: "Ann", text: "Итого:\nЦена: 100" },
      { speaker: "Bob", text: "ok" },
    ]);
  });
});
