import { z } from "zod";
import { baseUrlProblem } from "./base-url.js";

/** Prices in USD per million tokens. */
export const PriceSchema = z.strictObject({
  input_per_mtok: z.number().nonnegative(),
  output_per_mtok: z.number().nonnegative(),
  /** Optional discount for Batch API requests (OpenAI: 0.5). */
  batch_discount: z.number().min(0).max(1).optional(),
});

export const StructuredOutputSchema = z.enum(["json_schema", "json_object", "none"]);
export type StructuredOutputMode = z.infer<typeof StructuredOutputSchema>;

const BaseUrlSchema = z.string().superRefine((value, ctx) => {
  const problem = baseUrlProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** The NAME of the environment variable holding the key, never the key itself. */
const ApiKeyEnvSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name like OPENAI_API_KEY, not the key itself");

// Ranges as the flags have them (see cli/options.ts and the README).
const ConcurrencySchema = z.int().min(1).max(4096);
const RpmSchema = z.number().min(0.001).max(1_000_000);
const TpmSchema = z.number().min(1).max(1_000_000_000);

/**
 * One replica of a model (`endpoints:`): its URL, its share of the requests (`weight`), and its
 * own key and limits; what it does not set is the entry's.
 */
export const EndpointSchema = z.strictObject({
  base_url: BaseUrlSchema,
  weight: z.number().gt(0).max(1_000_000).default(1),
  api_key_env: ApiKeyEnvSchema.optional(),
  concurrency: ConcurrencySchema.optional(),
  rpm: RpmSchema.optional(),
  tpm: TpmSchema.optional(),
});
export type EndpointConfig = z.output<typeof EndpointSchema>;

/** One named model: where it is, how to call it, how fast we may call it, what it costs. */
export const ModelConfigSchema = z.strictObject({
  /** One URL, or several replicas of the same model (each gets weight 1 and the entry's limits). */
  base_url: z.union([BaseUrlSchema, z.array(BaseUrlSchema).min(1, "list at least one URL")]).optional(),
  /** Replicas with their own weight, key and limits (instead of base_url). */
  endpoints: z.array(EndpointSchema).min(1, "list at least one endpoint").optional(),
  /** Other `models:` entries that serve a step when this one cannot (all endpoints out, overloaded). */
  fallback: z.array(z.string().min(1)).min(1, "name at least one other models: entry").optional(),
  model: z.string().min(1),
  api_key_env: ApiKeyEnvSchema.optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  max_tokens: z.int().positive().optional(),
  timeout_s: z.number().min(0.1).max(3600).default(120),
  concurrency: ConcurrencySchema.default(16),
  rpm: RpmSchema.optional(),
  tpm: TpmSchema.optional(),
  structured_output: StructuredOutputSchema.default("json_schema"),
  price: PriceSchema.optional(),
  /** Largest answer body kept, in bytes (default 4 MiB): a runaway answer fails its item instead of filling the disk. */
  max_response_bytes: z.int().positive().optional(),
  /** Extra fields merged into every request body (e.g. provider-specific options). */
  extra_body: z.record(z.string(), z.unknown()).optional(),
});

export type ModelConfigInput = z.input<typeof ModelConfigSchema>;
export type ModelConfig = z.output<typeof ModelConfigSchema>;

/** A model config with its name, as the model layer receives it. */
export interface NamedModelConfig extends ModelConfig {
  name: string;
  /** The `fallback:` entries, resolved (their own fallbacks are not followed). */
  fallbacks?: NamedModelConfig[];
}

/** The OpenAI API, for a model with no base_url. */
export const DEFAULT_BASE_URL = "https://api.openai.com/v1";

/**
 * The replicas of a model, each with its own settings filled in from the entry: `endpoints:`,
 * a `base_url` list (weight 1 each), or the one base_url.
 */
export function endpointsOf(config: ModelConfig): EndpointConfig[] {
  if (config.endpoints) return config.endpoints;
  const urls = Array.isArray(config.base_url) ? config.base_url : [config.base_url ?? DEFAULT_BASE_URL];
  return urls.map((base_url) => ({ base_url, weight: 1 }));
}

/** Where a model is, for messages: its URL, or its replicas' URLs joined. */
export function describeEndpoints(config: ModelConfig): string {
  return endpointsOf(config)
    .map((e) => e.base_url)
    .join(", ");
}

/** The first replica's URL (the Batch API and messages that name one endpoint). */
export function primaryBaseUrl(config: ModelConfig): string {
  return endpointsOf(config)[0].base_url;
}
