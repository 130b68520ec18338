import { relative } from "node:path";
import type { Command } from "commander";
import { initProject } from "../../pipelines/init-project.js";
import { cliCommand } from "../invocation.js";
import { info } from "../output.js";

export function registerInit(program: Command): void {
  program
    .command("init [dir]")
    .option("--force", "overwrite existing files")
    .action((dir: string | undefined, flags: { force?: boolean }) => {
      const written = initProject(dir ?? ".", Boolean(flags.force));
      for (const f of written) info(`wrote ${relative(process.cwd(), f) || f}`);
      info(
        `next: edit models: in dialogsmith.yaml, then \`${cliCommand("generate", "roleplay", "--dry-run")}\``,
      );
    });
}
