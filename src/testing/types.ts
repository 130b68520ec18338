import type { Rng } from "../core/rng.js";

/** A chat completion request body as a client sends it (only the fields the fake server reads). */
export interface ChatRequestBody {
  model: string;
  messages: Array<{
    role: string;
    content?: unknown;
    tool_calls?: unknown;
    tool_call_id?: string;
    name?: string;
  }>;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: {
    type: string;
    json_schema?: { name?: string; schema?: Record<string, unknown>; strict?: boolean | null };
  };
  tools?: unknown[];
  tool_choice?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  [key: string]: unknown;
}

export type ResponseFormatKind = "json_schema" | "json_object" | "text" | "none";

/** What a responder knows about the request besides its body. */
export interface ResponderContext {
  /** 0-based order of arrival among all chat requests (HTTP and batch). Not stable under concurrency. */
  index: number;
  /** Earlier requests with this exact body (0 on the first try): a client's retries of one request. */
  attempt: number;
  model: string;
  /** `max_completion_tokens` or `max_tokens` from the request. */
  maxTokens?: number;
  responseFormat: ResponseFormatKind;
  /** The JSON schema of a `json_schema` response_format. */
  schema?: Record<string, unknown>;
  /** Text of the last user message ("" if none). */
  lastUserMessage: string;
  /** Seeded from (server seed, body, attempt): same request, same draws, whatever the arrival order. */
  rng: Rng;
  /** The Authorization header as received (HTTP only), e.g. to play a server that echoes the key. */
  authorization?: string;
  /** "batch" when the request is one line of a Batch API input file. */
  source: "http" | "batch";
  customId?: string;
}

export interface ToolCallReply {
  id?: string;
  name: string;
  /** An object is JSON-encoded; a string is sent as is (so a test can send broken arguments). */
  arguments: string | Record<string, unknown>;
}

export interface ReplyObject {
  content?: string | null;
  toolCalls?: ToolCallReply[];
  /** Default: "tool_calls" when there are tool calls, else "stop". */
  finishReason?: "stop" | "length" | "tool_calls" | "content_filter";
  /** Overrides the estimated counts. */
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  /** The model id reported in the response (default: the requested one). */
  model?: string;
  /** Answer with this fault instead (e.g. a 400 for one specific prompt). */
  fault?: FaultSpec;
}

/** A string is the assistant's content. */
export type Reply = string | ReplyObject;

/** Decides what the model "says". May be async; a throw becomes a 500 (counted in stats.responderErrors). */
export type Responder = (body: ChatRequestBody, ctx: ResponderContext) => Reply | Promise<Reply>;

/**
 * One injected failure. HTTP-level kinds work on every route; content kinds only change a
 * successful chat completion.
 */
export type Fault =
  /** An OpenAI-shaped error response. 429 is answered at once (a gateway's rate limiter); other
   * statuses after the usual queue and latency (an upstream that failed), unless `immediate` says otherwise. */
  | {
      kind: "status";
      status: number;
      message?: string;
      code?: string | null;
      type?: string;
      /** Adds Retry-After (seconds; may be fractional), as an HTTP date (whole seconds), or retry-after-ms. */
      retryAfter?: number;
      retryAfterFormat?: "seconds" | "http-date" | "ms";
      headers?: Record<string, string>;
      immediate?: boolean;
    }
  /** Accept the request, never answer (until the client gives up or the server closes). */
  | { kind: "hang" }
  /** Answer normally, but only after `ms` (instead of the configured latency). */
  | { kind: "slow"; ms: number }
  /** Destroy the socket without a response; `after: true` does the work first (a paid-for answer lost). */
  | { kind: "drop"; after?: boolean }
  /** 200 with a body that is not valid JSON. */
  | { kind: "malformed-json" }
  /** Content-Length of the full body, half of it sent, socket closed. */
  | { kind: "truncated-json" }
  /** content "" (or null), no tool calls. */
  | { kind: "empty-content"; null?: boolean }
  /** The content wrapped in a Markdown code fence. */
  | { kind: "code-fence"; lang?: string }
  /** The content wrapped in chatty prose before and after. */
  | { kind: "prose" }
  /** The content cut in half, finish_reason "length". */
  | { kind: "length" }
  /** Status 200 and the right headers, then the body one byte every `intervalMs` (a stalled upstream). */
  | { kind: "slow-body"; intervalMs: number }
  /**
   * Status 200 with something that is not a chat completion: an HTML page (a login portal, a
   * wrong path on a web server), plain text, or JSON with `choices: []`.
   */
  | { kind: "not-chat"; shape: "html" | "text" | "empty-choices" };

export type FaultKind = Fault["kind"];

/**
 * A fault, or a shorthand: an HTTP status (`429`), or a name: "hang", "timeout", "drop",
 * "drop-after", "malformed-json", "truncated-json", "empty-content", "null-content", "code-fence",
 * "prose", "length", "slow:MS", "slow-body", "slow-body:MS", "html", "text-plain",
 * "empty-choices", "429-date", "429:SECONDS".
 */
export type FaultSpec = Fault | number | string;

export interface MatchInput {
  /** "POST /v1/chat/completions", "POST /v1/batches", ... (ids templated as {id}). */
  route: string;
  /** Raw request body text ("" for none, the parsed fields for multipart uploads). */
  text: string;
  body: unknown;
  customId?: string;
  attempt: number;
  source: "http" | "batch";
}

/** A substring of the raw body (or of a batch line's custom_id), a RegExp tested on the body, or a predicate. */
export type Matcher = string | RegExp | ((req: MatchInput) => boolean);

/**
 * The n-th request matching a rule gets `faults[n]` (null: no scripted fault for that one). Rules
 * are tried in order; the first that matches and still has entries consumes one.
 */
export interface ScriptRule {
  match?: Matcher;
  /** Route(s) the rule watches; default "POST /v1/chat/completions" (batch lines included). "*": every route. */
  route?: string | string[];
  faults: Array<FaultSpec | null>;
  /** Start over when the list is used up. */
  repeat?: boolean;
}

/** A fault drawn at random with probability `rate` for each chat request (seeded, see ResponderContext.rng). */
export interface FaultRate {
  rate: number;
  fault: FaultSpec;
  match?: Matcher;
}

/** Everything that may change while the server runs (setBehaviour). */
export interface FakeServerBehaviour {
  responder: Responder;
  /** Model ids served; "any" accepts every model (and lists `["fake-model"]`). */
  models: string[] | "any";
  /** Required API key; undefined: no auth. */
  apiKey?: string;
  /** Fixed latency of a chat answer, in ms, and a uniform jitter of ± jitterMs (seeded). */
  latencyMs: number;
  jitterMs: number;
  /** Chat requests processed at once; the rest queue (or get 429 with overload "reject"). */
  concurrency: number;
  overload: "queue" | "reject";
  /** Queued requests beyond this get 429. */
  maxQueue: number;
  /** Probability-based faults for chat requests (see failRate for the shorthand). */
  faults: FaultRate[];
  /** Shorthand: this total probability spread evenly over `failWith` (default 429, 500, 502, 503, drop). */
  failRate: number;
  failWith: FaultSpec[];
  /** Scripted faults. Replacing the list restarts its counters. */
  script: ScriptRule[];
  /** Retry-After seconds on 429s the server makes itself (overload, shorthand "429") when not given per fault. */
  retryAfter?: number;
  /** The richest response_format accepted: below it, 400 "response_format ... is not supported" (like some servers). */
  structuredOutputs: "json_schema" | "json_object" | "none";
  /** Cut replies longer than max_tokens (estimated) and say finish_reason "length", as real servers do. Default false. */
  enforceMaxTokens: boolean;
}

export interface BatchOptions {
  /**
   * How batches move through validating → in_progress → finalizing → completed:
   * "manual": only `batches.advance()` and friends; "on-poll": each GET of a batch moves it one
   * stage; `{ stageMs }`: a stage lasts that long (checked when the batch is read).
   */
  progression: "manual" | "on-poll" | { stageMs: number };
  /** With "on-poll" or stageMs: a batch not finished this long after creation expires when next read. */
  expireAfterMs?: number;
  maxRequests: number;
  maxBytes: number;
  /** Batches created per rolling hour before 429. */
  maxBatchesPerHour: number;
}

export interface FakeServerOptions extends Partial<FakeServerBehaviour> {
  host?: string;
  port?: number;
  /** Seed of every random choice (faults, jitter, responder rng, output order). Default 1. */
  seed?: number;
  /** Requests kept in `requests` (the newest). Default 2000. */
  logLimit?: number;
  /** Largest request body accepted for JSON routes; uploads get batch.maxBytes + 1 MB. Default 32 MB. */
  maxBodyBytes?: number;
  batch?: Partial<BatchOptions>;
  /** Token counter for usage (default: a cheap estimate, about 4 characters a token). */
  countTokens?: (text: string) => number;
  /** Called once each request is over (answered, dropped, aborted...), e.g. to print a request log. */
  onRequest?: (entry: LoggedRequest) => void;
}

/**
 * What happened to a request, as the client saw it: an HTTP status, or "dropped" (socket destroyed
 * unanswered), "hung" (never answered), "truncated", "malformed", "aborted" (the client left first).
 */
export type Outcome = number | "dropped" | "hung" | "truncated" | "malformed" | "aborted";

export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  route: string;
  /** Epoch ms at arrival. */
  at: number;
  /** Undefined while in flight. */
  outcome?: Outcome;
  durationMs?: number;
  /** The Authorization header as received (tests check a key was sent; never echoed back). */
  authorization?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; for uploads `{purpose, filename, bytes}`. */
  body?: unknown;
  fault?: string;
  model?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface FakeServerStats {
  /** HTTP requests received. */
  total: number;
  /** By route, e.g. "POST /v1/chat/completions", "GET /v1/batches/{id}". */
  byRoute: Record<string, number>;
  /** By outcome: "200", "429", ..., "dropped", "hung", "truncated", "malformed", "aborted". */
  byStatus: Record<string, number>;
  byRouteStatus: Record<string, Record<string, number>>;
  /** Injected faults by kind ("status:429", "drop", "hang", "code-fence", ...), HTTP and batch. */
  faults: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  /** Chat requests holding a processing slot (server-side concurrency). */
  active: number;
  maxActive: number;
  queued: number;
  maxQueued: number;
  chat: {
    /** Chat requests received over HTTP. */
    requests: number;
    /** Answered 200 with a completion (HTTP). */
    completed: number;
    promptTokens: number;
    completionTokens: number;
    responseFormats: Record<string, number>;
    streamed: number;
  };
  batch: { filesUploaded: number; batchesCreated: number; requestsProcessed: number };
  responderErrors: number;
  lastResponderError?: string;
}
