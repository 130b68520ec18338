import cliProgress from "cli-progress";
import type { EngineProgress } from "../engine/progress.js";

export interface ProgressView {
  update(p: EngineProgress): void;
  /** Ends the display; safe to call more than once (only the first call does anything). */
  stop(): void;
}

/** An ETA needs a rate to stand on: before this much time and this many records it would be noise. */
const ETA_MIN_SECONDS = 5;
const ETA_MIN_ACCEPTED = 3;

function fmtTokens(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

/** Seconds left at the run's average rate so far, or undefined while that rate is not known. */
export function etaSeconds(p: EngineProgress): number | undefined {
  if (p.elapsedS < ETA_MIN_SECONDS || p.accepted < ETA_MIN_ACCEPTED) return undefined;
  return Math.round((Math.max(0, p.requested - p.accepted) * p.elapsedS) / p.accepted);
}

/** The figures both displays show. */
function fields(p: EngineProgress) {
  const eta = etaSeconds(p);
  return {
    rps: p.elapsedS > 0 ? (p.requests / p.elapsedS).toFixed(1) : "0.0",
    tokens: fmtTokens(p.promptTokens + p.completionTokens),
    cost: p.costUsd.toFixed(4),
    etaText: eta === undefined ? "" : ` | ETA ${eta}s`,
  };
}

function line(label: string, p: EngineProgress): string {
  const f = fields(p);
  return `${label}: ${p.accepted}/${p.requested} accepted, ${p.rejected} rejected, ${p.failed} failed | ${f.rps} req/s | ${f.tokens} tokens | $${f.cost}${f.etaText}`;
}

/** Off a terminal: one line every 5 s (logs stay readable), and the final state once at stop. */
function lineView(label: string, stream: NodeJS.WritableStream): ProgressView {
  let pending: EngineProgress | undefined;
  let lastPrinted = 0;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      pending = p;
      const now = Date.now();
      if (now - lastPrinted >= 5000) {
        lastPrinted = now;
        pending = undefined;
        stream.write(`${line(label, p)}\n`);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (pending) stream.write(`${line(label, pending)}\n`);
    },
  };
}

/**
 * On a terminal: a bar redrawn in place. It must be stopped before anything else is written
 * (the Ctrl-C notice, the summary): cli-progress puts the cursor back where the bar began when it
 * stops, so lines written while it runs would be overwritten.
 */
function barView(label: string, stream: NodeJS.WriteStream): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} |{bar}| {value}/{total} | rejected {rejected} | {rps} req/s | {tokens} tok | \${cost}{etaText}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const payload = { ...fields(p), rejected: p.rejected + p.failed };
      if (!started) {
        bar.start(p.requested, p.accepted, payload);
        started = true;
      } else bar.update(p.accepted, payload);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
    },
  };
}

/** A bar on a terminal; otherwise a line every 5 s; nothing with --quiet. */
export function createProgressView(
  label: string,
  options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {},
): ProgressView {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update() {}, stop() {} };
  return stream.isTTY ? barView(label, stream) : lineView(label, stream);
}
