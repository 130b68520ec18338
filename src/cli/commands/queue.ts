import type { Command } from "commander";
import { type QueueStatus, queueStatus } from "../../distributed/queue-status.js";
import { table } from "../../report/terminal-table.js";

function formatQueueStatus(s: QueueStatus): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const out = [`queue ${s.queue}`, ""];
  if (s.models.length === 0)
    return `${out.join("\n")}no model registered yet: start a coordinator with generate ... --queue\n`;
  out.push(
    table(
      ["model", "queued", "active", "done", "failed"],
      s.models.map((m) => [m.model, n(m.queued), n(m.active), n(m.done), n(m.failed)]),
    ),
    "",
  );
  if (s.workers.length > 0)
    out.push(
      table(
        ["worker", "model", "connected", "active", "done", "failed"],
        s.workers.map((w) => [
          w.worker,
          w.model,
          w.connected ? "yes" : "no",
          n(w.active),
          n(w.done),
          n(w.failed),
        ]),
      ),
      "",
    );
  return `${out.join("\n")}\n`;
}

/** `dialogsmith queue status URL`: what a distributed run's queue holds, per model and worker. */
export function registerQueueCommand(program: Command): void {
  const queue = program.command("queue").description("inspect the Redis queue of distributed runs");
  queue
    .command("status")
    .description("steps queued, active, done and failed per model and per worker")
    .argument("<url>", "the queue's Redis URL, as given to --queue (redis://HOST:PORT/DB)")
    .option("--json", "print the status as JSON")
    .action(async (url: string, opts: { json?: boolean }) => {
      const status = await queueStatus(url);
      process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : formatQueueStatus(status));
    });
}
