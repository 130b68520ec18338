import type { NamedModelConfig } from "../config/model-config.js";
import type { ChatMessage } from "../core/conversation.js";
import { countTokens } from "../quality/tokens.js";

export interface PlannedCall {
  role: string;
  model?: NamedModelConfig;
  messages: ChatMessage[];
  /** Expected completion tokens for this call. */
  completionTokens: number;
}

export interface DryRunPlan {
  recipe: string;
  count: number;
  /** Calls of one typical item. */
  calls: PlannedCall[];
  /** Items that will be tried if every one is accepted (retries and rejections add more). */
  items: number;
}

export interface DryRunEstimate {
  perModel: Record<
    string,
    { calls: number; promptTokens: number; completionTokens: number; costUsd?: number }
  >;
  totalCostUsd?: number;
}

/** Token and cost estimate of a plan: prompt tokens counted exactly for the sample item. */
export function estimatePlan(plan: DryRunPlan): DryRunEstimate {
  const perModel: DryRunEstimate["perModel"] = {};
  let total = 0;
  let priced = true;
  for (const call of plan.calls) {
    const name = call.model ? `${call.role} (${call.model.model})` : call.role;
    const prompt = call.messages.reduce((n, m) => n + countTokens(m.content ?? "") + 3, 3);
    perModel[name] ??= { calls: 0, promptTokens: 0, completionTokens: 0 };
    const entry = perModel[name];
    entry.calls += plan.items;
    entry.promptTokens += prompt * plan.items;
    entry.completionTokens += call.completionTokens * plan.items;
    const price = call.model?.price;
    if (price) {
      const cost =
        ((prompt * price.input_per_mtok + call.completionTokens * price.output_per_mtok) / 1e6) * plan.items;
      entry.costUsd = (entry.costUsd ?? 0) + cost;
      total += cost;
    } else priced = false;
  }
  return { perModel, totalCostUsd: priced ? total : undefined };
}

/** The first item's prompts a dry run shows (its system and user messages). */
export interface PromptSample {
  system: string;
  user: string;
}

/** The dry run of a recipe whose item starts from one request: the plan, its estimate, the prompts. */
export interface PromptDryRun {
  kind: "dry-run";
  plan: DryRunPlan;
  estimate: DryRunEstimate;
  sample: PromptSample;
  outDir: string;
}

export function promptDryRun(plan: DryRunPlan, sample: PromptSample, outDir: string): PromptDryRun {
  return { kind: "dry-run", plan, estimate: estimatePlan(plan), sample, outDir };
}

/** A request's system and user messages, as a dry run shows them. */
export function firstPrompts(messages: readonly ChatMessage[]): PromptSample {
  return { system: messages[0].content ?? "", user: messages[1].content ?? "" };
}
