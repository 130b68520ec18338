import type { ChatMessage } from "../../core/conversation.js";
import { isObject } from "./messages.js";
import { RecordError, type Round } from "./types.js";

export function readRound(value: unknown, where: string): Round {
  if (!isObject(value)) throw new RecordError("bad_round", `${where} is not an object`);
  const { question, answer, correction } = value;
  for (const [k, v] of [
    ["question", question],
    ["answer", answer],
    ["correction", correction],
  ] as const) {
    if (typeof v !== "string")
      throw new RecordError("bad_round", `${where}: "${k}" is missing or not a string`);
  }
  return { question, answer, correction } as Round;
}

export function readRounds(value: unknown): Round[] {
  if (!Array.isArray(value) || value.length === 0) throw new RecordError("bad_round", "rounds is empty");
  return value.map((r, i) => readRound(r, `rounds[${i}]`));
}

/** The SFT chat of a rounds record: user = question, assistant = correction, round after round. */
export function roundsToMessages(rounds: Round[], upTo = rounds.length): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < upTo; i++) {
    out.push({ role: "user", content: rounds[i].question });
    out.push({ role: "assistant", content: rounds[i].correction });
  }
  return out;
}
