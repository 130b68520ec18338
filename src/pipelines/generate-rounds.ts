import roundsRecipe from "../recipes/rounds/recipe.js";
import { type GenerateIo, type GenerateResult, generateWith } from "./generate.js";
import type { RecipeFlags } from "./recipe-settings.js";

/** The flags of `generate rounds` (its options and role flags in camelCase, as commander names them). */
export interface RoundsFlags extends RecipeFlags {
  input?: string;
  rounds?: number;
  questioner?: string;
  answerer?: string;
  corrector?: string;
  sample?: number;
  fields?: string;
  lang?: string;
  contextMessages?: number;
  messageTokens?: number;
  answererInstruction?: string;
  /** Comma-separated answer styles (plausible_mistake,missing_caveat,...). */
  answerStyles?: string;
}

/** `dialogsmith generate rounds`: the rounds recipe through the generic pipeline. */
export function generateRounds(flags: RoundsFlags, io: GenerateIo = {}): Promise<GenerateResult> {
  return generateWith(roundsRecipe, flags, io);
}
