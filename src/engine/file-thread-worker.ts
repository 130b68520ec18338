/**
 * The write thread of an offline run (file-thread.ts): does the appends and state-file
 * replacements it is sent, in order, and counts them done in the shared counters so the
 * generating thread can wait for them without turning its event loop.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { appendWhole } from "../core/append-whole.js";
import { writeFileAtomic } from "../core/atomic-file.js";
import { DiskFullError } from "../core/errors.js";
import { errnoCode } from "../core/fs-errors.js";
import { FAILED, JOBS, SLOT_FLAGS, type WriteFailureNote, type WriteJob } from "./file-thread.js";

const { counters, memory, bufferBytes, failures } = workerData as {
  counters: Int32Array;
  memory: SharedArrayBuffer;
  bufferBytes: number;
  failures: MessagePort;
};
let failed = false;

function run(job: Exclude<WriteJob, { kind: "close" }>): void {
  try {
    if (job.kind === "append")
      appendWhole(job.fd, new Uint8Array(memory, job.slot * bufferBytes, job.length), job.size, job.path);
    else if (job.kind === "copy") appendWhole(job.fd, job.data, job.size, job.path);
    else writeFileAtomic(job.path, job.text);
  } catch (e) {
    // The first failure is reported; every later job is dropped, so nothing lands after the
    // cut-back and the state file never claims bytes that are not there.
    failed = true;
    const raw = (e as { cause?: unknown }).cause ?? e;
    const note: WriteFailureNote = {
      code: errnoCode(raw) ?? errnoCode(e),
      message: e instanceof Error ? e.message : String(e),
      path: job.path,
      resumable: e instanceof DiskFullError ? e.resumable : undefined,
    };
    failures.postMessage(note);
    Atomics.store(counters, FAILED, 1);
  }
}

parentPort?.on("message", (job: WriteJob) => {
  if (job.kind === "close") {
    parentPort?.close();
    failures.close();
    return;
  }
  if (!failed) run(job);
  if (job.kind === "append") Atomics.store(counters, SLOT_FLAGS + job.slot, 0);
  Atomics.sub(counters, JOBS, 1);
  Atomics.notify(counters, JOBS);
});
