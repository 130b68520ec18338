import { z } from "zod";

/** A persona the assistant plays, and the world its customers come from. Users write these in YAML. */
export const RolePackSchema = z.strictObject({
  description: z.string().min(1),
  /** Style and behaviour of the persona (the seed's ROLE_INSTRUCTIONS). */
  instructions: z.string().min(1),
  language: z.string().min(2).default("ru"),
  products: z.array(z.string().min(1)).min(1),
  customer_personas: z.array(z.string().min(1)).min(1),
  intents: z.array(z.string().min(1)).min(1),
  objections: z.array(z.string().min(1)).default([]),
  outcomes: z.array(z.string().min(1)).min(1),
  off_topic: z.array(z.string().min(1)).default([]),
  /** How speakers are labelled in the record's `prompt` field. */
  speaker_labels: z
    .strictObject({ user: z.string().min(1), assistant: z.string().min(1) })
    .default({ user: "user", assistant: "assistant" }),
});

export type RolePackInput = z.input<typeof RolePackSchema>;
export type RolePack = z.output<typeof RolePackSchema> & { name: string };
