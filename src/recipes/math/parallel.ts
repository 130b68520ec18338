import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { OfflineOutput } from "../../engine/offline-runner.js";
import { blockSize, type EncodedBlock, emitBlock, writeBlocks } from "./block.js";
import type { MathPlan } from "./stream.js";
import { MathTally, strataOf } from "./tally.js";

/**
 * Parallel generation inside the one process: worker threads encode blocks of consecutive
 * records (see encodeBlock) and the calling thread writes them strictly in index order. Every
 * record is a pure function of (seed, index, options), so the file is byte-identical to the
 * single-threaded one whatever the number of workers. The calling thread stays synchronous
 * (runMath returns the finished run, as before): it blocks in Atomics.wait and takes the
 * workers' replies with receiveMessageOnPort, so no turn of the event loop is needed.
 */

/** What a worker is started with. */
export interface WorkerData {
  port: MessagePort;
  /** Per worker, a counter bumped after each reply (at `slot`) and a ready flag (at `readySlot`). */
  signal: Int32Array;
  slot: number;
  readySlot: number;
}

export interface BlockJob {
  plan: MathPlan;
  start: number;
  end: number;
  /** Only the records of these task types (tasks[k] = 1 for plan.taskTypes[k]); all if omitted. */
  tasks?: Uint8Array;
  /** A spent output buffer handed back for reuse. */
  buffer?: ArrayBuffer;
}

export type BlockReply =
  | ({ ok: true; start: number } & EncodedBlock)
  | { ok: false; start: number; name: string; message: string; stack?: string };

/**
 * Below this many records a run stays on the calling thread. New workers start cold: until the
 * JIT has compiled the generators in each of them, their compiler threads compete with them for
 * the CPUs, and on two CPUs one thread is as fast up to about 100,000 records (measured); so
 * workers are started for big runs only, and a pool already running (warm) from a few blocks.
 */
export const PARALLEL_MIN_COLD = 150_000;
export const PARALLEL_MIN_WARM = 5_000;
/** Blocks queued per worker, so that a worker never waits for the writer between blocks. */
const IN_FLIGHT = 2;
/** Workers at most, however many CPUs: one thread writes what they all make. */
const MAX_WORKERS = 8;
/** A pool left idle this long is shut down (back-to-back runs in one process reuse it). */
const IDLE_MS = 10_000;
/** A worker not started after this long, or silent this long mid-run, is given up on. */
const STARTUP_MS = 20_000;
const STALL_MS = 120_000;

const WORKER_URL = new URL("./worker.js", import.meta.url);

/**
 * Worker threads for a plan: `requested` if given, else DIALOGSMITH_MATH_WORKERS if set, else one
 * per CPU (at most 8) when there are at least two and the run is big enough (PARALLEL_MIN_*);
 * 0 means the calling thread generates. Never more than the plan has blocks, and always 0 when
 * the compiled worker script is missing (running from the TypeScript sources, as tests do).
 */
export function mathWorkerCount(
  plan: MathPlan,
  requested?: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const forced = requested ?? (env.DIALOGSMITH_MATH_WORKERS?.trim() || undefined);
  let n: number;
  if (forced !== undefined) {
    n = Number(forced);
    if (!Number.isInteger(n) || n < 0) n = 0;
  } else {
    n = Math.min(availableParallelism(), MAX_WORKERS);
    const warm = shared?.alive === true && shared.size === n;
    if (n < 2 || plan.count < (warm ? PARALLEL_MIN_WARM : PARALLEL_MIN_COLD)) return 0;
  }
  n = Math.min(n, MAX_WORKERS, Math.ceil(plan.count / blockSize(plan)));
  return n > 0 && existsSync(fileURLToPath(WORKER_URL)) ? n : 0;
}

class Pool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  /** Spent buffers per worker, handed back with its next job. */
  private readonly spare: ArrayBuffer[][] = [];
  private readonly signal: Int32Array;
  /** False once a worker has failed or exited (seen between runs, on the event loop). */
  alive = true;

  constructor(readonly size: number) {
    this.signal = new Int32Array(new SharedArrayBuffer(8 * size));
    for (let w = 0; w < size; w++) {
      const { port1, port2 } = new MessageChannel();
      const data: WorkerData = { port: port2, signal: this.signal, slot: w, readySlot: size + w };
      // No inherited node flags: the worker runs one compiled module, and flags such as
      // --input-type (from `node -e`) would stop it from starting at all.
      const worker = new Worker(WORKER_URL, { workerData: data, transferList: [port2], execArgv: [] });
      // A worker that fails is replaced (see alive) and its error must not bring the process down:
      // the blocks it owed are written by the calling thread.
      const gone = () => {
        this.alive = false;
      };
      worker.on("error", gone).on("exit", gone);
      // Idle workers must not keep the process alive.
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
      this.spare.push([]);
    }
  }

  send(w: number, plan: MathPlan, start: number, end: number, tasks?: Uint8Array): void {
    const buffer = this.spare[w].pop();
    const job: BlockJob = { plan, start, end, tasks, buffer };
    this.ports[w].postMessage(job, buffer ? [buffer] : []);
  }

  /**
   * The next reply of worker w, waited for without the event loop; undefined if the worker did
   * not start or went silent (a dead thread cannot say so to a thread that is not listening).
   */
  receive(w: number): BlockReply | undefined {
    let waited = 0;
    for (;;) {
      const seen = Atomics.load(this.signal, w);
      const m = receiveMessageOnPort(this.ports[w]);
      if (m) return m.message as BlockReply;
      if (Atomics.wait(this.signal, w, seen, 1000) === "timed-out") {
        waited += 1000;
        const started = Atomics.load(this.signal, this.size + w) === 1;
        if (waited >= (started ? STALL_MS : STARTUP_MS)) return undefined;
      } else waited = 0;
    }
  }

  recycle(w: number, buffer: ArrayBuffer): void {
    if (this.spare[w].length < IN_FLIGHT) this.spare[w].push(buffer);
  }

  destroy(): void {
    this.alive = false;
    for (const p of this.ports) p.close();
    for (const w of this.workers) void w.terminate();
  }
}

let shared: Pool | undefined;
let idleTimer: NodeJS.Timeout | undefined;

function acquire(size: number): Pool {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  if (shared && (shared.size !== size || !shared.alive)) {
    shared.destroy();
    shared = undefined;
  }
  shared ??= new Pool(size);
  return shared;
}

function release(pool: Pool, clean: boolean): void {
  if (!clean) {
    // Replies of an interrupted run may still be on their way: never reuse those workers.
    pool.destroy();
    if (shared === pool) shared = undefined;
    return;
  }
  idleTimer = setTimeout(() => {
    if (shared === pool) shared = undefined;
    pool.destroy();
  }, IDLE_MS);
  idleTimer.unref();
}

/**
 * Relative cost of a dialogue per task type (default options, measured): used to share the task
 * types out evenly among workers. Unknown ones count as average.
 */
const TASK_COST: Record<string, number> = {
  arithmetic: 1.2,
  fractions: 0.95,
  percentages: 0.92,
  powers: 0.95,
  logarithms: 1.0,
  linear: 0.87,
  linear_system: 1.16,
  quadratic: 1.47,
  arithmetic_sequence: 0.91,
  geometric_sequence: 0.81,
  geometry_area: 0.85,
  pythagoras: 0.88,
  probability: 0.81,
  combinatorics: 0.84,
  kinematics: 1.1,
  dynamics: 1.1,
  energy: 1.0,
  momentum: 1.13,
  projectile: 1.05,
  ohms_law: 1.18,
  gas_laws: 0.82,
};

/**
 * The worker of each task type: the longest first, each to the least loaded worker. Each worker
 * then runs (and has the JIT compile) the code of its own task types only, about 1/workers of
 * the generators, which warms it up sooner and keeps its caches hotter.
 */
export function assignTasks(taskTypes: readonly string[], workers: number): Int32Array {
  const owner = new Int32Array(taskTypes.length);
  const load = new Float64Array(workers);
  const order = taskTypes.map((_, k) => k);
  const cost = (k: number) => TASK_COST[taskTypes[k]] ?? 1;
  order.sort((x, y) => cost(y) - cost(x) || x - y);
  for (const k of order) {
    let best = 0;
    for (let w = 1; w < workers; w++) if (load[w] < load[best]) best = w;
    owner[k] = best;
    load[best] += cost(k);
  }
  return owner;
}

/**
 * writeMathRecords on `workers` worker threads: the same records, tallies and progress calls,
 * the same bytes in the same order. With at least two task types per worker, each worker owns
 * some task types (assignTasks) and encodes their records of every block, and the blocks are
 * put together in index order; otherwise block k goes to worker k mod `workers`. Either way
 * the replies of each worker arrive in the order they are written. Should a worker fail to
 * start or die, the calling thread writes the rest itself: the file is the same either way.
 */
export function writeMathRecordsParallel(plan: MathPlan, out: OfflineOutput, workers: number): void {
  const start = plan.start ?? 0;
  const end = start + plan.count;
  const size = blockSize(plan);
  const blocks = Math.ceil(plan.count / size);
  const strata = strataOf(plan);
  const tally = new MathTally(plan);
  const T = plan.taskTypes.length;
  const owner = T >= 2 * workers ? assignTasks(plan.taskTypes, workers) : undefined;
  const masks: Uint8Array[] = [];
  if (owner) for (let w = 0; w < workers; w++) masks.push(Uint8Array.from(owner, (o) => (o === w ? 1 : 0)));
  const everyWorker = Array.from({ length: workers }, (_, w) => w);
  const workersOf = (b: number) => (owner ? everyWorker : [b % workers]);
  const ahead = owner ? IN_FLIGHT : workers * IN_FLIGHT;
  const pool = acquire(workers);
  let b = 0;
  let clean = false;
  try {
    let next = 0;
    const parts: EncodedBlock[] = [];
    outer: for (; b < blocks; b++) {
      for (; next < blocks && next < b + ahead; next++) {
        const s = start + next * size;
        for (const w of workersOf(next)) pool.send(w, plan, s, Math.min(end, s + size), masks[w]);
      }
      const first = start + b * size;
      parts.length = 0;
      for (const w of workersOf(b)) {
        const r = pool.receive(w);
        if (r === undefined) break outer;
        if (!r.ok) {
          const e = new Error(`math worker failed on the block from record ${r.start}: ${r.message}`);
          e.name = r.name;
          if (r.stack) e.stack = r.stack;
          throw e;
        }
        if (r.start !== first)
          throw new Error(`math worker ${w} sent the block from ${r.start}, expected ${first}`);
        parts.push(r);
      }
      emitBlock(out, plan, first, parts, strata, owner);
      const ws = workersOf(b);
      for (let j = 0; j < parts.length; j++) {
        tally.merge(parts[j].cells, parts[j].languages, parts[j].difficulties);
        pool.recycle(ws[j], parts[j].bytes.buffer as ArrayBuffer);
      }
    }
    clean = b === blocks;
  } finally {
    release(pool, clean);
  }
  // Whatever the workers did not deliver (nothing, normally).
  writeBlocks(plan, start + b * size, end, out, strata, tally);
  tally.report(out);
}
