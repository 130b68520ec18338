import { escapeHtml } from "./escape.js";
import type { NumericSummary } from "./histogram.js";

/**
 * Inline SVG charts drawn at build time: no script, no library, nothing fetched, so the report
 * renders the same offline, in any browser, and under a CSP that forbids scripts.
 */
const PALETTE = ["#4f6bed", "#e0794f", "#3fae8c", "#c9a227", "#a05ccf", "#d05577", "#4aa3c7", "#7d8a3a"];

export function color(i: number): string {
  return PALETTE[i % PALETTE.length];
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return "0";
  if (Math.abs(n) >= 10_000) return `${Math.round(n / 1000)}k`;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A vertical-bar histogram of a NumericSummary's bins, with median and p95 markers. */
export function histogramSvg(summary: NumericSummary, label: string, colorIndex = 0): string {
  const W = 560;
  const H = 220;
  const left = 44;
  const right = 12;
  const top = 14;
  const bottom = 40;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const bins = summary.bins;
  if (bins.length === 0) return emptyChart(label, W, H);
  const maxCount = Math.max(...bins.map((b) => b.count));
  const lo = bins[0].from;
  const hi = bins[bins.length - 1].to;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * plotW;
  const barW = plotW / bins.length;
  const parts: string[] = [];
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#889" stroke-width="1"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#889" stroke-width="1"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end" class="tick">${fmt(maxCount)}</text>`,
    `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" class="tick">0</text>`,
  );
  bins.forEach((b, i) => {
    const h = maxCount === 0 ? 0 : (b.count / maxCount) * plotH;
    const range = b.to - b.from === 1 ? `${b.from}` : `${b.from}–${b.to - 1}`;
    parts.push(
      `<rect class="bar" x="${(left + i * barW + 0.5).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, barW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${color(colorIndex)}"><title>${escapeHtml(`${range}: ${b.count}`)}</title></rect>`,
    );
  });
  // Bin edges: the first bin starts at lo, the last ends just below hi (values are integers).
  const ticks: [number, number, string][] = [
    [lo, lo, "start"],
    [Math.round((lo + hi) / 2), Math.round((lo + hi) / 2), "middle"],
    [hi, hi - 1, "end"],
  ];
  for (const [at, value, anchor] of ticks) {
    parts.push(
      `<text x="${x(at).toFixed(1)}" y="${top + plotH + 16}" text-anchor="${anchor}" class="tick">${fmt(value)}</text>`,
    );
  }
  for (const [name, v, dash] of [
    ["median", summary.p50, "4 3"],
    ["p95", summary.p95, "2 2"],
  ] as const) {
    const px = x(Math.min(hi, Math.max(lo, v + 0.5))).toFixed(1);
    parts.push(
      `<line x1="${px}" y1="${top}" x2="${px}" y2="${top + plotH}" stroke="#333" stroke-dasharray="${dash}" stroke-width="1"/>`,
      `<text x="${px}" y="${top - 3}" text-anchor="middle" class="marker">${name} ${fmt(v)}</text>`,
    );
  }
  parts.push(
    `<text x="${left + plotW / 2}" y="${H - 6}" text-anchor="middle" class="axis">${escapeHtml(label)}</text>`,
  );
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(label)}">${parts.join("")}</svg>`;
}

/** Horizontal bars, one per entry, labelled with the key and the count (and share); "cycle" colours each row. */
export function barsSvg(
  entries: [string, number][],
  label: string,
  colorIndex: number | "cycle" = 0,
  showShare = true,
): string {
  const W = 560;
  const rowH = 22;
  const labelW = 190;
  const valueW = 90;
  const top = 6;
  if (entries.length === 0) return emptyChart(label, W, 60);
  const H = top + entries.length * rowH + 6;
  const total = entries.reduce((a, [, n]) => a + n, 0);
  const max = Math.max(...entries.map(([, n]) => n));
  const plotW = W - labelW - valueW;
  const parts: string[] = [];
  entries.forEach(([key, n], i) => {
    const y = top + i * rowH;
    const w = max === 0 ? 0 : Math.max(1, (n / max) * plotW);
    const shown = key.length > 28 ? `${key.slice(0, 27)}…` : key;
    const share = showShare && total > 0 ? ` (${((n / total) * 100).toFixed(n / total < 0.1 ? 1 : 0)}%)` : "";
    parts.push(
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="label">${escapeHtml(shown)}<title>${escapeHtml(key)}</title></text>`,
      `<rect class="bar" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" rx="2" fill="${color(colorIndex === "cycle" ? i : colorIndex)}"><title>${escapeHtml(`${key}: ${n}`)}</title></rect>`,
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}" class="value">${escapeHtml(`${n}${share}`)}</text>`,
    );
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(label)}">${parts.join("")}</svg>`;
}

function emptyChart(label: string, W: number, H: number): string {
  return `<svg class="chart empty" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(label)}"><text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="axis">no data</text></svg>`;
}
