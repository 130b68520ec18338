#!/usr/bin/env node
// Dedup throughput (MB/s of input) and peak RSS of `dedupFile` on a generated file.
// Standalone; runs against dist/ (npm run build first).
//
//   node bench/dedup.mjs                                   # 1,000,000 records (~1 GB), --near 0.85
//   BENCH_DEDUP_RECORDS=100000,1000000 node bench/dedup.mjs  # several sizes: is memory flat?
//   BENCH_DEDUP_NEAR=0 node bench/dedup.mjs                  # exact only
//
// The input mimics our recipes' output (multi-turn dialogues, some tool calls in Qwen's text
// form), with ~4% exact copies (some re-cased or re-spaced) and ~4% near copies (a few words
// changed) of earlier records. Each size runs in its own child process so its peak RSS is its
// own. Prints one JSON line per size (wall and CPU time) and a table; BENCH_DEDUP_KEEP=1 keeps
// the files.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const dist = join(root, "dist", "quality", "dedup.js");
  if (!existsSync(dist)) {
    process.stderr.write("bench/dedup.mjs: dist/ is missing; run `npm run build` first\n");
    process.exit(2);
  }
  const sizes = (process.env.BENCH_DEDUP_RECORDS ?? "1000000")
    .split(",")
    .map(Number)
    .filter((n) => n > 0);
  const near = Number(process.env.BENCH_DEDUP_NEAR ?? 0.85);
  const dir = join(root, ".bench-tmp", "dedup");
  mkdirSync(dir, { recursive: true });
  const results = [];
  for (const records of sizes) {
    const input = join(dir, `input-${records}.jsonl`);
    if (!existsSync(input)) {
      const t = performance.now();
      const truth = generate(input, records);
      process.stderr.write(
        `generated ${input} (${(statSync(input).size / 1e6).toFixed(0)} MB, ${truth.exact} exact + ${truth.near} near copies) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
      );
    }
    const bytes = statSync(input).size;
    const out = join(dir, `out-${records}.jsonl`);
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", dist, input, out, String(near)],
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
      bench: "dedup",
      records,
      near,
      input_mb: +(bytes / 1e6).toFixed(1),
      seconds: +child.seconds.toFixed(2),
      mb_per_s: +(bytes / 1e6 / child.seconds).toFixed(1),
      // CPU time tells more than wall time on a busy machine (GC runs on other threads too).
      cpu_seconds: +child.cpuSeconds.toFixed(2),
      mb_per_cpu_s: +(bytes / 1e6 / child.cpuSeconds).toFixed(1),
      records_per_s: Math.round(records / child.seconds),
      exact_duplicates: child.result.exactDuplicates,
      near_duplicates: child.result.nearDuplicates,
      kept: child.result.kept,
      index_mb: +(child.result.indexBytes / 1e6).toFixed(1),
      index_bytes_per_kept_record: Math.round(child.result.indexBytes / child.result.kept),
      baseline_rss_mb: +(child.baselineRssKb / 1024).toFixed(0),
      peak_rss_mb: +(child.maxRssKb / 1024).toFixed(0),
      node: process.version,
    };
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (process.env.BENCH_DEDUP_KEEP !== "1") rmSync(out, { force: true });
  }
  process.stdout.write("\nrecords     input MB   s       MB/s    exact    near     index MB  peak RSS MB\n");
  for (const r of results) {
    process.stdout.write(
      `${String(r.records).padEnd(12)}${String(r.input_mb).padEnd(11)}${String(r.seconds).padEnd(8)}${String(r.mb_per_s).padEnd(8)}${String(r.exact_duplicates).padEnd(9)}${String(r.near_duplicates).padEnd(9)}${String(r.index_mb).padEnd(10)}${r.peak_rss_mb}\n`,
    );
  }
  if (process.env.BENCH_DEDUP_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
}

async function child([dist, input, out, near]) {
  const { dedupFile } = await import(pathToFileURL(dist).href);
  const baselineRssKb = process.resourceUsage().maxRSS;
  const t = performance.now();
  const cpu = process.cpuUsage();
  const result = await dedupFile(input, { out, near: Number(near) });
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ seconds, cpuSeconds, result, baselineRssKb, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
}

// ---- input generation (deterministic) ----

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function generate(path, records) {
  const rand = rng(20240611);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const syll = "ka ri mo su ne ta lo vi pe du sa ho mi ra no ze ku fa li be".split(" ");
  const hangul = "가 나 다 라 마 바 사 아 자 차 카 타 파 하 배 달 주 문 음 식".split(" ");
  const vocab = [];
  for (let i = 0; i < 4000; i++) vocab.push(pick(syll) + pick(syll) + (rand() < 0.5 ? pick(syll) : ""));
  for (let i = 0; i < 2000; i++) vocab.push(pick(hangul) + pick(hangul) + (rand() < 0.5 ? pick(hangul) : ""));
  const sentence = () => {
    const n = 4 + Math.floor(rand() * 10);
    const words = [];
    for (let i = 0; i < n; i++) words.push(pick(vocab));
    return `${words.join(" ")}.`;
  };
  const turn = () => {
    const n = 1 + Math.floor(rand() * 3);
    const s = [];
    for (let i = 0; i < n; i++) s.push(sentence());
    return s.join(" ");
  };
  const system = "You are a helpful counsellor for a food delivery app. Answer politely and briefly.";
  const fresh = () => {
    const messages = [{ role: "system", content: system }];
    const turns = 2 + Math.floor(rand() * 4);
    for (let t = 0; t < turns; t++) {
      messages.push({ role: "user", content: turn() });
      if (rand() < 0.15) {
        messages.push({
          role: "assistant",
          content: `<tool_call>\n{"name": "search_restaurants", "arguments": {"query": "${pick(vocab)}", "min_rating": 4.0}}\n</tool_call>`,
        });
        messages.push({
          role: "user",
          content: `<tool_response>\n{"restaurants": ["${pick(vocab)}", "${pick(vocab)}"]}\n</tool_response>`,
        });
      }
      messages.push({ role: "assistant", content: turn() });
    }
    return { messages, metadata: { mode: "bench" } };
  };
  const nearCopy = (record) => {
    const messages = record.messages.map((m) => {
      if (m.role === "system" || m.content.startsWith("<tool")) return m;
      const words = m.content.split(" ");
      for (let i = 0; i < words.length; i++) if (rand() < 0.01) words[i] = pick(vocab);
      return { ...m, content: words.join(" ") };
    });
    return { ...record, messages };
  };
  const exactCopy = (record) => {
    if (rand() < 0.5) return record;
    // Same after normalisation: re-cased and re-spaced.
    const messages = record.messages.map((m) => ({
      ...m,
      content: m.role === "user" ? `  ${m.content.toUpperCase()} ` : m.content,
    }));
    return { ...record, messages };
  };

  const pool = [];
  const truth = { exact: 0, near: 0 };
  const fd = openSync(path, "w");
  let buffer = [];
  let size = 0;
  for (let i = 0; i < records; i++) {
    const roll = rand();
    let record;
    if (pool.length > 100 && roll < 0.04) {
      record = exactCopy(pick(pool));
      truth.exact++;
    } else if (pool.length > 100 && roll < 0.08) {
      record = nearCopy(pick(pool));
      truth.near++;
    } else {
      record = fresh();
      // A reservoir of earlier records, so copies come from anywhere in the file.
      if (pool.length < 5000) pool.push(record);
      else if (rand() < 0.05) pool[Math.floor(rand() * pool.length)] = record;
    }
    const line = JSON.stringify(record);
    buffer.push(line);
    size += line.length;
    if (size > 1 << 22) {
      writeSync(fd, `${buffer.join("\n")}\n`);
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length) writeSync(fd, `${buffer.join("\n")}\n`);
  closeSync(fd);
  return truth;
}

if (process.argv[2] === "--child") await child(process.argv.slice(3));
else await main();
