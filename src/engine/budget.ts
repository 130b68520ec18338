import type { RequestStats } from "../models/request-stats.js";
import type { ChatResult } from "../models/types.js";

/**
 * The budget (--max-cost) as steps see it: what was spent plus what the steps in flight and the
 * next one may cost, priced at the dearest step so far (prompts grow round after round), or at
 * the a-priori estimate before any step was paid for.
 */
export class StepBudget {
  /** Steps whose request is in flight. */
  inFlight = 0;
  private costed = 0;
  private dearest = 0;

  constructor(
    private readonly stats: RequestStats,
    private readonly maxCostUsd: number | undefined,
    private readonly estimatedStepCostUsd = 0,
  ) {}

  /** A step's answer arrived (cache hits cost nothing and say nothing about the price). */
  paid(result: Pick<ChatResult, "cached" | "costUsd">): void {
    if (result.cached || result.costUsd <= 0) return;
    this.costed++;
    this.dearest = Math.max(this.dearest, result.costUsd);
  }

  /** True when one more step could take the spend over the budget. */
  exceeded(): boolean {
    if (this.maxCostUsd === undefined) return false;
    const perStep = this.costed > 0 ? this.dearest : this.estimatedStepCostUsd;
    return this.stats.costUsd + (this.inFlight + 1) * perStep > this.maxCostUsd;
  }
}
