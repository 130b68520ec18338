import type { Command } from "commander";
import { VALIDATE_FORMATS, type ValidationReport, validateFile } from "../../formats/validate/index.js";
import { intRange, numberOption, Option } from "../options.js";

interface ValidateFlags {
  as?: (typeof VALIDATE_FORMATS)[number];
  maxTokens?: number;
  tokenizer?: string;
  json?: boolean;
}

/** `dialogsmith validate FILE`: trainer-format checks; exit 1 on errors. */
export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .argument("<file>", "a JSONL file")
    .addOption(
      new Option("--as <format>", "format to check against (default: detected)").choices([
        ...VALIDATE_FORMATS,
      ]),
    )
    .addOption(
      numberOption(
        "--max-tokens <n>",
        "report examples longer than this many tokens",
        intRange(1, 10_000_000),
      ),
    )
    .option(
      "--tokenizer <name>",
      "o200k (default), cl100k, or a Hugging Face tokenizer.json (byte-level BPE: Llama 3, Qwen, ...)",
    )
    .option("--json", "print the report as JSON on stdout")
    .action(async (file: string, flags: ValidateFlags) => {
      const report = await validateFile({
        file,
        as: flags.as,
        maxTokens: flags.maxTokens,
        tokenizer: flags.tokenizer,
      });
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (!report.ok) process.exitCode = 1;
    });
}

export function formatReport(r: ValidationReport): string {
  const out: string[] = [];
  out.push(
    `${r.file}: ${r.examples} examples checked as ${r.format}${r.detected ? " (detected; set with --as)" : ""}`,
  );
  const group = (title: string, groups: ValidationReport["errors"]) => {
    const entries = Object.entries(groups).sort((a, b) => b[1].count - a[1].count);
    if (entries.length === 0) return;
    out.push(`${title}:`);
    for (const [type, g] of entries) {
      const lines =
        g.lines.length > 0 ? ` (lines ${g.lines.join(", ")}${g.count > g.lines.length ? ", ..." : ""})` : "";
      out.push(`  ${type}: ${g.count}${lines}`);
      out.push(`    ${g.detail}`);
    }
  };
  group(`errors (${r.invalidExamples} example(s) invalid)`, r.errors);
  group("warnings", r.warnings);
  const t = r.tokens;
  if (t) {
    out.push(
      `tokens (${t.tokenizer}, ~3 a message + 3 a conversation): min ${t.min}, mean ${t.mean}, p50 ${t.p50}, p90 ${t.p90}, p95 ${t.p95}, max ${t.max}`,
    );
    if (t.maxTokens !== undefined) out.push(`  ${t.overLimit} example(s) over --max-tokens ${t.maxTokens}`);
  }
  out.push(r.ok ? "no errors" : `${Object.keys(r.errors).length} error type(s): fix them before training`);
  return `${out.join("\n")}\n`;
}
