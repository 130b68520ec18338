/**
 * Ctrl-C handling for long runs: the first SIGINT asks the engine to stop scheduling (in-flight
 * requests get a few seconds, state is written); a second one exits at once — state files are
 * replaced atomically and dataset lines are whole, so that is safe too.
 */
export function installInterruptHandler(onFirst: () => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      // First, so a progress bar can stop before the notice is written below it.
      onFirst();
      process.stderr.write(
        "\ndialogsmith: stopping: finishing requests in flight (Ctrl-C again to quit now)\n",
      );
      controller.abort(new Error("interrupted"));
    } else {
      process.stderr.write("dialogsmith: quitting now\n");
      process.exit(130);
    }
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
