import type { ChatMessage, Conversation } from "../../core/conversation.js";
import type { RecordMessage } from "../../core/record.js";

/**
 * The record shapes readers recognise, one per line. A canonical record (`metadata.recipe`) is
 * `roleplay`, `math`, `tools`, `rounds` by its recipe, else `messages`; files of 0.2.0 and earlier
 * have the recipes' own shapes under the same names (and `rounds-single`); the rest are external files.
 */
export type RecordShape =
  | "roleplay"
  | "math"
  | "tools"
  | "rounds"
  | "rounds-single"
  | "messages"
  | "sharegpt"
  | "prompt-completion"
  | "trl-prompt-completion"
  | "preference";

/** One step of a rounds record: the weaker model's answer and the stronger model's correction. */
export interface Round {
  question: string;
  answer: string;
  correction: string;
}

/** A preference pair in TRL's conversational form. */
export interface Preference {
  prompt: ChatMessage[];
  chosen: ChatMessage[];
  rejected: ChatMessage[];
}

/** A message as read from a file: OpenAI's per-message `weight` (0/1) survives reading. */
export type DatasetMessage = RecordMessage;

/** One line of a dataset, converted to the canonical form plus what some exporters need beyond it. */
export interface ReadRecord {
  /** 1-based line number in `source` (0 when not read from a file). */
  line: number;
  source?: string;
  shape: RecordShape;
  /**
   * The conversation: for rounds, user = question and assistant = correction; for a preference
   * pair, prompt + chosen; for prompt/completion, prompt + completion.
   */
  conversation: Conversation;
  /** Rounds shapes only: every round with its (rejected) answer. */
  rounds?: Round[];
  /** Preference input only. */
  preference?: Preference;
  /** OpenAI's `parallel_tool_calls`, when the input line had it. */
  parallelToolCalls?: boolean;
  /** The parsed line as it was in the file (for rejected-record files and shape-specific fields). */
  raw: unknown;
}

/** A line that could not be read as a dataset record: counted with a stable reason, never dropped silently. */
export interface SkippedLine {
  line: number;
  source?: string;
  reason: string;
  detail: string;
  raw: unknown;
}

export type ReadItem = { ok: true; record: ReadRecord } | { ok: false; skipped: SkippedLine };

/** Thrown inside conversion code for a record that cannot convert; caught per line and counted. */
export class RecordError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = "RecordError";
  }
}
