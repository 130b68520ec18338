import type { Command } from "commander";
import { StepWorker } from "../../distributed/worker.js";
import { intRange, numberOption } from "../options.js";
import { info, setQuiet } from "../output.js";

interface WorkerFlags {
  queue: string;
  config?: string;
  name?: string;
  lockDuration?: number;
  quiet?: boolean;
  debug?: boolean;
}

/**
 * `dialogsmith worker --queue URL`: runs model steps for coordinators until stopped. The first
 * Ctrl-C (or SIGTERM) lets the steps in progress finish; a second hands them back to the queue.
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .requiredOption("--queue <url>", "the Redis queue the coordinator was given (redis://HOST:PORT/DB)")
    .option("--config <path>", "this machine's config: its models: entries win over the coordinator's")
    .option("--name <name>", "this worker's name in queue status and events (default: host-pid)")
    .addOption(
      numberOption(
        "--lock-duration <ms>",
        "a worker killed mid-step gets its steps redelivered about this long after (default 30000)",
        intRange(1000, 600_000),
      ),
    )
    .option("--quiet", "print nothing but errors")
    .option("--debug", "print stack traces")
    .action(async (flags: WorkerFlags) => {
      setQuiet(Boolean(flags.quiet));
      const worker = await StepWorker.start({
        queue: flags.queue,
        configPath: flags.config,
        name: flags.name,
        lockDurationMs: flags.lockDuration,
        log: (line) => info(`worker: ${line}`),
      });
      info(`worker ${worker.name} waiting for steps (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        let stops = 0;
        const stop = () => {
          stops++;
          if (stops === 1) info("worker: finishing the steps in progress (Ctrl-C again to hand them back)");
          void worker.close(stops > 1).then(() => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
          });
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
