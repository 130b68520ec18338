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

/** One named model: where it is, how to call it, how fast we may call it, what it costs. */
export const ModelConfigSchema = z.strictObject({
  base_url: z
    .string()
    .superRefine((value, ctx) => {
      const problem = baseUrlProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  model: z.string().min(1),
  /** The NAME of the environment variable holding the key, never the key itself. */
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name like OPENAI_API_KEY, not the key itself")
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  max_tokens: z.int().positive().optional(),
  // Ranges as the flags have them (see cli/options.ts and the README).
  timeout_s: z.number().min(0.1).max(3600).default(120),
  concurrency: z.int().min(1).max(4096).default(16),
  rpm: z.number().min(0.001).max(1_000_000).optional(),
  tpm: z.number().min(1).max(1_000_000_000).optional(),
  structured_output: StructuredOutputSchema.default("json_schema"),
  price: PriceSchema.optional(),
  /** Largest answer body kept, in bytes (default 4 MiB): a runaway answer fails its item instead of filling the disk. */
  max_response_bytes: z.int().positive().optional(),
  /** Extra fields merged into every request body (e.g. provider-specific options). */
  extra_body: z.record(z.string(), z.unknown()).optional(),
});

export type ModelConfigInput = z.input<typeof ModelConfigSchema>;
export type ModelConfig = z.output<typeof ModelConfigSchema>;

/** A model config with its name, as the llm layer receives it. */
export interface NamedModelConfig extends ModelConfig {
  name: string;
}
