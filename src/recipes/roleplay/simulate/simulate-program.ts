import type { Rng } from "../../../core/rng.js";
import type { ChatResult } from "../../../models/types.js";
import {
  type ConversationContext,
  type ConversationOutcome,
  type ConversationProgram,
  StepFailedError,
  type StepParse,
} from "../../conversation.js";
import type { DatasetRecord, Rejection } from "../../recipe.js";
import { normalizeTurns, speakerMarkerPattern, type Turn } from "../dialogue-normalizer.js";
import { validateDialogue } from "../dialogue-validator.js";
import { personaSystemPrompt } from "../persona.js";
import type { ExampleDialogue } from "../prompt-builder.js";
import type { RolePack } from "../role-pack.js";
import { buildRoleplayRecord } from "../roleplay-record.js";
import { type Scenario, sampleScenario } from "../scenario.js";
import {
  checkSellerMessage,
  checkSellerTurns,
  customerNumbers,
  type SellerRules,
  sellerRules,
} from "../seller-checks.js";
import { customerMessages, personaMessages, type TurnStage } from "./simulate-prompts.js";

export const SIMULATE_FILES = { dataset: "dataset.jsonl", rejected: "rejected.jsonl" };

export interface SimulateOptions {
  pack: RolePack;
  language: string;
  minMessages: number;
  maxMessages: number;
  /** max_tokens of one message. */
  turnTokens: number;
  /** Stable record id (the oneshot engine's recordId). */
  idFor: (index: number, runSeed: number) => string;
  examplesFor?: (rng: Rng) => ExampleDialogue[];
  /** In-order checks on accepted records (near-duplicates), as the oneshot recipe does them. */
  checkInOrder?: (record: DatasetRecord) => Rejection | undefined;
  restore?: (record: DatasetRecord) => void;
  /** Put the persona into every record as its system message. */
  systemMessage: boolean;
}

// The end marker as models write it: [END], [end], <END>.
const END_TEST = /[[<]\s*end\s*[\]>]/i;
const END_ANYWHERE = /[[<]\s*end\s*[\]>]/gi;

/** A customer turn: its text, and whether the customer ended the conversation with it. */
interface CustomerTurn {
  content: string;
  end: boolean;
}

function stepName(n: number): string {
  return `t${String(n).padStart(3, "0")}`;
}

/**
 * Roleplay, strategy "simulate": a customer-simulator model (driven by the sampled scenario) and
 * the persona model take turns, one call per message, until the scenario's length or the
 * customer's natural end. Same scenario sampling, normaliser, validator and record as oneshot.
 */
export class SimulateProgram implements ConversationProgram<number> {
  readonly name = "roleplay";
  readonly modelRoles = ["user", "assistant"] as const;
  readonly outputFiles = [SIMULATE_FILES.dataset, SIMULATE_FILES.rejected];
  readonly restore?: ConversationProgram<number>["restore"];
  private readonly marker: RegExp;
  private readonly seller: SellerRules;

  constructor(private readonly options: SimulateOptions) {
    this.marker = speakerMarkerPattern(options.pack);
    this.seller = sellerRules(options.pack);
    const restore = options.restore;
    if (restore)
      this.restore = {
        files: [SIMULATE_FILES.dataset],
        line: (_file, value) => restore(value as DatasetRecord),
      };
  }

  idFor(index: number, runSeed: number): string {
    return this.options.idFor(index, runSeed);
  }

  /** The conversation's scenario and examples: the same draws as the oneshot recipe's. */
  plan(rng: Rng): { scenario: Scenario; examples: ExampleDialogue[] } {
    const { pack, minMessages, maxMessages } = this.options;
    return {
      scenario: sampleScenario(rng.fork(1), pack, { minMessages, maxMessages }),
      examples: this.options.examplesFor?.(rng.fork(2)) ?? [],
    };
  }

  /** Where a conversation stands before message `count + 1` (also for --dry-run). */
  stage(scenario: Scenario, count: number): TurnStage {
    return {
      count,
      afterPause: scenario.pauses.includes(count),
      mayEnd: count + 2 >= this.options.minMessages,
      last: count + 2 >= scenario.target_messages,
    };
  }

  /** One message, normalised; a leaked speaker label inside it means several turns in one. */
  private cleanTurn(role: Turn["role"], raw: string, final: boolean): StepParse<string> {
    const content = normalizeTurns([{ role, content: raw }], this.options.pack)[0].content;
    const lines = content.split("\n");
    const leak = lines.findIndex((line, i) => i > 0 && this.marker.test(line));
    if (leak > 0) {
      if (!final)
        return {
          ok: false,
          reason: "speaker_marker_leak",
          detail: "the message contains the other side's turn",
        };
      return { ok: true, value: lines.slice(0, leak).join("\n").trim() };
    }
    return { ok: true, value: content };
  }

  private parseCustomer(count: number) {
    return (result: ChatResult, { final }: { final: boolean }): StepParse<CustomerTurn> => {
      if (result.finishReason === "length" && !final)
        return { ok: false, reason: "truncated", detail: "the message hit max_tokens" };
      const raw = result.content ?? "";
      const ended = END_TEST.test(raw);
      const cleaned = this.cleanTurn("user", raw.replace(END_ANYWHERE, ""), final);
      if (!cleaned.ok) return cleaned;
      const content = cleaned.value;
      const { minMessages } = this.options;
      if (content === "") {
        // A bare end marker ends the chat after the seller's last reply, if it is long enough.
        if (ended && count >= minMessages) return { ok: true, value: { content: "", end: true } };
        return { ok: false, reason: "empty_turn", detail: `customer message ${count + 1} is empty` };
      }
      // An end before the dialogue could reach min_messages is ignored: the chat goes on.
      return { ok: true, value: { content, end: ended && count + 2 >= minMessages } };
    };
  }

  /**
   * A persona message, checked like the oneshot's seller turns: a price off the catalogue or a
   * must_not breach is asked again, and fails the step on the last try (the dialogue then ends
   * at its last whole exchange).
   */
  private parsePersona(history: readonly Turn[]) {
    const count = history.length;
    return (result: ChatResult, { final }: { final: boolean }): StepParse<string> => {
      if (result.finishReason === "length" && !final)
        return { ok: false, reason: "truncated", detail: "the message hit max_tokens" };
      const cleaned = this.cleanTurn("assistant", (result.content ?? "").replace(END_ANYWHERE, ""), final);
      if (!cleaned.ok) return cleaned;
      if (cleaned.value === "")
        return { ok: false, reason: "empty_turn", detail: `assistant message ${count + 1} is empty` };
      const breach = checkSellerMessage(cleaned.value, count + 1, customerNumbers(history), this.seller);
      if (breach) return { ok: false, reason: breach.reason, detail: breach.detail };
      return cleaned;
    };
  }

  async run(ctx: ConversationContext): Promise<ConversationOutcome> {
    const { pack, minMessages, maxMessages, language, turnTokens } = this.options;
    const { scenario, examples } = this.plan(ctx.rng);
    const turns: Turn[] = [];
    const served: { user?: string; assistant?: string } = {};
    let ended: "length" | "natural" = "length";
    let failure: StepFailedError | undefined;
    try {
      let endAfterReply = false;
      while (turns.length < scenario.target_messages) {
        const count = turns.length;
        const history = turns.slice();
        if (count % 2 === 0) {
          const stage = this.stage(scenario, count);
          const step = await ctx.step({
            name: stepName(count),
            role: "user",
            request: () => ({
              messages: customerMessages(pack, scenario, history, stage),
              max_tokens: turnTokens,
            }),
            parse: this.parseCustomer(count),
          });
          served.user ??= step.model;
          if (step.value.end && step.value.content === "") {
            ended = "natural";
            break;
          }
          turns.push({ role: "user", content: step.value.content });
          endAfterReply = step.value.end;
        } else {
          const afterPause = scenario.pauses.includes(count - 1);
          const step = await ctx.step({
            name: stepName(count),
            role: "assistant",
            request: () => ({
              messages: personaMessages(pack, history, examples, afterPause),
              max_tokens: turnTokens,
            }),
            parse: this.parsePersona(history),
          });
          served.assistant ??= step.model;
          turns.push({ role: "assistant", content: step.value });
          if (endAfterReply) {
            ended = "natural";
            break;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof StepFailedError)) throw e;
      failure = e;
      // Keep the dialogue up to its last whole exchange; it is kept if it still passes validation.
      while (turns.length > 0 && turns[turns.length - 1].role !== "assistant") turns.pop();
    }
    const invalid =
      validateDialogue(turns, { minMessages, maxMessages, language, speakerMarker: this.marker }) ??
      checkSellerTurns(turns, this.seller);
    if (invalid) return this.notKept(ctx, turns, invalid, failure);
    return this.accepted(
      ctx,
      turns,
      { scenario, examples },
      served,
      failure ? "step_failed" : ended,
      failure,
    );
  }

  /** A dialogue that did not pass: failed (a turn failed for good) or rejected, with the turns it had. */
  private notKept(
    ctx: ConversationContext,
    turns: Turn[],
    invalid: { reason: string; detail: string },
    failure: StepFailedError | undefined,
  ): ConversationOutcome {
    const kind = failure ? "failed" : "rejected";
    const reason = failure ? failure.reason : invalid.reason;
    const detail = failure ? `${failure.step}: ${failure.detail}` : invalid.detail;
    return {
      status: kind,
      writes: [
        {
          file: SIMULATE_FILES.rejected,
          value: { index: ctx.index, id: ctx.id, kind, reason, detail, raw: turns },
        },
      ],
      reason,
      detail,
    };
  }

  /** A dialogue that passed: the record, in the oneshot's shape, with who played which side. */
  private accepted(
    ctx: ConversationContext,
    turns: Turn[],
    plan: { scenario: Scenario; examples: ExampleDialogue[] },
    served: { user?: string; assistant?: string },
    ended: string,
    failure: StepFailedError | undefined,
  ): ConversationOutcome {
    const { pack, language } = this.options;
    const record = buildRoleplayRecord(
      ctx.id,
      turns,
      pack,
      {
        strategy: "simulate",
        model: served.assistant,
        models: served,
        language,
        scenario: plan.scenario,
        examples: plan.examples.map((e) => e.source),
        seed: ctx.runSeed,
        index: ctx.index,
        ended,
      },
      this.options.systemMessage ? personaSystemPrompt(pack) : undefined,
    );
    return {
      status: "complete",
      writes: [{ file: SIMULATE_FILES.dataset, value: record }],
      ...(failure ? { note: { step_failed: failure.step } } : {}),
    };
  }

  checkInOrder(outcome: ConversationOutcome, index: number, id: string): ConversationOutcome {
    const check = this.options.checkInOrder;
    if (!check || outcome.status !== "complete") return outcome;
    const record = outcome.writes.find((w) => w.file === SIMULATE_FILES.dataset)?.value as
      | DatasetRecord
      | undefined;
    if (!record) return outcome;
    const rejection = check(record);
    if (!rejection) return outcome;
    return {
      status: "rejected",
      writes: [
        {
          file: SIMULATE_FILES.rejected,
          value: {
            index,
            id,
            kind: "rejected",
            reason: rejection.reason,
            detail: rejection.detail,
            raw: rejection.raw ?? null,
          },
        },
      ],
      reason: rejection.reason,
      detail: rejection.detail,
    };
  }
}
