import { setImmediate as nextTurnOfLoop } from "node:timers/promises";
import { redactSecrets } from "../core/secrets.js";
import { ModelError } from "../models/model-error.js";
import type { ChatModel, ChatResult } from "../models/types.js";
import type { StepBudget } from "./budget.js";
import type { EventsLog } from "./events-log.js";
import { type StepDone, StepFailedError, type StepParse, type StepSpec } from "./program.js";
import type { OpenConversation, StepJournal } from "./step-journal.js";

/** Tries per step: the first sample, and one more with a new nonce after a content failure. */
export const STEP_ATTEMPTS = 2;

/** Thrown into a conversation when the run stops (Ctrl-C, budget): it is not committed. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

export interface StepCounts {
  completed: number;
  replayed: number;
  content_retries: number;
  failed: number;
}

export interface StepRunnerOptions {
  program: string;
  models: Record<string, ChatModel>;
  seed: number;
  journal: StepJournal;
  events: EventsLog;
  budget: StepBudget;
  steps: StepCounts;
  /** Every request listens on it (the run's hard stop). */
  signal: AbortSignal;
  /** True once the run asks for no further step. */
  stopping: () => boolean;
  /** The budget would be passed by the next step: the run stops. */
  onBudgetHit: () => void;
  /** A step was journaled (progress). */
  onStep: () => void;
  /** Conversation `index` asks its model for a step. */
  onAsk?: (index: number) => void;
  /** Conversation `index` got an answer: the scheduler may start the next conversation. */
  onAnswer?: (index: number) => void;
}

type Rejected<T> = Extract<StepParse<T>, { ok: false }>;

/**
 * Runs one step of a conversation: replays it from the journal when it is there, else asks its
 * role's model (a content failure gets one more sample with a new nonce) and journals what came
 * back — the accepted value, each rejected try, or the failure that ends the conversation.
 */
export class StepRunner {
  constructor(private readonly o: StepRunnerOptions) {}

  async run<T>(
    index: number,
    id: string,
    open: OpenConversation | undefined,
    spec: StepSpec<T>,
  ): Promise<StepDone<T>> {
    const logged = open?.steps.get(spec.name);
    if (logged) {
      this.o.steps.replayed++;
      return { value: logged.value as T, model: logged.served, replayed: true };
    }
    const failed = open?.fail;
    if (failed?.s === spec.name)
      throw new StepFailedError(spec.name, failed.reason, failed.detail, failed.content === true);
    const model = this.o.models[spec.role];
    if (!model)
      throw new Error(`recipe ${this.o.program} asked for model role '${spec.role}', which has no model`);
    const request = spec.request();
    let last: Rejected<T> | undefined;
    for (let attempt = open?.rejects.get(spec.name) ?? 0; attempt < STEP_ATTEMPTS; attempt++) {
      this.checkGoOn();
      const nonce = spec.nonce?.(attempt) ?? `${this.o.seed}:${id}/${spec.name}#${attempt}`;
      const result = await this.ask(index, id, spec.name, model, { ...request, nonce, itemId: id });
      await this.letNextRequestGo(index, result);
      const parsed = spec.parse(result, { attempt, final: attempt + 1 >= STEP_ATTEMPTS });
      if (parsed.ok) {
        this.journalStep(index, spec, model, attempt, parsed.value, result);
        return { value: parsed.value, model: result.model, replayed: false };
      }
      last = parsed;
      this.journalReject(index, id, spec.name, model, attempt, parsed, result);
      if (parsed.retryable === false) break;
    }
    const reason = last?.reason ?? "content_rejected";
    return this.fail(index, id, spec.name, reason, last?.detail ?? "every try was rejected", true);
  }

  /**
   * The answer is in: the conversation that takes this one's place in the window gets to send its
   * request first (one turn of the event loop, in which it builds its prompt and writes it), and
   * only then is this answer parsed, checked and journaled, so that work is not in the model's
   * cycle. A cached answer freed no model slot and does not wait.
   */
  private async letNextRequestGo(index: number, result: ChatResult): Promise<void> {
    this.o.onAnswer?.(index);
    if (!result.cached) await nextTurnOfLoop();
  }

  private checkGoOn(): void {
    if (this.o.stopping() || this.o.signal.aborted) throw new Interrupted();
    if (this.o.budget.exceeded()) {
      this.o.onBudgetHit();
      throw new Interrupted();
    }
  }

  private async ask(
    index: number,
    id: string,
    step: string,
    model: ChatModel,
    request: Parameters<ChatModel["generate"]>[0],
  ): Promise<ChatResult> {
    const { budget } = this.o;
    this.o.onAsk?.(index);
    budget.inFlight++;
    try {
      const result = await model.generate(request, this.o.signal);
      budget.paid(result);
      return result;
    } catch (error) {
      if (error instanceof ModelError && !error.stopsRun)
        this.fail(index, id, step, error.reason, error.message);
      throw error;
    } finally {
      budget.inFlight--;
    }
  }

  private journalStep<T>(
    index: number,
    spec: StepSpec<T>,
    model: ChatModel,
    attempt: number,
    value: T,
    result: ChatResult,
  ): void {
    this.o.journal.append({
      t: "step",
      c: index,
      s: spec.name,
      role: spec.role,
      model: model.config.name,
      attempt,
      value,
      served: result.model,
      usage: result.usage,
      cost: result.costUsd,
      ...(result.cached ? { cached: true } : {}),
    });
    this.o.steps.completed++;
    this.o.onStep();
  }

  private journalReject<T>(
    index: number,
    id: string,
    step: string,
    model: ChatModel,
    attempt: number,
    parsed: Rejected<T>,
    result: ChatResult,
  ): void {
    this.o.journal.append({
      t: "reject",
      c: index,
      s: step,
      attempt,
      reason: parsed.reason,
      ...(parsed.retryable === false ? {} : { retried: true as const }),
      model: model.config.name,
      usage: result.usage,
      cost: result.costUsd,
      ...(result.cached ? { cached: true } : {}),
    });
    if (parsed.retryable === false) return;
    this.o.steps.content_retries++;
    this.o.events.write({ type: "content_retry", index, id, step, reason: parsed.reason });
  }

  /** The step failed for good: journaled, and the conversation is told (StepFailedError). */
  private fail(
    index: number,
    id: string,
    step: string,
    reason: string,
    detail: string,
    content = false,
  ): never {
    const clean = redactSecrets(detail);
    this.o.journal.append({
      t: "fail",
      c: index,
      s: step,
      reason,
      detail: clean,
      ...(content ? { content: true as const } : {}),
    });
    this.o.events.write({ type: "step_failed", index, id, step, reason });
    this.o.steps.failed++;
    throw new StepFailedError(step, reason, clean, content);
  }
}
