import type { ChatMessage } from "../../core/conversation.js";
import { trimAscii } from "../read/ascii.js";
import { roundsToMessages } from "../read/rounds.js";
import { RecordError } from "../read/types.js";
import { hasToolCalls } from "./checks.js";
import { mathPreference } from "./math-dpo.js";
import { toTrlMessages } from "./trl-messages.js";
import type { Exporter } from "./types.js";

/**
 * TRL conversational preference pairs. From a rounds record, one pair per round: prompt = the
 * history (earlier questions and corrections) + this round's question, chosen = the correction,
 * rejected = the answer. From a math correction record, one pair (see mathPreference).
 * Preference input passes through in the same form.
 */
export const dpoExporter: Exporter = {
  target: "dpo",
  description:
    "TRL preference pairs (prompt/chosen/rejected); rounds: chosen = correction, rejected = answer; math: corrections",
  convert(record, options) {
    if (record.preference) {
      const { prompt, chosen, rejected } = record.preference;
      const value: Record<string, unknown> = {
        prompt: toTrlMessages(prompt),
        chosen: toTrlMessages(chosen),
        rejected: toTrlMessages(rejected),
      };
      if (record.conversation.tools) value.tools = record.conversation.tools;
      return { ok: true, values: [value], exactNumbers: hasToolCalls([...prompt, ...chosen, ...rejected]) };
    }
    if (record.shape === "math") {
      const { prompt, chosen, rejected } = mathPreference(record);
      return { ok: true, values: [{ prompt, chosen, rejected }] };
    }
    const rounds = record.rounds;
    if (!rounds) {
      throw new RecordError(
        "no_preference_pair",
        `dpo needs a rounds record or a prompt/chosen/rejected record; this is a ${record.shape} record`,
      );
    }
    const values: unknown[] = [];
    let identical = 0;
    const first = options.rounds === "last" ? rounds.length - 1 : 0;
    for (let k = first; k < rounds.length; k++) {
      const r = rounds[k];
      // A pair whose two sides are equal teaches nothing and skews the loss.
      if (trimAscii(r.answer) === trimAscii(r.correction)) {
        identical++;
        continue;
      }
      const prompt: ChatMessage[] = [...roundsToMessages(rounds, k), { role: "user", content: r.question }];
      values.push({
        prompt,
        chosen: [{ role: "assistant", content: r.correction }],
        rejected: [{ role: "assistant", content: r.answer }],
      });
    }
    if (values.length === 0) {
      throw new RecordError("identical_chosen_rejected", "every round's answer equals its correction");
    }
    return {
      ok: true,
      values,
      notes: identical > 0 ? Array(identical).fill("identical_pair_skipped") : undefined,
    };
  },
};
