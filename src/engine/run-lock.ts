import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "../core/errors.js";
import { directoryFailure, errnoCode, makeDirectory } from "../core/fs-errors.js";

/**
 * One process at a time per run directory. The lock is a file, `run.lock`, holding the owner's
 * PID, its start time as the kernel reports it, its host and a random nonce. Why not a library
 * such as proper-lockfile: it judges a lock stale by its age and must refresh it on a timer, but a
 * math run keeps its thread busy for seconds on end (no timer fires), and its lock does not say
 * which PID holds it. Here a lock is stale exactly when its process is gone: no PID on this host,
 * or a PID that now belongs to a process started at another time (PIDs are reused).
 *
 * Creating the file is atomic (a complete temp file hard-linked into place, so no reader ever sees
 * it half-written). Taking over a stale lock is guarded by a second lock named after the stale
 * one's nonce: of several processes that find the same stale lock, exactly one replaces it, and
 * the others then find a live owner. A takeover interrupted by another kill leaves a stale guard,
 * which is taken over the same way.
 */
export const LOCK_FILE = "run.lock";

interface LockOwner {
  pid: number;
  /** Kernel start time of the process (Linux: clock ticks since boot); absent elsewhere. */
  start?: string;
  host: string;
  nonce: string;
  since: string;
}

export interface RunLock {
  readonly path: string;
  release(): void;
}

/** Guards taken over in a row before giving up (each needs a process killed mid-takeover). */
const MAX_DEPTH = 4;

/** Locks held by this process, released when it exits (normally or by process.exit). */
const held = new Map<string, string>();
let exitHook = false;

/** Start time of a process from /proc (Linux), or undefined where there is none. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

function me(): LockOwner {
  return {
    pid: process.pid,
    start: processStartTime(process.pid),
    host: hostname(),
    nonce: randomBytes(8).toString("hex"),
    since: new Date().toISOString(),
  };
}

/** False when the owner is certainly gone; true when it runs or cannot be checked (another host). */
export function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if (errnoCode(e) === "ESRCH") return false;
  }
  if (owner.start === undefined) return true;
  const now = processStartTime(owner.pid);
  return now === undefined || now === owner.start;
}

function readOwner(path: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
    // Only an exclusive create (createWithFlag) shows an empty file, for a moment.
    if (text === "") {
      sleepSync(50);
      text = readFileSync(path, "utf8");
    }
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return undefined;
    throw e;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    if (typeof o.pid === "number" && typeof o.nonce === "string") return o;
  } catch {
    // Not ours or garbled: treated as a lock of a process that is gone.
  }
  return { pid: 0, host: hostname(), nonce: `garbled-${text.length}`, since: "?" };
}

/** Writes `owner` to `path` only if nothing is there; true when it was created. */
function createExclusive(path: string, owner: LockOwner): boolean {
  const tmp = `${path}.${owner.nonce}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(owner)}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if (errnoCode(e) === "EEXIST") return false;
    // A file system without hard links: an exclusive create (briefly empty, see readOwner).
    if (errnoCode(e) === "EPERM" || errnoCode(e) === "ENOTSUP") return createWithFlag(path, owner);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function createWithFlag(path: string, owner: LockOwner): boolean {
  try {
    writeFileSync(path, `${JSON.stringify(owner)}\n`, { flag: "wx" });
    return true;
  } catch (e) {
    if (errnoCode(e) === "EEXIST") return false;
    throw e;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

class LockBusy extends Error {
  constructor(readonly owner: LockOwner) {
    super("lock busy");
  }
}

/** Takes `path` for `owner`, taking over a stale lock; throws LockBusy naming a live owner. */
function acquire(path: string, owner: LockOwner, depth: number): void {
  for (let tries = 0; tries < 200; tries++) {
    if (createExclusive(path, owner)) return;
    const current = readOwner(path);
    if (current === undefined) continue; // released in between: try again
    if (ownerAlive(current)) throw new LockBusy(current);
    if (depth >= MAX_DEPTH) throw new LockBusy(current);
    if (takeOver(path, current, owner, depth)) return;
  }
  throw new Error(`could not take the lock ${path}: it keeps changing hands`);
}

/** Replaces the stale lock `stale` at `path` with `owner`'s, if no other process does so first. */
function takeOver(path: string, stale: LockOwner, owner: LockOwner, depth: number): boolean {
  const guard = `${path}.takeover-${stale.nonce}`;
  const guardOwner = { ...owner, nonce: randomBytes(8).toString("hex") };
  try {
    acquire(guard, guardOwner, depth + 1);
  } catch (e) {
    if (!(e instanceof LockBusy)) throw e;
    sleepSync(20); // another process is taking it over right now (it takes a moment)
    return false;
  }
  try {
    if (readOwner(path)?.nonce !== stale.nonce) return false; // taken over or released meanwhile
    const tmp = `${path}.${owner.nonce}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(owner)}\n`);
    renameSync(tmp, path);
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

function releaseAll(): void {
  for (const [path, nonce] of held) {
    try {
      if (readOwner(path)?.nonce === nonce) rmSync(path, { force: true });
    } catch {
      // Exiting anyway; a lock left behind is recognised as stale.
    }
  }
  held.clear();
}

/**
 * Locks a run directory (created if missing) for this process, or throws a UsageError (exit 2)
 * naming the PID that holds it. Release it when the run ends; a process that exits without doing
 * so releases it on exit, and one that is killed leaves a lock the next run takes over.
 */
export function lockRunDir(dir: string): RunLock {
  const abs = resolve(dir);
  makeDirectory(abs, "--out");
  const path = join(abs, LOCK_FILE);
  const owner = me();
  try {
    acquire(path, owner, 0);
  } catch (e) {
    if (e instanceof LockBusy) throw lockedError(dir, path, e.owner);
    throw directoryFailure(e, dir);
  }
  held.set(path, owner.nonce);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", releaseAll);
  }
  return {
    path,
    release: () => {
      if (held.get(path) !== owner.nonce) return;
      held.delete(path);
      if (readOwner(path)?.nonce === owner.nonce) rmSync(path, { force: true });
    },
  };
}

function lockedError(dir: string, path: string, owner: LockOwner): UsageError {
  const who =
    owner.pid === process.pid && owner.host === hostname()
      ? `this process, PID ${owner.pid}`
      : owner.host === hostname()
        ? `PID ${owner.pid}`
        : `PID ${owner.pid} on host ${owner.host}`;
  const fix =
    owner.host === hostname()
      ? "wait for it to finish or stop it, or pass another --out"
      : `if that run is gone, delete ${path}; or pass another --out`;
  return new UsageError(`${dir} is in use by another dialogsmith run (${who}, since ${owner.since}): ${fix}`);
}

/** Runs `fn` holding the lock of `dir`. */
export async function withRunLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = lockRunDir(dir);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
