import { Rng } from "../../core/rng.js";
import { chainMode, correctionMode, followupMode, type ModeResult, variationsMode } from "./modes.js";
import { NumericRangeError } from "./num/rational.js";
import {
  defaultSystemPrompt,
  jsonNum,
  jsonStr,
  messagesJson,
  renderExchanges,
  SYSTEM_VARIANTS,
  systemMessageJson,
} from "./render.js";
import { STAGED_FROM, staged } from "./staged.js";
import { taskById } from "./tasks/index.js";
import type { Ctx, Dialogue, DialogueMetadata, Language, Mode } from "./types.js";

/** Where encoded lines go: reserve(n) returns the buffer with room for n bytes from `pos`. */
export interface ByteSink {
  pos: number;
  reserve(n: number): Buffer;
}

/** Everything that determines one dialogue. */
export interface DialogueSpec {
  mode: Mode;
  taskType: string;
  language: Language;
  difficulty: number;
  reasoningMode: boolean;
  /** true: the default system prompt; false: none; a string: that prompt. */
  system: boolean | string;
  /** chain: user turns (tasks in the chain). */
  turns: number;
  /** followup: questions after the solution (1..4). */
  numFollowups: number;
  /** variations: changes after the solution. */
  numVariations: number;
  /** Recorded in metadata; with `index`, where the random stream came from. */
  seed: number;
  index: number;
  /** The dialogue's own random stream seed (derived from seed and index by the caller). */
  streamSeed: number;
}

const MAX_ATTEMPTS = 50;

/**
 * Generates one dialogue's exchanges. A draw whose exact arithmetic would leave the safe integer
 * range is redrawn from the next sub-stream, so the result stays a pure function of the spec.
 */
export function composeDialogue(spec: DialogueSpec): ModeResult {
  const task = taskById(spec.taskType);
  const ru = spec.language === "ru";
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rng = new Rng(attempt === 0 ? spec.streamSeed : spec.streamSeed + attempt * 0x9e3779b1);
    const ctx: Ctx = { rng, d: spec.difficulty, ru };
    try {
      const base = task.create(ctx);
      // Correction keeps one stage: its planted error and the DPO pair concern a single result.
      const p = spec.mode !== "correction" && spec.difficulty >= STAGED_FROM ? staged(base, ctx) : base;
      if (spec.mode === "chain") return chainMode(p, ctx, spec.turns);
      if (spec.mode === "followup") return followupMode(p, ctx, spec.numFollowups);
      if (spec.mode === "variations") return variationsMode(p, ctx, spec.numVariations);
      return correctionMode(p, ctx);
    } catch (e) {
      if (e instanceof NumericRangeError) continue;
      throw e;
    }
  }
  throw new Error(`could not build a ${spec.taskType} dialogue within exact-arithmetic limits`);
}

/** Which default system prompt a dialogue gets: a pure function of its stream seed. */
function systemVariant(spec: DialogueSpec): number {
  return (spec.streamSeed >>> 0) % SYSTEM_VARIANTS;
}

function systemPrompt(spec: DialogueSpec, ru: boolean): string | undefined {
  return spec.system === false
    ? undefined
    : spec.system === true
      ? defaultSystemPrompt(ru, spec.reasoningMode, systemVariant(spec))
      : spec.system;
}

/** Builds one dialogue (library form). */
export function buildDialogue(spec: DialogueSpec): Dialogue {
  const result = composeDialogue(spec);
  const ru = spec.language === "ru";
  const { messages, checks } = renderExchanges(
    result.exchanges,
    ru,
    spec.reasoningMode,
    systemPrompt(spec, ru),
  );
  const numTurns = result.exchanges.length;
  const metadata: DialogueMetadata = {
    recipe: "math",
    mode: spec.mode,
    task_type: spec.taskType,
    language: spec.language,
    difficulty: spec.difficulty,
    reasoning_mode: spec.reasoningMode,
    seed: spec.seed,
    index: spec.index,
    num_turns: numTurns,
    checks,
    // Always present (undefined outside correction mode, so JSON leaves them out): one shape.
    mistake: result.mistake,
    correction: result.correction,
    correct_from: result.correctFrom,
  };
  return { messages, metadata, numTurns };
}

const ID_CLOSE = Buffer.from('","messages":[', "latin1");

/** Copies a few bytes (a loop: cheaper than a native call for a dozen or two). */
function copyBytes(out: Buffer, pos: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) out[pos + k] = bytes[k];
  return pos + bytes.length;
}

/** The decimal digits of a whole number n ≥ 0, as ASCII. */
function writeDigits(out: Buffer, pos: number, n: number): number {
  let end = pos + 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) end++;
  for (let k = end - 1, m = n; k >= pos; k--, m = Math.floor(m / 10)) out[k] = 48 + (m % 10);
  return end;
}

/**
 * The parts of a record's JSON line that are the same for many records, escaped once: the system
 * message per language, the metadata up to the difficulty per (mode, task, language), and the
 * metadata from reasoning_mode to the index. The system message is also kept as UTF-8 bytes: a
 * sixth of each line, copied instead of encoded again for every record (encode).
 */
export class LineFrame {
  /** The system message JSON per language (ru, en) and default variant; undefined for none. */
  private readonly systemRu: (string | undefined)[];
  private readonly systemEn: (string | undefined)[];
  /** The same as UTF-8. */
  private readonly systemRuBytes: (Buffer | undefined)[];
  private readonly systemEnBytes: (Buffer | undefined)[];
  private readonly tail: string;
  /** `{"id":"` and what every record id starts with (the index follows), as text and as bytes. */
  private readonly idOpen: string;
  private readonly idOpenBytes: Buffer;

  constructor(
    readonly seed: number,
    readonly reasoningMode: boolean,
    readonly system: boolean | string,
    idPrefix: string,
  ) {
    const json = (ru: boolean) => {
      const out: (string | undefined)[] = [];
      for (let v = 0; v < SYSTEM_VARIANTS; v++) {
        const prompt =
          system === false ? undefined : system === true ? defaultSystemPrompt(ru, reasoningMode, v) : system;
        out.push(prompt === undefined ? undefined : systemMessageJson(prompt));
      }
      return out;
    };
    const bytes = (list: (string | undefined)[]) => list.map((m) => (m === undefined ? m : Buffer.from(m)));
    this.systemRu = json(true);
    this.systemEn = json(false);
    this.systemRuBytes = bytes(this.systemRu);
    this.systemEnBytes = bytes(this.systemEn);
    this.tail = `,"reasoning_mode":${JSON.stringify(reasoningMode)},"seed":${jsonNum(seed)},"index":`;
    this.idOpen = `{"id":"${idPrefix}`;
    this.idOpenBytes = Buffer.from(this.idOpen, "latin1");
  }

  /** `"metadata":{"recipe":"math","mode":...,"task_type":...,"language":...,"difficulty":` */
  head(mode: string, taskType: string, language: string): string {
    return `"metadata":{"recipe":"math","mode":${jsonStr(mode)},"task_type":${jsonStr(taskType)},"language":${jsonStr(language)},"difficulty":`;
  }

  /**
   * The dataset record `{id, messages, metadata}` of a dialogue as a JSON line (no newline),
   * written straight from its exchanges: byte for byte JSON.stringify of the record mathRecords
   * yields, without building message and check objects first. `head` is head(mode, task, language).
   */
  line(spec: DialogueSpec, head: string, result: ModeResult): string {
    const system = (spec.language === "ru" ? this.systemRu : this.systemEn)[systemVariant(spec)];
    // Ids are the prefix and the index, from numbers: nothing in them needs escaping.
    return `${this.idOpen}${spec.index}","messages":[${system ?? ""}${this.rest(spec, head, result, system === undefined ? 0 : 1)}`;
  }

  /**
   * line(...) and a newline, as UTF-8, appended to `sink`. The id is written as bytes (its prefix,
   * then the index's digits): no string is built for it.
   */
  encode(spec: DialogueSpec, head: string, result: ModeResult, sink: ByteSink): void {
    const system = (spec.language === "ru" ? this.systemRuBytes : this.systemEnBytes)[systemVariant(spec)];
    const { messages, checks } = this.messages(spec, result, system === undefined ? 0 : 1);
    const metadata = this.metadata(spec, head, result, checks);
    // At most 3 bytes per UTF-16 unit; the id is ASCII, its index at most 16 digits.
    const out = sink.reserve(
      (messages.length + metadata.length) * 3 + this.idOpenBytes.length + 48 + (system?.length ?? 0),
    );
    let pos = copyBytes(out, sink.pos, this.idOpenBytes);
    pos = writeDigits(out, pos, spec.index);
    pos = copyBytes(out, pos, ID_CLOSE);
    if (system !== undefined) {
      out.set(system, pos);
      pos += system.length;
    }
    // Two writes, not one of their concatenation: the metadata is mostly ASCII, which V8 keeps
    // in one byte per character when it flattens it alone; joined to the messages it would be
    // widened to two.
    pos += out.write(messages, pos, "utf8");
    pos += out.write(metadata, pos, "utf8");
    out[pos] = 10;
    sink.pos = pos + 1;
  }

  /**
   * The line after its system message (after `"messages":[` when there is none): the messages,
   * then the metadata. `before` is 1 after a system message, else 0.
   */
  rest(spec: DialogueSpec, head: string, result: ModeResult, before: number): string {
    const { messages, checks } = this.messages(spec, result, before);
    return messages + this.metadata(spec, head, result, checks);
  }

  /** The rest of the messages array (see rest) and the JSON array of checks. */
  private messages(
    spec: DialogueSpec,
    result: ModeResult,
    before: number,
  ): { messages: string; checks: string } {
    const multiline = taskById(spec.taskType).multiline === true;
    return messagesJson(result.exchanges, spec.language === "ru", this.reasoningMode, "", before, multiline);
  }

  /** `,"metadata":{...}}`: what follows the messages array, the line's end included. */
  private metadata(spec: DialogueSpec, head: string, result: ModeResult, checks: string): string {
    const mistake = result.mistake === undefined ? "" : `,"mistake":${jsonStr(result.mistake)}`;
    const correction = result.correction === undefined ? "" : `,"correction":"${result.correction}"`;
    const correct = result.correctFrom === undefined ? "}}" : `,"correct_from":${result.correctFrom}}}`;
    return `,${head}${jsonNum(spec.difficulty)}${this.tail}${jsonNum(spec.index)},"num_turns":${result.exchanges.length},"checks":${checks}${mistake}${correction}${correct}`;
  }
}
