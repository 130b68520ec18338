import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../core/errors.js";
import { readJsonl } from "../core/jsonl.js";

/**
 * A resumed run never removes records, so `--count` below what the directory already holds would
 * only report "requested 20, accepted 30". Refused before anything is written, with the way out.
 */
export async function refuseShrinkingRun(outDir: string, count: number): Promise<void> {
  const dataset = join(resolve(outDir), "dataset.jsonl");
  if (!existsSync(dataset)) return;
  let held = 0;
  for await (const _ of readJsonl(dataset, { onBadLine: () => {} })) held++;
  if (held > count)
    throw new UsageError(
      `${outDir} already holds ${held} accepted records, more than --count ${count}: a resumed run never removes records; pass --count ${held} or more, or a new --out`,
    );
}
