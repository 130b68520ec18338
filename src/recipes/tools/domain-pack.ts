import { z } from "zod";

const JsonSchemaObject = z.record(z.string(), z.unknown());

/** An OpenAI function tool, exactly as it goes into the record's `tools` and the chat template. */
export const ToolSpecSchema = z.strictObject({
  type: z.literal("function"),
  function: z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64 characters"),
    description: z.string().min(1),
    parameters: JsonSchemaObject.refine(
      (s) => s.type === "object",
      'parameters must be a JSON Schema with type: "object"',
    ),
  }),
});

export const GoldCategorySchema = z.strictObject({
  /** Goes into custom_id and record ids: keep it short and ASCII. */
  name: z.string().regex(/^[a-z0-9_]{1,32}$/, "lower-case letters, digits and _, at most 32 characters"),
  description: z.string().min(1),
  count: z.int().positive().max(1000).default(10),
  /** The tools this category exercises: each dialogue of it must call every one. */
  tools: z.array(z.string()).optional(),
  /** Unsupported requests: the dialogue must make no tool call. */
  no_call: z.boolean().default(false),
  /** Every dialogue of the category gets an edge-case twist. */
  edge_case: z.boolean().default(false),
  /** User turns for this category (default: the run's --min-turns..--max-turns). */
  turns: z.strictObject({ min: z.int().positive(), max: z.int().positive() }).optional(),
});

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-02-14");

/** A domain pack: the assistant, its tools and the world its users come from. Users write these in YAML. */
export const DomainPackSchema = z
  .strictObject({
    name: z.string().regex(/^[\w.-]+$/, "letters, digits, _ . -"),
    language: z.string().min(2),
    /** One line on what the assistant is, for the dialogue writer. */
    description: z.string().optional(),
    /**
     * The assistant's own system prompt: written into every record as `system_prompt`, with
     * `{{user_id}}` and `{{date}}` filled in from the dialogue's scenario (the signed-in user and today).
     */
    system_prompt: z.string().min(1),
    tools: z.array(ToolSpecSchema).min(1),
    /** Per tool name, a JSON Schema of its result; the writer simulates results in this shape. */
    tools_return_format: z.record(z.string(), JsonSchemaObject).default({}),
    user_ids: z.array(z.string().min(1)).min(1),
    question_topics: z.array(z.string().min(1)).min(1),
    /**
     * Tools the assistant calls only after asking the user and getting an answer (placing or
     * cancelling an order): the call must come right after a user message that answers an
     * assistant question.
     */
    confirm_before: z.array(z.string()).optional(),
    /** Requests no tool can serve: the assistant must answer without a call. */
    unsupported_scenarios: z.array(z.string().min(1)).default([]),
    /** Twists (typos, changing one's mind, ambiguity...) mixed into some dialogues. */
    edge_cases: z.array(z.string().min(1)).default([]),
    gold_categories: z.array(GoldCategorySchema).default([]),
    /** The dialogue's "today" (`dates`) is drawn from this range. */
    date_range: z
      .strictObject({ from: IsoDate, to: IsoDate })
      .default({ from: "2025-01-01", to: "2026-12-31" }),
  })
  .superRefine((pack, ctx) => {
    const names = pack.tools.map((t) => t.function.name);
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n))
        ctx.addIssue({
          code: "custom",
          path: ["tools", i, "function", "name"],
          message: `duplicate tool '${n}'`,
        });
      seen.add(n);
    });
    for (const key of Object.keys(pack.tools_return_format)) {
      if (!seen.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["tools_return_format", key],
          message: `no tool named '${key}'`,
        });
    }
    (pack.confirm_before ?? []).forEach((t, i) => {
      if (!seen.has(t))
        ctx.addIssue({ code: "custom", path: ["confirm_before", i], message: `no tool named '${t}'` });
    });
    const categories = new Set<string>();
    pack.gold_categories.forEach((c, i) => {
      if (categories.has(c.name))
        ctx.addIssue({
          code: "custom",
          path: ["gold_categories", i, "name"],
          message: `duplicate category '${c.name}'`,
        });
      categories.add(c.name);
      for (const t of c.tools ?? [])
        if (!seen.has(t))
          ctx.addIssue({
            code: "custom",
            path: ["gold_categories", i, "tools"],
            message: `no tool named '${t}'`,
          });
      if (c.turns && c.turns.min > c.turns.max)
        ctx.addIssue({
          code: "custom",
          path: ["gold_categories", i, "turns"],
          message: "min is larger than max",
        });
      if (c.no_call && pack.unsupported_scenarios.length === 0)
        ctx.addIssue({
          code: "custom",
          path: ["gold_categories", i, "no_call"],
          message: "a no_call category needs unsupported_scenarios",
        });
    });
    if (pack.date_range.from > pack.date_range.to)
      ctx.addIssue({ code: "custom", path: ["date_range"], message: "from is after to" });
  });

export type DomainPackInput = z.input<typeof DomainPackSchema>;
export type DomainPack = z.output<typeof DomainPackSchema>;
export type ToolSpec = z.output<typeof ToolSpecSchema>;
export type GoldCategory = z.output<typeof GoldCategorySchema>;

export function toolNames(pack: DomainPack): string[] {
  return pack.tools.map((t) => t.function.name);
}
