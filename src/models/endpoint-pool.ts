import type { NamedModelConfig } from "../config/model-config.js";
import type { ModelEvent } from "./events.js";
import { ModelError } from "./model-error.js";
import type { ChatModel } from "./types.js";

/** The label of the error of a request that found every replica out. */
export const ALL_OUT = "endpoints_out";

/** When a replica is taken out, and how it is probed until it is put back. */
export interface EndpointHealthPolicy {
  /** Connection errors, timeouts or 5xx in a row that take a replica out. */
  failuresToEject: number;
  /** The first probe comes this long after a replica is taken out; each failed probe doubles it. */
  probeMs: number;
  maxProbeMs: number;
}

export const DEFAULT_HEALTH_POLICY: EndpointHealthPolicy = {
  failuresToEject: 3,
  probeMs: 1000,
  maxProbeMs: 30_000,
};

/** One replica of a model: its own stack (limits, ledger, transport) and its health. */
export interface Replica {
  readonly url: string;
  readonly weight: number;
  readonly model: ChatModel;
  inFlight: number;
  /** Requests it was given, all told (ties in load go to the one given the fewest per weight). */
  given: number;
  /** Counted failures in a row. */
  failures: number;
  out: boolean;
  /** When an out replica may take its next request (the probe). */
  probeAt: number;
  probeDelay: number;
  /** An out replica's probe is in flight: no other request goes there meanwhile. */
  probing: boolean;
  everAnswered: boolean;
}

/** Whether `a` should take the next request before `b`: fewer in flight per weight, then fewer given. */
function lighter(a: Replica, b: Replica): boolean {
  const load = (a.inFlight + 1) / a.weight - (b.inFlight + 1) / b.weight;
  if (load !== 0) return load < 0;
  return (a.given + 1) / a.weight < (b.given + 1) / b.weight;
}

/** Failures that say the replica is down or broken (not a busy server, not a bad request). */
function countsAgainst(error: ModelError): boolean {
  if (error.kind === "connection" || error.kind === "timeout") return true;
  return error.kind === "server" && (error.status ?? 0) >= 500;
}

/**
 * The replicas of one model and which one takes the next request: the one with the fewest
 * requests in flight relative to its weight, among those in service. A replica that fails
 * `failuresToEject` times in a row (connection errors, timeouts, 5xx) is taken out; after a
 * delay that doubles with each failed probe, one request is let through as a probe, and the
 * replica is back in service when it answers.
 */
export class EndpointPool {
  readonly replicas: Replica[];

  constructor(
    private readonly modelName: string,
    replicas: { url: string; weight: number; model: ChatModel }[],
    private readonly policy: EndpointHealthPolicy = DEFAULT_HEALTH_POLICY,
    private readonly onEvent?: (e: ModelEvent) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.replicas = replicas.map((r) => ({
      ...r,
      inFlight: 0,
      given: 0,
      failures: 0,
      out: false,
      probeAt: 0,
      probeDelay: policy.probeMs,
      probing: false,
      everAnswered: false,
    }));
  }

  /** Whether a request could go now: a replica in service, or an out one whose probe is due. */
  get available(): boolean {
    const now = this.now();
    return this.replicas.some((r) => !r.out || (!r.probing && r.probeAt <= now));
  }

  /** The replica for the next request (marked in flight), or undefined when all are out. */
  take(): Replica | undefined {
    const now = this.now();
    const probe = this.replicas.find((r) => r.out && !r.probing && r.probeAt <= now);
    let chosen = probe;
    if (probe) probe.probing = true;
    else
      for (const r of this.replicas) {
        if (r.out) continue;
        if (!chosen || lighter(r, chosen)) chosen = r;
      }
    if (chosen) {
      chosen.inFlight++;
      chosen.given++;
    }
    return chosen;
  }

  /** Milliseconds until an out replica may be probed (all out). */
  get msToNextProbe(): number {
    const now = this.now();
    const due = this.replicas.filter((r) => r.out && !r.probing).map((r) => r.probeAt - now);
    return Math.max(0, Math.ceil(due.length ? Math.min(...due) : this.policy.probeMs));
  }

  /** The replica answered (any answer from the server, even a 400, shows it is up). */
  answered(r: Replica): void {
    r.inFlight--;
    r.failures = 0;
    r.everAnswered = true;
    r.probing = false;
    if (r.out) {
      r.out = false;
      r.probeDelay = this.policy.probeMs;
      this.onEvent?.({ type: "endpoint_back", model: this.modelName, endpoint: r.url });
    }
  }

  /** The request to `r` failed with `error`: counted against it when it says the replica is down. */
  failed(r: Replica, error: ModelError): void {
    if (!countsAgainst(error)) {
      this.answered(r);
      return;
    }
    r.inFlight--;
    r.failures++;
    if (r.probing) {
      r.probing = false;
      r.probeDelay = Math.min(2 * r.probeDelay, this.policy.maxProbeMs);
      this.takeOut(r);
    } else if (!r.out && r.failures >= this.policy.failuresToEject) this.takeOut(r);
  }

  /** The request ended without an outcome (the caller aborted). */
  released(r: Replica): void {
    r.inFlight--;
    r.probing = false;
  }

  /** Whether a replica other than `r` may still serve (in service, or answered before). */
  hasOther(r: Replica): boolean {
    return this.replicas.some((o) => o !== r && (!o.out || o.everAnswered));
  }

  private takeOut(r: Replica): void {
    r.out = true;
    r.probeAt = this.now() + r.probeDelay;
    this.onEvent?.({
      type: "endpoint_out",
      model: this.modelName,
      endpoint: r.url,
      failures: r.failures,
      probe_in_ms: r.probeDelay,
    });
  }

  /** The error of a request that found every replica out (retryable: a probe will be due). */
  allOutError(): ModelError {
    return new ModelError({
      kind: "connection",
      label: ALL_OUT,
      message: `all ${this.replicas.length} endpoints of model '${this.modelName}' are out (failing); the next is probed in ${this.msToNextProbe} ms`,
      retryAfterMs: this.msToNextProbe,
    });
  }
}

/**
 * The model of an entry with several replicas: each request goes to the replica the pool picks
 * (see EndpointPool). A refused connection on a replica never stops the run while another may
 * still serve. Retries above this go through the pool again, so a retry finds a live replica.
 */
export function routeToReplicas(pool: EndpointPool, config: NamedModelConfig): ChatModel {
  const first = pool.replicas[0].model;
  return {
    provider: first.provider,
    modelId: first.modelId,
    config,
    async generate(call, signal) {
      const replica = pool.take();
      if (!replica) throw pool.allOutError();
      try {
        const result = await replica.model.generate(call, signal);
        pool.answered(replica);
        return result;
      } catch (error) {
        if (!(error instanceof ModelError)) {
          pool.released(replica);
          throw error;
        }
        pool.failed(replica, error);
        if (error.stopsRun && error.kind === "connection" && pool.hasOther(replica))
          throw new ModelError(
            { kind: "connection", label: error.label, message: error.message, refused: error.refused },
            { stopsRun: false },
          );
        throw error;
      }
    },
  };
}
