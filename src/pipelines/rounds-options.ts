import type { FieldMap } from "../formats/qa-input/index.js";
import type { AnswerStyle } from "../recipes/rounds/answer-styles.js";

/** Options saved in config.json: everything that shapes the data. */
export interface RoundsRunOptions {
  input: string;
  fields: FieldMap;
  sample?: number;
  first?: number;
  rounds: number;
  context_messages: number;
  message_tokens: number;
  lang?: string;
  answerer_instruction?: string;
  /** Absent in runs made before answer styles existed: they resume with the old brief style. */
  answer_styles?: AnswerStyle[];
  max_tokens: { question: number; answer: number; correction: number };
}
