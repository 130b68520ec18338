// Token counting on pathological text (issue 10, item 5): a BPE merges each word pair by pair,
// quadratic in the word's length. Compared side by side in one run: gpt-tokenizer's countTokens
// on the whole text vs ours (long runs counted in pieces), then ours alone where the whole-text
// count takes minutes, then `stats` on a file with a 50 MB line (time and peak RSS of the process).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const DIST = new URL("../dist/", import.meta.url);
const { countTokens } = await import(new URL("quality/tokens.js", DIST).href);
const require = createRequire(import.meta.url);
const bpe = require("gpt-tokenizer/encoding/o200k_base");
const AS_TEXT = { disallowedSpecial: new Set() };

function time(fn) {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

countTokens("warm up");
bpe.countTokens("warm up", AS_TEXT);
for (const n of [10_000, 20_000]) {
  const text = "а".repeat(n);
  const whole = time(() => bpe.countTokens(text, AS_TEXT));
  const ours = time(() => countTokens(text));
  console.log(
    `${n.toLocaleString("en-US")} × «а»: gpt-tokenizer ${whole.ms.toFixed(0)} ms (${whole.value} tokens), ours ${ours.ms.toFixed(1)} ms (${ours.value} tokens): ${(whole.ms / ours.ms).toFixed(0)}x`,
  );
}
for (const n of [100_000, 300_000, 1_000_000]) {
  const ours = time(() => countTokens("а".repeat(n)));
  console.log(`${n.toLocaleString("en-US")} × «а»: ours ${ours.ms.toFixed(0)} ms (${ours.value} tokens)`);
}
// The same letter repeated makes identical pieces, which the tokenizer's cache answers: a run of
// random letters makes every piece new.
let seed = 7;
const letters = (n) =>
  Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(0x430 + (seed % 32));
  }).join("");
{
  const text = letters(20_000);
  const whole = time(() => bpe.countTokens(text, AS_TEXT));
  const ours = time(() => countTokens(text));
  console.log(
    `20,000 random letters, no space: gpt-tokenizer ${whole.ms.toFixed(0)} ms (${whole.value} tokens), ours ${ours.ms.toFixed(0)} ms (${ours.value} tokens): ${(whole.ms / ours.ms).toFixed(0)}x`,
  );
}
for (const n of [300_000, 1_000_000]) {
  const ours = time(() => countTokens(letters(n)));
  console.log(
    `${n.toLocaleString("en-US")} random letters: ours ${ours.ms.toFixed(0)} ms (${ours.value} tokens)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "dialogsmith-bench-tokens-"));
try {
  const small = JSON.stringify({
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
    ],
  });
  const huge = JSON.stringify({
    messages: [
      { role: "user", content: "x" },
      { role: "assistant", content: "y".repeat(50 << 20) },
    ],
  });
  const file = join(dir, "huge.jsonl");
  writeFileSync(file, `${small}\n${huge}\n${small}\n`);
  const bin = new URL("../bin/dialogsmith.js", import.meta.url).pathname;
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, bin, "stats", file, "--json"], {
    encoding: "utf8",
  });
  const ms = performance.now() - t;
  const rss = Number(r.stderr.trim().split("\n").at(-1)) / 1024;
  console.log(
    `stats on a file with a 50 MB line: exit ${r.status}, ${(ms / 1000).toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
