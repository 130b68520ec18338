import { EN_FAKE_ATTACHMENT, EN_PRESSURE, RU_FAKE_ATTACHMENT, RU_PRESSURE } from "./must-not-presets.js";
import { type RolePack, RolePackSchema } from "./role-pack.js";

/** A pack for a persona typed at the prompt ("custom"): the description drives everything. */
export function genericPack(name: string, description: string, language: string): RolePack {
  const ru = language === "ru";
  return {
    name,
    ...RolePackSchema.parse({
      description,
      instructions: ru
        ? `Ты — ${description}. Общайся живо и по делу, отвечай на вопросы, работай с возражениями, веди клиента к решению.`
        : `You are ${description}. Be lively and to the point, answer questions, handle objections, guide the customer to a decision.`,
      language,
      products: ru
        ? ["основной продукт или услуга", "премиальный вариант", "пробная версия или консультация"]
        : ["the main product or service", "a premium option", "a trial or consultation"],
      customer_personas: ru
        ? [
            "осторожный новичок",
            "опытный покупатель, который сравнивает цены",
            "занятой человек, которому нужно быстро",
            "скептик",
            "клиент, который покупает в подарок",
          ]
        : [
            "a cautious beginner",
            "an experienced buyer comparing prices",
            "a busy person in a hurry",
            "a sceptic",
            "someone buying a gift",
          ],
      intents: ru
        ? ["узнать подробности", "сравнить варианты", "договориться о цене", "уточнить сроки"]
        : ["learn the details", "compare options", "negotiate the price", "check timelines"],
      objections: ru
        ? ["дорого", "нужно подумать", "у конкурентов лучше"]
        : ["too expensive", "need to think", "competitors are better"],
      outcomes: ru
        ? ["клиент покупает", "клиент откладывает решение", "клиент отказывается"]
        : ["the customer buys", "the customer postpones", "the customer declines"],
      off_topic: ru ? ["погода", "выходные", "новости"] : ["the weather", "the weekend", "the news"],
      must_not: ru ? [RU_FAKE_ATTACHMENT, RU_PRESSURE] : [EN_FAKE_ATTACHMENT, EN_PRESSURE],
    }),
  };
}
