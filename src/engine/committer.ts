import { redactSecrets } from "../core/secrets.js";
import { AcceptanceGuard } from "./acceptance-guard.js";
import type { ConversationOutputs } from "./conversation-outputs.js";
import type { EventsLog } from "./events-log.js";
import type { ConversationOutcome, ConversationProgram } from "./program.js";
import type { RejectionTally } from "./report-builder.js";
import type { CommitLine, ConversationStatus, StepJournal } from "./step-journal.js";

/** A conversation that did not complete, for the report. */
export interface IncompleteConversation {
  index: number;
  id: string;
  status: Exclude<ConversationStatus, "complete">;
  reason?: string;
  detail?: string;
  note?: Record<string, unknown>;
}

export function toIncomplete(line: CommitLine): IncompleteConversation {
  return {
    index: line.c,
    id: line.id,
    status: line.status as IncompleteConversation["status"],
    reason: line.reason,
    detail: line.detail,
    note: line.note,
  };
}

export interface CommitterOptions {
  program: Pick<ConversationProgram<unknown>, "checkInOrder">;
  outputs: ConversationOutputs;
  journal: StepJournal;
  events: EventsLog;
  /** Conversations [0, committed) are committed already (resume). */
  committed: number;
  counts: Record<ConversationStatus, number>;
  incomplete: IncompleteConversation[];
  rejections: RejectionTally;
  /** Complete conversations wanted; undefined: every input. */
  target?: number;
  /** Conversations in progress at once (the acceptance guard's scale). */
  window: number;
}

/**
 * The ordered committer: conversations finish in any order and wait here until every earlier one
 * is committed; then, in index order, the program's in-order checks run, its lines are written
 * and a commit line (with the files' sizes) goes into the journal. The same seed gives the same
 * files whatever the timing.
 */
export class OrderedCommitter {
  committed: number;
  readonly counts: Record<ConversationStatus, number>;
  readonly incomplete: IncompleteConversation[];
  /** Acceptance collapsed this session (see AcceptanceGuard). */
  collapsed = false;
  private readonly pending = new Map<number, { id: string; outcome: ConversationOutcome }>();
  private readonly guard: AcceptanceGuard;

  constructor(private readonly o: CommitterOptions) {
    this.committed = o.committed;
    this.counts = o.counts;
    this.incomplete = o.incomplete;
    this.guard = new AcceptanceGuard(o.window);
  }

  /** Finished, waiting for the earlier ones. */
  get waiting(): number {
    return this.pending.size;
  }

  targetReached(): boolean {
    return this.o.target !== undefined && this.counts.complete >= this.o.target;
  }

  add(index: number, id: string, outcome: ConversationOutcome): void {
    this.pending.set(index, { id, outcome });
  }

  /**
   * Commits what can be, in index order (nothing past the target). Returns true when acceptance
   * has just collapsed (and the run is not stopping anyway): the caller stops the run. A failed
   * write throws: nothing may be committed after it.
   */
  flush(stopping: boolean): boolean {
    while (this.pending.has(this.committed) && !this.targetReached()) {
      const { id, outcome } = this.pending.get(this.committed)!;
      this.pending.delete(this.committed);
      this.commitOne(this.committed, id, outcome);
      this.committed++;
    }
    if (this.collapsed || stopping || this.targetReached() || !this.guard.collapsed()) return false;
    this.collapsed = true;
    this.o.events.write({ type: "acceptance_collapsed", ...this.counts });
    return true;
  }

  private commitOne(index: number, id: string, finished: ConversationOutcome): void {
    const { program, outputs, journal, events } = this.o;
    const outcome = program.checkInOrder ? program.checkInOrder(finished, index, id) : finished;
    for (const w of outcome.writes) outputs.write(w.file, w.value);
    const line: CommitLine = { t: "commit", c: index, id, status: outcome.status, sizes: outputs.sizes() };
    if (outcome.reason !== undefined) line.reason = outcome.reason;
    if (outcome.detail !== undefined) line.detail = redactSecrets(outcome.detail);
    if (outcome.note !== undefined) line.note = outcome.note;
    journal.append(line);
    this.counts[outcome.status]++;
    // A partial conversation counts when it produced something (rounds: at least one new round).
    this.guard.record(
      outcome.status === "complete" || (outcome.status === "partial" && outcome.writes.length > 0),
    );
    if (outcome.status === "complete") return;
    this.incomplete.push(toIncomplete(line));
    if (outcome.reason) this.o.rejections.note(outcome.reason, line.detail);
    events.write({ type: `conversation_${outcome.status}`, index, id, reason: outcome.reason });
  }
}
