import type { IncomingMessage, ServerResponse } from "node:http";
import type { Fault } from "./types.js";

/** An OpenAI-shaped error body: `{"error": {"message", "type", "param", "code"}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(
  message: string,
  type = "invalid_request_error",
  code: string | null = null,
  param: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/** A response the router hands to `send`: JSON, raw bytes, or an event stream. */
export interface HttpReply {
  status: number;
  json?: unknown;
  raw?: { data: Buffer | string; contentType: string };
  sse?: string[];
  headers?: Record<string, string>;
}

export function jsonReply(status: number, json: unknown, headers?: Record<string, string>): HttpReply {
  return { status, json, headers };
}

export function errorReply(
  status: number,
  message: string,
  type?: string,
  code?: string | null,
  param?: string | null,
  headers?: Record<string, string>,
): HttpReply {
  return { status, json: errorBody(message, type, code, param), headers };
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** Reads the whole request body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

const DEFAULTS: Record<number, { message: string; type: string; code: string | null }> = {
  400: {
    message: "Invalid request (injected by the fake server).",
    type: "invalid_request_error",
    code: null,
  },
  401: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
  403: {
    message: "You are not allowed to use this model.",
    type: "invalid_request_error",
    code: "permission_denied",
  },
  404: { message: "Not found.", type: "invalid_request_error", code: null },
  408: { message: "Request timed out.", type: "timeout", code: null },
  409: {
    message: "Conflict: another request is modifying this resource.",
    type: "invalid_request_error",
    code: null,
  },
  429: {
    message: "Rate limit reached for requests. Please try again later.",
    type: "requests",
    code: "rate_limit_exceeded",
  },
  500: {
    message: "The server had an error while processing your request. Sorry about that!",
    type: "server_error",
    code: null,
  },
  502: { message: "Bad gateway.", type: "server_error", code: null },
  503: {
    message: "The engine is currently overloaded, please try again later.",
    type: "server_error",
    code: null,
  },
};

/** Headers a 429 carries: Retry-After in the requested form and OpenAI's x-ratelimit-* set. */
export function retryHeaders(
  status: number,
  retryAfter: number | undefined,
  format: "seconds" | "http-date" | "ms" = "seconds",
): Record<string, string> {
  const h: Record<string, string> = {};
  if (retryAfter !== undefined) {
    if (format === "ms") h["retry-after-ms"] = String(Math.round(retryAfter * 1000));
    else if (format === "http-date")
      h["retry-after"] = new Date(Date.now() + retryAfter * 1000).toUTCString();
    else h["retry-after"] = String(retryAfter);
  }
  if (status === 429) {
    const reset = retryAfter !== undefined ? `${retryAfter}s` : "1s";
    h["x-ratelimit-limit-requests"] = "500";
    h["x-ratelimit-remaining-requests"] = "0";
    h["x-ratelimit-reset-requests"] = reset;
    h["x-ratelimit-limit-tokens"] = "200000";
    h["x-ratelimit-remaining-tokens"] = "0";
    h["x-ratelimit-reset-tokens"] = reset;
  }
  return h;
}

/** The reply of a `status` fault. */
export function statusFaultReply(
  fault: Extract<Fault, { kind: "status" }>,
  defaultRetryAfter?: number,
): HttpReply {
  const d = DEFAULTS[fault.status] ?? {
    message: `Injected HTTP ${fault.status}.`,
    type: fault.status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
  };
  const retryAfter = fault.retryAfter ?? (fault.status === 429 ? defaultRetryAfter : undefined);
  return errorReply(
    fault.status,
    fault.message ?? d.message,
    fault.type ?? d.type,
    fault.code === undefined ? d.code : fault.code,
    null,
    { ...retryHeaders(fault.status, retryAfter, fault.retryAfterFormat), ...fault.headers },
  );
}

/** A 200 that is not a chat completion (the `not-chat` fault): what a wrong URL or a broken proxy answers. */
export function notChatReply(shape: "html" | "text" | "empty-choices", completion: unknown): HttpReply {
  if (shape === "html")
    return {
      status: 200,
      raw: {
        data: "<!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1></body></html>",
        contentType: "text/html; charset=utf-8",
      },
    };
  if (shape === "text")
    return { status: 200, raw: { data: "Service is running.", contentType: "text/plain" } };
  return { status: 200, json: { ...(completion as object), choices: [] } };
}

/** Serialised bytes of a reply (for malformed/truncated variants and batch output). */
export function replyBytes(reply: HttpReply): { data: Buffer; contentType: string } {
  if (reply.raw)
    return {
      data: typeof reply.raw.data === "string" ? Buffer.from(reply.raw.data) : reply.raw.data,
      contentType: reply.raw.contentType,
    };
  if (reply.sse) return { data: Buffer.from(reply.sse.join("")), contentType: "text/event-stream" };
  return { data: Buffer.from(JSON.stringify(reply.json)), contentType: "application/json" };
}

/**
 * Writes a reply, possibly broken by a transport fault: "malformed-json" (valid HTTP, body not
 * JSON), "truncated-json" (Content-Length says more than is sent, then the socket closes).
 * Returns the outcome label for the stats.
 */
export function send(
  res: ServerResponse,
  reply: HttpReply,
  requestId: string,
  breakWith?: "malformed-json" | "truncated-json",
): number | "truncated" | "malformed" {
  const { data, contentType } = replyBytes(reply);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-request-id": requestId,
    ...reply.headers,
  };
  if (breakWith === "malformed-json") {
    // Cut inside a string and append junk: a complete HTTP response whose body no parser accepts.
    const body = Buffer.concat([
      data.subarray(0, Math.max(1, Math.floor(data.length / 2))),
      Buffer.from('\u0000"}<html>'),
    ]);
    res.writeHead(reply.status, { ...headers, "content-length": String(body.length) });
    res.end(body);
    return "malformed";
  }
  if (breakWith === "truncated-json") {
    res.writeHead(reply.status, { ...headers, "content-length": String(data.length) });
    res.write(data.subarray(0, Math.floor(data.length / 2)), () => res.socket?.destroy());
    return "truncated";
  }
  res.writeHead(reply.status, { ...headers, "content-length": String(data.length) });
  res.end(data);
  return reply.status;
}
