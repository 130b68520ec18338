#!/usr/bin/env node
// Export throughput: MB/s of input and peak RSS of `exportDataset` on a generated file.
// Standalone; runs against dist/ (npm run build first).
//
//   node bench/export.mjs                          # 1024 MB file, targets openai, sharegpt, trl
//   BENCH_EXPORT_MB=200 BENCH_EXPORT_TARGETS=openai node bench/export.mjs
//   BENCH_EXPORT_WORKERS=1 ...                     # in-thread (default: exportDataset's choice)
//
// The input mixes the shapes our recipes write (roleplay with 40-60 messages, math, tools in
// Qwen's text form). Each target runs in its own child process so its peak RSS is its own.
// Prints one JSON line per target and a summary table; BENCH_EXPORT_KEEP=1 keeps the files.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_MBPS = 100;

async function main() {
  const dist = join(root, "dist", "formats", "export", "index.js");
  if (!existsSync(dist)) {
    process.stderr.write("bench/export.mjs: dist/ is missing; run `npm run build` first\n");
    process.exit(2);
  }
  const mb = Number(process.env.BENCH_EXPORT_MB ?? 1024);
  const targets = (process.env.BENCH_EXPORT_TARGETS ?? "openai,sharegpt,trl").split(",").filter(Boolean);
  const dir = join(root, ".bench-tmp", "export");
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `input-${mb}mb.jsonl`);
  if (!existsSync(input) || statSync(input).size < mb * 1e6) {
    const t = performance.now();
    generate(input, mb * 1e6);
    process.stderr.write(
      `generated ${input} (${mb} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  }
  const bytes = statSync(input).size;
  const results = [];
  for (const target of targets) {
    const out = join(dir, `out.${target}.jsonl`);
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", dist, input, `${target}:${out}`],
      {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      },
    );
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    const child = JSON.parse(r.stdout.trim().split("\n").pop());
    const result = {
      bench: "export",
      target,
      input_mb: +(bytes / 1e6).toFixed(1),
      output_mb: +(statSync(out).size / 1e6).toFixed(1),
      records: child.read,
      seconds: +child.seconds.toFixed(2),
      mb_per_s: +(bytes / 1e6 / child.seconds).toFixed(1),
      // CPU time of all threads: on a busy machine wall-clock MB/s understates the code's speed.
      cpu_seconds: +child.cpuSeconds.toFixed(2),
      mb_per_cpu_s: +(bytes / 1e6 / child.cpuSeconds).toFixed(1),
      workers: process.env.BENCH_EXPORT_WORKERS ?? "auto",
      cores: availableParallelism(),
      load_avg_1m: +loadavg()[0].toFixed(2),
      peak_rss_mb: +(child.maxRssKb / 1024).toFixed(0),
      target_mb_per_s: TARGET_MBPS,
      node: process.version,
    };
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    rmSync(out, { force: true });
  }
  process.stderr.write("\ntarget                   MB/s  MB/cpu-s   peak RSS   records\n");
  for (const r of results) {
    const flag = r.mb_per_s >= TARGET_MBPS ? "" : `  (below ${TARGET_MBPS} MB/s)`;
    process.stderr.write(
      `${r.target.padEnd(22)} ${String(r.mb_per_s).padStart(6)}  ${String(r.mb_per_cpu_s).padStart(8)}  ${String(r.peak_rss_mb).padStart(6)} MB  ${String(r.records).padStart(8)}${flag}\n`,
    );
  }
  if (!process.env.BENCH_EXPORT_KEEP) rmSync(input, { force: true });
}

async function child(dist, input, spec) {
  const { exportDataset } = await import(dist);
  const [target, out] = [spec.slice(0, spec.indexOf(":")), spec.slice(spec.indexOf(":") + 1)];
  const t = performance.now();
  const workers = process.env.BENCH_EXPORT_WORKERS ? Number(process.env.BENCH_EXPORT_WORKERS) : undefined;
  const summary = await exportDataset({ input, target, out, workers });
  const seconds = (performance.now() - t) / 1000;
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({
      read: summary.read,
      written: summary.written,
      skipped: summary.skippedTotal,
      seconds,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      maxRssKb: usage.maxRSS,
    })}\n`,
  );
}

/** Writes about `size` bytes of varied records (a pool of templates with unique ids and numbers). */
function generate(path, size) {
  const fd = openSync(path, "w");
  let written = 0;
  let i = 0;
  let chunk = [];
  let chunkBytes = 0;
  try {
    while (written + chunkBytes < size) {
      const line = JSON.stringify(record(i++));
      chunk.push(line);
      chunkBytes += Buffer.byteLength(line) + 1;
      if (chunkBytes > 4 << 20) {
        writeSync(fd, `${chunk.join("\n")}\n`);
        written += chunkBytes;
        chunk = [];
        chunkBytes = 0;
      }
    }
    if (chunk.length > 0) writeSync(fd, `${chunk.join("\n")}\n`);
  } finally {
    closeSync(fd);
  }
}

const WORDS_EN =
  "the price of bitcoin moved again today so let me check your order and delivery window before we continue".split(
    " ",
  );
const WORDS_RU =
  "Здравствуйте подскажите пожалуйста сколько стоит доставка и когда можно оформить заказ на завтра".split(
    " ",
  );
const WORDS_KO =
  "안녕하세요 짜장면 맛있는 집 좀 찾아주세요 배달 시간은 얼마나 걸리나요 주문하시겠습니까".split(" ");

function words(n, seed, pool) {
  let s = "";
  for (let k = 0; k < n; k++) s += (k ? " " : "") + pool[(seed * 31 + k * 7) % pool.length];
  return s;
}

function record(i) {
  const kind = i % 10;
  if (kind < 5) {
    const n = 40 + (i % 21);
    const pool = i % 2 ? WORDS_RU : WORDS_EN;
    const messages = [];
    for (let k = 0; k < n; k++) {
      messages.push({
        role: k % 2 ? "assistant" : "user",
        content: words(8 + ((i + k) % 30), i + k, pool),
        order: k,
      });
    }
    const prompt = messages
      .slice(0, -1)
      .map((m) => `${m.role}: ${m.content}`)
      .join("\n");
    return {
      id: `rp-${i}`,
      prompt,
      completion: messages[n - 1].content,
      messages,
      metadata: { role_type: "crypto_seller", generated: true },
    };
  }
  if (kind < 8) {
    const a = i % 97;
    const b = (i * 7) % 89;
    return {
      id: `m-${i}`,
      messages: [
        { role: "system", content: "You are a careful math tutor. Answer with reasoning." },
        { role: "user", content: `Solve ${a}x + ${b} = ${a * 3 + b}. ${words(12, i, WORDS_EN)}` },
        {
          role: "assistant",
          content: `<think>${a}x = ${a * 3}, so x = 3. ${words(20, i, WORDS_EN)}</think><answer>3</answer>`,
        },
        { role: "user", content: "Why this method?" },
        { role: "assistant", content: `Isolating x is the direct way. ${words(25, i + 1, WORDS_EN)}` },
      ],
      metadata: { mode: "followup", task_type: "linear", difficulty: 1 + (i % 10) },
    };
  }
  return {
    tools: [
      {
        type: "function",
        function: {
          name: "search_restaurants",
          description: "식당 검색",
          parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
        },
      },
    ],
    uid: `u-${i}`,
    dates: "2026-02-14",
    system_prompt: `당신은 배달 앱 AI 상담사입니다. ${words(30, i, WORDS_KO)}`,
    messages: [
      { role: "user", content: words(10, i, WORDS_KO) },
      {
        role: "assistant",
        content: `<tool_call>\n{"name": "search_restaurants", "arguments": {"query": "짜장면 ${i % 50}"}}\n</tool_call>`,
      },
      {
        role: "user",
        content: `<tool_response>\n[{"items": [{"restaurant_id": "r${i}", "name": "홍콩반점", "rating": 4.5}]}]\n</tool_response>`,
      },
      { role: "assistant", content: words(25, i + 3, WORDS_KO) },
    ],
  };
}

// Last, so every constant above is initialised.
if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  await main();
}
