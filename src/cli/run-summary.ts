import { relative } from "node:path";
import { exitCodeFor, type RunReport } from "../engine/report.js";
import type { GenerationOutcome } from "../engine/run-generation.js";
import type { DryRunEstimate, DryRunPlan } from "../pipelines/dry-run.js";
import { cliCommand } from "./invocation.js";
import { info } from "./output.js";

function shortPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}

/** The most frequent rejection reasons, each with its count and first example. */
export function topRejectionReasons(r: RunReport, limit = 3): string {
  return Object.entries(r.rejection_reasons)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([reason, n]) => {
      const example = r.rejection_examples?.[reason];
      return `${reason} ${n}${example ? ` (e.g. ${JSON.stringify(example)})` : ""}`;
    })
    .join("; ");
}

/**
 * Prints the one-paragraph outcome of a run and returns the process exit code. `command` is the
 * command that ran, without the program name (`generate roleplay`), for the resume hint.
 */
export function finishRun(outcome: GenerationOutcome, command: string): number {
  const r = outcome.report;
  const dir = shortPath(outcome.paths.dir);
  const tokens = r.usage.prompt_tokens + r.usage.completion_tokens;
  info(
    `${r.recipe}: ${r.accepted}/${r.requested} accepted, ${r.rejected} rejected, ${r.failed} failed in ${r.duration_s.toFixed(1)}s; ` +
      `${r.requests.total} requests (${r.requests.cached} cached, ${r.requests.retried} retried), ${tokens} tokens, $${r.cost_usd.toFixed(4)}`,
  );
  const reasons = topRejectionReasons(r);
  if (reasons) info(`top rejection reasons: ${reasons}`);
  info(`run directory: ${dir}`);
  if (outcome.fatal) throw outcome.fatal;
  if (r.stopped !== "done") {
    const why =
      {
        budget: "the cost budget (--max-cost) was reached",
        max_attempts: "too many items were rejected (--max-attempts)",
        low_acceptance: `acceptance collapsed (${r.accepted} of ${r.attempts} items accepted), so the run stopped early instead of spending every attempt; top rejection reasons: ${reasons || "none recorded"}`,
        interrupted: "interrupted",
      }[r.stopped as string] ?? r.stopped;
    // Shown even with --quiet: the run did not do what was asked.
    process.stderr.write(
      `dialogsmith: stopped short: ${why}. Resume with: ${cliCommand(...command.split(" "), "--resume", dir)}\n`,
    );
  }
  return exitCodeFor(r.stopped);
}

/** After a finished run: the commands that usually come next, with its directory, in one line. */
export function printNextSteps(runDir: string): void {
  const dir = shortPath(runDir);
  info(
    `next: ${cliCommand("stats", dir)}; ${cliCommand("export", dir, "--to", "openai")}; ${cliCommand("report", dir)}`,
  );
}

export function printDryRun(
  plan: DryRunPlan,
  estimate: DryRunEstimate,
  sample: { system: string; user: string } | undefined,
  outDir: string,
): void {
  const out = process.stdout;
  if (sample) {
    out.write(
      `--- system prompt (item 0) ---\n${sample.system}\n--- user prompt (item 0) ---\n${sample.user}\n---\n`,
    );
  }
  out.write(`dry run: ${plan.recipe}, ${plan.count} records -> ${shortPath(outDir)} (nothing sent)\n`);
  for (const [model, e] of Object.entries(estimate.perModel)) {
    out.write(
      `  ${model}: ${e.calls} calls, ~${e.promptTokens} prompt + ~${e.completionTokens} completion tokens${e.costUsd !== undefined ? `, ~$${e.costUsd.toFixed(4)}` : ""}\n`,
    );
  }
  out.write(
    estimate.totalCostUsd !== undefined
      ? `  estimated cost: ~$${estimate.totalCostUsd.toFixed(4)} if every item is accepted first time\n`
      : "  estimated cost: unknown (set price: in the model config)\n",
  );
}
