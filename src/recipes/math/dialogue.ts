import { Rng } from "../../core/rng.js";
import { chainMode, correctionMode, followupMode, type ModeResult, variationsMode } from "./modes.js";
import { NumericRangeError } from "./num/rational.js";
import { defaultSystemPrompt, renderExchanges } from "./render.js";
import { taskById } from "./tasks/index.js";
import type { Ctx, Dialogue, DialogueMetadata, Language, Mode } from "./types.js";

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
 * Builds one dialogue. A draw whose exact arithmetic would leave the safe integer range is
 * redrawn from the next sub-stream, so the result stays a pure function of the spec.
 */
export function buildDialogue(spec: DialogueSpec): Dialogue {
  const task = taskById(spec.taskType);
  const ru = spec.language === "ru";
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rng = new Rng(attempt === 0 ? spec.streamSeed : spec.streamSeed + attempt * 0x9e3779b1);
    const ctx: Ctx = { rng, d: spec.difficulty, ru };
    let result: ModeResult;
    try {
      const p = task.create(ctx);
      if (spec.mode === "chain") result = chainMode(p, ctx, spec.turns);
      else if (spec.mode === "followup") result = followupMode(p, ctx, spec.numFollowups);
      else if (spec.mode === "variations") result = variationsMode(p, ctx, spec.numVariations);
      else result = correctionMode(p, ctx);
    } catch (e) {
      if (e instanceof NumericRangeError) continue;
      throw e;
    }
    const system =
      spec.system === false
        ? undefined
        : spec.system === true
          ? defaultSystemPrompt(ru, spec.reasoningMode)
          : spec.system;
    const { messages, checks } = renderExchanges(result.exchanges, ru, spec.reasoningMode, system);
    const numTurns = result.exchanges.length;
    const metadata: DialogueMetadata = {
      mode: spec.mode,
      task_type: spec.taskType,
      language: spec.language,
      difficulty: spec.difficulty,
      reasoning_mode: spec.reasoningMode,
      seed: spec.seed,
      index: spec.index,
      num_turns: numTurns,
      checks,
      // Always present (undefined outside correction mode, so JSON leaves it out): one shape.
      mistake: result.mistake,
    };
    return { messages, metadata, numTurns };
  }
  throw new Error(`could not build a ${spec.taskType} dialogue within exact-arithmetic limits`);
}
