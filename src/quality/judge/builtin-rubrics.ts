import { type Rubric, type RubricInput, RubricSchema } from "./rubric.js";

/** The rubric that applies when none is named. */
export const DEFAULT_RUBRIC = "dialogue_quality";

const BUILTIN: Record<string, RubricInput> = {
  dialogue_quality: {
    name: "dialogue_quality",
    description: "General quality of a multi-turn dialogue for fine-tuning a chat model.",
    criteria: [
      {
        name: "coherence",
        description:
          "Each message follows from what came before; no contradictions, no forgotten facts, no answers to questions nobody asked.",
      },
      {
        name: "helpfulness",
        description:
          "The assistant's replies are correct, useful and to the point; a model trained on them would learn good behaviour.",
      },
      {
        name: "naturalness",
        description:
          "Both sides sound like real people in this situation: varied wording, no stock phrases repeated, no speaker labels or meta comments.",
      },
    ],
    pass: { min_score: 3 },
  },
  roleplay: {
    name: "roleplay",
    description: "A persona (seller) chatting with a customer in a messenger.",
    criteria: [
      {
        name: "persona_consistency",
        description:
          "The assistant stays in its persona throughout: the same name, products, prices, tone and facts from the first message to the last.",
      },
      {
        name: "naturalness",
        description:
          "It reads like a real messenger chat: short messages, the customer's own style, objections and digressions handled as a person would, no repeated stock phrases.",
      },
    ],
    pass: { min_score: 3 },
  },
  rounds: {
    name: "rounds",
    description:
      "Rounds of a question, a deliberately weak answer, and a correction of that answer by a stronger model.",
    instructions:
      "Each round shows the answer to be corrected and its correction. Judge the corrections: the answers are meant to be flawed.",
    criteria: [
      {
        name: "correction_quality",
        description:
          "Each correction finds the real mistakes of the answer it corrects, fixes them, and is itself correct and complete.",
      },
      {
        name: "question_relevance",
        description: "Each follow-up question builds on the previous round and is worth answering.",
      },
    ],
    pass: { min_score: 3 },
  },
  tools: {
    name: "tools",
    description: "A function-calling dialogue: a user, an assistant with tools, and the tools' results.",
    criteria: [
      {
        name: "tool_use_correctness",
        description:
          "The assistant calls the right tool when one is needed (and none when none is), with arguments that match the user's request and earlier results, never invented IDs.",
      },
      {
        name: "grounding",
        description:
          "What the assistant tells the user agrees with the tool results; it asks for missing information instead of guessing.",
      },
    ],
    pass: { min_score: 3 },
  },
};

export function builtinRubricNames(): string[] {
  return Object.keys(BUILTIN);
}

export function builtinRubric(name: string): Rubric | undefined {
  const raw = BUILTIN[name];
  return raw ? RubricSchema.parse(raw) : undefined;
}
