import type { Command } from "commander";
import { pushDataset } from "../../hub/push.js";
import type { StatsTokenizer } from "../../report/stats.js";
import { Option } from "../options.js";
import { info, setQuiet } from "../output.js";

interface PushFlags {
  repoId: string;
  private?: boolean;
  hubUrl?: string;
  tokenEnv: string;
  license: string;
  eval?: string;
  tokenizer: StatsTokenizer;
  quiet?: boolean;
}

/** `dialogsmith push RUN_DIR|FILE --repo-id user/name`: a dataset repo with splits and a card. */
export function registerPushCommand(program: Command): void {
  program
    .command("push")
    .argument("<input>", "a run directory or a JSONL file")
    .requiredOption("--repo-id <id>", "dataset repo, user/name or org/name (created if missing)")
    .option("--private", "create the repo private")
    .option("--hub-url <url>", "Hub base URL (default: $HF_ENDPOINT, else https://huggingface.co)")
    .option("--token-env <VAR>", "environment variable holding the Hub token", "HF_TOKEN")
    .option("--license <id>", "license in the card (e.g. apache-2.0, cc-by-4.0)", "other")
    .option("--eval <file>", "a JSONL file to upload as the eval split")
    .addOption(
      new Option("--tokenizer <name>", "how the card's token statistics are counted")
        .choices(["o200k", "cl100k", "estimate"])
        .default("o200k"),
    )
    .option("--quiet", "no progress output")
    .action(async (input: string, opts: PushFlags) => {
      if (opts.quiet) setQuiet(true);
      const result = await pushDataset(input, {
        repoId: opts.repoId,
        private: opts.private,
        hubUrl: opts.hubUrl,
        tokenEnv: opts.tokenEnv,
        license: opts.license,
        evalFile: opts.eval,
        tokenizer: opts.tokenizer,
        onProgress: info,
      });
      for (const f of result.files)
        info(`  ${f.path}${f.records === undefined ? "" : `  ${f.records} records`}  ${f.bytes} bytes`);
      info(
        `pushed to ${result.repoUrl}${result.commitOid ? ` (commit ${result.commitOid.slice(0, 12)})` : ""}`,
      );
      process.stdout.write(`${result.repoUrl}\n`);
    });
}
