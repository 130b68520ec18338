import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { appendWhole } from "../core/append-whole.js";
import { writeFileAtomic } from "../core/atomic-file.js";
import { writeFailure } from "../core/fs-errors.js";

/**
 * Where an offline run's bytes go: appends of whole lines to its JSONL files and atomic
 * replacements of its state file, in the order they are asked for. Either done on the spot
 * (`directWrites`) or by a thread of their own (`threadWrites`), which takes the write and fsync
 * system calls — a sixth of a one-thread math run — off the thread that generates.
 */
export interface FileWrites {
  /** A buffer for a file's lines, to fill and hand back through `append`. */
  buffer(): Buffer;
  /**
   * Appends `buf[0, length)` (whole lines) to the file open on `fd`, `size` bytes long before it;
   * `buf` is one `buffer()` or `append` gave. Returns the buffer to fill next (maybe `buf` again).
   */
  append(fd: number, buf: Buffer, length: number, size: number, path: string): Buffer;
  /** Appends `data` (whole lines, any buffer; copied if need be) after everything asked for before. */
  appendCopy(fd: number, data: Uint8Array, size: number, path: string): void;
  /** Replaces `path` atomically with `text`, after every append asked for before it. */
  replace(path: string, text: string): void;
  /** Waits until everything asked for is on disk; throws the first write failure, if any. */
  settle(): void;
  /** settle() (without throwing) and stop the thread, if any. */
  close(): void;
}

/** Writes done on the calling thread, as they are asked for. */
export function directWrites(bufferBytes: number): FileWrites {
  return {
    buffer: () => Buffer.allocUnsafe(bufferBytes),
    append(fd, buf, length, size, path) {
      appendWhole(fd, buf.subarray(0, length), size, path);
      return buf;
    },
    appendCopy: (fd, data, size, path) => void appendWhole(fd, data, size, path),
    replace: (path, text) => writeFileAtomic(path, text),
    settle: () => {},
    close: () => {},
  };
}

/** A message to the write thread. */
export type WriteJob =
  | { kind: "append"; fd: number; slot: number; length: number; size: number; path: string }
  | { kind: "copy"; fd: number; data: Uint8Array; size: number; path: string }
  | { kind: "replace"; path: string; text: string }
  | { kind: "close" };

/** What the write thread says of a failed write (the first one; it drops every job after it). */
export interface WriteFailureNote {
  /** The operating system's errno code (ENOSPC, EACCES, ...), when there is one. */
  code?: string;
  message: string;
  path: string;
  resumable?: boolean;
}

/**
 * The shared counter array: jobs posted and not done, 1 once a write failed, then one flag per
 * buffer slot (1 while the write thread has it).
 */
export const JOBS = 0;
export const FAILED = 1;
export const SLOT_FLAGS = 2;

/**
 * Buffers shared with the write thread: the lines are written straight from the memory they were
 * encoded into, and the same few buffers serve the whole run (nothing to collect). With every
 * slot queued, a slow disk holds the run back.
 */
const SLOTS = 8;

const WORKER_URL = new URL("./file-thread-worker.js", import.meta.url);

/** True when the compiled write thread script exists (not when running from the TypeScript sources). */
export function writeThreadAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Writes done by a thread of their own, in order. The caller never waits for a write, only when
 * more than MAX_PENDING_BYTES are queued and in settle(); a failure is thrown by the next call
 * after it, as the same error the write would have thrown on the spot (see writeFailure).
 */
export function threadWrites(bufferBytes: number): FileWrites {
  const counters = new Int32Array(new SharedArrayBuffer((SLOT_FLAGS + SLOTS) * 4));
  const memory = new SharedArrayBuffer(SLOTS * bufferBytes);
  const slots = Array.from({ length: SLOTS }, (_, k) => Buffer.from(memory, k * bufferBytes, bufferBytes));
  /** Slots a writer is filling (not free, though the write thread does not have them). */
  const held = new Set<number>();
  let next = 0;
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_URL, {
    workerData: { counters, memory, bufferBytes, failures: port2 },
    transferList: [port2],
    execArgv: preloads(process.execArgv),
  });
  worker.unref();
  let failure: unknown;
  let closed = false;

  const check = () => {
    if (failure === undefined && Atomics.load(counters, FAILED) === 1) failure = failureFrom(port1);
    if (failure !== undefined) throw failure;
  };
  /** Blocks until the write thread has done everything asked of it. */
  const drain = () => {
    for (let jobs = Atomics.load(counters, JOBS); jobs > 0; jobs = Atomics.load(counters, JOBS))
      Atomics.wait(counters, JOBS, jobs, 1000);
  };
  /** The next slot neither held nor being written (waiting for the write thread if need be). */
  const take = (): number => {
    for (;;) {
      for (let i = 0; i < SLOTS; i++) {
        const k = (next + i) % SLOTS;
        if (!held.has(k) && Atomics.load(counters, SLOT_FLAGS + k) === 0) {
          next = (k + 1) % SLOTS;
          held.add(k);
          return k;
        }
      }
      const jobs = Atomics.load(counters, JOBS);
      if (jobs > 0) Atomics.wait(counters, JOBS, jobs, 1000);
      check();
    }
  };
  const post = (job: WriteJob) => {
    Atomics.add(counters, JOBS, 1);
    worker.postMessage(job);
  };

  return {
    buffer: () => slots[take()],
    append(fd, buf, length, size, path) {
      check();
      const slot = (buf.byteOffset / bufferBytes) | 0;
      held.delete(slot);
      Atomics.store(counters, SLOT_FLAGS + slot, 1);
      post({ kind: "append", fd, slot, length, size, path });
      return slots[take()];
    },
    appendCopy(fd, data, size, path) {
      check();
      post({ kind: "copy", fd, data, size, path });
    },
    replace(path, text) {
      check();
      post({ kind: "replace", path, text });
    },
    settle() {
      drain();
      check();
    },
    close() {
      if (closed) return;
      closed = true;
      drain();
      worker.postMessage({ kind: "close" } satisfies WriteJob);
      port1.close();
    },
  };
}

/**
 * The preload flags of the process (--import, --require), for the write thread: a preload that
 * watches or fakes file writes (as the full-disk tests do) applies there too. Everything else is
 * left out: `-e script` inherited would run the script again in the thread.
 */
export function preloads(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    if (/^--(import|require)=/.test(a)) out.push(a);
    else if ((a === "--import" || a === "--require" || a === "-r") && i + 1 < execArgv.length)
      out.push(a, execArgv[++i]);
  }
  return out;
}

/** The error a failed write threw on the write thread, as the calling thread's own kind of error. */
function failureFrom(port: MessagePort): unknown {
  const note = receiveMessageOnPort(port)?.message as WriteFailureNote | undefined;
  if (!note) return new Error("the write thread failed without saying why");
  const cause = Object.assign(new Error(note.message), { code: note.code });
  return writeFailure(cause, note.path, note.resumable);
}
