import { createWriteStream, openAsBlob, renameSync, rmSync, statSync } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import OpenAI, { toFile } from "openai";
import { AuthError, EndpointError, UsageError } from "../../core/errors.js";
import { readSecretFromEnv, redactSecrets } from "../../core/secrets.js";
import { ABORTED, classifyAttemptError } from "../classify-error.js";

export type RemoteBatch = OpenAI.Batches.Batch;

/** Where the Batch API is: the model's endpoint, never its key (only the variable's name). */
export interface BatchEndpoint {
  baseUrl: string;
  apiKeyEnv?: string;
}

export interface BatchClientOptions {
  env?: NodeJS.ProcessEnv;
  /** Custom fetch for the SDK (tests and proxies). */
  fetch?: typeof fetch;
  /** SDK retries of idempotent calls (never of batch creation). Default 3. */
  maxRetries?: number;
}

/**
 * A Batch API call that failed. `ambiguous`: the server may have acted anyway (connection lost,
 * timeout, 5xx), so a create must be reconciled before it is tried again.
 */
export class BatchRequestError extends EndpointError {
  constructor(
    message: string,
    readonly ambiguous: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = "BatchRequestError";
  }
}

export const BATCH_ENDPOINT = "/v1/chat/completions";

/**
 * The OpenAI Files and Batches APIs through the official SDK. The API key is read from the
 * environment on every call (at the moment of use), given only to the SDK, registered for
 * redaction, and never stored.
 */
export class BatchClient {
  readonly baseUrl: string;

  constructor(
    readonly endpoint: BatchEndpoint,
    private readonly options: BatchClientOptions = {},
  ) {
    this.baseUrl = endpoint.baseUrl.replace(/\/+$/, "");
  }

  private sdk(): OpenAI {
    const envName = this.endpoint.apiKeyEnv;
    const key = readSecretFromEnv(envName, this.options.env ?? process.env);
    if (!key && /api\.openai\.com/.test(this.baseUrl))
      throw new UsageError(
        `${envName ? `$${envName} is not set` : "no API key configured"}: export OPENAI_API_KEY (or pass --api-key-env VAR) to use the Batch API`,
      );
    return new OpenAI({
      baseURL: this.baseUrl,
      apiKey: key ?? "not-needed",
      maxRetries: this.options.maxRetries ?? 3,
      fetch: this.options.fetch,
    });
  }

  private async call<T>(what: string, fn: (sdk: OpenAI) => Promise<T>): Promise<T> {
    const sdk = this.sdk();
    try {
      return await fn(sdk);
    } catch (e) {
      throw this.toError(what, e);
    }
  }

  private toError(what: string, error: unknown): Error {
    if (error instanceof UsageError) return error;
    const f = classifyAttemptError(error);
    const where = `the Batch API at ${this.baseUrl}`;
    if (f === ABORTED) return new BatchRequestError(`${what}: aborted (${where})`, true);
    if (f.kind === "auth") {
      const env = this.endpoint.apiKeyEnv;
      return new AuthError(
        `authentication failed for ${where}: ${env ? `check $${env}` : "pass --api-key-env VAR"}`,
      );
    }
    if (f.kind === "connection" && f.refused)
      return new BatchRequestError(
        `${what}: cannot connect to ${where} (${f.message}): check --base-url`,
        false,
      );
    if (f.status !== undefined) {
      const ambiguous = f.status >= 500 || f.status === 408 || f.status === 409;
      return new BatchRequestError(
        redactSecrets(`${what}: HTTP ${f.status} from ${where}: ${f.message}`),
        ambiguous,
        f.status,
      );
    }
    const detail = f.kind === "timeout" ? "timed out" : f.message;
    return new BatchRequestError(redactSecrets(`${what}: ${detail} (${where})`), true);
  }

  /** Uploads a JSONL file with purpose "batch" (streamed from disk). */
  async upload(path: string, filename = basename(path)): Promise<{ id: string; bytes: number }> {
    const file = await toFile(await openAsBlob(path), filename, { type: "application/jsonl" });
    const created = await this.call(`uploading ${filename}`, (sdk) =>
      sdk.files.create({ file, purpose: "batch" }),
    );
    return { id: created.id, bytes: created.bytes };
  }

  /** Creates a batch. Never retried here: a lost answer may hide a created batch (see reconcile). */
  async create(inputFileId: string, metadata: Record<string, string>): Promise<RemoteBatch> {
    return this.call("creating the batch", (sdk) =>
      sdk.batches.create(
        { input_file_id: inputFileId, endpoint: BATCH_ENDPOINT, completion_window: "24h", metadata },
        { maxRetries: 0 },
      ),
    );
  }

  async retrieve(batchId: string): Promise<RemoteBatch> {
    return this.call(`reading batch ${batchId}`, (sdk) => sdk.batches.retrieve(batchId));
  }

  async cancel(batchId: string): Promise<RemoteBatch> {
    return this.call(`cancelling batch ${batchId}`, (sdk) => sdk.batches.cancel(batchId));
  }

  /**
   * The newest batch whose metadata has `key: value`, looking back to `createdAfterS` (epoch
   * seconds; listing is newest first, so the scan stops there).
   */
  async findByMetadata(key: string, value: string, createdAfterS: number): Promise<RemoteBatch | undefined> {
    return this.call("listing batches", async (sdk) => {
      for await (const b of sdk.batches.list({ limit: 100 })) {
        if (b.metadata?.[key] === value) return b;
        if (b.created_at < createdAfterS) break;
      }
      return undefined;
    });
  }

  /** Streams a file's content to `dest` (written beside it, then renamed: never half a file). */
  async download(fileId: string, dest: string): Promise<number> {
    const tmp = `${dest}.tmp-${process.pid}`;
    try {
      await this.call(`downloading file ${fileId}`, async (sdk) => {
        const res = await sdk.files.content(fileId);
        if (!res.body) throw new Error("empty response body");
        await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream), createWriteStream(tmp));
      });
      renameSync(tmp, dest);
    } finally {
      rmSync(tmp, { force: true });
    }
    return statSync(dest).size;
  }
}
