import { type Command, InvalidArgumentError } from "commander";
import { BUILT_IN_TEMPLATES, resolveRenderer } from "../../formats/render/registry.js";
import { renderFile } from "../../formats/render/render-file.js";
import { info, warn } from "../output.js";

interface RenderOpts {
  lossy?: boolean;
  template: string;
  out?: string;
  addGenerationPrompt?: boolean;
  enableThinking?: boolean;
  templateName?: string;
  var: Record<string, unknown>;
}

const MAX_WARNINGS = 5;

/** `dialogsmith render FILE --template NAME|PATH [--out DIR]`: one sample file per record. */
export function registerRenderCommand(program: Command): void {
  program
    .command("render")
    .argument("<file>", "a dataset JSONL file or run directory")
    .requiredOption(
      "--template <name|path>",
      `a built-in (${BUILT_IN_TEMPLATES.join(", ")}) or a .jinja file, tokenizer_config.json or model directory`,
    )
    .option("--out <dir>", "output directory (default: samples/ beside the file)")
    .option("--lossy", "replace invalid UTF-8 with U+FFFD instead of stopping at it")
    .option("--add-generation-prompt", "end each sample with the opening of an assistant turn")
    .option(
      "--no-enable-thinking",
      "pass enable_thinking=false (Qwen3: empty think block after the generation prompt)",
    )
    .option("--template-name <name>", "which template of a tokenizer_config.json that holds several")
    .option(
      "--var <key=json>",
      "an extra template variable, e.g. --var date_string='\"26 Jul 2024\"' (repeatable)",
      collectVar,
      {},
    )
    .action(async (file: string, opts: RenderOpts) => {
      const renderer = resolveRenderer(opts.template, { templateName: opts.templateName });
      let warnings = 0;
      const result = await renderFile(file, renderer, {
        lossy: opts.lossy,
        outDir: opts.out,
        addGenerationPrompt: opts.addGenerationPrompt ?? false,
        // Commander sets true by default for --no-*; only an explicit --no-enable-thinking is passed on.
        enableThinking: opts.enableThinking === false ? false : undefined,
        variables: opts.var,
        onSkip: (s) => {
          if (++warnings <= MAX_WARNINGS)
            warn(`${s.source ?? file}:${s.line}: not rendered (${s.reason}): ${s.detail}`);
        },
      });
      if (warnings > MAX_WARNINGS) warn(`... and ${warnings - MAX_WARNINGS} more records not rendered`);
      info(`rendered ${result.written} sample(s) with ${renderer.name} into ${result.outDir}`);
      if (result.skipped > 0) {
        info(`${result.skipped} record(s) not rendered (see warnings above)`);
        process.exitCode = 1;
      }
    });
}

function collectVar(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got '${value}'.`);
  const key = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: taken as a plain string.
  }
  return { ...previous, [key]: parsed };
}
