import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type BatchObject, BatchStore } from "./batch-store.js";
import { ChatService, type HttpExchange } from "./chat-service.js";
import { ConcurrencyGate } from "./concurrency-gate.js";
import { DEFAULT_FAIL_WITH, FaultPlanner, faultLabel } from "./faults.js";
import { type FileObject, FileStore } from "./file-store.js";
import {
  BodyTooLargeError,
  errorReply,
  type HttpReply,
  jsonReply,
  readBody,
  send,
  statusFaultReply,
} from "./http-io.js";
import { defaultResponder, estimateTokens } from "./responders.js";
import { handleBatchRoute, handleFileRoute } from "./routes-batch.js";
import { TrafficLog } from "./traffic-log.js";
import type {
  BatchOptions,
  ChatRequestBody,
  FakeServerBehaviour,
  FakeServerOptions,
  FakeServerStats,
  Fault,
  LoggedRequest,
  Outcome,
} from "./types.js";

export type { BatchObject, BatchOutputLine, BatchStatus } from "./batch-store.js";
export { DEFAULT_FAIL_WITH, normalizeFault } from "./faults.js";
export type { FileObject } from "./file-store.js";
export { defaultResponder, estimateTokens, sampleFromSchema } from "./responders.js";
export * from "./types.js";

const MB = 1024 * 1024;

const DEFAULT_BEHAVIOUR: FakeServerBehaviour = {
  responder: defaultResponder,
  models: ["fake-model"],
  apiKey: undefined,
  latencyMs: 0,
  jitterMs: 0,
  concurrency: Number.POSITIVE_INFINITY,
  overload: "queue",
  maxQueue: Number.POSITIVE_INFINITY,
  faults: [],
  failRate: 0,
  failWith: DEFAULT_FAIL_WITH,
  script: [],
  retryAfter: undefined,
  structuredOutputs: "json_schema",
  enforceMaxTokens: false,
};

const DEFAULT_BATCH: BatchOptions = {
  progression: "on-poll",
  expireAfterMs: undefined,
  maxRequests: 50_000,
  maxBytes: 200 * MB,
  maxBatchesPerHour: 2000,
};

/** Test-side control of batches: move them through their life cycle without waiting. */
export interface BatchControl {
  get(id: string): BatchObject | undefined;
  /** Newest first. */
  list(): BatchObject[];
  /** One stage on (validating → in_progress/failed → finalizing → completed; cancelling → cancelled), for one batch or every unfinished one. */
  advance(id?: string): Promise<BatchObject[]>;
  /** To a terminal status (stops early if requests hang: expire() ends those). */
  finish(id?: string): Promise<BatchObject[]>;
  /** Processes the next `count` requests (partial progress before cancel or expire). */
  process(id: string, count: number): Promise<BatchObject>;
  /** Ends the completion window: unfinished requests get `batch_expired`. */
  expire(id?: string): Promise<BatchObject[]>;
}

export interface FileControl {
  get(id: string): FileObject | undefined;
  /** The file's bytes as UTF-8 text. */
  content(id: string): string | undefined;
  list(): FileObject[];
}

/**
 * A fake OpenAI-compatible server on real HTTP (node:http), for tests and benchmarks: chat
 * completions with a pluggable responder, fault injection, latency and server-side concurrency,
 * models, auth, and the Files and Batch APIs. See docs/fake-server.md.
 */
export class FakeOpenAIServer {
  private readonly server: Server;
  private behaviourState: FakeServerBehaviour;
  private batchOptions: BatchOptions;
  private readonly planner = new FaultPlanner();
  private readonly gate: ConcurrencyGate;
  private readonly log: TrafficLog;
  private readonly chat: ChatService;
  private readonly fileStore = new FileStore();
  private readonly batchStore: BatchStore;
  private readonly maxBodyBytes: number;
  private address: AddressInfo | undefined;
  private closing: Promise<void> | undefined;

  readonly batches: BatchControl;
  readonly files: FileControl;

  constructor(private readonly options: FakeServerOptions = {}) {
    const {
      host: _h,
      port: _p,
      seed: _s,
      logLimit: _l,
      maxBodyBytes: _m,
      batch: _b,
      countTokens: _c,
      ...patch
    } = options;
    this.behaviourState = { ...DEFAULT_BEHAVIOUR };
    this.batchOptions = { ...DEFAULT_BATCH, ...options.batch };
    this.gate = new ConcurrencyGate(DEFAULT_BEHAVIOUR.concurrency);
    this.setBehaviour(patch);
    const seed = options.seed ?? 1;
    this.log = new TrafficLog(options.logLimit ?? 2000, options.onRequest);
    this.maxBodyBytes = options.maxBodyBytes ?? 32 * MB;
    const count = options.countTokens ?? estimateTokens;
    this.chat = new ChatService(() => this.behaviourState, this.planner, this.gate, this.log, seed, count);
    this.batchStore = new BatchStore(
      this.fileStore,
      this.batchOptions,
      seed,
      (body: ChatRequestBody, customId: string) => this.chat.processBatch(body, customId),
      (model) => this.modelServed(model),
    );
    const store = this.batchStore;
    this.batches = {
      get: (id) => store.get(id),
      list: () => store.list(),
      advance: (id) => store.advance(id),
      finish: (id) => store.finish(id),
      process: (id, count) => store.processRequests(id, count),
      expire: (id) => store.expire(id),
    };
    const files = this.fileStore;
    this.files = {
      get: (id) => {
        const f = files.get(id);
        return f && FileStore.describe(f);
      },
      content: (id) => files.get(id)?.data.toString("utf8"),
      list: () => files.list().map(FileStore.describe),
    };
    this.server = createServer({ noDelay: true }, (req, res) => {
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 30_000;
  }

  async start(): Promise<this> {
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.address = this.server.address() as AddressInfo;
    return this;
  }

  get port(): number {
    if (!this.address) throw new Error("the fake server is not started");
    return this.address.port;
  }

  /** The server root, e.g. http://127.0.0.1:PORT */
  get origin(): string {
    const host = this.address?.family === "IPv6" ? `[${this.address.address}]` : this.address?.address;
    return `http://${host}:${this.port}`;
  }

  /** The OpenAI base URL, e.g. http://127.0.0.1:PORT/v1 */
  get url(): string {
    return `${this.origin}/v1`;
  }

  /** Live counters (mutated in place; reset() zeroes them). */
  get stats(): FakeServerStats {
    return this.log.stats;
  }

  /** The newest requests (up to logLimit), oldest first. A snapshot. */
  get requests(): LoggedRequest[] {
    return this.log.requests();
  }

  get behaviour(): Readonly<FakeServerBehaviour> {
    return this.behaviourState;
  }

  /** Changes behaviour while running; a new `script` restarts its counters. Throws on a bad fault or rate. */
  setBehaviour(patch: Partial<FakeServerBehaviour>): void {
    const next = { ...this.behaviourState };
    for (const [k, v] of Object.entries(patch))
      if (v !== undefined || k === "apiKey" || k === "retryAfter") (next as Record<string, unknown>)[k] = v;
    if (!(next.concurrency >= 1)) throw new Error(`concurrency must be >= 1 (got ${next.concurrency})`);
    if ("script" in patch) this.planner.setScript(next.script);
    if ("faults" in patch || "failRate" in patch || "failWith" in patch)
      this.planner.setRates(next.faults, next.failRate, next.failWith);
    if (next.concurrency !== this.gate.capacity) this.gate.setLimit(next.concurrency);
    this.behaviourState = next;
  }

  /** Batch options (progression, limits) may change too. */
  setBatchOptions(patch: Partial<BatchOptions>): void {
    this.batchOptions = { ...this.batchOptions, ...patch };
    this.batchStore.setOptions(this.batchOptions);
  }

  /** Zeroes stats, the request log, the rate timeline and retry counting (files and batches stay). */
  reset(): void {
    this.log.reset();
    this.chat.resetAttempts();
    this.planner.setScript(this.behaviourState.script);
  }

  /** Most chat requests that arrived within any window of `ms` (check a client's RPM: `maxRequestsInWindow(60_000) <= rpm`). */
  maxRequestsInWindow(ms: number): number {
    return this.log.maxRequestsInWindow(ms);
  }

  /** Most tokens (usage as reported: prompt + completion, or prompt only) of chat requests arriving within any window of `ms`. */
  maxTokensInWindow(ms: number, which: "total" | "prompt" = "total"): number {
    return this.log.maxTokensInWindow(ms, which);
  }

  /** Arrival time of every chat request, in ms since the first. */
  arrivalTimes(): number[] {
    return this.log.arrivalTimes();
  }

  /** Stops listening and destroys every connection, hanging ones included. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.chat.close();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private modelServed(model: string): boolean {
    const m = this.behaviourState.models;
    return m === "any" || m.includes(model);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedMs = performance.now();
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    const route = routeName(method, path);
    const entry = this.log.begin({
      method,
      path,
      route,
      at: Date.now(),
      headers: { ...req.headers },
      authorization: req.headers.authorization,
    });
    const requestId = `req_fake${entry.seq}`;
    const finish = (outcome: Outcome) => this.log.end(entry, outcome, startedMs);
    res.once("close", () => {
      if (entry.outcome === undefined) finish(entry.fault === "hang" ? "hung" : "aborted");
    });
    const x: HttpExchange = { res, entry, startedMs, requestId, finish };
    try {
      await this.dispatch(req, x, method, path, route, query);
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        res.setHeader("connection", "close");
        finish(
          send(res, errorReply(413, e.message, "invalid_request_error", "request_too_large"), requestId),
        );
        return;
      }
      if (!res.headersSent && !res.destroyed)
        finish(
          send(
            res,
            errorReply(500, `fake server error: ${(e as Error)?.message ?? e}`, "server_error"),
            requestId,
          ),
        );
    }
  }

  private async dispatch(
    req: IncomingMessage,
    x: HttpExchange,
    method: string,
    path: string,
    route: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (method === "GET" && path === "/health") {
      x.finish(send(x.res, { status: 200, raw: { data: "ok", contentType: "text/plain" } }, x.requestId));
      return;
    }
    const isUpload = route === "POST /v1/files";
    const raw = await readBody(req, isUpload ? this.batchOptions.maxBytes + MB : this.maxBodyBytes);

    const denied = this.checkAuth(req.headers.authorization);
    if (denied) {
      x.finish(send(x.res, denied, x.requestId));
      return;
    }

    if (route === "POST /v1/chat/completions") {
      const text = raw.toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        x.finish(
          send(x.res, errorReply(400, "We could not parse the JSON body of your request."), x.requestId),
        );
        return;
      }
      x.entry.body = body;
      const invalid = this.chat.validate(body);
      if (invalid) {
        x.finish(send(x.res, invalid, x.requestId));
        return;
      }
      await this.chat.handleHttp(x, body as ChatRequestBody, text);
      return;
    }

    const text = isUpload ? "" : raw.toString("utf8");
    let body: unknown;
    if (!isUpload && text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        x.finish(
          send(x.res, errorReply(400, "We could not parse the JSON body of your request."), x.requestId),
        );
        return;
      }
    }
    x.entry.body = body;

    // Scripted faults on the other routes (e.g. lose the answer to POST /v1/batches).
    const fault = this.planner.decide({ route, text, body, attempt: 0, source: "http" }, undefined);
    if (fault) {
      x.entry.fault = faultLabel(fault);
      this.log.fault(x.entry.fault);
      if (await this.applyEarlyFault(x, fault)) return;
    }

    const reply = await this.routeOther(req, x, route, path, raw, body, query);
    if (fault?.kind === "drop") {
      x.res.socket?.destroy();
      x.finish("dropped");
      return;
    }
    const breakWith =
      fault?.kind === "malformed-json" || fault?.kind === "truncated-json" ? fault.kind : undefined;
    x.finish(send(x.res, reply, x.requestId, breakWith));
  }

  /** Faults that act before the route runs. Returns true when the exchange is over. */
  private async applyEarlyFault(x: HttpExchange, fault: Fault): Promise<boolean> {
    switch (fault.kind) {
      case "status":
        x.finish(send(x.res, statusFaultReply(fault, this.behaviourState.retryAfter), x.requestId));
        return true;
      case "hang":
        return true;
      case "drop":
        if (fault.after) return false;
        x.res.socket?.destroy();
        x.finish("dropped");
        return true;
      case "slow":
        await new Promise((r) => setTimeout(r, fault.ms));
        return false;
      default:
        return false;
    }
  }

  private checkAuth(authorization: string | undefined): HttpReply | undefined {
    const key = this.behaviourState.apiKey;
    if (key === undefined) return undefined;
    // Never echo the key (or what was sent) back: tests look for canary keys in every output.
    if (!authorization)
      return errorReply(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        "invalid_request_error",
        "invalid_api_key",
      );
    if (authorization !== `Bearer ${key}`)
      return errorReply(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    return undefined;
  }

  private async routeOther(
    req: IncomingMessage,
    x: HttpExchange,
    route: string,
    path: string,
    raw: Buffer,
    body: unknown,
    query: URLSearchParams,
  ): Promise<HttpReply> {
    const id = decodeURIComponent(path.split("/")[3] ?? "");
    if (route === "GET /v1/models") {
      const ids = this.behaviourState.models === "any" ? ["fake-model"] : this.behaviourState.models;
      return jsonReply(200, { object: "list", data: ids.map(modelObject) });
    }
    if (route === "GET /v1/models/{id}") {
      const modelId = decodeURIComponent(path.slice("/v1/models/".length));
      return this.modelServed(modelId)
        ? jsonReply(200, modelObject(modelId))
        : errorReply(
            404,
            `The model \`${modelId}\` does not exist or you do not have access to it.`,
            "invalid_request_error",
            "model_not_found",
          );
    }
    const ctx = {
      files: this.fileStore,
      batches: this.batchStore,
      batchOptions: this.batchOptions,
      stats: this.log.stats,
      entry: x.entry,
      modelServed: (m: string) => this.modelServed(m),
    };
    const fileReply = handleFileRoute(ctx, route, id, req.headers["content-type"], raw, query);
    if (fileReply) return fileReply;
    const batchReply = await handleBatchRoute(ctx, route, id, body, query);
    if (batchReply) return batchReply;
    return errorReply(404, `Invalid URL (${req.method} ${path})`, "invalid_request_error");
  }
}

/** Starts a fake server (port 0 by default: a free port) and resolves once it listens. */
export function startFakeOpenAIServer(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  return new FakeOpenAIServer(options).start();
}

function modelObject(id: string) {
  return { id, object: "model", created: 1_700_000_000, owned_by: "dialogsmith-fake" };
}

/** "METHOD /v1/..." with ids templated, so stats group /v1/batches/batch_1 and /v1/batches/batch_2. */
export function routeName(method: string, path: string): string {
  const parts = path.split("/");
  if (parts[1] !== "v1" || parts.length < 4 || parts[3] === "") return `${method} ${path}`;
  // Model ids may contain slashes (Qwen/Qwen2.5-7B-Instruct).
  if (parts[2] === "models") return `${method} /v1/models/{id}`;
  if (parts[2] === "files" || parts[2] === "batches") parts[3] = "{id}";
  return `${method} ${parts.join("/")}`;
}
