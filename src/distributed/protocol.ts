import { z } from "zod";
import { ModelConfigSchema, StructuredOutputSchema } from "../config/model-config.js";

/**
 * What goes through Redis between a coordinator (`generate ... --queue`) and its workers. Both
 * sides validate what they read: a worker of another version fails a step loudly, never silently.
 *
 * Keys: one BullMQ queue per `models:` entry, named after it, under QUEUE_PREFIX; our own keys
 * (the entry registry, counters, shared rate limits) under META_PREFIX, which no queue can use.
 */
export const QUEUE_PREFIX = "dialogsmith";
export const META_PREFIX = "dialogsmith-meta";
/** Hash: entry name -> the coordinator's definition (JSON), so workers know which queues to serve. */
export const REGISTRY_KEY = `${META_PREFIX}:models`;
/** Channel: a coordinator announces new entries here, so workers start serving them at once. */
export const REGISTRY_CHANNEL = `${META_PREFIX}:models-added`;
/** Hash: `model|worker|done` and `model|worker|failed` -> steps finished (`queue status`). */
export const COUNTS_KEY = `${META_PREFIX}:counts`;

export function countField(model: string, worker: string, outcome: "done" | "failed"): string {
  return `${model}|${worker}|${outcome}`;
}

export function limitKeyPrefix(model: string, what: "rpm" | "tpm"): string {
  return `${META_PREFIX}:limit:${what}:${model}`;
}

export const PROTOCOL_VERSION = 2;

/** A model entry as the coordinator resolved it: variable names, never keys. */
const NamedEntrySchema = ModelConfigSchema.extend({ name: z.string().min(1) });
/** A model entry as the coordinator resolved it, with its fallback entries. */
export const ModelDefinitionSchema = NamedEntrySchema.extend({
  fallbacks: z.array(NamedEntrySchema).optional(),
});

const ToolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

// Loose: whatever the recipe put in a request reaches the worker's endpoint unchanged.
const ChatRequestSchema = z.looseObject({
  messages: z.array(z.looseObject({ role: z.string(), content: z.string().nullable() })),
});

/** One model step: a chat request for a role's `models:` entry. */
export const StepJobSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  /** The `models:` entry name: a worker with its own entry of that name uses it. */
  model: z.string().min(1),
  /** The coordinator's definition of the entry, for workers whose config has none. */
  definition: ModelDefinitionSchema,
  request: ChatRequestSchema,
});

const AnswerSchema = z.object({
  content: z.string().nullable(),
  toolCalls: z.array(ToolCallSchema).optional(),
  finishReason: z.string().nullable(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }),
  model: z.string(),
});

/** The worker's request events (sent, outcome, retry): the coordinator's ledger and counters. */
const StepEventSchema = z.looseObject({ type: z.string() });

const common = {
  v: z.literal(PROTOCOL_VERSION),
  /** The worker's name (`queue status`, events.jsonl). */
  worker: z.string(),
  events: z.array(StepEventSchema),
};

/** What a worker returns for a step: the answer, or why the step failed for good. */
export const StepResultSchema = z.discriminatedUnion("ok", [
  z.object({
    ...common,
    ok: z.literal(true),
    answer: AnswerSchema,
    /** The structured-output mode the answer was asked in (a server may have refused a richer one). */
    structured_output: StructuredOutputSchema,
  }),
  z.object({
    ...common,
    ok: z.literal(false),
    /** The worker's ModelError, final for the step: the coordinator raises it again. */
    error: z.object({
      kind: z.enum([
        "auth",
        "not_found",
        "rate_limit",
        "server",
        "timeout",
        "connection",
        "bad_request",
        "content",
      ]),
      message: z.string(),
      label: z.string(),
      reason: z.string(),
      /** The model cannot serve the run at all (401/403, unknown model, nothing listening): it stops. */
      stopsRun: z.boolean(),
      status: z.number().optional(),
    }),
  }),
]);

export type StepJob = z.infer<typeof StepJobSchema>;
export type StepResult = z.infer<typeof StepResultSchema>;
export type StepEvent = z.infer<typeof StepEventSchema>;

/**
 * BullMQ options of every step job. One attempt: the worker retries HTTP failures itself (with
 * the run's retry policy); a job comes back only when its worker dies (stalled-job redelivery).
 * Finished jobs stay a day, so a coordinator restarted with --resume picks up the results of
 * steps that finished while it was down instead of paying for them again.
 */
export const JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { age: 24 * 3600, count: 20_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 2_000 },
} as const;

/**
 * Steps a coordinator keeps queued per model, as a multiple of the entry's `concurrency` (one
 * worker's slots): enough to keep 16 such workers busy. The engine's window follows from it.
 */
export const QUEUED_STEPS_PER_SLOT = 16;

/** How often a worker with a dead peer gets its steps back: BullMQ's lock duration. */
export const DEFAULT_LOCK_MS = 30_000;

/** A killed worker's step is redelivered at most this many times before it fails. */
export const MAX_STALLED = 5;
