// @ts-check
// An example recipe in TypeScript's terms (checked JavaScript, so it runs without a build step):
// two models debate a motion, turn by turn. It is one folder and one line in
// src/recipes/registry.ts; your own project can pass such a file with `generate --recipe FILE.mjs`.
import { defineRecipe } from "dialogsmith";
import { z } from "zod";

const Options = z.object({
  motion: z
    .string()
    .min(5)
    .default("Cities should ban private cars from their centres")
    .describe("the motion debated"),
  turns: z.int().min(2).max(20).default(4).describe("messages in a debate, both sides counted"),
  max_words: z.int().min(10).max(400).default(80).describe("longest message, in words"),
});

/** @typedef {z.output<typeof Options>} DebateOptions */

const SIDES = /** @type {const} */ (["proposer", "opposer"]);

/** @param {DebateOptions} o @param {"proposer" | "opposer"} side */
function systemPrompt(o, side) {
  const stance = side === "proposer" ? "for" : "against";
  return `You argue ${stance} the motion "${o.motion}" in a live debate. Answer your opponent's last point, then make one new argument. At most ${o.max_words} words, no greeting, no speaker label.`;
}

/**
 * The debate so far as `side` sees it: its own messages are the assistant's, the other side's the user's.
 * @param {{side: string, text: string}[]} said @param {string} side
 */
function transcript(said, side) {
  return said.map((m) => ({ role: m.side === side ? "assistant" : "user", content: m.text }));
}

/** @param {DebateOptions} o @returns {(result: {content: string | null}) => any} */
function parseMessage(o) {
  return (result) => {
    const text = (result.content ?? "").trim().replace(/^(proposer|opposer)\s*:\s*/i, "");
    if (!text) return { ok: false, reason: "empty", detail: "the model answered nothing" };
    const words = text.split(/\s+/).length;
    if (words > o.max_words * 1.5)
      return { ok: false, reason: "too_long", detail: `${words} words (at most ${o.max_words})` };
    return { ok: true, value: text };
  };
}

/** @param {DebateOptions} o */
function debateProgram(o) {
  return {
    name: "debate",
    modelRoles: SIDES,
    outputFiles: ["dataset.jsonl", "rejected.jsonl"],
    /** @param {number} index @param {number} seed */
    idFor: (index, seed) => `debate-${seed}-${String(index).padStart(6, "0")}`,
    /** @param {import("dialogsmith").ConversationContext} ctx */
    async run(ctx) {
      /** @type {{side: "proposer" | "opposer", text: string}[]} */
      const said = [];
      try {
        await debate(ctx, o, said);
      } catch (e) {
        // A step rejected on every try (or a request that failed for good) drops this debate;
        // the engine starts another one until --count debates are complete.
        if (!(e instanceof Error) || e.name !== "StepFailedError") throw e;
        const { step, reason, detail } = /** @type {any} */ (e);
        const value = { id: ctx.id, step, reason, detail };
        return { status: "rejected", reason, detail, writes: [{ file: "rejected.jsonl", value }] };
      }
      const messages = said.map((m) => ({
        role: m.side === "proposer" ? "user" : "assistant",
        content: m.text,
      }));
      const record = {
        id: ctx.id,
        messages,
        metadata: { recipe: "debate", motion: o.motion, turns: o.turns },
      };
      return { status: "complete", writes: [{ file: "dataset.jsonl", value: record }] };
    },
  };
}

/**
 * Asks each side in turn; every step is journaled, so a resumed run replays the finished ones.
 * @param {import("dialogsmith").ConversationContext} ctx @param {DebateOptions} o
 * @param {{side: "proposer" | "opposer", text: string}[]} said
 */
async function debate(ctx, o, said) {
  for (let turn = 0; turn < o.turns; turn++) {
    const side = SIDES[turn % 2];
    const opening = { role: /** @type {const} */ ("user"), content: `The debate opens. Motion: ${o.motion}` };
    const { value } = await ctx.step({
      name: `t${turn + 1}`,
      role: side,
      request: () => ({
        messages: [{ role: "system", content: systemPrompt(o, side) }, opening, ...transcript(said, side)],
        max_tokens: o.max_words * 3,
      }),
      parse: parseMessage(o),
    });
    said.push({ side, text: /** @type {string} */ (value) });
  }
}

async function* endless() {
  for (let i = 0; ; i++) yield i;
}

export default defineRecipe({
  name: "debate",
  summary: "two models debate a motion, turn by turn",
  options: Options,
  roles: {
    proposer: { description: "argues for the motion" },
    opposer: { description: "argues against it" },
  },
  defaultCount: 10,
  label: (o) =>
    o.motion
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 24)
      .replace(/-+$/, ""),
  prepare: (run) => ({ program: debateProgram(run.options), inputs: endless, target: run.count }),
});
