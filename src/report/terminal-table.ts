import width from "string-width";
import { LENGTH_RATIO_WARNING } from "../formats/preference-lengths.js";
import type { NumericSummary } from "./histogram.js";
import { duration } from "./html.js";
import type { JudgeStats } from "./judge-stats.js";
import { formatInt as int, formatDecimal as num } from "./number-format.js";
import type { DatasetStats } from "./stats.js";

/** `dialogsmith stats` output: plain aligned text tables, no colours (pipes and logs stay clean). */
export function formatStatsTable(s: DatasetStats): string {
  const out: string[] = [...summaryLines(s), ""];
  const q = (name: string, h: NumericSummary) => [
    name,
    ...[h.min, h.mean, h.p50, h.p90, h.p95, h.p99, h.max].map(num),
  ];
  out.push(
    table(
      ["per dialogue", "min", "mean", "median", "p90", "p95", "p99", "max"],
      [q("messages", s.messages), q("tokens", s.tokens)],
    ),
  );
  out.push("");
  const roles = Object.entries(s.roles);
  if (roles.length) {
    out.push(
      table(
        ["role", "messages", "chars mean", "chars p95", "tokens mean", "tokens p95", "tokens total"],
        roles.map(([role, r]) => [
          role,
          int(r.messages),
          num(r.chars.mean),
          num(r.chars.p95),
          num(r.tokens.mean),
          num(r.tokens.p95),
          int(r.tokens.sum),
        ]),
      ),
    );
    out.push("");
  }
  out.push(...countTables(s));
  if (s.run) out.push(runTable(s.run), "");
  return `${out.join("\n").trimEnd()}\n`;
}

/** The files, the totals, and the skipped lines by reason. */
function summaryLines(s: DatasetStats): string[] {
  const out = [s.source.files.join(", ")];
  const shapes = Object.entries(s.shapes)
    .map(([k, n]) => `${k} ${int(n)}`)
    .join(", ");
  out.push(
    `${int(s.records)} dialogues${shapes ? ` (${shapes})` : ""}, ${int(s.messages.sum)} messages, ${int(s.tokens.sum)} ${
      s.tokenizer === "estimate" ? "estimated tokens" : `tokens (${s.tokenizer})`
    }`,
  );
  if (s.skipped.total > 0)
    out.push(
      `${int(s.skipped.total)} lines skipped: ${Object.entries(s.skipped.reasons)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(", ")}`,
    );
  return out;
}

/** Count tables (languages, breakdowns, tool calls, rejections) and the preference and judge tables. */
function countTables(s: DatasetStats): string[] {
  const out: string[] = [];
  const counts = (title: string, entries: [string, number][], total: number) => {
    if (entries.length === 0) return;
    out.push(
      table(
        [title, "count", "share"],
        entries.map(([k, n]) => [k, int(n), total > 0 ? `${((n / total) * 100).toFixed(1)}%` : ""]),
      ),
    );
    out.push("");
  };
  counts("language", Object.entries(s.languages), s.records);
  for (const b of s.breakdowns) {
    const entries = Object.entries(b.counts);
    if (b.other > 0) entries.push(["(other values)", b.other]);
    counts(b.field, entries, s.records);
  }
  if (s.toolCalls.calls > 0) counts("tool call", Object.entries(s.toolCalls.byName), s.toolCalls.calls);
  if (s.preferences) out.push(preferenceTable(s.preferences), "");
  if (s.judge) out.push(...judgeTables(s.judge), "");
  if (s.rejections)
    counts(
      `rejection reason (${s.rejections.source})`,
      Object.entries(s.rejections.reasons),
      s.rejections.total,
    );
  return out;
}

/** The run's report.json in brief. */
function runTable(r: NonNullable<DatasetStats["run"]>): string {
  return table(
    ["run", ""],
    [
      ["recipe", r.recipe],
      ["requested / accepted", `${int(r.requested)} / ${int(r.accepted)}`],
      ["rejected / failed", `${int(r.rejected)} / ${int(r.failed)}`],
      ["stopped", r.stopped],
      [
        "requests (retried, cached)",
        `${int(r.requests.total)} (${int(r.requests.retried)}, ${int(r.requests.cached)})`,
      ],
      ["prompt / completion tokens", `${int(r.usage.prompt_tokens)} / ${int(r.usage.completion_tokens)}`],
      ["cost", `$${r.cost_usd.toFixed(4)}`],
      ["duration", duration(r.duration_s)],
    ],
  );
}

/** Preference pairs: mean length of each side and their ratio, flagged above 1.5. */
function preferenceTable(p: NonNullable<DatasetStats["preferences"]>): string {
  const flag = p.length_ratio !== null && p.length_ratio > LENGTH_RATIO_WARNING;
  const ratio =
    p.length_ratio === null
      ? "-"
      : `${p.length_ratio}${flag ? " (over 1.5: length alone separates the pairs)" : ""}`;
  return table(
    ["preference pairs", "pairs", "chosen chars mean", "rejected chars mean", "chosen / rejected"],
    [["all", int(p.pairs), num(p.chosen_chars_mean), num(p.rejected_chars_mean), ratio]],
  );
}

/** Judge scores: each criterion's distribution and mean, then the lowest-scored dialogues and why. */
function judgeTables(j: JudgeStats): string[] {
  const criteria = table(
    [
      `judge (${j.rubrics.join(", ") || "scores"}): ${int(j.passed)} of ${int(j.judged)} pass`,
      "mean",
      "scores (score: dialogues)",
    ],
    Object.entries(j.criteria).map(([name, c]) => [
      name,
      String(c.mean),
      Object.entries(c.scores)
        .map(([score, n]) => `${score}: ${int(n)}`)
        .join("  "),
    ]),
  );
  const cut = (t: string) => (t.length > 70 ? `${t.slice(0, 69)}…` : t);
  const lowest = table(
    ["lowest scored", "mean", "lowest criterion: reason"],
    j.lowest.map((l) => {
      const [worst] = Object.entries(l.scores).sort((a, b) => a[1] - b[1]);
      return [
        l.id ?? `line ${l.line}`,
        String(l.mean),
        cut(`${worst[0]} ${worst[1]}: ${l.reasons[worst[0]] ?? ""}`),
      ];
    }),
  );
  return [criteria, "", lowest];
}

/** Columns aligned by display width (string-width: CJK, Hangul and emoji take two columns). */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const pad = (cell: string, i: number) => {
    const gap = " ".repeat(widths[i] - width(cell));
    return i === 0 ? cell + gap : gap + cell;
  };
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c ?? "", i))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
