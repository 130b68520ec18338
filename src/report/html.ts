import type { ChatMessage } from "../core/conversation.js";
import { escapeHtml } from "./escape.js";
import type { NumericSummary } from "./histogram.js";
import type { DatasetStats, Example } from "./stats.js";
import { barsSvg, histogramSvg } from "./svg-charts.js";

export interface ReportHtmlOptions {
  /** Shown in the title (default: the input's file or directory name). */
  title?: string;
  /** Printed in the header; omit for byte-stable output. */
  generatedAt?: Date;
}

/**
 * The page forbids every fetch and every script: the report is one file that works offline, and
 * even if some text escaped escaping, nothing in it could run.
 */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root{--fg:#1d2330;--muted:#667085;--line:#e3e6ee;--bg:#f6f7fb;--card:#fff;--accent:#4f6bed}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK KR","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:24px 32px 12px}
h1{margin:0 0 4px;font-size:22px}
h2{font-size:17px;margin:0 0 12px}
h3{font-size:14px;margin:12px 0 6px;color:var(--muted);font-weight:600}
.sub{color:var(--muted);margin:0;word-break:break-all}
main{padding:0 32px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(165px,1fr));gap:12px;background:none;border:none;padding:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:21px;font-weight:650;margin-top:2px;white-space:nowrap}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:8px 24px}
svg.chart{max-width:100%;height:auto;display:block}
svg .tick,svg .value,svg .label{font-size:11px;fill:#475467}
svg .axis{font-size:12px;fill:#344054}
svg .marker{font-size:10px;fill:#333}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:4px 12px 4px 0;text-align:right;border-bottom:1px solid var(--line)}
th:first-child,td:first-child{text-align:left}
th{color:var(--muted);font-weight:600}
details{border:1px solid var(--line);border-radius:8px;margin:8px 0;background:#fcfcfe}
summary{cursor:pointer;padding:8px 12px;font-weight:600}
.msgs{padding:4px 12px 12px}
.msg{margin:6px 0;padding:8px 10px;border-radius:8px;border-left:4px solid #ccd}
.msg .who{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-bottom:2px}
.msg .body{white-space:pre-wrap;word-break:break-word}
.role-system{background:#f3f0fa;border-color:#a05ccf}
.role-user{background:#eef2ff;border-color:#4f6bed}
.role-assistant{background:#eefaf5;border-color:#3fae8c}
.role-tool{background:#fdf6e7;border-color:#c9a227}
pre{white-space:pre-wrap;word-break:break-word;background:#f4f5f8;border-radius:6px;padding:8px 10px;margin:6px 0;font-size:12px}
.muted{color:var(--muted)}
`;

export function renderReportHtml(stats: DatasetStats, options: ReportHtmlOptions = {}): string {
  const name = options.title ?? stats.source.input.split(/[\\/]/).pop() ?? "dataset";
  const sections = [
    cardsSection(stats),
    runSection(stats),
    lengthsSection(stats),
    rolesSection(stats),
    languagesSection(stats),
    breakdownsSection(stats),
    toolsSection(stats),
    judgeSection(stats),
    rejectionsSection(stats),
    skippedSection(stats),
    configSection(stats),
    examplesSection(stats),
  ].filter(Boolean);
  const when = options.generatedAt ? ` · generated ${escapeHtml(options.generatedAt.toISOString())}` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="dialogsmith">
<link rel="icon" href="data:,">
<title>${escapeHtml(`dialogsmith report — ${name}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Dataset report: ${escapeHtml(name)}</h1>
<p class="sub">${escapeHtml(stats.source.files.join(", "))}${when}</p>
</header>
<main>
${sections.join("\n")}
</main>
</body>
</html>
`;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const dec = (n: number) =>
  Number.isInteger(n) ? int(n) : n.toLocaleString("en-US", { maximumFractionDigits: 1 });

function card(k: string, v: string): string {
  return `<div class="card"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div></div>`;
}

function cardsSection(s: DatasetStats): string {
  const cards = [
    card("Dialogues", int(s.records)),
    card("Messages", int(s.messages.sum)),
    card("Tokens", int(s.tokens.sum)),
    card("Messages / dialogue", dec(s.messages.mean)),
    card("Tokens / dialogue", int(s.tokens.mean)),
  ];
  if (s.rejections) cards.push(card("Rejected", int(s.rejections.total)));
  if (s.run) {
    cards.push(card("Cost", `$${s.run.cost_usd.toFixed(s.run.cost_usd < 1 ? 4 : 2)}`));
    cards.push(card("Time", duration(s.run.duration_s)));
  }
  if (s.skipped.total > 0) cards.push(card("Skipped lines", int(s.skipped.total)));
  return `<section class="cards" id="summary">${cards.join("")}</section>`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function runSection(s: DatasetStats): string {
  const r = s.run;
  if (!r) return "";
  const rows: [string, string][] = [
    ["Recipe", r.recipe],
    ["Requested / accepted", `${int(r.requested)} / ${int(r.accepted)}`],
    ["Rejected / failed", `${int(r.rejected)} / ${int(r.failed)}`],
    ["Attempts", int(r.attempts)],
    ["Stopped", r.stopped],
    [
      "Requests (retried, cached)",
      `${int(r.requests.total)} (${int(r.requests.retried)}, ${int(r.requests.cached)})`,
    ],
    ["Prompt / completion tokens", `${int(r.usage.prompt_tokens)} / ${int(r.usage.completion_tokens)}`],
    ["Cost", `$${r.cost_usd.toFixed(4)}`],
    ["Duration", duration(r.duration_s)],
  ];
  const models = Object.entries(r.models);
  const modelTable =
    models.length === 0
      ? ""
      : `<h3>Models</h3><table><tr><th>model</th><th>requests</th><th>prompt tokens</th><th>completion tokens</th><th>cost</th></tr>${models
          .map(
            ([name, m]) =>
              `<tr><td>${escapeHtml(name)}</td><td>${int(m.requests ?? 0)}</td><td>${int(m.prompt_tokens ?? 0)}</td><td>${int(m.completion_tokens ?? 0)}</td><td>${m.cost_usd === undefined ? "" : `$${m.cost_usd.toFixed(4)}`}</td></tr>`,
          )
          .join("")}</table>`;
  const statuses = Object.entries(r.requests.by_status);
  const statusChart = statuses.length
    ? `<h3>Responses by HTTP status</h3>${barsSvg(statuses, "responses by status", "cycle")}`
    : "";
  return `<section id="run"><h2>Run</h2><div class="grid"><div><table>${rows
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`)
    .join("")}</table>${modelTable}</div><div>${statusChart}</div></div></section>`;
}

function quantileRow(name: string, q: NumericSummary): string {
  return `<tr><td>${escapeHtml(name)}</td>${[q.min, q.mean, q.p50, q.p90, q.p95, q.p99, q.max]
    .map((v) => `<td>${dec(v)}</td>`)
    .join("")}</tr>`;
}

const QUANTILE_HEAD =
  "<tr><th></th><th>min</th><th>mean</th><th>median</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr>";

function lengthsSection(s: DatasetStats): string {
  const tok = s.tokenizer === "estimate" ? "estimated tokens" : `tokens (${s.tokenizer})`;
  return `<section id="lengths"><h2>Dialogue length</h2><div class="grid"><div><h3>Messages per dialogue</h3>${histogramSvg(
    s.messages,
    "messages per dialogue",
    0,
  )}</div><div><h3>${escapeHtml(tok)} per dialogue</h3>${histogramSvg(s.tokens, `${tok} per dialogue`, 1)}</div></div>
<table>${QUANTILE_HEAD}${quantileRow("messages / dialogue", s.messages)}${quantileRow(`${tok} / dialogue`, s.tokens)}</table></section>`;
}

function rolesSection(s: DatasetStats): string {
  const roles = Object.entries(s.roles);
  if (roles.length === 0) return "";
  const rows = roles
    .map(
      ([role, r]) =>
        `<tr><td>${escapeHtml(role)}</td><td>${int(r.messages)}</td><td>${dec(r.chars.mean)}</td><td>${dec(r.chars.p50)}</td><td>${dec(r.chars.p95)}</td><td>${dec(r.tokens.mean)}</td><td>${dec(r.tokens.p95)}</td><td>${int(r.tokens.sum)}</td></tr>`,
    )
    .join("");
  const chart = barsSvg(
    roles.map(([role, r]) => [role, Math.round(r.tokens.mean)]),
    "mean tokens per message by role",
    "cycle",
    false,
  );
  return `<section id="roles"><h2>Per-role lengths</h2><div class="grid"><div><table><tr><th>role</th><th>messages</th><th>chars mean</th><th>chars median</th><th>chars p95</th><th>tokens mean</th><th>tokens p95</th><th>tokens total</th></tr>${rows}</table></div><div><h3>Mean tokens per message</h3>${chart}</div></div></section>`;
}

function languagesSection(s: DatasetStats): string {
  const langs = Object.entries(s.languages);
  const scripts = Object.entries(s.scripts);
  if (langs.length === 0) return "";
  return `<section id="languages"><h2>Language mix</h2><div class="grid"><div><h3>Language (metadata, else guessed from script)</h3>${barsSvg(
    langs,
    "dialogues by language",
    2,
  )}</div><div><h3>Dominant script</h3>${barsSvg(scripts, "dialogues by script", 3)}</div></div></section>`;
}

function breakdownsSection(s: DatasetStats): string {
  if (s.breakdowns.length === 0) return "";
  const charts = s.breakdowns.map((b, i) => {
    const entries = Object.entries(b.counts);
    if (b.other > 0) entries.push(["(other values)", b.other]);
    return `<div><h3>${escapeHtml(b.field)}</h3>${barsSvg(entries, `dialogues by ${b.field}`, i % 8)}</div>`;
  });
  return `<section id="breakdowns"><h2>Breakdowns by metadata</h2><div class="grid">${charts.join("")}</div></section>`;
}

function toolsSection(s: DatasetStats): string {
  if (s.toolCalls.calls === 0) return "";
  return `<section id="tools"><h2>Tool calls</h2><p>${int(s.toolCalls.calls)} calls in ${int(
    s.toolCalls.dialogues,
  )} of ${int(s.records)} dialogues.</p>${barsSvg(Object.entries(s.toolCalls.byName), "tool calls by name", 4)}</section>`;
}

/** Judge scores: a bar chart per criterion, and the lowest-scored dialogues with the judge's reasons. */
function judgeSection(s: DatasetStats): string {
  const j = s.judge;
  if (!j) return "";
  const charts = Object.entries(j.criteria)
    .map(
      ([name, c]) =>
        `<h3>${escapeHtml(name)} <span class="muted">mean ${dec(c.mean)}</span></h3>${barsSvg(Object.entries(c.scores), `${name} scores`, 6)}`,
    )
    .join("");
  const rows = j.lowest
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.id ?? `line ${l.line}`)}</td><td>${dec(l.mean)}</td><td>${Object.entries(
          l.scores,
        )
          .map(([c, v]) => `${escapeHtml(c)} ${v}: ${escapeHtml(l.reasons[c] ?? "")}`)
          .join("<br>")}</td></tr>`,
    )
    .join("");
  return `<section id="judge"><h2>Judge scores</h2><p class="muted">${int(j.judged)} dialogues judged (${escapeHtml(
    j.rubrics.join(", "),
  )}), ${int(j.passed)} pass, mean ${dec(j.mean)}.</p>${charts}<h3>Lowest scored</h3><table><tr><th>dialogue</th><th>mean</th><th>scores and reasons</th></tr>${rows}</table></section>`;
}

function skippedSection(s: DatasetStats): string {
  if (s.skipped.total === 0) return "";
  return `<section id="skipped"><h2>Lines skipped</h2><p class="muted">${int(
    s.skipped.total,
  )} lines are no usable dialogue record and are left out of every figure.</p>${barsSvg(
    Object.entries(s.skipped.reasons),
    "skipped lines by reason",
    6,
  )}</section>`;
}

function rejectionsSection(s: DatasetStats): string {
  if (!s.rejections) return "";
  const entries = Object.entries(s.rejections.reasons);
  const body = entries.length
    ? barsSvg(entries, "rejections by reason", 5)
    : `<p class="muted">No rejections.</p>`;
  return `<section id="rejections"><h2>Rejection reasons</h2><p class="muted">${int(s.rejections.total)} rejected (from ${escapeHtml(
    s.rejections.source,
  )}).</p>${body}</section>`;
}

function configSection(s: DatasetStats): string {
  if (!s.config) return "";
  return `<section id="config"><h2>Generation settings</h2><details><summary>config.json</summary><pre>${escapeHtml(
    JSON.stringify(s.config, null, 2),
  )}</pre></details></section>`;
}

function examplesSection(s: DatasetStats): string {
  if (s.examples.length === 0) return "";
  return `<section id="examples"><h2>Random examples</h2><p class="muted">${s.examples.length} dialogues sampled uniformly from ${int(
    s.records,
  )}.</p>${s.examples.map((e, i) => exampleHtml(e, i === 0)).join("")}</section>`;
}

function exampleHtml(e: Example, open: boolean): string {
  const c = e.conversation;
  const label = `line ${e.line}${e.id ? ` · ${e.id}` : ""} · ${e.shape} · ${c.messages.length} messages`;
  const meta = c.metadata ? `<pre>${escapeHtml(JSON.stringify(c.metadata, null, 2))}</pre>` : "";
  return `<details class="example"${open ? " open" : ""}><summary>${escapeHtml(label)}</summary><div class="msgs">${meta}${c.messages
    .map(messageHtml)
    .join("")}</div></details>`;
}

function messageHtml(m: ChatMessage): string {
  const calls = (m.tool_calls ?? [])
    .map((c) => `<pre>${escapeHtml(`${c.function.name}(${c.function.arguments})`)}</pre>`)
    .join("");
  const who = m.role + (m.name ? ` · ${m.name}` : "") + (m.tool_call_id ? ` · ${m.tool_call_id}` : "");
  const body =
    m.content === null || m.content === "" ? "" : `<div class="body">${escapeHtml(m.content)}</div>`;
  return `<div class="msg role-${escapeHtml(m.role)}"><div class="who">${escapeHtml(who)}</div>${body}${calls}</div>`;
}
