import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import { resolveInput } from "../../formats/resolve-input.js";
import { dedupFile } from "../../quality/dedup.js";
import { intRange, numberOption, numberRange } from "../options.js";
import { info, warn } from "../output.js";

interface DedupOpts {
  lossy?: boolean;
  near: number;
  exactOnly?: boolean;
  out?: string;
  dropped?: string;
  numPerm: number;
  shingle: number;
  json?: boolean;
}

const MAX_WARNINGS = 5;

/** `dialogsmith dedup IN [--near 0.85] [--out FILE]`: drops exact and near duplicates, keeping the first. */
export function registerDedupCommand(program: Command): void {
  program
    .command("dedup")
    .argument("<input>", "a dataset JSONL file or run directory")
    .addOption(
      numberOption(
        "--near <jaccard>",
        "near-duplicate threshold on word-shingle Jaccard; 0 disables",
        numberRange(0, 1),
        0.85,
      ),
    )
    .option("--exact-only", "only exact duplicates (same as --near 0)")
    .option("--out <file>", "kept records (default: <input>.dedup.jsonl beside the input)")
    .option("--dropped <file>", "also write what was dropped: {line, kind, duplicate_of_line, similarity}")
    .addOption(numberOption("--num-perm <n>", "MinHash signature length", intRange(16, 1024), 128))
    .addOption(numberOption("--shingle <n>", "words per shingle", intRange(1, 20), 3))
    .option("--lossy", "replace invalid UTF-8 with U+FFFD instead of stopping at it")
    .option("--json", "print the counts as JSON on stdout")
    .action(async (input: string, opts: DedupOpts) => {
      const out = opts.out ?? defaultOut(input);
      let warnings = 0;
      const r = await dedupFile(input, {
        lossy: opts.lossy,
        out,
        near: opts.exactOnly ? 0 : opts.near,
        minhash: { numPerm: opts.numPerm, shingle: opts.shingle },
        droppedOut: opts.dropped,
        onUnreadable: (s) => {
          if (++warnings <= MAX_WARNINGS)
            warn(`${s.source}:${s.line}: kept as is, not a dialogue record (${s.reason}): ${s.detail}`);
        },
      });
      if (warnings > MAX_WARNINGS) warn(`... and ${warnings - MAX_WARNINGS} more lines kept as is`);
      const near =
        opts.exactOnly || opts.near === 0 ? "off" : `${r.nearDuplicates} (Jaccard >= ${opts.near})`;
      info(
        `${r.records} records: ${r.exactDuplicates} exact duplicates, near duplicates ${near}, ${r.kept} kept` +
          (r.unreadable ? ` (${r.unreadable} unreadable lines kept as is)` : ""),
      );
      info(`wrote ${r.out}`);
      if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    });
}

/** `data/x.jsonl` -> `data/x.dedup.jsonl`; a run directory -> beside its dataset file. */
function defaultOut(input: string): string {
  const files = resolveInput(input).files;
  const path = files[0]?.path ?? input;
  return join(dirname(path), `${basename(path).replace(/\.jsonl$/i, "")}.dedup.jsonl`);
}
