import { describe, expect, test } from "vitest";
import { buildRunReport, RejectionTally } from "../../../src/engine/report-builder.js";
import { RequestStats } from "../../../src/models/request-stats.js";

describe("report builder", () => {
  test("counts and request stats make report.json's fields, in their order, cost rounded to 6 places", () => {
    const stats = new RequestStats();
    stats.total = 5;
    stats.retried = 1;
    stats.cached = 2;
    stats.byStatus = { "200": 4, "429": 1 };
    stats.usage = { prompt_tokens: 1000, completion_tokens: 200 };
    stats.costUsd = 0.123456789;
    const m = stats.model("writer");
    m.requests = 5;
    m.prompt_tokens = 1000;
    m.completion_tokens = 200;
    m.cost_usd = 0.123456789;
    const rejections = new RejectionTally();
    rejections.note("too_short", "6   messages,\n\tat least 8");
    rejections.note("too_short", "another");
    const report = buildRunReport({
      recipe: "roleplay",
      requested: 10,
      accepted: 7,
      rejected: 2,
      failed: 1,
      attempts: 10,
      stopped: "done",
      durationS: 1.23456,
      requests: stats.snapshot(),
      rejections,
    });
    expect(Object.keys(report)).toEqual([
      "recipe",
      "requested",
      "accepted",
      "rejected",
      "failed",
      "attempts",
      "stopped",
      "requests",
      "usage",
      "cost_usd",
      "duration_s",
      "rejection_reasons",
      "models",
      "rejection_examples",
    ]);
    expect(report).toMatchObject({
      accepted: 7,
      rejected: 2,
      failed: 1,
      attempts: 10,
      requests: { total: 5, retried: 1, cached: 2, by_status: { "200": 4, "429": 1 } },
      cost_usd: 0.123457,
      duration_s: 1.235,
      rejection_reasons: { too_short: 2 },
      rejection_examples: { too_short: "6 messages, at least 8" },
      models: { writer: { requests: 5, prompt_tokens: 1000, completion_tokens: 200, cost_usd: 0.123457 } },
    });
  });

  test("a run that asks no model (math) gets zero requests and no examples", () => {
    const report = buildRunReport({
      recipe: "math",
      requested: 3,
      accepted: 3,
      rejected: 0,
      failed: 0,
      attempts: 3,
      stopped: "interrupted",
      durationS: 0.5,
    });
    expect(report.requests).toEqual({ total: 0, retried: 0, cached: 0, by_status: {} });
    expect(report.models).toEqual({});
    expect(report.stopped).toBe("interrupted");
    expect("rejection_examples" in report).toBe(false);
  });
});
