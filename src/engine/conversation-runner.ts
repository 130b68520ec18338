import { setMaxListeners } from "node:events";
import { join } from "node:path";
import { DiskFullError } from "../core/errors.js";
import { readJsonl } from "../core/jsonl.js";
import { deriveSeed, Rng } from "../core/rng.js";
import { redactSecrets } from "../core/secrets.js";
import type { ModelError as FatalError } from "../models/model-error.js";
import { ModelError } from "../models/model-error.js";
import type { RequestStats } from "../models/request-stats.js";
import type { ChatModel } from "../models/types.js";
import { StepBudget } from "./budget.js";
import { type IncompleteConversation, OrderedCommitter, toIncomplete } from "./committer.js";
import { ConversationOutputs } from "./conversation-outputs.js";
import { insertRecords } from "./dataset-scan.js";
import type { EventsLog } from "./events-log.js";
import {
  type ConversationContext,
  type ConversationOutcome,
  type ConversationProgram,
  StepFailedError,
} from "./program.js";
import { type EngineProgress, engineProgress } from "./progress.js";
import type { RunReport } from "./report.js";
import { buildRunReport, RejectionTally } from "./report-builder.js";
import { checkResumedOutputs, currentSizes, refuseJournalLessRun } from "./resume-files.js";
import type { RunPaths } from "./run-dir.js";
import { Checkpointer, resumeRun } from "./run-journal.js";
import { Scheduler } from "./scheduler.js";
import {
  type ConversationStatus,
  loadCommittedSteps,
  type OpenConversation,
  StepJournal,
} from "./step-journal.js";
import { Interrupted, type StepCounts, StepRunner } from "./step-runner.js";

export type { IncompleteConversation } from "./committer.js";
export type { ConversationRunState } from "./run-journal.js";

export interface ConversationRunOptions<I> {
  program: ConversationProgram<I>;
  /** The conversations' inputs in index order (finite for rounds, endless for simulate). */
  inputs: AsyncIterable<I>;
  /** How many inputs there are, when known (progress). */
  total?: number;
  /** Stop once this many conversations are complete; undefined: run every input once. */
  target?: number;
  /** Most conversations started (with `target`: the run gives up after so many). */
  maxConversations?: number;
  /** Model handle per pipeline role. Roles naming the same model share its client (one limit). */
  models: Record<string, ChatModel>;
  paths: RunPaths;
  /** The step journal (steps.jsonl in the run directory). */
  journalPath: string;
  seed: number;
  /** Conversations in progress at once; each has at most one step in flight. */
  window: number;
  maxCostUsd?: number;
  /** A-priori cost of one step, for the budget before any step has finished. */
  estimatedStepCostUsd?: number;
  stats: RequestStats;
  events: EventsLog;
  /** Aborting it stops new steps; steps in flight get `graceMs` to return, then are aborted. */
  stopSignal?: AbortSignal;
  graceMs?: number;
  onProgress?: (progress: EngineProgress) => void;
  /** Resume: move corrupt lines of the program's records file to rejected.jsonl and make them again. */
  repair?: boolean;
}

export interface ConversationRunResult {
  report: RunReport;
  /** The run-stopping error (auth, endpoint), if any; report.stopped says "auth" or "endpoint". */
  fatal?: FatalError;
  counts: Record<ConversationStatus, number>;
  steps: { completed: number; replayed: number; content_retries: number; failed: number };
  incomplete: IncompleteConversation[];
}

/**
 * Runs conversations turn by turn. Each conversation asks for one step at a time, and its next
 * step is asked for the moment the previous one returns: there is no barrier between
 * conversations, and each step goes to its role's model client (whose own concurrency and RPM/TPM
 * limits apply). Every step is journaled as it returns, so a killed run resumes each conversation
 * at its first missing step; no returned step is ever requested again. A step that fails for good
 * ends only its conversation (the recipe decides what of it to keep). Outcomes are committed in
 * index order: the same seed gives the same files whatever the timing. The parts: Scheduler
 * (starts conversations), StepRunner (steps and their journal lines), OrderedCommitter (writes),
 * Checkpointer (state.json), buildRunReport (report.json).
 */
export async function runConversations<I>(
  options: ConversationRunOptions<I>,
): Promise<ConversationRunResult> {
  const { paths, journalPath, program } = options;
  const resumed = await resumeRun(paths, journalPath, options.stats);
  refuseJournalLessRun(paths, journalPath, program.outputFiles);
  const holes = await checkResumedOutputs({
    paths,
    files: program.outputFiles,
    records: program.records,
    journal: resumed.journal,
    repair: options.repair,
  });
  const session = new RunSession(options, resumed.journal, resumed.priorDuration);
  return session.execute(holes);
}

class RunSession<I> {
  private readonly journal: StepJournal;
  private readonly checkpointer: Checkpointer;
  private readonly hardStop = new AbortController();
  private readonly scheduler: Scheduler<I>;
  private readonly stepRunner: StepRunner;
  private readonly steps: StepCounts;
  private readonly rejections = new RejectionTally();
  private readonly open: Map<number, OpenConversation>;
  private readonly iterator: AsyncIterator<I>;
  private outputs: ConversationOutputs | undefined;
  private committer: OrderedCommitter | undefined;
  private lastProgress = 0;

  constructor(
    private readonly o: ConversationRunOptions<I>,
    private readonly loaded: Awaited<ReturnType<typeof resumeRun>>["journal"],
    priorDuration: number,
  ) {
    // Every request in flight listens on this one signal.
    setMaxListeners(0, this.hardStop.signal);
    this.journal = new StepJournal(o.journalPath, loaded.lines);
    const count = o.target ?? o.total ?? 0;
    this.checkpointer = new Checkpointer(
      o.paths,
      this.journal,
      { recipe: o.program.name, seed: o.seed, count },
      o.stats,
      priorDuration,
    );
    this.open = loaded.open;
    this.steps = { ...loaded.steps, replayed: 0 };
    for (const c of loaded.incomplete) if (c.reason) this.rejections.note(c.reason, c.detail);
    const budget = new StepBudget(o.stats, o.maxCostUsd, o.estimatedStepCostUsd);
    this.iterator = o.inputs[Symbol.asyncIterator]();
    this.scheduler = new Scheduler<I>({
      inputs: this.iterator,
      firstIndex: loaded.committed,
      window: o.window,
      target: o.target,
      maxConversations: o.maxConversations,
      budget,
      progress: () => {
        const c = this.committer!;
        return {
          complete: c.counts.complete,
          waiting: c.waiting,
          targetReached: c.targetReached(),
          collapsed: c.collapsed,
        };
      },
      run: (index, input) => this.runScheduled(index, input),
    });
    this.stepRunner = new StepRunner({
      program: o.program.name,
      models: o.models,
      seed: o.seed,
      journal: this.journal,
      events: o.events,
      budget,
      steps: this.steps,
      signal: this.hardStop.signal,
      stopping: () => this.scheduler.stopping,
      onBudgetHit: () => {
        this.scheduler.budgetHit = true;
        this.scheduler.stop();
      },
      onStep: () => this.tick(),
      onAsk: (index) => this.scheduler.asks(index),
      onAnswer: (index) => this.scheduler.answered(index),
    });
  }

  async execute(holes: number[]): Promise<ConversationRunResult> {
    const { o } = this;
    let holeInputs: Map<number, I>;
    try {
      holeInputs = await this.skipCommitted(new Set(holes));
      if (holes.length > 0) await this.remakeRecords(holes, holeInputs);
    } catch (error) {
      this.journal.close();
      await this.iterator.return?.();
      throw error;
    }
    this.openOutputs(holes.length > 0);
    await this.restoreProgram();
    const onStop = () => this.requestStop();
    if (o.stopSignal?.aborted) this.scheduler.stopping = true;
    else o.stopSignal?.addEventListener("abort", onStop, { once: true });
    let loopReason: Awaited<ReturnType<Scheduler<I>["loop"]>>;
    try {
      loopReason = await this.scheduler.loop();
      // Whatever still runs (a target met, a fatal error) asks for no further step.
      await this.scheduler.settle();
      this.flush();
    } catch (error) {
      // The input could not be read: stop every conversation before reporting it.
      this.hardStop.abort(error);
      await this.scheduler.settle();
      this.journal.close();
      throw error;
    } finally {
      o.stopSignal?.removeEventListener("abort", onStop);
      await this.iterator.return?.();
      this.outputs?.close();
    }
    return this.finish(loopReason);
  }

  /** Committed conversations are not run again: their inputs are skipped (those of `holes` kept). */
  private async skipCommitted(holes: ReadonlySet<number>): Promise<Map<number, I>> {
    const kept = new Map<number, I>();
    for (let i = 0; i < this.loaded.committed; i++) {
      const next = await this.iterator.next();
      if (next.done) break;
      if (holes.has(i)) kept.set(i, next.value);
    }
    return kept;
  }

  /**
   * Complete conversations whose record is missing from the records file (moved by --repair, or
   * lost with a torn end) run again from their journaled steps (no request) and their records go
   * back at their place; the journal then records the files' new sizes.
   */
  private async remakeRecords(holes: number[], inputs: Map<number, I>): Promise<void> {
    const { o } = this;
    const file = o.program.records!;
    const logged = await loadCommittedSteps(o.journalPath, new Set(holes));
    const records = new Map<number, unknown>();
    for (const index of holes) {
      const input = inputs.get(index);
      const made = input === undefined ? undefined : await this.runOne(index, input, logged.get(index));
      const write =
        made?.outcome.status === "complete" ? made.outcome.writes.find((w) => w.file === file) : undefined;
      if (write) records.set(index, write.value);
      o.events.write({ type: "record_remade", index, kept: write !== undefined });
    }
    if (this.scheduler.fatal) throw this.scheduler.fatal;
    await insertRecords(join(o.paths.dir, file), records);
    const sizes = currentSizes(o.paths.dir, o.program.outputFiles);
    this.journal.append({ t: "sizes", c: this.loaded.committed - 1, sizes });
    this.loaded.sizes = sizes;
  }

  private openOutputs(remade: boolean): void {
    const { o, loaded } = this;
    const sizes = remade ? currentSizes(o.paths.dir, o.program.outputFiles) : loaded.sizes;
    this.outputs = new ConversationOutputs(o.paths.dir, o.program.outputFiles, sizes);
    this.committer = new OrderedCommitter({
      program: o.program as ConversationProgram<unknown>,
      outputs: this.outputs,
      journal: this.journal,
      events: o.events,
      committed: loaded.committed,
      counts: { ...loaded.counts },
      incomplete: loaded.incomplete.map(toIncomplete),
      rejections: this.rejections,
      target: o.target,
      window: o.window,
    });
    if (loaded.committed > 0 || this.open.size > 0)
      o.events.write({ type: "resume", committed: loaded.committed, open_conversations: this.open.size });
  }

  /** In-order state (near-duplicate indexes) from the committed lines. */
  private async restoreProgram(): Promise<void> {
    const { program, seed, events, window } = this.o;
    if (program.restore) {
      for (const file of program.restore.files) {
        for await (const { value } of readJsonl(this.outputs!.path(file), { onBadLine: () => {} }))
          program.restore.line(file, value);
      }
    }
    events.write({
      type: "run_started",
      recipe: program.name,
      seed,
      committed: this.loaded.committed,
      window,
    });
    this.checkpoint("running", true);
  }

  private async runScheduled(index: number, input: I): Promise<void> {
    const open = this.open.get(index);
    this.open.delete(index);
    const made = await this.runOne(index, input, open);
    if (!made) return;
    this.committer!.add(index, made.id, made.outcome);
    this.flush();
  }

  /** One conversation to its outcome; undefined when it must not be committed (a stop, a fatal error). */
  private async runOne(
    index: number,
    input: I,
    open: OpenConversation | undefined,
  ): Promise<{ id: string; outcome: ConversationOutcome } | undefined> {
    const { program, seed } = this.o;
    const id = program.idFor(index, seed);
    const ctx: ConversationContext = {
      index,
      id,
      runSeed: seed,
      rng: new Rng(deriveSeed(seed, index)),
      signal: this.hardStop.signal,
      step: (spec) => this.stepRunner.run(index, id, open, spec),
    };
    try {
      return { id, outcome: await program.run(ctx, input) };
    } catch (error) {
      const outcome = this.outcomeOfError(error);
      return outcome && { id, outcome };
    }
  }

  private outcomeOfError(error: unknown): ConversationOutcome | undefined {
    if (error instanceof ModelError && error.stopsRun) {
      this.scheduler.fatal ??= error;
      this.scheduler.stopping = true;
      this.hardStop.abort(error);
      return undefined;
    }
    if (error instanceof DiskFullError) {
      this.stopOnWriteError(error);
      return undefined;
    }
    // Interrupted: not committed; its journaled steps are replayed on resume.
    if (error instanceof Interrupted || this.hardStop.signal.aborted) return undefined;
    if (error instanceof StepFailedError)
      return { status: "failed", writes: [], reason: error.reason, detail: error.detail };
    return {
      status: "failed",
      writes: [],
      reason: "recipe_error",
      detail: redactSecrets((error as Error)?.message ?? String(error)),
    };
  }

  /** Commits what can be; a failed write (a full disk) stops the run. */
  private flush(): void {
    if (this.scheduler.writeError !== undefined) return;
    try {
      this.o.events.throwIfFailed();
      if (this.committer!.flush(this.scheduler.stopping)) this.scheduler.stop();
      this.tick(true);
    } catch (e) {
      this.stopOnWriteError(e);
    }
  }

  private stopOnWriteError(e: unknown): void {
    if (this.scheduler.writeError !== undefined) return;
    this.scheduler.writeError = e;
    this.scheduler.stop();
    // Steps in flight are paid for: they get the grace period to land in the cache.
    setTimeout(() => this.hardStop.abort(e), this.o.graceMs ?? 5000).unref();
  }

  private requestStop(): void {
    this.o.events.write({ type: "stop_requested" });
    this.scheduler.stop();
    setTimeout(() => this.hardStop.abort(new Error("interrupted")), this.o.graceMs ?? 5000).unref();
  }

  private progress(): EngineProgress {
    const { o, committer } = this;
    const counts = committer!.counts;
    return engineProgress(
      o.stats,
      {
        requested: o.target ?? o.total ?? 0,
        accepted: counts.complete,
        rejected: counts.rejected,
        failed: counts.failed + counts.partial,
        inFlight: this.scheduler.asking,
      },
      this.checkpointer.duration(),
    );
  }

  private checkpoint(status: Parameters<Checkpointer["write"]>[0], force = false): void {
    const c = this.committer!;
    this.checkpointer.write(
      status,
      { committed: c.committed, counts: c.counts, rejectionReasons: this.rejections.reasons },
      force,
    );
  }

  private tick(force = false): void {
    if (!this.committer) return;
    this.checkpoint("running");
    const now = performance.now();
    if (!force && now - this.lastProgress < 100) return;
    this.lastProgress = now;
    this.o.onProgress?.(this.progress());
  }

  private finish(loopReason: Awaited<ReturnType<Scheduler<I>["loop"]>>): ConversationRunResult {
    const { o, scheduler } = this;
    const c = this.committer!;
    if (scheduler.writeError !== undefined) {
      this.journal.close();
      throw scheduler.writeError;
    }
    const stopped = scheduler.finalReason(loopReason, c.targetReached(), c.collapsed);
    const report = buildRunReport({
      recipe: o.program.name,
      requested: o.target ?? o.total ?? 0,
      accepted: c.counts.complete,
      rejected: c.counts.rejected,
      failed: c.counts.failed + c.counts.partial,
      attempts: c.committed,
      stopped,
      durationS: this.checkpointer.duration(),
      requests: o.stats.snapshot(),
      rejections: this.rejections,
    });
    this.checkpoint(stopped, true);
    this.journal.close();
    o.events.write({ type: "run_finished", stopped, ...c.counts, steps: this.steps });
    o.onProgress?.(this.progress());
    return { report, fatal: scheduler.fatal, counts: c.counts, steps: this.steps, incomplete: c.incomplete };
  }
}
