import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { deriveSeed, Rng } from "../core/rng.js";
import type { BatchRequestResult } from "./batch-store.js";
import { applyContentFault, buildCompletion, streamEvents } from "./chat-completion.js";
import type { ConcurrencyGate } from "./concurrency-gate.js";
import { CHAT_ROUTE, type FaultPlanner, faultLabel, normalizeFault } from "./faults.js";
import {
  errorBody,
  errorReply,
  type HttpReply,
  notChatReply,
  replyBytes,
  send,
  statusFaultReply,
} from "./http-io.js";
import { contentText, promptTokensOf } from "./responders.js";
import type { TrafficLog } from "./traffic-log.js";
import type {
  ChatRequestBody,
  FakeServerBehaviour,
  Fault,
  LoggedRequest,
  Outcome,
  ReplyObject,
  ResponderContext,
  ResponseFormatKind,
} from "./types.js";

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);
const FORMAT_RANK: Record<string, number> = { none: 0, text: 0, json_object: 1, json_schema: 2 };

/** One chat request in flight over HTTP: where to answer and how to record it. */
export interface HttpExchange {
  res: ServerResponse;
  entry: LoggedRequest;
  startedMs: number;
  requestId: string;
  finish: (outcome: Outcome) => void;
}

interface Prepared {
  body: ChatRequestBody;
  ctx: ResponderContext;
  promptTokens: number;
}

/**
 * The chat completions pipeline shared by HTTP requests and Batch API lines: validation, fault
 * decision, server-side queueing and latency (HTTP only), the responder, and the completion.
 */
export class ChatService {
  private attempts = new Map<string, number>();
  private index = 0;
  private idSeq = 0;
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly getBehaviour: () => FakeServerBehaviour,
    private readonly planner: FaultPlanner,
    private readonly gate: ConcurrencyGate,
    private readonly log: TrafficLog,
    private readonly seed: number,
    private readonly count: (text: string) => number,
  ) {}

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  resetAttempts(): void {
    this.attempts.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** Checks a body; returns the error reply a real server would give, or undefined. */
  validate(value: unknown): HttpReply | undefined {
    if (!value || typeof value !== "object" || Array.isArray(value))
      return errorReply(400, "The request body must be a JSON object.");
    const body = value as ChatRequestBody;
    if (typeof body.model !== "string" || body.model === "")
      return errorReply(400, "You must provide a model parameter.", "invalid_request_error", null, "model");
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return errorReply(
        400,
        "'messages' must be a non-empty array.",
        "invalid_request_error",
        null,
        "messages",
      );
    for (let i = 0; i < body.messages.length; i++) {
      const m = body.messages[i];
      if (!m || typeof m !== "object" || !ROLES.has(m.role as string))
        return errorReply(
          400,
          `Invalid value for 'messages[${i}].role': expected one of system, user, assistant, tool.`,
          "invalid_request_error",
          null,
          `messages[${i}].role`,
        );
    }
    const b = this.getBehaviour();
    if (b.models !== "any" && !b.models.includes(body.model))
      return errorReply(
        404,
        `The model \`${body.model}\` does not exist or you do not have access to it.`,
        "invalid_request_error",
        "model_not_found",
        "model",
      );
    const rf = body.response_format;
    if (rf !== undefined && rf !== null) {
      if (typeof rf !== "object" || !(rf.type in FORMAT_RANK) || rf.type === "none")
        return errorReply(
          400,
          "Invalid value for 'response_format.type': expected text, json_object or json_schema.",
          "invalid_request_error",
          null,
          "response_format.type",
        );
      if (FORMAT_RANK[rf.type] > FORMAT_RANK[b.structuredOutputs])
        return errorReply(
          400,
          `response_format '${rf.type}' is not supported by this server.`,
          "invalid_request_error",
          null,
          "response_format",
        );
      if (
        rf.type === "json_schema" &&
        (typeof rf.json_schema?.name !== "string" || typeof rf.json_schema.schema !== "object")
      )
        return errorReply(
          400,
          "Missing required parameter: 'response_format.json_schema.name' and 'response_format.json_schema.schema'.",
          "invalid_request_error",
          null,
          "response_format.json_schema",
        );
    }
    return undefined;
  }

  private prepare(
    body: ChatRequestBody,
    text: string,
    source: "http" | "batch",
    customId?: string,
    authorization?: string,
  ): Prepared {
    const digest = createHash("sha1").update(text).digest();
    const key = digest.toString("base64");
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    const rng = new Rng(deriveSeed(this.seed, digest.readInt32LE(0), attempt));
    const rf = body.response_format?.type;
    const responseFormat: ResponseFormatKind =
      rf === "json_schema" || rf === "json_object" || rf === "text" ? rf : "none";
    this.log.responseFormat(responseFormat);
    let lastUser = "";
    for (let i = body.messages.length - 1; i >= 0; i--)
      if (body.messages[i].role === "user") {
        lastUser = contentText(body.messages[i].content);
        break;
      }
    const max = body.max_completion_tokens ?? body.max_tokens;
    return {
      body,
      promptTokens: promptTokensOf(body, this.count),
      ctx: {
        index: this.index++,
        attempt,
        model: body.model,
        maxTokens: typeof max === "number" ? max : undefined,
        responseFormat,
        schema: body.response_format?.json_schema?.schema,
        lastUserMessage: lastUser,
        rng,
        source,
        customId,
        authorization,
      },
    };
  }

  private decideFault(p: Prepared, text: string): Fault | undefined {
    const fault = this.planner.decide(
      {
        route: CHAT_ROUTE,
        text,
        body: p.body,
        customId: p.ctx.customId,
        attempt: p.ctx.attempt,
        source: p.ctx.source,
      },
      p.ctx.rng,
    );
    if (fault) this.log.fault(faultLabel(fault));
    return fault;
  }

  /** Runs the responder; a throw becomes a 500-status fault. */
  private async respond(p: Prepared): Promise<ReplyObject> {
    try {
      // The responder gets its own stream so the fault draw above does not shift its numbers.
      const reply = await this.getBehaviour().responder(p.body, { ...p.ctx, rng: p.ctx.rng.fork(1) });
      return typeof reply === "string" ? { content: reply } : (reply ?? { content: "" });
    } catch (e) {
      this.log.stats.responderErrors++;
      this.log.stats.lastResponderError = (e as Error)?.stack ?? String(e);
      return {
        fault: {
          kind: "status",
          status: 500,
          message: `The responder failed: ${(e as Error)?.message ?? e}`,
        },
      };
    }
  }

  private completion(p: Prepared, reply: ReplyObject, fault: Fault | undefined) {
    const r = applyContentFault(reply, fault);
    const b = this.getBehaviour();
    return buildCompletion({
      id: `chatcmpl-fake${++this.idSeq}`,
      model: p.body.model,
      reply: r,
      promptTokens: p.promptTokens,
      count: this.count,
      maxTokens: b.enforceMaxTokens ? p.ctx.maxTokens : undefined,
    });
  }

  /** HTTP: the body is already parsed and validated. */
  async handleHttp(x: HttpExchange, body: ChatRequestBody, text: string): Promise<void> {
    this.log.stats.chat.requests++;
    const p = this.prepare(body, text, "http", undefined, x.entry.authorization);
    x.entry.model = body.model;
    const settle = this.log.chatArrival(p.promptTokens);
    const fault = this.decideFault(p, text);
    if (fault) x.entry.fault = faultLabel(fault);
    const b = this.getBehaviour();
    if (this.failInFront(x, fault, b)) return;
    if (!(await this.acquireSlot(x, b))) return;
    this.syncGauges();
    try {
      await this.serveInSlot(x, p, fault, b, settle);
    } finally {
      this.gate.release();
      this.syncGauges();
    }
  }

  /**
   * Failures that happen in front of the model: no slot, no latency. True when the exchange is
   * answered (or left hanging: the exchange records "hung" when the socket closes).
   */
  private failInFront(x: HttpExchange, fault: Fault | undefined, b: FakeServerBehaviour): boolean {
    if (fault?.kind === "hang") return true;
    if (fault?.kind === "drop" && !fault.after) {
      x.res.socket?.destroy();
      x.finish("dropped");
      return true;
    }
    if (fault?.kind === "status" && (fault.immediate ?? fault.status === 429)) {
      x.finish(send(x.res, statusFaultReply(fault, b.retryAfter), x.requestId));
      return true;
    }
    return false;
  }

  /**
   * A concurrency slot, at once or after waiting in the queue. False when the exchange is over
   * instead: the server is at capacity (429), or the client gave up while queued.
   */
  private async acquireSlot(x: HttpExchange, b: FakeServerBehaviour): Promise<boolean> {
    if (this.gate.tryAcquire()) return true;
    if (b.overload === "reject" || this.gate.queued >= b.maxQueue) {
      const overloaded = statusFaultReply(
        { kind: "status", status: 429, message: "The server is at capacity; please retry." },
        b.retryAfter,
      );
      x.finish(send(x.res, overloaded, x.requestId));
      return false;
    }
    const { ready, cancel } = this.gate.enqueue();
    this.syncGauges();
    const holding = await new Promise<boolean>((resolve) => {
      // The client gave up while queued: leave the queue, as a real server aborts the request.
      const onClose = () => {
        if (cancel()) resolve(false);
      };
      x.res.once("close", onClose);
      void ready.then(() => {
        x.res.off("close", onClose);
        resolve(true);
      });
    });
    if (!holding) {
      this.syncGauges();
      x.finish("aborted");
    }
    return holding;
  }

  /** Holding a slot: latency, the responder, then the fault it ends with or the completion. */
  private async serveInSlot(
    x: HttpExchange,
    p: Prepared,
    planned: Fault | undefined,
    b: FakeServerBehaviour,
    settle: (completionTokens: number) => void,
  ): Promise<void> {
    let fault = planned;
    const delay = fault?.kind === "slow" ? fault.ms : latency(b.latencyMs, b.jitterMs, p.ctx.rng);
    if (delay > 0) await this.sleep(delay);
    if (this.closed) return;
    let reply: ReplyObject | undefined;
    if (fault?.kind !== "status") {
      reply = await this.respond(p);
      if (reply.fault !== undefined) {
        fault = normalizeFault(reply.fault);
        this.log.fault(faultLabel(fault));
        x.entry.fault = faultLabel(fault);
        if (fault.kind === "hang") return;
      }
    }
    if (x.res.destroyed || x.res.socket?.destroyed) {
      x.finish("aborted");
      return;
    }
    if (fault?.kind === "status") {
      x.finish(send(x.res, statusFaultReply(fault, b.retryAfter), x.requestId));
      return;
    }
    if (fault?.kind === "drop") {
      // With `after`, the work was done: its tokens count in the rate timeline though the client never sees them.
      if (fault.after && reply) {
        const lost = this.completion(p, reply, undefined);
        settle(lost.usage.completion_tokens);
      }
      x.res.socket?.destroy();
      x.finish("dropped");
      return;
    }
    const completion = this.completion(p, reply ?? { content: "" }, fault);
    settle(completion.usage.completion_tokens);
    await this.sendCompletion(x, p.body, completion, fault);
  }

  /** The completion as asked (JSON or a stream), or broken by a content fault; counted unless broken. */
  private async sendCompletion(
    x: HttpExchange,
    body: ChatRequestBody,
    completion: ReturnType<ChatService["completion"]>,
    fault: Fault | undefined,
  ): Promise<void> {
    const stats = this.log.stats;
    if (fault?.kind === "not-chat") {
      x.finish(send(x.res, notChatReply(fault.shape, completion), x.requestId));
      return;
    }
    x.entry.usage = {
      prompt_tokens: completion.usage.prompt_tokens,
      completion_tokens: completion.usage.completion_tokens,
    };
    const breakWith =
      fault?.kind === "malformed-json" || fault?.kind === "truncated-json" ? fault.kind : undefined;
    if (!breakWith) {
      stats.chat.completed++;
      stats.chat.promptTokens += completion.usage.prompt_tokens;
      stats.chat.completionTokens += completion.usage.completion_tokens;
    }
    if (fault?.kind === "slow-body") {
      x.finish(await this.sendSlowly(x, { status: 200, json: completion }, fault.intervalMs));
      return;
    }
    if (body.stream) {
      stats.chat.streamed++;
      x.finish(send(x.res, { status: 200, sse: streamEvents(completion, body) }, x.requestId, breakWith));
    } else x.finish(send(x.res, { status: 200, json: completion }, x.requestId, breakWith));
  }

  /** One Batch API line: the same validation, faults and responder, no queue or latency. */
  async processBatch(body: ChatRequestBody, customId: string): Promise<BatchRequestResult> {
    this.log.stats.batch.requestsProcessed++;
    const invalid = this.validate(body);
    if (invalid) return { status: invalid.status, body: invalid.json };
    const text = JSON.stringify(body);
    const p = this.prepare(body, text, "batch", customId);
    let fault = this.decideFault(p, text);
    let reply: ReplyObject | undefined;
    if (fault?.kind !== "status" && fault?.kind !== "hang") {
      reply = await this.respond(p);
      if (reply.fault !== undefined) {
        fault = normalizeFault(reply.fault);
        this.log.fault(faultLabel(fault));
      }
    }
    if (fault?.kind === "hang") return "hang";
    if (fault?.kind === "status") {
      const r = statusFaultReply(fault);
      return { status: r.status, body: r.json };
    }
    if (
      fault?.kind === "drop" ||
      fault?.kind === "malformed-json" ||
      fault?.kind === "truncated-json" ||
      fault?.kind === "not-chat" ||
      fault?.kind === "slow-body"
    )
      return {
        status: 500,
        body: errorBody(
          "The server had an error while processing your request. Sorry about that!",
          "server_error",
        ),
      };
    const completion = this.completion(p, reply ?? { content: "" }, fault);
    return { status: 200, body: completion, usage: completion.usage };
  }

  /** Headers at once, then the body a byte at a time; stops when the client leaves or the server closes. */
  private async sendSlowly(x: HttpExchange, reply: HttpReply, intervalMs: number): Promise<Outcome> {
    const { data, contentType } = replyBytes(reply);
    x.res.writeHead(reply.status, {
      "content-type": contentType,
      "content-length": String(data.length),
      "x-request-id": x.requestId,
    });
    x.res.flushHeaders();
    for (let i = 0; i < data.length; i++) {
      await this.sleep(intervalMs);
      if (this.closed || x.res.destroyed) return "aborted";
      x.res.write(data.subarray(i, i + 1));
    }
    x.res.end();
    return reply.status;
  }

  private syncGauges(): void {
    const s = this.log.stats;
    s.active = this.gate.active;
    s.maxActive = Math.max(s.maxActive, this.gate.active);
    s.queued = this.gate.queued;
    s.maxQueued = Math.max(s.maxQueued, this.gate.queued);
  }
}

/** Fixed latency plus a uniform jitter of ± jitterMs, never below zero. */
function latency(ms: number, jitterMs: number, rng: Rng): number {
  if (jitterMs <= 0) return ms;
  return Math.max(0, ms + (rng.float() * 2 - 1) * jitterMs);
}
