import cliProgress from "cli-progress";
import type { EngineProgress } from "../engine/generation-engine.js";

export interface ProgressView {
  update(p: EngineProgress): void;
  stop(): void;
}

function fmtTokens(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

function line(label: string, p: EngineProgress): string {
  const rps = p.elapsedS > 0 ? (p.requests / p.elapsedS).toFixed(1) : "0.0";
  const rate = p.elapsedS > 0 ? p.accepted / p.elapsedS : 0;
  const eta = rate > 0 ? `${Math.round((p.requested - p.accepted) / rate)}s` : "?";
  return `${label}: ${p.accepted}/${p.requested} accepted, ${p.rejected} rejected, ${p.failed} failed | ${rps} req/s | ${fmtTokens(p.promptTokens + p.completionTokens)} tokens | $${p.costUsd.toFixed(4)} | ETA ${eta}`;
}

/** A bar on a terminal; otherwise one line every 5 s (logs stay readable); nothing with --quiet. */
export function createProgressView(
  label: string,
  options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {},
): ProgressView {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update() {}, stop() {} };
  if (!stream.isTTY) {
    let last: EngineProgress | undefined;
    let lastPrinted = 0;
    return {
      update(p) {
        last = p;
        const now = Date.now();
        if (now - lastPrinted >= 5000) {
          lastPrinted = now;
          stream.write(`${line(label, p)}\n`);
        }
      },
      stop() {
        if (last) stream.write(`${line(label, last)}\n`);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} |{bar}| {value}/{total} | rejected {rejected} | {rps} req/s | {tokens} tok | \${cost} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = {
        rejected: p.rejected + p.failed,
        rps: p.elapsedS > 0 ? (p.requests / p.elapsedS).toFixed(1) : "0.0",
        tokens: fmtTokens(p.promptTokens + p.completionTokens),
        cost: p.costUsd.toFixed(4),
      };
      if (!started) {
        bar.start(p.requested, p.accepted, payload);
        started = true;
      } else bar.update(p.accepted, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
