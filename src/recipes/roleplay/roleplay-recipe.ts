import type { Rng } from "../../core/rng.js";
import { readJsonAnswer } from "../json-answer.js";
import type { DatasetRecord, ItemContext, ItemOutcome, Recipe, Rejection } from "../recipe.js";
import { normalizeTurns, speakerMarkerPattern, type Turn } from "./dialogue-normalizer.js";
import { validateDialogue } from "./dialogue-validator.js";
import { personaSystemPrompt } from "./persona.js";
import { buildRoleplayMessages, type ExampleDialogue, roleplayOutputSchema } from "./prompt-builder.js";
import type { RolePack } from "./role-pack.js";
import { buildRoleplayRecord, dialogueText } from "./roleplay-record.js";
import { sampleScenario } from "./scenario.js";
import { checkSellerTurns, type SellerRules, sellerRules } from "./seller-checks.js";

/** Near-duplicate detection across a run (MinHash/LSH in practice). */
export interface NearDuplicateIndex {
  check(text: string): { duplicateOf?: string; similarity: number };
  add(id: string, text: string): void;
}

export interface RoleplayOptions {
  pack: RolePack;
  language: string;
  minMessages: number;
  maxMessages: number;
  /** Few-shot examples for an item, rotated by its seed. */
  examplesFor?: (rng: Rng) => ExampleDialogue[];
  nearDuplicates?: NearDuplicateIndex;
  nearDuplicateThreshold: number;
  /** Put the persona (personaSystemPrompt) into every record as its system message. */
  systemMessage: boolean;
}

function isTurnArray(value: unknown): value is Turn[] {
  return (
    Array.isArray(value) &&
    value.every(
      (m) =>
        m &&
        typeof m === "object" &&
        (m.role === "user" || m.role === "assistant") &&
        typeof m.content === "string",
    )
  );
}

/** Roleplay, strategy "oneshot": one request writes the whole dialogue. */
export class RoleplayRecipe implements Recipe {
  readonly name = "roleplay";
  readonly modelRoles = ["writer"] as const;
  private readonly marker: RegExp;
  private readonly seller: SellerRules;

  constructor(private readonly options: RoleplayOptions) {
    this.marker = speakerMarkerPattern(options.pack);
    this.seller = sellerRules(options.pack);
  }

  /** The request for item `ctx` (also used by --dry-run). */
  planRequest(rng: Rng) {
    const { pack, minMessages, maxMessages } = this.options;
    const scenario = sampleScenario(rng.fork(1), pack, { minMessages, maxMessages });
    const examples = this.options.examplesFor?.(rng.fork(2)) ?? [];
    const messages = buildRoleplayMessages(pack, scenario, examples, { minMessages, maxMessages });
    return { scenario, examples, messages };
  }

  async runItem(ctx: ItemContext): Promise<ItemOutcome> {
    const { pack, minMessages, maxMessages, language } = this.options;
    const { scenario, examples, messages } = this.planRequest(ctx.rng);
    const writer = ctx.model("writer");
    const result = await writer.generate(
      {
        messages,
        outputSchema: { name: "dialogue", schema: roleplayOutputSchema(minMessages, maxMessages) },
        nonce: ctx.nonce,
        itemId: ctx.id,
      },
      ctx.signal,
    );
    const raw = result.content;
    const answer = readJsonAnswer(result);
    if (!("ok" in answer)) return answer;
    const parsed = answer.value;
    const turnsRaw = Array.isArray(parsed) ? parsed : (parsed as { messages?: unknown })?.messages;
    if (!isTurnArray(turnsRaw)) {
      return {
        kind: "rejected",
        reason: "schema_mismatch",
        detail: 'expected {"messages": [{"role": "user"|"assistant", "content": string}]}',
        raw,
        retryable: true,
      };
    }
    const turns = normalizeTurns(turnsRaw, pack);
    const failure =
      validateDialogue(turns, { minMessages, maxMessages, language, speakerMarker: this.marker }) ??
      checkSellerTurns(turns, this.seller);
    if (failure)
      return { kind: "rejected", reason: failure.reason, detail: failure.detail, raw, retryable: true };
    return {
      kind: "accepted",
      record: buildRoleplayRecord(
        ctx.id,
        turns,
        pack,
        {
          model: result.model,
          language,
          scenario,
          examples: examples.map((e) => e.source),
          seed: ctx.runSeed,
          index: ctx.index,
        },
        this.options.systemMessage ? personaSystemPrompt(pack) : undefined,
      ),
    };
  }

  checkInOrder(record: DatasetRecord): Rejection | undefined {
    const index = this.options.nearDuplicates;
    if (!index) return undefined;
    const text = dialogueText(record as { messages?: { content?: unknown }[] });
    const hit = index.check(text);
    if (hit.duplicateOf !== undefined && hit.similarity >= this.options.nearDuplicateThreshold) {
      return {
        kind: "rejected",
        reason: "near_duplicate",
        detail: `Jaccard ${hit.similarity.toFixed(2)} with ${hit.duplicateOf} (threshold ${this.options.nearDuplicateThreshold})`,
        raw: record,
      };
    }
    index.add(record.id, text);
    return undefined;
  }

  restore(record: DatasetRecord): void {
    this.options.nearDuplicates?.add(
      record.id,
      dialogueText(record as { messages?: { content?: unknown }[] }),
    );
  }
}
