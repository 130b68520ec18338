/**
 * Worker thread of the parallel math writer (parallel.ts): encodes the blocks of records it is
 * sent and posts them back on its port, then bumps its counter in the shared signal array so
 * the writing thread, blocked in Atomics.wait, picks them up synchronously.
 */
import { workerData } from "node:worker_threads";
import { encodeBlock } from "./block.js";
import type { BlockJob, BlockReply, WorkerData } from "./parallel.js";

const { port, signal, slot, readySlot } = workerData as WorkerData;

port.on("message", (job: BlockJob) => {
  let reply: BlockReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const b = encodeBlock(job.plan, job.start, job.end, job.buffer, job.tasks);
    reply = { ok: true, start: job.start, ...b };
    transfer = [b.bytes.buffer as ArrayBuffer, b.starts.buffer as ArrayBuffer, b.ends.buffer as ArrayBuffer];
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { ok: false, start: job.start, name: err.name, message: err.message, stack: err.stack };
  }
  port.postMessage(reply, transfer);
  Atomics.add(signal, slot, 1);
  Atomics.notify(signal, slot);
});

// Loaded and listening: from now on a silent worker is busy, not dead.
Atomics.store(signal, readySlot, 1);
