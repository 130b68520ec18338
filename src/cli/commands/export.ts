import type { Command } from "commander";
import { DialogsmithError } from "../../core/errors.js";
import {
  DEFAULT_EXPORT_TARGET,
  EXPORT_TARGETS,
  type ExportSummary,
  exportDataset,
} from "../../formats/export/index.js";
import { intRange, numberOption, Option } from "../options.js";
import { info, setQuiet, warn } from "../output.js";

interface ExportFlags {
  to?: string;
  out?: string;
  rejected?: string;
  rounds: "all" | "last";
  strict?: boolean;
  workers?: number;
  lossy?: boolean;
  quiet?: boolean;
}

/** `dialogsmith export IN --to TARGET`: converts a dataset for a trainer. */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .argument("<input>", "a JSONL file or a run directory")
    .addOption(
      new Option(
        "--to <target>",
        `target format (default ${DEFAULT_EXPORT_TARGET}: chat messages, every assistant turn trained)`,
      ).choices([...EXPORT_TARGETS]),
    )
    .option(
      "--out <file>",
      "output file, - for stdout (default: <run>/export/<target>.jsonl or <file>.<target>.jsonl)",
    )
    .option("--rejected <file>", "also write every skipped record with its reason to this JSONL file")
    .addOption(
      new Option("--rounds <which>", "rounds input to dpo/aligner: a line per round, or only the last round")
        .choices(["all", "last"])
        .default("all"),
    )
    .option("--strict", "exit 1 when any record was skipped")
    .addOption(
      numberOption(
        "--workers <n>",
        "worker threads (default: one per core but one, up to 4, for inputs of 32 MB or more)",
        intRange(1, 16),
      ),
    )
    .option("--lossy", "replace invalid UTF-8 with U+FFFD instead of stopping at it")
    .option("--quiet", "print nothing but errors")
    .action(async (input: string, flags: ExportFlags) => {
      if (flags.quiet) setQuiet(true);
      const summary = await exportDataset({
        input,
        target: flags.to,
        out: flags.out,
        rejected: flags.rejected,
        options: { rounds: flags.rounds },
        workers: flags.workers,
        lossy: flags.lossy,
      });
      printSummary(summary);
      if (flags.strict && summary.skippedTotal > 0) {
        throw new DialogsmithError(`${summary.skippedTotal} record(s) skipped and --strict is set`, 1);
      }
    });
}

function printSummary(s: ExportSummary): void {
  const where = s.outputs.map((o) => (o.output === "-" ? "stdout" : o.output)).join(", ");
  const lines = s.written === s.converted ? "" : ` as ${s.written} lines`;
  info(`exported ${s.converted} of ${s.read} records to ${where} (${s.target}${lines})`);
  if (s.outputClosed) info("stopped early: the output pipe was closed");
  if (s.skippedTotal > 0) {
    info(`skipped ${s.skippedTotal}:`);
    for (const [reason, n] of Object.entries(s.skipped).sort((a, b) => b[1] - a[1])) {
      const ex = s.examples[reason]?.[0];
      info(`  ${reason}: ${n}${ex ? ` (first: ${ex.source}:${ex.line}: ${ex.detail})` : ""}`);
    }
    if (s.rejectedFile) info(`skipped records with reasons: ${s.rejectedFile}`);
    else info("add --rejected FILE to keep the skipped records with their reasons");
  }
  if (s.preferenceLengths?.length_ratio != null)
    info(
      `chosen/rejected length: ${s.preferenceLengths.chosen_chars_mean} / ${s.preferenceLengths.rejected_chars_mean} characters on average (ratio ${s.preferenceLengths.length_ratio})`,
    );
  for (const w of s.warnings) warn(w);
  const notes = Object.entries(s.notes);
  if (notes.length > 0) info(`written with changes: ${notes.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  if (s.target === "llama-factory") {
    info(
      'LLaMA-Factory dataset_info.json: {"formatting": "sharegpt", "columns": {"messages": "conversations", "system": "system", "tools": "tools"}}',
    );
  }
}
