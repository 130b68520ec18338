import type { ChatMessage } from "../../core/conversation.js";
import { parseExactJson } from "../../core/exact-json.js";
import { recordId } from "../../core/record-id.js";
import { deriveSeed, Rng } from "../../core/rng.js";
import type { OutputSchema } from "../../models/types.js";
import { readJsonAnswer } from "../json-answer.js";
import type { ItemContext, ItemOutcome, OneShotItem, Recipe } from "../recipe.js";
import { parseDialogue } from "./dialogue.js";
import { validateToolDialogue } from "./dialogue-validator.js";
import type { DomainPack } from "./domain-pack.js";
import { toolsOutputSchema } from "./output-schema.js";
import { buildToolsMessages } from "./prompt-builder.js";
import {
  type GoldSlot,
  goldId,
  goldScenario,
  goldSlots,
  type ScenarioSettings,
  sampleScenario,
  type ToolsScenario,
} from "./scenario.js";
import { ToolSchemas } from "./tool-schemas.js";
import { buildToolsRecord, toolsUid } from "./tools-record.js";

export type ToolsSet = "train" | "gold";

export interface ToolsRecipeOptions {
  pack: DomainPack;
  /** "gold": item i is gold slot i (every category's count, in pack order). */
  set: ToolsSet;
  scenario: ScenarioSettings;
}

/** Everything about one item that does not depend on the model's answer. */
export interface ToolsItemPlan {
  set: ToolsSet;
  index: number;
  /** The record id, also the Batch API custom_id: `tools-<seed>-<index>` or `gold-<category>-<index>`. */
  id: string;
  uid: string;
  scenario: ToolsScenario;
  messages: ChatMessage[];
}

/** Gold scenarios draw from their own stream, so they never repeat a training item's draws. */
const GOLD_STREAM = 0x601d;

/**
 * Function-calling dialogues from a domain pack. One request writes the whole dialogue, tool
 * results included; `judge` turns an answer into a record or a named rejection, the same way
 * for the online engine and for Batch API results (preprocess).
 */
export class ToolsRecipe implements Recipe {
  readonly name = "tools";
  readonly modelRoles = ["writer"] as const;
  readonly schemas: ToolSchemas;
  readonly outputSchema: OutputSchema;
  private readonly slots: GoldSlot[];

  constructor(readonly options: ToolsRecipeOptions) {
    this.schemas = new ToolSchemas(options.pack);
    this.outputSchema = { name: "tool_dialogue", schema: toolsOutputSchema(options.pack) };
    this.slots = goldSlots(options.pack);
  }

  /** Items of the gold set (its fixed size); the training set has no fixed size. */
  get goldCount(): number {
    return this.slots.length;
  }

  planItem(seed: number, index: number): ToolsItemPlan {
    const { pack, set } = this.options;
    let scenario: ToolsScenario;
    let id: string;
    if (set === "gold") {
      const slot = this.slots[index];
      if (!slot) throw new Error(`gold item ${index} does not exist (the pack has ${this.slots.length})`);
      scenario = goldScenario(
        new Rng(deriveSeed(seed, GOLD_STREAM, index)),
        pack,
        slot,
        this.options.scenario,
      );
      id = goldId(slot);
    } else {
      // The engine seeds item i with deriveSeed(seed, i): batch prepare draws the same scenarios.
      scenario = sampleScenario(new Rng(deriveSeed(seed, index)), pack, this.options.scenario);
      id = recordId(this.name, seed, index);
    }
    return {
      set,
      index,
      id,
      uid: toolsUid(seed, set, index),
      scenario,
      messages: buildToolsMessages(pack, scenario),
    };
  }

  /** The writer's answer to a record or a named rejection (retryable: a new sample may pass). */
  judge(
    plan: ToolsItemPlan,
    answer: { content: string | null; finishReason: string | null },
    metadata: Record<string, unknown>,
  ): ItemOutcome {
    const raw = answer.content;
    // Numbers as the writer spelled them: a call's arguments reach the dataset as written.
    const read = readJsonAnswer(answer, parseExactJson);
    if (!("ok" in read)) return read;
    const parsed = read.value;
    const dialogue = parseDialogue(parsed);
    if (!dialogue.ok)
      return { kind: "rejected", reason: "schema_mismatch", detail: dialogue.detail, raw, retryable: true };
    const failure = validateToolDialogue(dialogue.turns, this.options.pack, plan.scenario, this.schemas);
    if (failure)
      return { kind: "rejected", reason: failure.reason, detail: failure.detail, raw, retryable: true };
    return {
      kind: "accepted",
      record: buildToolsRecord(dialogue.turns, {
        id: plan.id,
        uid: plan.uid,
        pack: this.options.pack,
        scenario: plan.scenario,
        metadata: { set: plan.set, custom_id: plan.id, index: plan.index, ...metadata },
      }),
    };
  }

  item(ctx: ItemContext): OneShotItem {
    const plan = this.planItem(ctx.runSeed, ctx.index);
    return {
      role: "writer",
      request: { messages: plan.messages, outputSchema: this.outputSchema },
      parse: (result) => this.judge(plan, result, { model: result.model, seed: ctx.runSeed, mode: "online" }),
    };
  }
}
