import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { writeFileAtomic } from "../core/atomic-file.js";
import { renderReportHtml } from "./html.js";
import { defaultReportPath, resolveSource } from "./source.js";
import { computeStats, type DatasetStats, type StatsOptions } from "./stats.js";

export interface WriteReportOptions extends StatsOptions {
  /** Output file (default: report.html in the run directory, or beside the input file). */
  out?: string;
  title?: string;
  generatedAt?: Date;
}

/** Computes statistics for a run directory or JSONL file and writes the self-contained report.html. */
export async function writeReportHtml(
  input: string,
  options: WriteReportOptions = {},
): Promise<{ out: string; stats: DatasetStats }> {
  const source = resolveSource(input);
  const stats = await computeStats(source, options);
  const out = resolve(options.out ?? defaultReportPath(source));
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomic(out, renderReportHtml(stats, { title: options.title, generatedAt: options.generatedAt }));
  return { out, stats };
}
