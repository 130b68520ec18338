import type { OfflineOutput } from "../../engine/offline-runner.js";
import type { ByteSink } from "./dialogue.js";
import { cellOf, type MathPlan, PlanCursor } from "./stream.js";
import { MathTally } from "./tally.js";

/**
 * A block of consecutive records, generated and encoded to UTF-8 JSON lines. Records are
 * generated grouped by (mode, task) cell, not in index order: the same code path many times
 * in a row keeps the CPU's caches and branch predictors warm, which makes generation well over
 * a third faster than cycling through all 84 cells record by record. Each line is encoded as
 * soon as it is made (no string outlives its record), and the writer emits the lines in index
 * order: record `a + k` is `bytes[starts[k], ends[k])`, "\n" included.
 */
export interface EncodedBlock {
  bytes: Uint8Array;
  /** Records of task types left out (see encodeBlock's `tasks`) have start = end = 0. */
  starts: Int32Array;
  ends: Int32Array;
  /** The block's breakdown counters (see MathTally). */
  cells: Float64Array;
  languages: Float64Array;
  difficulties: Float64Array;
}

/** Records per block, about: a whole number of rounds through the cells, some 4-5 MB of JSONL. */
const BLOCK_TARGET = 2400;

/** Block length for a plan: a multiple of the number of cells, so every block visits each cell alike. */
export function blockSize(plan: MathPlan): number {
  const cells = plan.modes.length * plan.taskTypes.length;
  return cells * Math.max(1, Math.round(BLOCK_TARGET / cells));
}

/**
 * The order in which a block visits the first `n` offsets of `cellAt` (see blockCells): by task
 * type, then mode, so consecutive groups also share the task's own code.
 */
function residueOrder(plan: MathPlan, cellAt: Int32Array, n: number): number[] {
  const M = plan.modes.length;
  const T = plan.taskTypes.length;
  const key = (r: number) => (cellAt[r] % T) * M + Math.floor(cellAt[r] / T);
  return Array.from({ length: n }, (_, r) => r).sort((x, y) => key(x) - key(y) || x - y);
}

/** The cell of each of the first `cells` records of a block starting at `a` (then it repeats). */
function blockCells(plan: MathPlan, a: number): Int32Array {
  const M = plan.modes.length;
  const T = plan.taskTypes.length;
  const out = new Int32Array(M * T);
  for (let r = 0; r < out.length; r++) {
    const [mi, ti] = cellOf(a + r, M, T);
    out[r] = mi * T + ti;
  }
  return out;
}

/** A block's bytes so far: one buffer, replaced by one twice as big when a line might not fit. */
class BlockBytes implements ByteSink {
  pos = 0;
  constructor(public buf: Buffer) {}

  reserve(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.from(new ArrayBuffer(Math.max(this.buf.length * 2, this.pos + n)));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    return this.buf;
  }
}

/**
 * Encodes records [a, b) of `plan` into `buffer` (a bigger one is made if it fills up), or with
 * `tasks` only the records whose task type index k has tasks[k] set. The lines are exactly those
 * of PlanCursor.line, so blocks written in order make the same file whoever encoded them.
 */
export function encodeBlock(
  plan: MathPlan,
  a: number,
  b: number,
  buffer?: ArrayBuffer,
  tasks?: ArrayLike<number>,
): EncodedBlock {
  const cursor = new PlanCursor(plan);
  const tally = new MathTally(plan);
  const T = plan.taskTypes.length;
  const n = b - a;
  const cells = plan.modes.length * T;
  const cellAt = blockCells(plan, a);
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const sink = new BlockBytes(Buffer.from(buffer ?? new ArrayBuffer(Math.max(1 << 16, n * 2560))));
  // Record i has the cell of i mod cells: offsets r, r + cells, r + 2 cells, ... share one.
  for (const r of residueOrder(plan, cellAt, Math.min(cells, n))) {
    const task = cellAt[r] % T;
    if (tasks && !tasks[task]) continue;
    for (let k = r; k < n; k += cells) {
      starts[k] = sink.pos;
      cursor.encode(a + k, sink);
      ends[k] = sink.pos;
      tally.add(cursor.cell, cursor.languageIndex, cursor.difficultyIndex);
    }
  }
  const buf = sink.buf;
  return {
    bytes: new Uint8Array(buf.buffer, buf.byteOffset, sink.pos),
    starts,
    ends,
    cells: tally.cells,
    languages: tally.languages,
    difficulties: tally.difficulties,
  };
}

/**
 * Writes the records [a, a + n) of a block to `out` in index order. The block comes in `parts`
 * encoded by different workers, task type k in parts[owner[k]]; or in one part (owner omitted).
 */
export function emitBlock(
  out: OfflineOutput,
  plan: MathPlan,
  a: number,
  parts: readonly EncodedBlock[],
  strata: string[],
  owner?: ArrayLike<number>,
): void {
  const T = plan.taskTypes.length;
  const n = parts[0].starts.length;
  const cells = plan.modes.length * T;
  const cellAt = owner || out.splitting ? blockCells(plan, a) : undefined;
  for (let k = 0, r = 0; k < n; k++, r = r + 1 === cells ? 0 : r + 1) {
    const cell = cellAt ? cellAt[r] : 0;
    const part = owner ? parts[owner[cell % T]] : parts[0];
    out.bytes(part.bytes, part.starts[k], part.ends[k], out.splitting ? strata[cell] : "");
  }
}

/** Generates and writes records [a, end) on this thread, block by block, adding to `tally`. */
export function writeBlocks(
  plan: MathPlan,
  a: number,
  end: number,
  out: OfflineOutput,
  strata: string[],
  tally: MathTally,
): void {
  const size = blockSize(plan);
  let buffer: ArrayBuffer | undefined;
  for (; a < end; a += size) {
    const block = encodeBlock(plan, a, Math.min(end, a + size), buffer);
    emitBlock(out, plan, a, [block], strata);
    tally.merge(block.cells, block.languages, block.difficulties);
    buffer = block.bytes.buffer as ArrayBuffer;
  }
}
