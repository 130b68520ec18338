import type { StructuredOutputMode } from "../config/model-config.js";
import type { Usage } from "./types.js";

/**
 * Structured events for events.jsonl and progress; never contain secrets or message bodies.
 * `request_sent` (the body left), `request` (its outcome, with usage), `cache_hit` and `retry` are
 * the request ledger: a resumed run rebuilds report.json's request counts from them.
 */
export type ModelEvent =
  | { type: "request_sent"; model: string; item?: string; attempt: number; endpoint?: string }
  | {
      type: "request";
      model: string;
      endpoint?: string;
      item?: string;
      status: string;
      attempt: number;
      ms: number;
      usage?: Usage;
      cost_usd?: number;
    }
  | { type: "cache_hit"; model: string; item?: string }
  | { type: "retry"; model: string; item?: string; status: string; attempt: number; delay_ms: number }
  | { type: "concurrency"; model: string; limit: number }
  /** A replica taken out after failures in a row, or put back after it answered a probe. */
  | { type: "endpoint_out"; model: string; endpoint: string; failures: number; probe_in_ms: number }
  | { type: "endpoint_back"; model: string; endpoint: string }
  /** A step `model` could not serve, served by its fallback entry `to`. */
  | { type: "fallback"; model: string; to: string; item?: string; reason: string }
  | {
      type: "structured_output_fallback";
      model: string;
      from: StructuredOutputMode;
      to: StructuredOutputMode;
      reason: string;
    };
