import { roundsToMessages } from "../read/rounds.js";
import { RecordError } from "../read/types.js";
import type { Exporter } from "./types.js";

/**
 * The Aligner shape (question + answer -> correction), one line per round. Follow-up questions
 * make sense only with what came before, so each line carries `history` (earlier questions and
 * corrections as chat messages; empty for round 1).
 */
export const alignerExporter: Exporter = {
  target: "aligner",
  description: "Aligner triples per round: question, answer -> correction, with history",
  convert(record, options) {
    const rounds = record.rounds;
    if (!rounds) {
      throw new RecordError(
        "not_rounds",
        `aligner needs a rounds record (question/answer/correction); this is a ${record.shape} record`,
      );
    }
    const id = record.conversation.id;
    const values: unknown[] = [];
    const first = options.rounds === "last" ? rounds.length - 1 : 0;
    for (let k = first; k < rounds.length; k++) {
      const r = rounds[k];
      const value: Record<string, unknown> = {};
      if (id !== undefined) value.id = `${id}-${k + 1}`;
      value.round = k + 1;
      value.question = r.question;
      value.answer = r.answer;
      value.correction = r.correction;
      value.history = roundsToMessages(rounds, k);
      values.push(value);
    }
    return { ok: true, values };
  },
};
