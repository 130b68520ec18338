import { deriveSeed, Rng } from "../core/rng.js";
import { type BatchError, type BatchInputLine, validateBatchInput } from "./batch-validate.js";
import type { FileStore } from "./file-store.js";
import type { BatchOptions, ChatRequestBody } from "./types.js";

export type BatchStatus =
  | "validating"
  | "failed"
  | "in_progress"
  | "finalizing"
  | "completed"
  | "expired"
  | "cancelling"
  | "cancelled";

/** The batch object as the API returns it. */
export interface BatchObject {
  id: string;
  object: "batch";
  endpoint: string;
  model: string | null;
  errors: { object: "list"; data: BatchError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  metadata: Record<string, string> | null;
}

/** What processing one request gave: an HTTP status and body, or nothing ever (a hang). */
export type BatchRequestResult =
  | { status: number; body: unknown; usage?: { prompt_tokens: number; completion_tokens: number } }
  | "hang";

export type ProcessRequest = (body: ChatRequestBody, customId: string) => Promise<BatchRequestResult>;

/** One line of an output or error file. */
export interface BatchOutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

interface BatchRecord {
  num: number;
  obj: BatchObject;
  createdMs: number;
  stageMs: number;
  lines?: BatchInputLine[];
  results: Array<BatchOutputLine | undefined>;
  cursor: number;
  hung: number;
  lock: Promise<unknown>;
}

const TERMINAL = new Set<BatchStatus>(["failed", "completed", "expired", "cancelled"]);
const DAY_S = 24 * 3600;

const now = () => Math.floor(Date.now() / 1000);

/**
 * Batches and their life cycle. Moves happen only through advance / process / expire / cancel, called
 * by tests, or by reads when the progression is "on-poll" or time-driven; each batch's moves are
 * serialised, so a poll and a test's advance() never interleave.
 */
export class BatchStore {
  private batches = new Map<string, BatchRecord>();
  private seq = 0;
  private reqSeq = 0;
  private createdTimes: number[] = [];

  constructor(
    private readonly files: FileStore,
    private options: BatchOptions,
    private readonly seed: number,
    private readonly process: ProcessRequest,
    private readonly modelServed: (model: string) => boolean,
  ) {}

  setOptions(options: BatchOptions): void {
    this.options = options;
  }

  /** Rolling-hour creation limit reached? Records the creation when not. */
  admit(): boolean {
    const t = Date.now();
    this.createdTimes = this.createdTimes.filter((c) => t - c < 3600_000);
    if (this.createdTimes.length >= this.options.maxBatchesPerHour) return false;
    this.createdTimes.push(t);
    return true;
  }

  create(input: {
    input_file_id: string;
    endpoint: string;
    completion_window: string;
    metadata?: Record<string, string> | null;
  }): BatchObject {
    const created = now();
    const obj: BatchObject = {
      id: `batch_fake${++this.seq}`,
      object: "batch",
      endpoint: input.endpoint,
      model: null,
      errors: null,
      input_file_id: input.input_file_id,
      completion_window: input.completion_window,
      status: "validating",
      output_file_id: null,
      error_file_id: null,
      created_at: created,
      in_progress_at: null,
      expires_at: created + DAY_S,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      usage: {
        input_tokens: 0,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 0,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 0,
      },
      metadata: input.metadata ?? null,
    };
    const t = performance.now();
    this.batches.set(obj.id, {
      num: this.seq,
      obj,
      createdMs: t,
      stageMs: t,
      results: [],
      cursor: 0,
      hung: 0,
      lock: Promise.resolve(),
    });
    return obj;
  }

  get(id: string): BatchObject | undefined {
    return this.batches.get(id)?.obj;
  }

  /** Newest first. */
  list(): BatchObject[] {
    return [...this.batches.values()].map((r) => r.obj).reverse();
  }

  /** Ids of the batches to act on: the one given, or every batch not yet terminal. */
  private targets(id?: string): BatchRecord[] {
    if (id !== undefined) {
      const r = this.batches.get(id);
      if (!r) throw new Error(`no batch ${id}`);
      return [r];
    }
    return [...this.batches.values()].filter((r) => !TERMINAL.has(r.obj.status));
  }

  private serial<T>(record: BatchRecord, fn: () => Promise<T>): Promise<T> {
    const run = record.lock.then(fn, fn);
    record.lock = run.catch(() => undefined);
    return run;
  }

  /** Moves one batch (or every unfinished one) a stage on. */
  async advance(id?: string): Promise<BatchObject[]> {
    return Promise.all(this.targets(id).map((r) => this.serial(r, () => this.step(r))));
  }

  /** Advances until terminal, or until stuck in_progress on requests that hang (expire() ends those). */
  async finish(id?: string): Promise<BatchObject[]> {
    return Promise.all(
      this.targets(id).map((r) =>
        this.serial(r, async () => {
          for (let guard = 0; guard < 10 && !TERMINAL.has(r.obj.status); guard++) {
            const before = r.obj.status;
            await this.step(r);
            if (r.obj.status === before) break;
          }
          return r.obj;
        }),
      ),
    );
  }

  /** Processes the next `count` requests of an in_progress batch (validating first if needed). */
  async processRequests(id: string, count: number): Promise<BatchObject> {
    const [r] = this.targets(id);
    return this.serial(r, async () => {
      if (r.obj.status === "validating") this.validate(r);
      if (r.obj.status === "in_progress") await this.processSome(r, count);
      return r.obj;
    });
  }

  /** The completion window ends now: unfinished requests come back as `batch_expired` errors. */
  async expire(id?: string): Promise<BatchObject[]> {
    return Promise.all(
      this.targets(id).map((r) =>
        this.serial(r, async () => {
          if (TERMINAL.has(r.obj.status)) return r.obj;
          if (r.obj.status === "validating" && !this.validate(r)) return r.obj;
          const lines = r.lines ?? [];
          for (let i = 0; i < lines.length; i++) {
            if (r.results[i]) continue;
            r.results[i] = {
              id: `batch_req_fake${++this.reqSeq}`,
              custom_id: lines[i].customId,
              response: null,
              error: {
                code: "batch_expired",
                message: "This request could not be executed before the completion window expired.",
              },
            };
            r.obj.request_counts.failed++;
          }
          r.cursor = lines.length;
          r.obj.expired_at = now();
          this.writeFiles(r);
          r.obj.status = "expired";
          return r.obj;
        }),
      ),
    );
  }

  /** POST /cancel: returns undefined when the batch can no longer be cancelled. */
  cancel(id: string): BatchObject | undefined {
    const r = this.batches.get(id);
    if (!r || TERMINAL.has(r.obj.status) || r.obj.status === "cancelling")
      return r && r.obj.status === "cancelling" ? r.obj : undefined;
    r.obj.status = "cancelling";
    r.obj.cancelling_at = now();
    r.stageMs = performance.now();
    return r.obj;
  }

  /** Called on every read of a batch: moves it on when the progression is driven by polls or time. */
  async onRead(id: string): Promise<BatchObject | undefined> {
    const r = this.batches.get(id);
    if (!r) return undefined;
    const p = this.options.progression;
    if (p === "manual") return r.obj;
    const expireAfter = this.options.expireAfterMs;
    await this.serial(r, async () => {
      if (TERMINAL.has(r.obj.status)) return;
      if (expireAfter !== undefined && performance.now() - r.createdMs >= expireAfter) return;
      if (p === "on-poll") {
        await this.step(r);
        return;
      }
      for (let guard = 0; guard < 10 && !TERMINAL.has(r.obj.status); guard++) {
        if (performance.now() - r.stageMs < p.stageMs) break;
        const before = r.obj.status;
        await this.step(r);
        if (r.obj.status === before) break;
      }
    });
    if (
      expireAfter !== undefined &&
      !TERMINAL.has(r.obj.status) &&
      performance.now() - r.createdMs >= expireAfter
    )
      await this.expire(id);
    return r.obj;
  }

  private async step(r: BatchRecord): Promise<BatchObject> {
    const o = r.obj;
    switch (o.status) {
      case "validating":
        this.validate(r);
        break;
      case "in_progress":
        await this.processSome(r, Infinity);
        // A cancel may have arrived while requests were being processed.
        if (o.status === "in_progress" && r.cursor >= (r.lines?.length ?? 0) && r.hung === 0)
          this.enter(r, "finalizing");
        break;
      case "finalizing":
        this.writeFiles(r);
        this.enter(r, "completed");
        break;
      case "cancelling":
        this.writeFiles(r);
        this.enter(r, "cancelled");
        break;
      default:
        break;
    }
    return o;
  }

  private enter(r: BatchRecord, status: BatchStatus): void {
    r.obj.status = status;
    r.stageMs = performance.now();
    const t = now();
    if (status === "in_progress") r.obj.in_progress_at = t;
    else if (status === "finalizing") r.obj.finalizing_at = t;
    else if (status === "completed") r.obj.completed_at = t;
    else if (status === "failed") r.obj.failed_at = t;
    else if (status === "cancelled") r.obj.cancelled_at = t;
  }

  /** validating → in_progress or failed. Returns whether the input was valid. */
  private validate(r: BatchRecord): boolean {
    const file = this.files.get(r.obj.input_file_id);
    const result = file
      ? validateBatchInput(file.data, r.obj.endpoint, this.options)
      : {
          ok: false as const,
          errors: [
            { code: "file_not_found", message: "The input file no longer exists.", param: null, line: null },
          ],
        };
    if (result.ok && !this.modelServed(result.model)) {
      this.fail(r, [
        {
          code: "model_not_found",
          message: `The model \`${result.model}\` does not exist or you do not have access to it.`,
          param: "body.model",
          line: result.lines[0]?.line ?? null,
        },
      ]);
      return false;
    }
    if (!result.ok) {
      this.fail(r, result.errors);
      return false;
    }
    r.lines = result.lines;
    r.obj.model = result.model;
    r.obj.request_counts.total = result.lines.length;
    this.enter(r, "in_progress");
    return true;
  }

  private fail(r: BatchRecord, errors: BatchError[]): void {
    r.obj.errors = { object: "list", data: errors };
    this.enter(r, "failed");
  }

  private async processSome(r: BatchRecord, count: number): Promise<void> {
    const lines = r.lines ?? [];
    let done = 0;
    while (r.cursor < lines.length && done < count && r.obj.status === "in_progress") {
      const i = r.cursor++;
      done++;
      const { customId, body } = lines[i];
      const result = await this.process(body, customId);
      if (result === "hang") {
        r.hung++;
        continue;
      }
      const n = ++this.reqSeq;
      r.results[i] = {
        id: `batch_req_fake${n}`,
        custom_id: customId,
        response: { status_code: result.status, request_id: `req_fake_batch${n}`, body: result.body },
        error: null,
      };
      const counts = r.obj.request_counts;
      if (result.status === 200) {
        counts.completed++;
        if (result.usage) {
          const u = r.obj.usage;
          u.input_tokens += result.usage.prompt_tokens;
          u.output_tokens += result.usage.completion_tokens;
          u.total_tokens = u.input_tokens + u.output_tokens;
        }
      } else counts.failed++;
    }
  }

  /** Output (200s) and error (everything else) files, each in a seeded order that is never the input order. */
  private writeFiles(r: BatchRecord): void {
    const ok: BatchOutputLine[] = [];
    const bad: BatchOutputLine[] = [];
    for (const line of r.results) {
      if (!line) continue;
      (line.response?.status_code === 200 ? ok : bad).push(line);
    }
    const rng = new Rng(deriveSeed(this.seed, r.num));
    const id = r.obj.id;
    if (ok.length > 0)
      r.obj.output_file_id = this.files.add(
        toJsonl(shuffle(ok, rng)),
        `${id}_output.jsonl`,
        "batch_output",
      ).id;
    if (bad.length > 0)
      r.obj.error_file_id = this.files.add(
        toJsonl(shuffle(bad, rng)),
        `${id}_error.jsonl`,
        "batch_output",
      ).id;
  }
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  const out = rng.shuffle(items.slice());
  // Clients must match by custom_id: make sure order alone never happens to work.
  if (out.length > 1 && out.every((x, i) => x === items[i])) out.push(out.shift()!);
  return out;
}

function toJsonl(lines: BatchOutputLine[]): Buffer {
  return Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
}
