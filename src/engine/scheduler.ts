import type { ModelError } from "../models/model-error.js";
import type { StepBudget } from "./budget.js";
import type { StopReason } from "./report.js";

export interface SchedulerOptions<I> {
  /** The conversations' inputs, positioned at the first one not committed. */
  inputs: AsyncIterator<I>;
  /** Index of the first input the iterator yields. */
  firstIndex: number;
  /**
   * Conversations in progress at once. One whose step has answered and that is only checking and
   * committing that answer gives its place to the next (see Scheduler.answered).
   */
  window: number;
  target?: number;
  maxConversations?: number;
  budget: StepBudget;
  /** Complete conversations so far, finished ones waiting to commit, and whether the target is met. */
  progress: () => { complete: number; waiting: number; targetReached: boolean; collapsed: boolean };
  /** Runs one conversation to its end (it commits itself); never rejects. */
  run: (index: number, input: I) => Promise<void>;
}

/**
 * The scheduler: starts conversations (in index order) while the window, the target, the budget
 * and --max-attempts allow, and decides why the run ends. It knows nothing of steps or files.
 */
export class Scheduler<I> {
  active = 0;
  nextIndex: number;
  /** No further conversation is started, and running ones ask for no further step. */
  stopping = false;
  budgetHit = false;
  fatal: ModelError | undefined;
  writeError: unknown;
  private exhausted = false;
  private wake: (() => void) | undefined;
  private readonly running = new Set<Promise<void>>();
  /** Conversations whose step has answered and that have not asked for another step nor ended. */
  private readonly settling = new Set<number>();

  constructor(private readonly o: SchedulerOptions<I>) {
    this.nextIndex = o.firstIndex;
  }

  /** Something changed (a conversation ended, a stop was asked for): look again. */
  wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Conversations that are asking for a step or about to (the ones the window counts). */
  get asking(): number {
    return this.active - this.settling.size;
  }

  /**
   * Conversation `index` got its step's answer: until it asks for another step or ends, it holds
   * no place in the window, so the next conversation starts and its request leaves while this
   * answer is still being checked, journaled and committed (the model's slot does not idle).
   */
  answered(index: number): void {
    this.settling.add(index);
    this.wakeUp();
  }

  /** Conversation `index` asks for a step: it counts in the window again. */
  asks(index: number): void {
    this.settling.delete(index);
  }

  stop(): void {
    this.stopping = true;
    this.wakeUp();
  }

  private canStart(): boolean {
    const { o } = this;
    if (this.stopping || this.fatal || this.exhausted || this.writeError !== undefined) return false;
    if (this.asking >= o.window) return false;
    const p = o.progress();
    // Finished but waiting for an earlier one to commit: bounded, so memory is too.
    if (p.waiting >= o.window * 8) return false;
    if (o.target !== undefined && p.complete + this.active + p.waiting >= o.target) return false;
    if (o.maxConversations !== undefined && this.nextIndex >= o.maxConversations) return false;
    if (o.budget.exceeded()) {
      if (this.active === 0) this.budgetHit = true;
      return false;
    }
    return true;
  }

  private launch(index: number, input: I): void {
    this.active++;
    const task = this.o.run(index, input).finally(() => {
      this.active--;
      this.settling.delete(index);
      this.running.delete(task);
      this.wakeUp();
    });
    this.running.add(task);
  }

  /** Starts conversations until the run ends; returns why, when the reason is the scheduler's. */
  async loop(): Promise<StopReason | undefined> {
    while (true) {
      while (this.canStart()) {
        const next = await this.o.inputs.next();
        if (next.done) {
          this.exhausted = true;
          break;
        }
        this.launch(this.nextIndex++, next.value);
      }
      if (this.fatal || this.writeError !== undefined) return undefined;
      if (this.o.progress().targetReached) return "done";
      const reason = this.active === 0 ? this.idleReason() : undefined;
      if (reason) return reason;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Nothing runs: the reason to end now, if there is one. */
  private idleReason(): StopReason | undefined {
    const { o } = this;
    if (this.budgetHit) return "budget";
    if (o.progress().collapsed) return "low_acceptance";
    if (this.stopping) return "interrupted";
    const attemptsUsed = o.maxConversations !== undefined && this.nextIndex >= o.maxConversations;
    if (o.target !== undefined && (this.exhausted || attemptsUsed)) return "max_attempts";
    if (o.target === undefined && this.exhausted) return "done";
    return undefined;
  }

  /** Waits for every conversation still running (they were told to stop or were aborted). */
  async settle(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /** Why the run ended, given the loop's answer and what happened meanwhile. */
  finalReason(loopReason: StopReason | undefined, targetReached: boolean, collapsed: boolean): StopReason {
    if (this.fatal) return this.fatal.kind === "auth" ? "auth" : "endpoint";
    if (this.budgetHit && !targetReached) return "budget";
    if (collapsed && !targetReached) return "low_acceptance";
    return loopReason ?? "interrupted";
  }
}
