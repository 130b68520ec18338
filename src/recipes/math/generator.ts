import { deriveSeed } from "../../core/rng.js";
import { buildDialogue } from "./dialogue.js";
import { type MathPlan, mathRecords } from "./stream.js";
import { TASK_TYPES } from "./tasks/index.js";
import { DIFFICULTIES, type Dialogue, type Language, type MathRecord, MODES, type Mode } from "./types.js";
import { checkDifficulties, checkInt, checkLanguages, checkModes, checkTaskTypes } from "./validate.js";

/** Options shared by the single-dialogue methods (defaults: ru, difficulty 5, reasoning on). */
export interface DialogueOptions {
  taskType: string;
  language?: Language;
  difficulty?: number;
  reasoningMode?: boolean;
  /** true (default): the standard system prompt; false: none; a string: that prompt. */
  system?: boolean | string;
}

export interface GeneratorOptions {
  /** Same seed, same dialogues in the same order. Default 0. */
  seed?: number;
  /** Default for every dialogue (see DialogueOptions.system). */
  system?: boolean | string;
}

/** What both generators are made with: the seed, and the default system prompt. */
abstract class SeededGenerator {
  readonly seed: number;
  protected readonly system: boolean | string;

  constructor(options: GeneratorOptions = {}) {
    this.seed = options.seed ?? 0;
    this.system = options.system ?? true;
  }
}

/**
 * Procedural multi-turn dialogues, one at a time (the seed library's `MultiturnGenerator`).
 * Dialogue k of a generator is a pure function of (seed, k) and its options.
 */
export class MultiturnGenerator extends SeededGenerator {
  private counter = 0;

  /** Each user turn builds on the previous result. `turns` (default 3) counts the user turns. */
  generateChainDialogue(options: DialogueOptions & { turns?: number }): Dialogue {
    const turns = checkInt(options.turns ?? 3, 1, 10, "turns");
    return this.generate("chain", options, { turns });
  }

  /** The solution, then `numFollowups` (1-4, default 3) of: why, another way, how to check, edge cases. */
  generateFollowupDialogue(options: DialogueOptions & { numFollowups?: number }): Dialogue {
    const numFollowups = checkInt(options.numFollowups ?? 3, 1, 4, "numFollowups");
    return this.generate("followup", options, { numFollowups });
  }

  /** The solution, then `numVariations` (1-8, default 2) changes of a parameter, each recomputed. */
  generateVariationDialogue(options: DialogueOptions & { numVariations?: number }): Dialogue {
    const numVariations = checkInt(options.numVariations ?? 2, 1, 8, "numVariations");
    return this.generate("variations", options, { numVariations });
  }

  /** A wrong first answer with a named mistake, user feedback, then the explained correction. */
  generateCorrectionDialogue(options: DialogueOptions): Dialogue {
    return this.generate("correction", options, {});
  }

  private generate(
    mode: Mode,
    o: DialogueOptions,
    counts: { turns?: number; numFollowups?: number; numVariations?: number },
  ): Dialogue {
    checkTaskTypes([o.taskType]);
    const language = checkLanguages([o.language ?? "ru"])[0];
    const difficulty = checkDifficulties([o.difficulty ?? 5])[0];
    const index = this.counter++;
    return buildDialogue({
      mode,
      taskType: o.taskType,
      language,
      difficulty,
      reasoningMode: o.reasoningMode ?? true,
      system: o.system ?? this.system,
      turns: counts.turns ?? 3,
      numFollowups: counts.numFollowups ?? 3,
      numVariations: counts.numVariations ?? 2,
      seed: this.seed,
      index,
      streamSeed: deriveSeed(this.seed, index, 1),
    });
  }
}

export interface MultiturnDatasetOptions {
  /** Default: all four modes. */
  modes?: readonly Mode[];
  /** Default: every task type. */
  taskTypes?: readonly string[];
  numSamples: number;
  /** One language or several (mixed per dialogue). Default "ru". */
  language?: Language | readonly Language[];
  /** Default 1-10 mixed. */
  difficulties?: readonly number[];
  reasoningMode?: boolean;
  /** Default 3 (see docs/math.md for how modes use it). */
  turns?: number;
  system?: boolean | string;
}

export interface SingleModeDatasetOptions extends Omit<MultiturnDatasetOptions, "modes" | "taskTypes"> {
  /** One task type (as in the seed library) or several via `taskTypes`. */
  taskType?: string;
  taskTypes?: readonly string[];
}

/**
 * Datasets of records `{id, messages, metadata}` (the seed library's `DatasetGenerator`). The
 * `iterate*` form streams; the `generate*` forms collect into an array for convenience.
 * A mixed dataset has exactly `numSamples` records and every requested mode and task type as
 * soon as numSamples >= max(#modes, #task types).
 */
export class DatasetGenerator extends SeededGenerator {
  plan(o: MultiturnDatasetOptions): MathPlan {
    const languages =
      o.language === undefined ? ["ru"] : typeof o.language === "string" ? [o.language] : o.language;
    return {
      count: checkInt(o.numSamples, 0, Number.MAX_SAFE_INTEGER, "numSamples"),
      seed: this.seed,
      modes: checkModes(o.modes ?? MODES),
      taskTypes: checkTaskTypes(o.taskTypes ?? TASK_TYPES),
      languages: checkLanguages(languages),
      difficulties: checkDifficulties(o.difficulties ?? DIFFICULTIES),
      reasoningMode: o.reasoningMode ?? true,
      system: o.system ?? this.system,
      turns: checkInt(o.turns ?? 3, 1, 10, "turns"),
    };
  }

  *iterateMultiturnDataset(o: MultiturnDatasetOptions): Generator<MathRecord> {
    yield* mathRecords(this.plan(o));
  }

  generateMultiturnDataset(o: MultiturnDatasetOptions): MathRecord[] {
    return [...this.iterateMultiturnDataset(o)];
  }

  generateChainDataset(o: SingleModeDatasetOptions): MathRecord[] {
    return this.single("chain", o);
  }

  generateFollowupDataset(o: SingleModeDatasetOptions): MathRecord[] {
    return this.single("followup", o);
  }

  generateVariationDataset(o: SingleModeDatasetOptions): MathRecord[] {
    return this.single("variations", o);
  }

  generateCorrectionDataset(o: SingleModeDatasetOptions): MathRecord[] {
    return this.single("correction", o);
  }

  private single(mode: Mode, o: SingleModeDatasetOptions): MathRecord[] {
    const taskTypes = o.taskTypes ?? (o.taskType ? [o.taskType] : TASK_TYPES);
    return this.generateMultiturnDataset({ ...o, modes: [mode], taskTypes });
  }
}
