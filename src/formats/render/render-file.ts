import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ConfigError } from "../../core/errors.js";
import type { SkippedLine } from "../read/types.js";
import { resolveInput } from "../resolve-input.js";
import { readRecordsLossless } from "./read-lossless.js";
import type { ChatRenderer, RenderOptions } from "./types.js";

export interface RenderFileOptions extends RenderOptions {
  /** Default: `samples/` beside the input file (inside a run directory when given one). */
  outDir?: string;
  /** Told about each record that could not be read or rendered (it gets no sample file). */
  onSkip?: (skipped: SkippedLine) => void;
  /** Replace invalid UTF-8 with U+FFFD instead of failing on it (--lossy). */
  lossy?: boolean;
}

export interface RenderFileResult {
  outDir: string;
  written: number;
  skipped: number;
}

const SAMPLE_FILE = /^sample_\d{4,}\.txt$/;

/** `sample_0001.txt`: four digits, more when the file has more records. */
export function sampleFileName(index: number): string {
  return `sample_${String(index).padStart(4, "0")}.txt`;
}

export function defaultSamplesDir(input: string): string {
  const resolved = resolveInput(input);
  return join(resolved.dir ?? dirname(resolve(input)), "samples");
}

/**
 * Renders every record of a dataset, one `sample_NNNN.txt` per record in file order (record N
 * is the Nth non-blank line; a record that fails keeps its number, so names stay aligned with
 * the file). Samples from an earlier render in the same directory are removed first.
 */
export async function renderFile(
  input: string,
  renderer: ChatRenderer,
  options: RenderFileOptions = {},
): Promise<RenderFileResult> {
  const outDir = options.outDir ?? defaultSamplesDir(input);
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) if (SAMPLE_FILE.test(name)) rmSync(join(outDir, name));
  let index = 0;
  let written = 0;
  let skipped = 0;
  for await (const item of readRecordsLossless(input, { lossy: options.lossy })) {
    index++;
    if (!item.ok) {
      skipped++;
      options.onSkip?.(item.skipped);
      continue;
    }
    let text: string;
    try {
      text = renderer.render(item.record.conversation, options);
    } catch (e) {
      if (e instanceof ConfigError) throw e; // the template itself is unusable: stop, do not skip every record
      skipped++;
      const { line, source, raw } = item.record;
      options.onSkip?.({ line, source, raw, reason: "render_failed", detail: (e as Error).message });
      continue;
    }
    writeFileSync(join(outDir, sampleFileName(index)), text);
    written++;
  }
  return { outDir, written, skipped };
}
