import type { MustNotRule } from "./role-pack.js";

/**
 * `must_not` rules the built-in packs share, with patterns for the obvious cases. A pattern is
 * matched case-insensitively on each seller message; a negation in the same clause ("не могу
 * гарантировать доход") does not count. Users copy these into their own packs.
 */

// Up to three words between a verb and what it governs: "гарантирую вам стабильный доход".
const GAP = String.raw`\s+(?:[\p{L}\d-]+\s+){0,3}?`;

const RU_SENT =
  "отправил[аи]?|отправляю|скинул[аи]?|скидываю|прислал[аи]?|присылаю|выслал[аи]?|высылаю|кинул[аи]?|кидаю|прикрепляю|прикрепил[аи]?|сбросил[аи]?|загрузил[аи]?";
const RU_WILL_SEND = "отправлю|скину|пришлю|вышлю|кину|сброшу";
const RU_ATTACHMENT = String.raw`(?:фот|видео|скрин|файл|презентац|pdf|документ|договор|кп(?!\p{L})|коммерческ|ссылк|прайс|каталог)\p{L}*`;
const RU_SHOWN = [
  String.raw`(?<!\p{L})(?:вот|держи(?:те)?|лови(?:те)?)\s+(?:\p{L}+\s+)?(?:фот|видео|скрин|ссылк)`,
  String.raw`\[(?:фото|видео|скрин\p{L}*|файл|изображение|photo|image|video|file)[^\]]*\]`,
  "[📷📸📎]",
];
const sending = (verbs: string) => String.raw`(?<!\p{L})(?:${verbs})(?!\p{L})${GAP}${RU_ATTACHMENT}`;

export const RU_FAKE_ATTACHMENT: MustNotRule = {
  id: "fake_attachment",
  rule: "делать вид, что отправляешь фото, видео, файлы, ссылки или документы: в переписке ты пишешь только текст",
  patterns: [sending(`${RU_SENT}|${RU_WILL_SEND}`), ...RU_SHOWN],
};

/** For sellers who may promise a document by e-mail later, but never pretend it is already sent. */
export const RU_FAKE_ATTACHMENT_SENT: MustNotRule = {
  id: "fake_attachment",
  rule: "делать вид, что уже отправил или прямо сейчас прикрепляешь КП, презентацию, договор или ссылку: в переписке ты пишешь только текст (прислать КП на почту после брифа можно пообещать)",
  patterns: [sending(RU_SENT), ...RU_SHOWN],
};

export const RU_PRESSURE: MustNotRule = {
  id: "pressure_tactics",
  rule: "давить на клиента: «только сегодня», «осталось два места», «цена завтра вырастет», «решайте прямо сейчас»",
  patterns: [
    String.raw`(?<!\p{L})только\s+сегодня`,
    String.raw`(?<!\p{L})последн\p{L}*\s+(?:шанс|мест|возможност)`,
    String.raw`(?<!\p{L})остал(?:ось|ись)\s+(?:всего\s+|лишь\s+|только\s+)?\d+\s+мест`,
    String.raw`(?<!\p{L})цен\p{L}*${GAP}(?:вырастет|поднимется|подорожает)`,
    String.raw`(?<!\p{L})решай(?:те)?\s+(?:прямо\s+)?сейчас`,
    String.raw`(?<!\p{L})пока\s+не\s+поздно`,
    String.raw`(?<!\p{L})предложение\s+сгорит`,
  ],
};

export const RU_PROMISED_RETURNS: MustNotRule = {
  id: "promised_returns",
  rule: "обещать доход, прибыль, «иксы», окупаемость или заработок без риска — ни в цифрах, ни намёком",
  patterns: [
    String.raw`(?<!\p{L})гарант\p{L}*${GAP}(?:доход|прибыл|заработ|окупаем|профит)`,
    String.raw`(?<!\p{L})(?:заработа|зарабат)\p{L}*${GAP}\d+\s*(?:%|процент|x(?!\p{L})|икс)`,
    String.raw`(?<!\p{L})(?:доход|доходност|прибыл)\p{L}*${GAP}(?:от\s+|до\s+|в\s+)?\d+\s*(?:%|процент)`,
    String.raw`(?<!\p{L})(?:окупит|окупаетс|окупятс|отобь|отбь[её]т)\p{L}*\s+(?:\p{L}+\s+)?(?:за|уже|через|с\s+перв)(?!\p{L})`,
    String.raw`(?<!\p{L})(?:быстро|сразу|моментально)\s+(?:окуп|отоб|отбь)`,
    String.raw`(?<!\p{L})(?:сделаете|сделаешь|поймаете|словите)\s+(?:\p{L}+\s+)?иксы`,
    String.raw`(?<!\p{L})без\s+(?:всякого\s+|никакого\s+|малейшего\s+)?риск\p{L}*`,
  ],
};

export const RU_PROMISED_ROI: MustNotRule = {
  id: "promised_returns",
  rule: "обещать окупаемость, экономию или рост выручки в конкретных цифрах без расчёта на данных клиента",
  patterns: [
    String.raw`(?<!\p{L})гарант\p{L}*${GAP}(?:окупаем|эконом|рост|прибыл|выручк)`,
    String.raw`(?<!\p{L})(?:окупит|окупаетс|окупятс|отобь|отбь[её]т)\p{L}*${GAP}(?:за\s+)?\d+`,
    String.raw`(?<!\p{L})(?:сэконом|увелич|выраст|выручк|продаж)\p{L}*${GAP}(?:на\s+)?\d+\s*(?:%|процент)`,
  ],
};

export const EN_FAKE_ATTACHMENT: MustNotRule = {
  id: "fake_attachment",
  rule: "pretend to send photos, videos, files, links or documents: in this chat you only write text",
  patterns: [
    String.raw`(?<!\p{L})(?:i'll send|i will send|i'm sending|i am sending|i sent|i've sent|sending you|i've attached|i attached|attaching)(?!\p{L})${GAP}(?:photo|picture|pic|video|screenshot|file|link|brochure|pdf|contract|proposal|document)`,
    String.raw`(?<!\p{L})here(?:'s| is| are)\s+(?:a\s+|the\s+|some\s+)?(?:photo|picture|pic|video|screenshot|link|pdf)`,
    String.raw`\[(?:photo|image|picture|video|file|attachment)[^\]]*\]`,
    "[📷📸📎]",
  ],
};

export const EN_PRESSURE: MustNotRule = {
  id: "pressure_tactics",
  rule: 'pressure the customer: "today only", "only two spots left", "the price goes up tomorrow", "decide now"',
  patterns: [
    String.raw`(?<!\p{L})(?:today only|only today|last chance|act now|decide now|before it's too late)(?!\p{L})`,
    String.raw`(?<!\p{L})only\s+\d+\s+(?:spots|places|seats|pairs)\s+left`,
    String.raw`(?<!\p{L})price${GAP}(?:goes up|will go up|will rise|rises)`,
  ],
};
