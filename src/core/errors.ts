/**
 * The one error hierarchy. Every error a user can cause or meet carries an exit code and a
 * one-line message that names the problem and the fix; the CLI prints `message` and exits with
 * `exitCode` (a stack trace only with --debug).
 *
 * Exit codes: 1 stopped short (budget, max attempts, interrupted); 2 bad usage, config or input;
 * 3 endpoint or authentication failure.
 */
export class DialogsmithError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DialogsmithError";
    this.exitCode = exitCode;
  }
}

/** Bad flags or arguments on the command line. */
export class UsageError extends DialogsmithError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
    this.name = "UsageError";
  }
}

/** A config file (dialogsmith.yaml, a role pack, a domain pack) that does not parse or validate. */
export class ConfigError extends DialogsmithError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
    this.name = "ConfigError";
  }
}

/** An input data file that is missing, unreadable, or not what it claims to be. */
export class InputError extends DialogsmithError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
    this.name = "InputError";
  }
}

/** The endpoint cannot serve this run at all: unreachable, unknown model, bad request shape. */
export class EndpointError extends DialogsmithError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 3, options);
    this.name = "EndpointError";
  }
}

/** 401/403: the key is missing or wrong. The whole run stops at once. */
export class AuthError extends EndpointError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AuthError";
  }
}

/** A run that ended before reaching its target (budget, max attempts, interrupted). */
export class StoppedShortError extends DialogsmithError {
  constructor(message: string) {
    super(message, 1);
    this.name = "StoppedShortError";
  }
}

/**
 * The disk (or quota) holding an output file is full. Nothing half-written is left behind (the
 * partial line is cut off again), so the run can continue once space is freed.
 */
export class DiskFullError extends DialogsmithError {
  readonly path: string;
  constructor(path: string, options?: { cause?: unknown; resumable?: boolean }) {
    const again = options?.resumable === false ? "run again" : "run again with --resume";
    super(`disk full writing ${path}; free space and ${again}`, 1, options);
    this.name = "DiskFullError";
    this.path = path;
  }
}

export function isDialogsmithError(e: unknown): e is DialogsmithError {
  return e instanceof DialogsmithError;
}
