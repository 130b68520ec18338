import { z } from "zod";

const Text = z.string().min(1);
const Kind = z.string().regex(/^[\w-]+$/, "letters, digits, _ and -");
/** Product kinds an option is compatible with (absent: every product). */
const ProductKinds = z.array(Kind).min(1);

/**
 * A product of the catalogue. A plain string is a name only; an object gives what the seller may
 * quote: `price` and `terms` (every amount written there is a price the seller may state).
 */
export const ProductSchema = z.union([
  Text,
  z.strictObject({ name: Text, kind: Kind.optional(), price: Text.optional(), terms: Text.optional() }),
]);

/** An intent or outcome; `product_kinds` limits it to products of those kinds. */
export const ScenarioOptionSchema = z.union([
  Text,
  z.strictObject({ text: Text, product_kinds: ProductKinds.optional() }),
]);

/** An objection the customer may raise: `probability` that it comes up (default 0.5). */
export const ObjectionSchema = z.union([
  Text,
  z.strictObject({
    text: Text,
    probability: z.number().gt(0).max(1).optional(),
    product_kinds: ProductKinds.optional(),
  }),
]);

/** Something the persona never does; `patterns` (regular expressions) catch the obvious cases. */
export const MustNotSchema = z.strictObject({
  /** The rejection reason is `must_not_<id>`. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and _"),
  rule: Text,
  patterns: z.array(Text).default([]),
});

/** A persona the assistant plays, and the world its customers come from. Users write these in YAML. */
export const RolePackObject = z.strictObject({
  description: Text,
  /** Style and behaviour of the persona (the seed's ROLE_INSTRUCTIONS). */
  instructions: Text,
  language: z.string().min(2).default("ru"),
  /** The whole catalogue: the only products, prices and terms a seller may state. */
  products: z.array(ProductSchema).min(1),
  /** Terms of the whole shop (delivery, payment, returns); their amounts may be stated too. */
  terms: z.array(Text).optional(),
  customer_personas: z.array(Text).min(1),
  intents: z.array(ScenarioOptionSchema).min(1),
  objections: z.array(ObjectionSchema).default([]),
  outcomes: z.array(ScenarioOptionSchema).min(1),
  /** Share of dialogues that end open, with no decision (default 0.2). */
  open_endings: z.number().min(0).max(1).optional(),
  off_topic: z.array(Text).default([]),
  must_not: z.array(MustNotSchema).optional(),
  /** The system message of every record (default: instructions, catalogue and must_not rules). */
  system_prompt: Text.optional(),
  /** How speakers are labelled in the record's `prompt` field. */
  speaker_labels: z
    .strictObject({ user: Text, assistant: Text })
    .default({ user: "user", assistant: "assistant" }),
});

/** Cross-field rules: kinds that exist, every product with an intent and an outcome, valid patterns. */
export function checkRolePack(pack: z.output<typeof RolePackObject>, ctx: z.RefinementCtx): void {
  const kinds = new Set(pack.products.flatMap((p) => (typeof p === "object" && p.kind ? [p.kind] : [])));
  const lists = ["intents", "objections", "outcomes"] as const;
  for (const list of lists) {
    pack[list].forEach((o, i) => {
      for (const k of typeof o === "object" ? (o.product_kinds ?? []) : [])
        if (!kinds.has(k))
          ctx.addIssue({
            code: "custom",
            path: [list, i, "product_kinds"],
            message: `no product has kind '${k}'`,
          });
    });
  }
  pack.products.forEach((p, i) => {
    const kind = typeof p === "object" ? p.kind : undefined;
    for (const list of ["intents", "outcomes"] as const)
      if (!pack[list].some((o) => fits(o, kind)))
        ctx.addIssue({
          code: "custom",
          path: ["products", i],
          message: `no ${list.slice(0, -1)} fits this product${kind ? ` (kind '${kind}')` : ""}`,
        });
  });
  const ids = new Set<string>();
  (pack.must_not ?? []).forEach((rule, i) => {
    if (ids.has(rule.id))
      ctx.addIssue({ code: "custom", path: ["must_not", i, "id"], message: `duplicate id '${rule.id}'` });
    ids.add(rule.id);
    rule.patterns.forEach((p, j) => {
      try {
        new RegExp(p, "iu");
      } catch (e) {
        ctx.addIssue({
          code: "custom",
          path: ["must_not", i, "patterns", j],
          message: `not a regular expression: ${(e as Error).message}`,
        });
      }
    });
  });
}

export const RolePackSchema = RolePackObject.superRefine(checkRolePack);

/** True when a scenario option may go with a product of this kind. */
export function fits(option: ScenarioOptionInput | ObjectionInput, kind: string | undefined): boolean {
  if (typeof option === "string" || !option.product_kinds) return true;
  return kind !== undefined && option.product_kinds.includes(kind);
}

export type ScenarioOptionInput = z.output<typeof ScenarioOptionSchema>;
export type ObjectionInput = z.output<typeof ObjectionSchema>;
export type MustNotRule = z.output<typeof MustNotSchema>;
export type RolePackInput = z.input<typeof RolePackSchema>;
export type RolePack = z.output<typeof RolePackSchema> & { name: string };
