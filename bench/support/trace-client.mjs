// Preloaded with `node --import` when $BENCH_TRACE_FILE is set: where a client process's time
// went, written at exit as one JSON line. From its first HTTP request to its last answer: requests
// in flight (mean, from undici's diagnostics channels: sent = headers written, done = body read),
// event-loop delay (how late a timer of the loop runs: time the loop was blocked) and GC pauses.
import { subscribe } from "node:diagnostics_channel";
import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

const file = process.env.BENCH_TRACE_FILE;
if (file) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let gcMs = 0;
  let gcCount = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcCount++;
    }
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  // Integral of requests in flight over time, between the first send and the last answer.
  let inFlight = 0;
  let area = 0;
  let last = 0;
  let first;
  let peak = 0;
  const step = (delta) => {
    const now = performance.now();
    if (first === undefined) {
      first = now;
      loop.reset(); // start-up is not the run
      gcMs = 0;
      gcCount = 0;
    }
    area += inFlight * (now - last);
    last = now;
    inFlight += delta;
    peak = Math.max(peak, inFlight);
  };
  const started = new WeakSet();
  subscribe("undici:client:sendHeaders", ({ request }) => {
    started.add(request);
    step(1);
  });
  const end = ({ request }) => {
    if (!started.has(request)) return;
    started.delete(request);
    step(-1);
  };
  subscribe("undici:request:trailers", end);
  subscribe("undici:request:error", end);
  process.on("exit", () => {
    loop.disable();
    gcObserver.disconnect();
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const line = {
      meanInFlight: first === undefined ? 0 : area / (last - first),
      peakInFlight: peak,
      loopDelayMeanMs: ms(loop.mean),
      loopDelayP99Ms: ms(loop.percentile(99)),
      loopDelayMaxMs: ms(loop.max),
      gcMs: Math.round(gcMs),
      gcCount,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
