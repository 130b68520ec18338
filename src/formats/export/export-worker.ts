import { parentPort, workerData } from "node:worker_threads";
import { encodeLines, exportChunk } from "./export-chunk.js";
import { getExporter } from "./registry.js";
import type { ExportOptions } from "./types.js";

/** Worker side of the parallel export: blocks of lines in, converted lines out (as bytes). */
const { target, options, keepRaw } = workerData as {
  target: string;
  options: ExportOptions;
  keepRaw: boolean;
};
const exporter = getExporter(target);

parentPort?.on("message", (task: { id: number; data: Uint8Array; firstLine: number }) => {
  // latin1 in and out: see exportChunk for why the bytes are never decoded as UTF-8.
  const input = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength).toString("latin1");
  const result = exportChunk(input, task.firstLine, exporter, options, keepRaw);
  const out = encodeLines(result.out);
  result.out = [];
  parentPort?.postMessage({ id: task.id, result, out }, [out.buffer as ArrayBuffer]);
});
