import { setMaxListeners } from "node:events";
import { DiskFullError } from "../core/errors.js";
import { readJsonl } from "../core/jsonl.js";
import { deriveSeed, Rng } from "../core/rng.js";
import { redactSecrets } from "../core/secrets.js";
import { ModelError } from "../models/model-error.js";
import type { RequestStats } from "../models/request-stats.js";
import type { ChatModel, ChatResult } from "../models/types.js";
import {
  type ConversationContext,
  type ConversationOutcome,
  type ConversationProgram,
  type StepDone,
  StepFailedError,
  type StepParse,
  type StepSpec,
} from "../recipes/conversation.js";
import { AcceptanceGuard, RejectionExamples } from "./acceptance-guard.js";
import { ConversationOutputs } from "./conversation-outputs.js";
import { checkOutputFile } from "./dataset-scan.js";
import type { EventsLog } from "./events-log.js";
import { type EngineProgress, type EngineResult, engineProgress } from "./generation-engine.js";
import { emptyReport, type RunReport, type StopReason } from "./report.js";
import { replayRequestLedger } from "./request-ledger.js";
import type { RunPaths } from "./run-dir.js";
import { type RunState, readRunState, writeRunState } from "./run-state.js";
import {
  type CommitLine,
  type ConversationStatus,
  loadJournal,
  type OpenConversation,
  type PaidUsage,
  StepJournal,
} from "./step-journal.js";

/** Tries per step: the first sample, and one more with a new nonce after a content failure. */
const STEP_ATTEMPTS = 2;

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
}

/** A conversation that did not complete, for the report. */
export interface IncompleteConversation {
  index: number;
  id: string;
  status: Exclude<ConversationStatus, "complete">;
  reason?: string;
  detail?: string;
  note?: Record<string, unknown>;
}

export interface ConversationRunResult extends EngineResult {
  counts: Record<ConversationStatus, number>;
  steps: { completed: number; replayed: number; content_retries: number; failed: number };
  incomplete: IncompleteConversation[];
}

/** state.json of a turn-by-turn run: RunState plus the conversations that ended early. */
export interface ConversationRunState extends RunState {
  partial: number;
}

/**
 * Tokens and cost come from the journal (every answer is journaled as it arrives, so they are
 * exact across a kill -9); request counters come from state.json, raised to at least the answers
 * journaled (requests in flight when the process died may be missing from them).
 */
function restorePaidUsage(stats: RequestStats, paid: Record<string, PaidUsage>): void {
  let answered = 0;
  stats.usage = { prompt_tokens: 0, completion_tokens: 0 };
  stats.costUsd = 0;
  for (const [name, p] of Object.entries(paid)) {
    const m = stats.model(name);
    m.prompt_tokens = p.prompt_tokens;
    m.completion_tokens = p.completion_tokens;
    m.cost_usd = p.cost_usd;
    m.requests = Math.max(m.requests, p.responses);
    stats.usage.prompt_tokens += p.prompt_tokens;
    stats.usage.completion_tokens += p.completion_tokens;
    stats.costUsd += p.cost_usd;
    answered += p.responses;
  }
  stats.total = Math.max(stats.total, answered);
  stats.byStatus["200"] = Math.max(stats.byStatus["200"] ?? 0, answered);
}

/** Thrown into a conversation when the run stops (Ctrl-C, budget): it is not committed. */
class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

function toIncomplete(line: CommitLine): IncompleteConversation {
  return {
    index: line.c,
    id: line.id,
    status: line.status as IncompleteConversation["status"],
    reason: line.reason,
    detail: line.detail,
    note: line.note,
  };
}

/**
 * Runs conversations turn by turn. Each conversation asks for one step at a time, and its next
 * step is asked for the moment the previous one returns: there is no barrier between
 * conversations, and each step goes to its role's model client (whose own concurrency and RPM/TPM
 * limits apply). Every step is journaled as it returns, so a killed run resumes each conversation
 * at its first missing step; no returned step is ever requested again. A step that fails for good
 * ends only its conversation (the recipe decides what of it to keep). Outcomes are committed in
 * index order: the same seed gives the same files whatever the timing.
 */
export async function runConversations<I>(
  options: ConversationRunOptions<I>,
): Promise<ConversationRunResult> {
  const { program, paths, seed, stats, events, models } = options;
  const started = performance.now();

  // Resume: the journal is the truth for steps and commits, events.jsonl for request counts
  // (state.json, a checkpoint, for runs older than that ledger).
  const previous = readRunState(paths.state) as ConversationRunState | undefined;
  const ledger = await replayRequestLedger(paths.events);
  if (ledger) stats.restore(ledger);
  else if (previous) stats.restore(previous.requests);
  const journaled = await loadJournal(options.journalPath);
  if (!ledger) restorePaidUsage(stats, journaled.paid);
  const priorDuration = previous?.duration_s ?? 0;
  const outputs = new ConversationOutputs(paths.dir, program.outputFiles, journaled.sizes);
  if (journaled.committed > 0)
    for (const file of program.outputFiles) await checkOutputFile(outputs.path(file));
  if (program.restore) {
    for (const file of program.restore.files) {
      for await (const { value } of readJsonl(outputs.path(file), { onBadLine: () => {} }))
        program.restore.line(file, value);
    }
  }
  const journal = new StepJournal(options.journalPath, journaled.lines);
  const counts = { ...journaled.counts };
  const incomplete = journaled.incomplete.map(toIncomplete);
  const openLog = journaled.open;
  let committed = journaled.committed;
  const report = emptyReport(program.name, options.target ?? options.total ?? 0);
  const steps = { ...journaled.steps, replayed: 0 };
  const guard = new AcceptanceGuard(options.window);
  let collapsed = false;
  const examples = new RejectionExamples();
  for (const c of incomplete) {
    if (!c.reason) continue;
    report.rejection_reasons[c.reason] = (report.rejection_reasons[c.reason] ?? 0) + 1;
    examples.note(c.reason, c.detail);
  }
  if (committed > 0 || openLog.size > 0) {
    events.write({ type: "resume", committed, open_conversations: openLog.size });
  }

  const hardStop = new AbortController();
  // Every request in flight listens on this one signal.
  setMaxListeners(0, hardStop.signal);
  let stopping = false;
  let budgetHit = false;
  let fatal: ModelError | undefined;
  const pending = new Map<number, { id: string; outcome: ConversationOutcome }>();
  const running = new Set<Promise<void>>();
  let active = 0;
  let stepsInFlight = 0;
  let costedSteps = 0;
  let maxStepCost = 0;
  let nextIndex = committed;
  let exhausted = false;

  const targetReached = () => options.target !== undefined && counts.complete >= options.target;

  const progress = () =>
    engineProgress(
      stats,
      {
        requested: options.target ?? options.total ?? 0,
        accepted: counts.complete,
        rejected: counts.rejected,
        failed: counts.failed + counts.partial,
        inFlight: active,
      },
      priorDuration + (performance.now() - started) / 1000,
    );

  let lastCheckpoint = 0;
  const checkpoint = (status: RunState["status"], force = false) => {
    const now = performance.now();
    if (!force && now - lastCheckpoint < 1000) return;
    lastCheckpoint = now;
    journal.sync();
    const state: ConversationRunState = {
      version: 1,
      recipe: program.name,
      seed,
      count: options.target ?? options.total ?? 0,
      status,
      next_index: committed,
      accepted: counts.complete,
      rejected: counts.rejected,
      failed: counts.failed,
      partial: counts.partial,
      rejection_reasons: report.rejection_reasons,
      requests: stats.snapshot(),
      duration_s: priorDuration + (now - started) / 1000,
      updated_at: new Date().toISOString(),
    };
    writeRunState(paths.state, state);
  };

  let lastProgress = 0;
  const tick = (force = false) => {
    checkpoint("running");
    const now = performance.now();
    if (!force && now - lastProgress < 100) return;
    lastProgress = now;
    options.onProgress?.(progress());
  };

  // A failed write (a full disk) stops the run: nothing may be committed after it.
  let writeError: unknown;
  const flush = () => {
    if (writeError !== undefined) return;
    try {
      events.throwIfFailed();
      commit();
    } catch (e) {
      stopOnWriteError(e);
    }
  };
  const stopOnWriteError = (e: unknown) => {
    if (writeError !== undefined) return;
    writeError = e;
    stopping = true;
    wakeUp();
    // Steps in flight are paid for: they get the grace period to land in the cache.
    setTimeout(() => hardStop.abort(e), options.graceMs ?? 5000).unref();
  };

  /** Commits finished conversations in index order. */
  const commit = () => {
    while (pending.has(committed) && !targetReached()) {
      const { id, outcome: finished } = pending.get(committed)!;
      pending.delete(committed);
      const outcome = program.checkInOrder ? program.checkInOrder(finished, committed, id) : finished;
      for (const w of outcome.writes) outputs.write(w.file, w.value);
      const line: CommitLine = {
        t: "commit",
        c: committed,
        id,
        status: outcome.status,
        sizes: outputs.sizes(),
      };
      if (outcome.reason !== undefined) line.reason = outcome.reason;
      if (outcome.detail !== undefined) line.detail = redactSecrets(outcome.detail);
      if (outcome.note !== undefined) line.note = outcome.note;
      journal.append(line);
      counts[outcome.status]++;
      // A partial conversation counts when it produced something (rounds: at least one new round).
      guard.record(
        outcome.status === "complete" || (outcome.status === "partial" && outcome.writes.length > 0),
      );
      if (outcome.status !== "complete") {
        incomplete.push(toIncomplete(line));
        if (outcome.reason) {
          report.rejection_reasons[outcome.reason] = (report.rejection_reasons[outcome.reason] ?? 0) + 1;
          examples.note(outcome.reason, line.detail);
        }
        events.write({
          type: `conversation_${outcome.status}`,
          index: committed,
          id,
          reason: outcome.reason,
        });
      }
      committed++;
    }
    if (!collapsed && !stopping && !targetReached() && guard.collapsed()) {
      collapsed = true;
      stopping = true;
      events.write({ type: "acceptance_collapsed", ...counts });
      wakeUp();
    }
    tick(true);
  };

  // The dearest step so far, not the average: prompts grow round after round.
  const perStepCost = () => (costedSteps > 0 ? maxStepCost : (options.estimatedStepCostUsd ?? 0));
  const overBudget = () =>
    options.maxCostUsd !== undefined &&
    stats.costUsd + (stepsInFlight + 1) * perStepCost() > options.maxCostUsd;

  let wake: (() => void) | undefined;
  const wakeUp = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const runStep = async <T>(
    index: number,
    id: string,
    open: OpenConversation | undefined,
    spec: StepSpec<T>,
  ): Promise<StepDone<T>> => {
    const logged = open?.steps.get(spec.name);
    if (logged) {
      steps.replayed++;
      return { value: logged.value as T, model: logged.served, replayed: true };
    }
    if (open?.fail?.s === spec.name) throw new StepFailedError(spec.name, open.fail.reason, open.fail.detail);
    const handle = models[spec.role];
    if (!handle)
      throw new Error(`recipe ${program.name} asked for model role '${spec.role}', which has no model`);
    const fail = (reason: string, detail: string): never => {
      const clean = redactSecrets(detail);
      journal.append({ t: "fail", c: index, s: spec.name, reason, detail: clean });
      events.write({ type: "step_failed", index, id, step: spec.name, reason });
      steps.failed++;
      throw new StepFailedError(spec.name, reason, clean);
    };
    const request = spec.request();
    let last: Extract<StepParse<T>, { ok: false }> | undefined;
    for (let attempt = open?.rejects.get(spec.name) ?? 0; attempt < STEP_ATTEMPTS; attempt++) {
      if (stopping || hardStop.signal.aborted) throw new Interrupted();
      if (overBudget()) {
        budgetHit = true;
        stopping = true;
        wakeUp();
        throw new Interrupted();
      }
      let result: ChatResult;
      stepsInFlight++;
      try {
        result = await handle.generate(
          { ...request, nonce: `${seed}:${id}/${spec.name}#${attempt}`, itemId: id },
          hardStop.signal,
        );
      } catch (error) {
        if (error instanceof ModelError && !error.stopsRun) fail(error.reason, error.message);
        throw error;
      } finally {
        stepsInFlight--;
      }
      if (!result.cached && result.costUsd > 0) {
        costedSteps++;
        maxStepCost = Math.max(maxStepCost, result.costUsd);
      }
      const parsed = spec.parse(result, { attempt, final: attempt + 1 >= STEP_ATTEMPTS });
      if (parsed.ok) {
        journal.append({
          t: "step",
          c: index,
          s: spec.name,
          role: spec.role,
          model: handle.config.name,
          attempt,
          value: parsed.value,
          served: result.model,
          usage: result.usage,
          cost: result.costUsd,
          ...(result.cached ? { cached: true } : {}),
        });
        steps.completed++;
        tick();
        return { value: parsed.value, model: result.model, replayed: false };
      }
      last = parsed;
      journal.append({
        t: "reject",
        c: index,
        s: spec.name,
        attempt,
        reason: parsed.reason,
        ...(parsed.retryable === false ? {} : { retried: true as const }),
        model: handle.config.name,
        usage: result.usage,
        cost: result.costUsd,
        ...(result.cached ? { cached: true } : {}),
      });
      if (parsed.retryable === false) break;
      steps.content_retries++;
      events.write({ type: "content_retry", index, id, step: spec.name, reason: parsed.reason });
    }
    return fail(last?.reason ?? "content_rejected", last?.detail ?? "every try was rejected");
  };

  const start = (index: number, input: I) => {
    active++;
    const id = program.idFor(index, seed);
    const open = openLog.get(index);
    openLog.delete(index);
    const ctx: ConversationContext = {
      index,
      id,
      runSeed: seed,
      rng: new Rng(deriveSeed(seed, index)),
      signal: hardStop.signal,
      step: (spec) => runStep(index, id, open, spec),
    };
    const task = program
      .run(ctx, input)
      .then(
        (outcome): ConversationOutcome | undefined => outcome,
        (error: unknown): ConversationOutcome | undefined => {
          if (error instanceof ModelError && error.stopsRun) {
            fatal ??= error;
            stopping = true;
            hardStop.abort(error);
            return undefined;
          }
          if (error instanceof DiskFullError) {
            stopOnWriteError(error);
            return undefined;
          }
          // Interrupted: not committed; its journaled steps are replayed on resume.
          if (error instanceof Interrupted || hardStop.signal.aborted) return undefined;
          if (error instanceof StepFailedError)
            return { status: "failed", writes: [], reason: error.reason, detail: error.detail };
          return {
            status: "failed",
            writes: [],
            reason: "recipe_error",
            detail: redactSecrets((error as Error)?.message ?? String(error)),
          };
        },
      )
      .then((outcome) => {
        active--;
        if (outcome) {
          pending.set(index, { id, outcome });
          flush();
        }
        running.delete(task);
        wakeUp();
      });
    running.add(task);
  };

  const onStop = () => {
    events.write({ type: "stop_requested" });
    stopping = true;
    wakeUp();
    const grace = setTimeout(() => hardStop.abort(new Error("interrupted")), options.graceMs ?? 5000);
    grace.unref();
  };
  if (options.stopSignal?.aborted) stopping = true;
  else options.stopSignal?.addEventListener("abort", onStop, { once: true });

  const canStart = () => {
    if (stopping || fatal || exhausted || writeError !== undefined) return false;
    if (active >= options.window) return false;
    // Finished but waiting for an earlier one to commit: bounded, so memory is too.
    if (pending.size >= options.window * 8) return false;
    if (options.target !== undefined && counts.complete + active + pending.size >= options.target)
      return false;
    if (options.maxConversations !== undefined && nextIndex >= options.maxConversations) return false;
    if (overBudget()) {
      if (active === 0) budgetHit = true;
      return false;
    }
    return true;
  };

  const iterator = options.inputs[Symbol.asyncIterator]();
  let stopReason: StopReason | undefined;
  events.write({ type: "run_started", recipe: program.name, seed, committed, window: options.window });
  checkpoint("running", true);
  try {
    // Committed conversations are skipped without running.
    for (let i = 0; i < committed; i++) {
      if ((await iterator.next()).done) {
        exhausted = true;
        break;
      }
    }
    while (true) {
      while (canStart()) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        start(nextIndex++, next.value);
      }
      if (fatal || writeError !== undefined) break;
      if (targetReached()) {
        stopReason = "done";
        break;
      }
      if (active === 0) {
        if (budgetHit) stopReason = "budget";
        else if (collapsed) stopReason = "low_acceptance";
        else if (stopping) stopReason = "interrupted";
        else if (
          options.target !== undefined &&
          (exhausted || (options.maxConversations !== undefined && nextIndex >= options.maxConversations))
        )
          stopReason = "max_attempts";
        else if (options.target === undefined && exhausted) stopReason = "done";
        if (stopReason) break;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    // Whatever still runs (a target met, a fatal error) asks for no further step.
    stopping = true;
    await Promise.allSettled([...running]);
    flush();
  } catch (error) {
    // The input could not be read: stop every conversation before reporting it.
    stopping = true;
    hardStop.abort(error);
    await Promise.allSettled([...running]);
    journal.close();
    throw error;
  } finally {
    options.stopSignal?.removeEventListener("abort", onStop);
    await iterator.return?.();
    outputs.close();
  }
  if (writeError !== undefined) {
    journal.close();
    throw writeError;
  }
  if (fatal) stopReason = fatal.kind === "auth" ? "auth" : "endpoint";
  else if (budgetHit && !targetReached()) stopReason = "budget";
  else if (collapsed && !targetReached()) stopReason = "low_acceptance";
  stopReason ??= "interrupted";

  const snap = stats.snapshot();
  Object.assign(report, {
    accepted: counts.complete,
    rejected: counts.rejected,
    failed: counts.failed + counts.partial,
    attempts: committed,
    stopped: stopReason,
    requests: { total: snap.total, retried: snap.retried, cached: snap.cached, by_status: snap.by_status },
    usage: snap.usage,
    cost_usd: round6(snap.cost_usd),
    duration_s: Math.round((priorDuration + (performance.now() - started) / 1000) * 1000) / 1000,
    rejection_examples: examples.examples,
    models: modelsSection(snap.models),
  } satisfies Partial<RunReport>);
  checkpoint(stopReason, true);
  journal.close();
  events.write({ type: "run_finished", stopped: stopReason, ...counts, steps });
  options.onProgress?.(progress());
  return { report, fatal, counts, steps, incomplete };
}

function modelsSection(models: ReturnType<RequestStats["snapshot"]>["models"]): RunReport["models"] {
  return Object.fromEntries(
    Object.entries(models).map(([name, m]) => [
      name,
      {
        requests: m.requests,
        prompt_tokens: m.prompt_tokens,
        completion_tokens: m.completion_tokens,
        cost_usd: round6(m.cost_usd),
        ...(m.endpoints ? { endpoints: m.endpoints } : {}),
        ...(m.fallback ? { fallback: m.fallback } : {}),
      },
    ]),
  );
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
