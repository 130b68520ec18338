import { type AnswerStyleTexts, EN_STYLES, RU_STYLES, ZH_STYLES } from "./answer-styles.js";

/**
 * The three roles' instructions, written natively per language (zh, ru, en) so the models answer
 * in the data's language; other languages get the English text with an explicit language line.
 */
export interface RoundsTexts {
  userLabel: string;
  assistantLabel: string;
  /** Separator after a speaker label ("User: ", "用户："). */
  colon: string;
  questionerSystem: string;
  questionerUser: (transcript: string) => string;
  answererSystem: (instruction: string) => string;
  /** The answerer's built-in instructions, one per way an answer falls short. */
  answerStyles: AnswerStyleTexts;
  correctorSystem: string;
  correctorUser: (transcript: string, question: string, answer: string) => string;
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: "English",
  ru: "Russian",
  zh: "Chinese",
  ko: "Korean",
  ja: "Japanese",
  ar: "Arabic",
  de: "German",
  fr: "French",
  es: "Spanish",
  it: "Italian",
  pt: "Portuguese",
  uk: "Ukrainian",
  be: "Belarusian",
  bg: "Bulgarian",
  kk: "Kazakh",
  tr: "Turkish",
  pl: "Polish",
  nl: "Dutch",
  vi: "Vietnamese",
  id: "Indonesian",
  hi: "Hindi",
};

/** "Write in X." for the English texts; when the language is only a guess from the script, "the conversation's language". */
function languageLine(language: string | undefined): string {
  if (!language) return "Write in the same language as the conversation.";
  const name = LANGUAGE_NAMES[language.toLowerCase().split(/[-_]/)[0]] ?? language;
  return `Write in ${name}.`;
}

function english(language: string | undefined): RoundsTexts {
  const lang = languageLine(language);
  return {
    userLabel: "User",
    assistantLabel: "Assistant",
    colon: ": ",
    questionerSystem: [
      "You write the user's next message in a conversation between a user and an AI assistant.",
      "The user asks one follow-up question that builds on the conversation so far: it goes deeper, asks for a clarification, an example, a consequence, a related case or a practical next step.",
      "The question must make sense right after the assistant's last reply, must not repeat an earlier question, and must sound like a real user: short and natural, one or two sentences.",
      "If the conversation touches on something harmful or dangerous (violence, weapons, drugs, self-harm, crime, hacking, abuse), the follow-up asks about risks, consequences, the law, where to get help or safe alternatives — never for operational details, instructions or a practical next step toward the harm.",
      lang,
      "Reply with the question only: no preamble, no quotes, no labels.",
    ].join(" "),
    questionerUser: (t) => `The conversation so far:\n\n${t}\n\nWrite the user's next follow-up question.`,
    answererSystem: (instruction) =>
      ["You are an AI assistant. Answer the user's last message.", instruction, lang]
        .filter(Boolean)
        .join(" "),
    answerStyles: EN_STYLES,
    correctorSystem: [
      "You improve the answers of an AI assistant.",
      "You get a conversation, the user's latest question and the assistant's answer to it.",
      "Write a corrected answer to the latest question that fixes every mistake, gap and vagueness of the original: accurate, complete, clear, helpful and safe, and consistent with the conversation. Keep what was right.",
      "Keep it about as long as the original answer unless the fix needs more; do not pad it with extra material.",
      lang,
      "Reply with the corrected answer only, addressed to the user, without commenting on the original answer.",
    ].join(" "),
    correctorUser: (t, q, a) =>
      `The conversation so far:\n\n${t}\n\nThe user's latest question:\n${q}\n\nThe assistant's answer to correct:\n${a}\n\nWrite the corrected answer.`,
  };
}

const CHINESE: RoundsTexts = {
  userLabel: "用户",
  assistantLabel: "助手",
  colon: "：",
  questionerSystem:
    "你负责续写用户与 AI 助手之间对话中用户的下一条消息。用户基于目前的对话提出一个追问：更深入一步、请求澄清、要一个例子、问后果、问相关情形或下一步的实际做法。" +
    "这个问题必须能紧接在助手上一条回复之后，不能重复之前问过的问题，要像真实用户那样简短自然（一两句话）。" +
    "如果对话涉及有害或危险的内容（暴力、武器、毒品、自残、犯罪、黑客攻击、虐待等），追问应关注风险、后果、法律、求助途径或安全的替代做法——绝不要询问操作细节、具体步骤或实施伤害的下一步。" +
    "请用中文书写。只输出问题本身：不要开场白、不要引号、不要标签。",
  questionerUser: (t) => `目前的对话：\n\n${t}\n\n请写出用户的下一个追问。`,
  answererSystem: (instruction) =>
    ["你是一个 AI 助手。请回答用户的最后一条消息。", instruction, "请用中文回答。"].filter(Boolean).join(""),
  answerStyles: ZH_STYLES,
  correctorSystem:
    "你负责改进 AI 助手的回答。你会看到一段对话、用户最新的问题以及助手对它的回答。" +
    "请针对最新的问题写出修正后的回答，修正原回答中的所有错误、遗漏和含糊之处：准确、完整、清晰、有帮助且安全，并与对话内容保持一致。保留原回答中正确的部分。" +
    "篇幅与原回答大致相当，除非修正确实需要更多内容；不要添加多余的内容。" +
    "请用中文书写。只输出修正后的回答本身，直接面向用户，不要评论原回答。",
  correctorUser: (t, q, a) =>
    `目前的对话：\n\n${t}\n\n用户最新的问题：\n${q}\n\n需要修正的助手回答：\n${a}\n\n请写出修正后的回答。`,
};

const RUSSIAN: RoundsTexts = {
  userLabel: "Пользователь",
  assistantLabel: "Ассистент",
  colon: ": ",
  questionerSystem: [
    "Ты пишешь следующее сообщение пользователя в диалоге пользователя с ИИ-ассистентом.",
    "Пользователь задаёт один уточняющий вопрос, который продолжает разговор: углубляется в тему, просит пояснить, привести пример, рассказать о последствиях, о похожем случае или о следующем практическом шаге.",
    "Вопрос должен естественно следовать за последним ответом ассистента, не повторять прежние вопросы и звучать как у живого человека: коротко, одно-два предложения.",
    "Если разговор касается чего-то вредного или опасного (насилие, оружие, наркотики, самоповреждение, преступления, взлом, злоупотребления), вопрос касается рисков, последствий, закона, того, куда обратиться за помощью, или безопасных альтернатив — но никогда не операционных деталей, инструкций или следующего практического шага к вреду.",
    "Пиши по-русски. Выведи только сам вопрос: без вступлений, кавычек и меток.",
  ].join(" "),
  questionerUser: (t) =>
    `Диалог на данный момент:\n\n${t}\n\nНапиши следующий уточняющий вопрос пользователя.`,
  answererSystem: (instruction) =>
    ["Ты — ИИ-ассистент. Ответь на последнее сообщение пользователя.", instruction, "Отвечай по-русски."]
      .filter(Boolean)
      .join(" "),
  answerStyles: RU_STYLES,
  correctorSystem: [
    "Ты улучшаешь ответы ИИ-ассистента.",
    "Тебе дают диалог, последний вопрос пользователя и ответ ассистента на него.",
    "Напиши исправленный ответ на последний вопрос, в котором исправлены все ошибки, пробелы и неясности исходного: точный, полный, ясный, полезный и безопасный, согласованный с диалогом. Сохрани то, что было верно.",
    "Сохраняй примерно ту же длину, что у исходного ответа, если исправление не требует большего; не добавляй лишнего.",
    "Пиши по-русски. Выведи только исправленный ответ, обращённый к пользователю, без комментариев об исходном ответе.",
  ].join(" "),
  correctorUser: (t, q, a) =>
    `Диалог на данный момент:\n\n${t}\n\nПоследний вопрос пользователя:\n${q}\n\nОтвет ассистента, который нужно исправить:\n${a}\n\nНапиши исправленный ответ.`,
};

/** Languages with their own texts; every other language uses English instructions. */
export const NATIVE_PROMPT_LANGUAGES = ["zh", "ru", "en"] as const;

/**
 * The texts for a conversation. `language`: its code (forced with --lang or detected);
 * `explicit`: false when detected from the script alone (Latin could be any Latin-script language).
 */
export function roundsTexts(language: string, explicit: boolean): RoundsTexts {
  const base = language.toLowerCase().split(/[-_]/)[0];
  if (base === "zh") return CHINESE;
  if (base === "ru") return RUSSIAN;
  if (base === "en") return english(explicit ? "en" : undefined);
  return english(base === "unknown" ? undefined : language);
}
