import { appendFileSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReportHtml } from "../../src/report/write-report.js";
import { tempDir } from "../support/tmp.js";
import { launchChromium } from "./chromium.js";
import { roleplayRecord, writeRunDir } from "./sample-data.js";

/** Markup a hostile (or just unlucky) model could write; each would set window.__pwned if it ran. */
const SCRIPT = `<script>window.__pwned = "script"; document.title = "pwned"</script>`;
const IMG = `<img src="x" onerror="window.__pwned = 'img'; document.title = 'pwned'">`;
const CLOSE = `</script><script>window.__pwned = "close"</script>`;
const SVG = `<svg onload="window.__pwned = 'svg'"></svg>`;

describe("report.html in headless Chromium", () => {
  const dir = tempDir("dialogsmith-report-");
  let browser: Browser;
  let reportPath: string;

  beforeAll(async () => {
    const records = Array.from({ length: 30 }, (_, i) => roleplayRecord(i));
    // Hostile text in every place the report shows model or user text: content, id, metadata,
    // a rejection reason (drawn as an SVG label) and a breakdown value.
    const evil = roleplayRecord(99, { content: `${SCRIPT} ${IMG} ${CLOSE} ${SVG}` });
    evil.id = `<b id="evil-id">${SCRIPT}</b>`;
    (evil.metadata.scenario as Record<string, string>).intent = IMG;
    records.push(evil);
    const run = writeRunDir(join(dir, "run"), records);
    appendFileSync(
      join(run, "rejected.jsonl"),
      `${JSON.stringify({ reason: `bad${SCRIPT}`, detail: IMG })}\n`,
    );
    // Every example, so the hostile dialogue is certainly on the page.
    ({ out: reportPath } = await writeReportHtml(run, { examples: 40 }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(load: (page: Page) => Promise<unknown>) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const external: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    // Offline: the page may fetch nothing at all.
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url === "about:blank") return route.continue();
      external.push(url);
      return route.abort();
    });
    await load(page);
    return { page, consoleErrors, external };
  }

  it("loads with no console errors, fetches nothing, draws the charts and keeps injected markup inert", async () => {
    const { page, consoleErrors, external } = await open((p) =>
      p.goto(pathToFileURL(reportPath).href, { waitUntil: "load" }),
    );
    expect(consoleErrors).toEqual([]);
    expect(external).toEqual([]);
    expect(await page.title()).toBe("dialogsmith report — run");
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();

    // Not one element came from the data: no script, no handler attribute, no injected element.
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("[onerror], [onload]").count()).toBe(0);
    expect(await page.locator("#evil-id").count()).toBe(0);
    // ...and the markup is on the page as text, for the reader to see.
    const examples = (await page.locator("#examples").textContent()) ?? "";
    expect(examples).toContain(`<script>window.__pwned = "script"`);
    expect(examples).toContain(`<img src="x" onerror=`);
    expect(await page.locator("#rejections").textContent()).toContain("bad<script>");

    // Charts: the sections are there and every chart is drawn with real size.
    for (const id of [
      "summary",
      "run",
      "lengths",
      "roles",
      "languages",
      "breakdowns",
      "rejections",
      "examples",
    ]) {
      expect(await page.locator(`#${id}`).count(), id).toBe(1);
    }
    const charts = await page.locator("svg.chart").evaluateAll((svgs) =>
      svgs.map((s) => {
        const box = s.getBoundingClientRect();
        const bars = [...s.querySelectorAll("rect.bar")].map((r) => r.getBoundingClientRect());
        return {
          label: s.getAttribute("aria-label"),
          width: box.width,
          height: box.height,
          bars: bars.length,
          drawnBars: bars.filter((b) => b.width > 0 && b.height > 0).length,
        };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const c of charts) {
      expect(c.width, c.label ?? "").toBeGreaterThan(100);
      expect(c.height, c.label ?? "").toBeGreaterThan(20);
      expect(c.bars, c.label ?? "").toBeGreaterThan(0);
      expect(c.drawnBars, c.label ?? "").toBeGreaterThan(0);
    }
    const labels = charts.map((c) => c.label);
    expect(labels).toContain("messages per dialogue");
    expect(labels).toContain("rejections by reason");
    expect(labels).toContain("dialogues by language");

    const shot = join(dir, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it("keeps injected markup inert even without its Content-Security-Policy (escaping alone holds)", async () => {
    const html = readFileSync(reportPath, "utf8").replace(
      /<meta http-equiv="Content-Security-Policy"[^>]*>/,
      "",
    );
    expect(html).not.toContain("Content-Security-Policy");
    const { page, consoleErrors } = await open((p) => p.setContent(html, { waitUntil: "load" }));
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.title()).toBe("dialogsmith report — run");
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("[onerror], [onload]").count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
