import { catalogueLines } from "./catalogue.js";
import { mustNotLines } from "./must-not.js";
import type { RolePack } from "./role-pack.js";

const HEADERS = {
  ru: {
    catalogue:
      "Каталог — единственные продукты, цены и условия; других нет, цены и скидки не придумываешь, о том, чего нет в каталоге, честно говоришь, что этого нет:",
    mustNot: "Тебе нельзя:",
  },
  en: {
    catalogue:
      "Catalogue — the only products, prices and terms there are; never invent other prices or discounts, and say honestly when something is not offered:",
    mustNot: "You must never:",
  },
};

/**
 * Who the assistant is: the system message of every record (unless omitted) and of the persona
 * model in `--strategy simulate`. The pack's own `system_prompt` when it has one; otherwise its
 * instructions, whole catalogue and must_not rules, so a model trained on the records learns to
 * quote prices from its system prompt rather than from memory.
 */
export function personaSystemPrompt(pack: RolePack): string {
  if (pack.system_prompt) return pack.system_prompt;
  const h = pack.language === "ru" ? HEADERS.ru : HEADERS.en;
  const rules = mustNotLines(pack);
  return [
    pack.instructions,
    "",
    h.catalogue,
    ...catalogueLines(pack),
    ...(rules.length ? ["", h.mustNot, ...rules] : []),
  ].join("\n");
}
