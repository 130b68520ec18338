import type { ChatMessage } from "../../core/conversation.js";
import { personaSystemPrompt } from "./persona.js";
import type { RolePack } from "./role-pack.js";
import type { Scenario } from "./scenario.js";

export interface ExampleDialogue {
  source: string;
  messages: { role: "user" | "assistant"; content: string }[];
}

interface PromptTexts {
  system: (pack: RolePack, min: number, max: number) => string;
  examplesHeader: string;
  scenario: (s: Scenario, pack: RolePack) => string;
}

const LANGUAGE_NAMES: Record<string, string> = {
  ru: "Russian",
  en: "English",
  ko: "Korean",
  zh: "Chinese",
  de: "German",
  fr: "French",
  es: "Spanish",
  uk: "Ukrainian",
};

const percent = (p: number) => `${Math.round(p * 100)}%`;

const RU: PromptTexts = {
  system: (pack, min, max) =>
    [
      `Ты — генератор реалистичных длинных диалогов для fine-tuning диалоговой модели. Ты пишешь переписку между ассистентом (${pack.description}) и клиентом.`,
      "",
      "Системный промпт ассистента — всё, что он знает о себе, о каталоге и о правилах:",
      "<<<",
      personaSystemPrompt(pack),
      ">>>",
      "",
      "Требования к диалогу:",
      `- от ${min} до ${max} сообщений; роли строго чередуются: первое сообщение пишет клиент (role "user"), последнее — ассистент (role "assistant");`,
      "- ассистент называет только продукты, цены и условия из каталога; никаких других цен, скидок и акций; о том, чего в каталоге нет, он честно говорит, что этого нет;",
      "- ассистент соблюдает системный промпт и не нарушает ни одного правила из списка «никогда»;",
      "- ассистент пишет только текст: не отправляет фото, файлы и ссылки и не делает вид, что отправил;",
      "- переписка идёт несколько дней, с паузами; после паузы собеседники это замечают (здороваются снова, вспоминают, о чём говорили);",
      "- диалог живой: темы перемежаются, есть оффтоп, обычные вопросы; разговор не идёт по плану — возражение появляется, только когда к нему подводит разговор, а чем всё кончится, становится ясно лишь к концу;",
      "- сообщения разной длины, как в настоящем мессенджере; без повторов одних и тех же фраз;",
      "- в тексте сообщений нет меток говорящих («user:», «Клиент:», имён с двоеточием) и нет разметки Markdown;",
      "- последнее сообщение — содержательный ответ ассистента на последнее сообщение клиента.",
      "",
      'Формат ответа — ТОЛЬКО валидный JSON без пояснений: {"messages": [{"role": "user", "content": "..."}, {"role": "assistant", "content": "..."}, ...]}',
    ].join("\n"),
  examplesHeader: "Примеры реальной переписки в нужном стиле (не копируй их, пиши новый диалог):",
  scenario: (s) =>
    [
      "Сценарий этого диалога:",
      `- клиент: ${s.customer_persona}; ${s.customer_style};`,
      `- начало: ${s.opening};`,
      `- цель клиента: ${s.intent};`,
      `- обсуждаемый продукт: ${s.product} (из каталога; другие продукты каталога можно упоминать, если к ним ведёт разговор);`,
      s.objections.length
        ? `- возможные возражения — не список для отработки: клиент высказывает возражение, только если к нему естественно ведёт разговор; в скобках — примерная вероятность, что оно прозвучит: ${s.objections.map((o) => `«${o.text}» (${percent(o.probability)})`).join("; ")};`
        : "- заготовленных возражений у клиента нет;",
      s.off_topic.length ? `- оффтоп по ходу разговора: ${s.off_topic.join("; ")};` : "",
      `- переписка длится ${s.days} дн.; паузы примерно после сообщений № ${s.pauses.join(", ")};`,
      s.ending === "open"
        ? `- концовка открытая: ${s.outcome}; последнее сообщение ассистента — обычный ответ, без подведения итогов сделки;`
        : `- чем заканчивается: ${s.outcome} (к этому приводит сам разговор, а не заранее объявленный план);`,
      `- ровно ${s.target_messages} сообщений.`,
      "",
      "Сгенерируй новый, уникальный диалог по этому сценарию.",
    ]
      .filter(Boolean)
      .join("\n"),
};

const EN: PromptTexts = {
  system: (pack, min, max) =>
    [
      `You generate realistic, long chat dialogues for fine-tuning a conversational model: a chat between an assistant (${pack.description}) and a customer.`,
      "",
      "The assistant's system prompt — all it knows about itself, its catalogue and its rules:",
      "<<<",
      personaSystemPrompt(pack),
      ">>>",
      "",
      "Requirements:",
      `- ${min} to ${max} messages; roles strictly alternate: the customer writes first (role "user"), the assistant writes last (role "assistant");`,
      "- the assistant names only products, prices and terms from the catalogue; no other prices, discounts or offers; when asked for something the catalogue lacks, it says so honestly;",
      '- the assistant follows its system prompt and never breaks any of its "never" rules;',
      "- the assistant only writes text: it sends no photos, files or links and never pretends to;",
      "- the chat spans several days with pauses; after a pause both sides notice it (greet again, recall what was said);",
      "- lively: topics interleave, off-topic moments, ordinary questions; nothing goes to plan — an objection comes up only when the talk leads there, and how it ends becomes clear only near the end;",
      "- messages of varied length, as in a real messenger; no repeated stock phrases;",
      '- no speaker labels ("user:", "Customer:", names with a colon) and no Markdown inside messages;',
      "- the last message is a substantive assistant reply to the customer's last message.",
      ...(pack.language !== "en"
        ? [`- write every message in ${LANGUAGE_NAMES[pack.language] ?? pack.language}.`]
        : []),
      "",
      'Answer with ONLY valid JSON, no commentary: {"messages": [{"role": "user", "content": "..."}, {"role": "assistant", "content": "..."}, ...]}',
    ].join("\n"),
  examplesHeader: "Real chats in the wanted style (do not copy them; write a new dialogue):",
  scenario: (s) =>
    [
      "This dialogue's scenario:",
      `- customer: ${s.customer_persona}; ${s.customer_style};`,
      `- opening: ${s.opening};`,
      `- customer's goal: ${s.intent};`,
      `- product discussed: ${s.product} (from the catalogue; other catalogue products may come up if the talk leads there);`,
      s.objections.length
        ? `- possible objections — not a checklist: the customer raises one only if the talk naturally leads there; in brackets, roughly how likely it is to come up: ${s.objections.map((o) => `"${o.text}" (${percent(o.probability)})`).join("; ")};`
        : "- the customer has no objections prepared;",
      s.off_topic.length ? `- off-topic along the way: ${s.off_topic.join("; ")};` : "",
      `- the chat lasts ${s.days} days; pauses roughly after messages ${s.pauses.join(", ")};`,
      s.ending === "open"
        ? `- an open ending: ${s.outcome}; the assistant's last message is an ordinary reply, not a wrap-up of a deal;`
        : `- how it ends: ${s.outcome} (the talk leads there; it is not announced as a plan);`,
      `- exactly ${s.target_messages} messages.`,
      "",
      "Write a new, unique dialogue for this scenario.",
    ]
      .filter(Boolean)
      .join("\n"),
};

function textsFor(language: string): PromptTexts {
  return language === "ru" ? RU : EN;
}

/**
 * The request for one dialogue. The system message depends only on the role pack and bounds, so
 * providers can cache it across items; examples and the scenario vary and come last.
 */
export function buildRoleplayMessages(
  pack: RolePack,
  scenario: Scenario,
  examples: ExampleDialogue[],
  bounds: { minMessages: number; maxMessages: number },
): ChatMessage[] {
  const t = textsFor(pack.language);
  const parts: string[] = [];
  if (examples.length) {
    parts.push(t.examplesHeader);
    for (const ex of examples) {
      parts.push("---");
      for (const m of ex.messages)
        parts.push(
          `${m.role === "user" ? pack.speaker_labels.user : pack.speaker_labels.assistant}: ${m.content}`,
        );
    }
    parts.push("---", "");
  }
  parts.push(t.scenario(scenario, pack));
  return [
    { role: "system", content: t.system(pack, bounds.minMessages, bounds.maxMessages) },
    { role: "user", content: parts.join("\n") },
  ];
}

/** JSON schema of the answer: only the messages, never the dialogue twice. */
export function roleplayOutputSchema(minMessages: number, maxMessages: number): Record<string, unknown> {
  return {
    type: "object",
    properties: {
      messages: {
        type: "array",
        minItems: minMessages,
        maxItems: maxMessages,
        items: {
          type: "object",
          properties: {
            role: { type: "string", enum: ["user", "assistant"] },
            content: { type: "string", minLength: 1 },
          },
          required: ["role", "content"],
          additionalProperties: false,
        },
      },
    },
    required: ["messages"],
    additionalProperties: false,
  };
}
