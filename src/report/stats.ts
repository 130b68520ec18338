import type { ChatMessage, Conversation } from "../core/conversation.js";
import { InputError } from "../core/errors.js";
import { readJsonl } from "../core/jsonl.js";
import type { RunReport } from "../engine/report.js";
import { addPair, codePoints, emptyLengths, lengthSummary } from "../formats/preference-lengths.js";
import {
  parseRecord,
  type ReadRecord,
  type RecordShape,
  readRecords,
  type SkippedLine,
} from "../formats/read/index.js";
import { MAX_RECORD_BYTES } from "../formats/read/lines.js";
import { countTokens, estimateTokens } from "../quality/tokens.js";
import { CappedCounter, compareKeys } from "./counter.js";
import { BoundedHistogram, type NumericSummary } from "./histogram.js";
import { JudgeCollector, type JudgeStats } from "./judge-stats.js";
import { Reservoir } from "./reservoir.js";
import { countScripts, dominantScript, SCRIPT_LANGUAGE, type Script } from "./script-detect.js";
import { type DataSource, readJsonFile, resolveSource } from "./source.js";

export type StatsTokenizer = "o200k" | "cl100k" | "estimate";

export interface StatsOptions {
  /** Random examples kept for the report (default 5). */
  examples?: number;
  /** Seed of the example sample (default 42): same file and seed, same examples. */
  seed?: number;
  /** How tokens are counted (default o200k; `estimate` is much faster on big files). */
  tokenizer?: StatsTokenizer;
  /** Message text in examples is cut to this many characters (default 4000). */
  maxExampleChars?: number;
  /** Read these files instead of the source's (e.g. the train and eval splits of a push). */
  files?: string[];
}

export interface RoleStats {
  messages: number;
  /** Characters per message. */
  chars: NumericSummary;
  /** Tokens per message. */
  tokens: NumericSummary;
}

export interface Breakdown {
  /** A metadata path, e.g. `mode`, `difficulty`, `scenario.intent`. */
  field: string;
  counts: Record<string, number>;
  /** Records with a value beyond the distinct-value cap. */
  other: number;
}

export interface Example {
  /** 1-based line in the dataset file. */
  line: number;
  id?: string;
  shape: RecordShape;
  conversation: Conversation;
}

/** The part of report.json a report shows (field names as in report.json). */
export type RunSummary = Pick<
  RunReport,
  | "recipe"
  | "requested"
  | "accepted"
  | "rejected"
  | "failed"
  | "attempts"
  | "stopped"
  | "requests"
  | "usage"
  | "cost_usd"
  | "duration_s"
  | "rejection_reasons"
  | "models"
>;

export interface DatasetStats {
  source: { kind: DataSource["kind"]; input: string; files: string[] };
  /** Records read as dialogues. */
  records: number;
  /** Lines that are no usable record (not JSON, unknown shape, broken messages), by reason. */
  skipped: { total: number; reasons: Record<string, number> };
  shapes: Record<string, number>;
  tokenizer: StatsTokenizer;
  /** Per dialogue. */
  messages: NumericSummary;
  /** Per dialogue. */
  tokens: NumericSummary;
  roles: Record<string, RoleStats>;
  /** Per dialogue: `metadata.language` when the record has it, else a guess from its script. */
  languages: Record<string, number>;
  /** Per dialogue: the dominant Unicode script of its text. */
  scripts: Record<string, number>;
  breakdowns: Breakdown[];
  toolCalls: { dialogues: number; calls: number; byName: Record<string, number> };
  /**
   * Preference pairs (rounds: correction = chosen, answer = rejected, every round; DPO records):
   * mean characters of each side and their ratio. A ratio over 1.5 means length alone separates them.
   */
  preferences?: ReturnType<typeof lengthSummary>;
  /** Judge scores (`metadata.judge`): distributions per criterion, the lowest-scored dialogues. */
  judge?: JudgeStats;
  rejections?: { total: number; reasons: Record<string, number>; source: "rejected.jsonl" | "report.json" };
  run?: RunSummary;
  /** config.json of the run, as written by the engine (it holds no secrets). */
  config?: Record<string, unknown>;
  examples: Example[];
}

/**
 * Metadata fields never broken down: those identifying a record (or its recipe) rather than
 * describing it, and `language`, which has its own chart.
 */
const SKIP_FIELDS = new Set([
  "id",
  "recipe",
  "seed",
  "num_messages",
  "generated",
  "uid",
  "created_at",
  "timestamp",
  "nonce",
  "language",
  "judge",
]);
/** Shown first, in this order, when present (the recipes' own categories). */
const PREFERRED_FIELDS = [
  "mode",
  "task_type",
  "difficulty",
  "role_type",
  "category",
  "gold_category",
  "model",
  "round",
];
const MAX_FIELDS = 40;
const MAX_VALUES = 30;
/** Language detection looks at this many characters of a dialogue: enough, and cheap. */
const SCRIPT_SAMPLE_CHARS = 4000;

/**
 * Streaming statistics over records: feed raw JSON values with `add`, read `result()`. Memory is
 * bounded whatever the number of records (fixed-size histograms, capped counters, a reservoir).
 */
export class StatsCollector {
  private records = 0;
  private lines = 0;
  private readonly skipped = new CappedCounter(30);
  private skippedTotal = 0;
  private readonly shapes = new CappedCounter(16);
  private readonly messages = new BoundedHistogram();
  private readonly tokens = new BoundedHistogram();
  private readonly roles = new Map<
    string,
    { messages: number; chars: BoundedHistogram; tokens: BoundedHistogram }
  >();
  private readonly languages = new CappedCounter(MAX_VALUES);
  private readonly scripts = new CappedCounter(16);
  private readonly fields = new Map<string, CappedCounter>();
  private toolDialogues = 0;
  private toolCalls = 0;
  private readonly toolNames = new CappedCounter(100);
  private readonly pairs = emptyLengths();
  private readonly reservoir: Reservoir<Example>;
  private readonly judge = new JudgeCollector();
  private readonly tokenizer: StatsTokenizer;
  private readonly maxExampleChars: number;

  constructor(options: StatsOptions = {}) {
    this.tokenizer = options.tokenizer ?? "o200k";
    this.maxExampleChars = options.maxExampleChars ?? 4000;
    this.reservoir = new Reservoir(options.examples ?? 5, options.seed ?? 42);
  }

  /** Adds one parsed JSONL line. A line that is no usable record is counted, not thrown. */
  add(value: unknown, line = this.lines + 1): void {
    const item = parseRecord(value, line);
    if (item.ok) this.addRecord(item.record);
    else this.skip(item.skipped.reason);
  }

  /** Counts a line that could not be used (`invalid_json`, `unrecognised_shape`, ...). */
  skip(reason: string): void {
    this.lines++;
    this.skippedTotal++;
    this.skipped.add(reason);
  }

  /** Adds a record already converted by the shared readers. */
  addRecord(read: ReadRecord): void {
    const c = read.conversation;
    if (c.messages.length === 0) {
      this.skip("no_messages");
      return;
    }
    this.lines++;
    const line = read.line || this.lines;
    this.records++;
    this.shapes.add(read.shape);
    this.messages.add(c.messages.length);

    let dialogueTokens = 0;
    let calls = 0;
    const scriptCounts = new Map<Script, number>();
    let sampled = 0;
    for (const m of c.messages) {
      const body = messageText(m);
      const t = this.count(body);
      dialogueTokens += t;
      const role = this.role(m.role);
      role.messages++;
      role.chars.add(body.length);
      role.tokens.add(t);
      if (m.tool_calls) {
        calls += m.tool_calls.length;
        for (const call of m.tool_calls) this.toolNames.add(call.function.name || "(unnamed)");
      }
      // System prompts repeat across records and tool results are JSON: the dialogue's language
      // is in what the user and assistant say.
      if ((m.role === "user" || m.role === "assistant") && m.content && sampled < SCRIPT_SAMPLE_CHARS) {
        const piece = m.content.slice(0, SCRIPT_SAMPLE_CHARS - sampled);
        countScripts(piece, scriptCounts);
        sampled += piece.length;
      }
    }
    this.tokens.add(dialogueTokens);
    if (calls > 0) {
      this.toolDialogues++;
      this.toolCalls += calls;
    }

    const script = dominantScript(scriptCounts);
    if (script) this.scripts.add(script);
    const declared = c.metadata?.language;
    const language =
      typeof declared === "string" && declared !== ""
        ? declared
        : script && script !== "other"
          ? SCRIPT_LANGUAGE[script]
          : undefined;
    this.languages.add(language ?? "unknown");

    this.addPairs(read);
    if (c.metadata) this.addFields(c.metadata, "", 0);
    this.judge.add(c.metadata?.judge, c.id, line);
    // The tools recipe's gold set may carry its category beside the record rather than in metadata.
    const raw = read.raw as Record<string, unknown> | undefined;
    for (const key of ["category", "gold_category"]) {
      const v = raw?.[key];
      if (typeof v === "string" && c.metadata?.[key] === undefined) this.addFields({ [key]: v }, "", 0);
    }

    this.reservoir.offer(() => ({
      line,
      id: c.id,
      shape: read.shape,
      conversation: trimConversation(c, this.maxExampleChars),
    }));
  }

  /** The chosen and rejected lengths of a record's preference pairs, as `export --to dpo` makes them. */
  private addPairs(read: ReadRecord): void {
    const text = (ms: readonly ChatMessage[]) => ms.reduce((n, m) => n + codePoints(m.content ?? ""), 0);
    for (const r of read.rounds ?? []) addPair(this.pairs, codePoints(r.correction), codePoints(r.answer));
    if (read.preference) addPair(this.pairs, text(read.preference.chosen), text(read.preference.rejected));
  }

  private addFields(obj: Record<string, unknown>, prefix: string, depth: number): void {
    for (const [key, value] of Object.entries(obj)) {
      if (SKIP_FIELDS.has(key)) continue;
      const field = prefix + key;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        if (depth === 0) this.addFields(value as Record<string, unknown>, `${field}.`, depth + 1);
        continue;
      }
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
      let counter = this.fields.get(field);
      if (!counter) {
        if (this.fields.size >= MAX_FIELDS) continue;
        counter = new CappedCounter(MAX_VALUES);
        this.fields.set(field, counter);
      }
      counter.add(String(value).slice(0, 80));
    }
  }

  private role(name: string) {
    let r = this.roles.get(name);
    if (!r) {
      r = { messages: 0, chars: new BoundedHistogram(), tokens: new BoundedHistogram() };
      this.roles.set(name, r);
    }
    return r;
  }

  private count(text: string): number {
    if (text === "") return 0;
    return this.tokenizer === "estimate" ? estimateTokens(text) : countTokens(text, this.tokenizer);
  }

  result(source: DataSource): DatasetStats {
    const roles: Record<string, RoleStats> = {};
    for (const name of ["system", "user", "assistant", "tool"]) {
      const r = this.roles.get(name);
      if (r) roles[name] = { messages: r.messages, chars: r.chars.summary(), tokens: r.tokens.summary() };
    }
    return {
      source: { kind: source.kind, input: source.input, files: source.files },
      records: this.records,
      skipped: { total: this.skippedTotal, reasons: this.skipped.toObject() },
      shapes: this.shapes.toObject(),
      tokenizer: this.tokenizer,
      messages: this.messages.summary(),
      tokens: this.tokens.summary(),
      roles,
      languages: this.languages.toObject(),
      scripts: this.scripts.toObject(),
      breakdowns: this.breakdowns(),
      toolCalls: { dialogues: this.toolDialogues, calls: this.toolCalls, byName: this.toolNames.toObject() },
      ...(this.pairs.pairs > 0 ? { preferences: lengthSummary(this.pairs) } : {}),
      ...(this.judge.result() ? { judge: this.judge.result() } : {}),
      examples: this.reservoir.values().sort((a, b) => a.line - b.line),
    };
  }

  /**
   * Fields worth a chart: the recipes' categories first; a field whose values ran past the cap
   * (free text, ids) or that only some records have with a single value is left out.
   */
  private breakdowns(): Breakdown[] {
    const rank = (f: string) => {
      const i = PREFERRED_FIELDS.indexOf(f);
      return i < 0 ? PREFERRED_FIELDS.length : i;
    };
    const out: Breakdown[] = [];
    for (const [field, counter] of this.fields) {
      const preferred = rank(field) < PREFERRED_FIELDS.length;
      if (!preferred && counter.overflow > 0) continue;
      // Numeric categories (difficulty 1-10) read best in number order, others by count.
      const entries = counter.entries();
      const numeric = entries.every(([k]) => k !== "" && Number.isFinite(Number(k)));
      if (numeric) entries.sort((a, b) => compareKeys(a[0], b[0]));
      out.push({ field, counts: Object.fromEntries(entries), other: counter.overflow });
    }
    return out.sort((a, b) => rank(a.field) - rank(b.field) || compareKeys(a.field, b.field));
  }
}

/** The text a message contributes to length and token counts: content plus tool-call JSON. */
function messageText(m: ChatMessage): string {
  let s = m.content ?? "";
  if (m.tool_calls) for (const c of m.tool_calls) s += c.function.name + c.function.arguments;
  return s;
}

function trimConversation(c: Conversation, maxChars: number): Conversation {
  const cut = (s: string | null) =>
    s !== null && s.length > maxChars
      ? `${s.slice(0, maxChars)}… [${s.length - maxChars} more characters]`
      : s;
  return {
    id: c.id,
    messages: c.messages.map((m) => ({ ...m, content: cut(m.content) })),
    tools: c.tools,
    metadata: c.metadata,
  };
}

/**
 * Statistics for a run directory (dataset.jsonl plus rejected.jsonl, report.json and config.json
 * when present) or a single JSONL file. Streams every file once.
 */
export async function computeStats(
  input: string | DataSource,
  options: StatsOptions = {},
): Promise<DatasetStats> {
  const source = typeof input === "string" ? resolveSource(input) : input;
  const collector = new StatsCollector(options);
  const files = options.files ?? source.files;
  let firstSkip: SkippedLine | undefined;
  for await (const item of readRecords(
    { kind: "file", files: files.map((path) => ({ path })) },
    { badJson: "skip", maxLineBytes: MAX_RECORD_BYTES },
  )) {
    if (item.ok) collector.addRecord(item.record);
    else {
      firstSkip ??= item.skipped;
      collector.skip(item.skipped.reason);
    }
  }
  const stats = collector.result({ ...source, files });
  // Nothing to describe is bad input, not an empty report (a run with report.json still has one).
  if (stats.records === 0 && !source.report) throw noRecords(files, stats.skipped.total, firstSkip);

  if (source.report) stats.run = summariseRun(readJsonFile(source.report));
  if (source.config) {
    const config = readJsonFile(source.config);
    if (config && typeof config === "object" && !Array.isArray(config))
      stats.config = config as Record<string, unknown>;
  }
  if (source.rejected) stats.rejections = await countRejections(source.rejected);
  else if (stats.run && Object.keys(stats.run.rejection_reasons).length > 0) {
    const reasons = stats.run.rejection_reasons;
    stats.rejections = {
      total: Object.values(reasons).reduce((a, b) => a + b, 0),
      reasons,
      source: "report.json",
    };
  }
  return stats;
}

function noRecords(files: string[], skipped: number, first: SkippedLine | undefined): InputError {
  const what = files.join(", ");
  if (skipped === 0 || !first)
    return new InputError(`${what}: no records (the file is empty); give a JSONL dataset or a run directory`);
  return new InputError(
    `${what}: none of its ${skipped} line(s) is a dataset record (line ${first.line}: ${first.reason}: ${first.detail}); give a JSONL dataset or a run directory`,
  );
}

/** Rejections by `reason` from rejected.jsonl (streamed; a line without a reason is "unknown"). */
export async function countRejections(
  path: string,
): Promise<{ total: number; reasons: Record<string, number>; source: "rejected.jsonl" }> {
  const reasons = new CappedCounter(100);
  let total = 0;
  for await (const { value } of readJsonl<Record<string, unknown>>(path, { onBadLine: () => {} })) {
    total++;
    const reason = value && typeof value === "object" ? value.reason : undefined;
    reasons.add(typeof reason === "string" && reason !== "" ? reason : "unknown");
  }
  const counts = reasons.toObject();
  if (reasons.overflow > 0) counts["(other reasons)"] = reasons.overflow;
  return { total, reasons: counts, source: "rejected.jsonl" };
}

/** Keeps the report.json fields a report shows; tolerates older or partial files. */
function summariseRun(raw: unknown): RunSummary | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const r = raw as Partial<RunReport>;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    recipe: typeof r.recipe === "string" ? r.recipe : "unknown",
    requested: num(r.requested),
    accepted: num(r.accepted),
    rejected: num(r.rejected),
    failed: num(r.failed),
    attempts: num(r.attempts),
    stopped: r.stopped ?? "done",
    requests: {
      total: num(r.requests?.total),
      retried: num(r.requests?.retried),
      cached: num(r.requests?.cached),
      by_status: r.requests?.by_status ?? {},
    },
    usage: { prompt_tokens: num(r.usage?.prompt_tokens), completion_tokens: num(r.usage?.completion_tokens) },
    cost_usd: num(r.cost_usd),
    duration_s: num(r.duration_s),
    models: r.models ?? {},
    rejection_reasons: r.rejection_reasons ?? {},
  };
}
