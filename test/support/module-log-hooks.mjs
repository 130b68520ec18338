import { appendFileSync } from "node:fs";

/** Module customization hook (runs on the loader thread): log, then load as usual. */
export async function load(url, context, nextLoad) {
  const log = process.env.DIALOGSMITH_MODULE_LOG;
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
