import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readStructuredFile } from "../../src/config/load-config.js";
import { generateFromRecipe, type RecipeResult } from "../../src/pipelines/generate-recipe.js";
import { resolveDomainPack } from "../../src/recipes/tools/domain-packs.js";
import { ToolSchemas } from "../../src/recipes/tools/tool-schemas.js";
import type { ChatRequestBody, ResponderContext } from "../../src/testing/fake-openai-server.js";
import { recipeResponder, sentence, systemOf } from "../support/recipe-responder.js";
import { tempDir } from "../support/tmp.js";
import {
  answered,
  type ChatBody,
  closeServersAfterEach,
  EXAMPLES,
  fakeServer,
  jsonl,
  modelsConfig,
  systemText,
} from "./support/fixtures.js";

const root = tempDir("dialogsmith-recipes-");
closeServersAfterEach();

type Message = {
  role: string;
  content: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
  name?: string;
};
interface Meta {
  index: number;
  num_messages: number;
  ended: string;
  models: Record<string, string>;
  position?: string;
  scenario: {
    problem: string;
    grade: number;
    student: { age: number; first_name: string };
    position: string;
  };
}
type Rec = { id: string; messages: Message[]; tools?: unknown[]; metadata: Meta };

function run(result: RecipeResult) {
  if (result.kind !== "run") throw new Error("expected a run");
  return result;
}

const isStudent = (body: ChatRequestBody) => systemOf(body).includes("You are stuck on this problem");
const KOREAN = ["주문", "메뉴", "배달", "가게", "치킨", "감사합니다", "확인", "결제", "장바구니", "주소"];
const korean = (ctx: ResponderContext) =>
  Array.from({ length: 4 + ctx.rng.int(0, 6) }, () => KOREAN[ctx.rng.int(0, KOREAN.length - 1)]).join(" ");

describe("examples/recipes/tutoring.yaml", () => {
  test("count exact, roles and scenario as declared, stop marker honoured, a failing check retried then replaced, export written", async () => {
    const server = await fakeServer({
      latencyMs: 2,
      responder: recipeResponder({
        // The student ends after its fourth message (the marker counts from 6 messages on).
        endWith: (body) => (isStudent(body) && body.messages.length >= 7 ? "[DONE]" : undefined),
        // The tutor of a grade-6 student always gives the answer away: those dialogues are rejected.
        text: (body, ctx) =>
          !isStudent(body) && systemOf(body).includes("grade 6 student")
            ? "The answer is 42."
            : sentence(ctx),
      }),
    });
    const dir = join(root, "tutoring");
    const config = modelsConfig(root, server, ["student", "tutor"], "tutoring.yaml");
    const flags = {
      recipe: join(EXAMPLES, "tutoring.yaml"),
      config,
      count: 6,
      quiet: true,
      cacheDir: join(root, "cache"),
    };
    const result = run(await generateFromRecipe(undefined, { ...flags, out: dir }));
    expect(result.report.stopped).toBe("done");
    const records = jsonl<Rec>(join(dir, "dataset.jsonl"));
    expect(records).toHaveLength(6);
    const problems = readFileSync(join(EXAMPLES, "tutoring-problems.txt"), "utf8").trim().split("\n");
    for (const r of records) {
      const { scenario } = r.metadata;
      expect(r.id).toBe(`tutoring-42-${String(r.metadata.index).padStart(6, "0")}`);
      expect(problems).toContain(scenario.problem);
      expect(scenario.grade).toBeGreaterThanOrEqual(7); // grade 6 never survives its check
      expect(scenario.grade).toBeLessThanOrEqual(9);
      expect(scenario.student.age).toBeGreaterThanOrEqual(11);
      expect(scenario.student.age).toBeLessThanOrEqual(15);
      expect(r.messages[0]).toEqual({
        role: "system",
        content: expect.stringContaining(`for a grade ${scenario.grade} student`),
      });
      const turns = r.messages.slice(1);
      expect(turns.map((m) => m.role)).toEqual(turns.map((_, i) => (i % 2 === 0 ? "user" : "assistant")));
      expect(turns.at(-1)?.role).toBe("assistant"); // end_with: assistant
      expect(turns.some((m) => m.content?.includes("[DONE]"))).toBe(false);
      expect(r.metadata.num_messages).toBe(turns.length);
      expect(r.metadata.models).toEqual({ student: "student-model", tutor: "tutor-model" });
    }
    // The marker came with the student's 4th message (7 messages so far), the tutor answered it.
    expect(records.some((r) => r.metadata.ended === "marker" && r.metadata.num_messages === 8)).toBe(true);
    const rejected = jsonl<{ reason: string; detail: string }>(join(dir, "rejected.jsonl"));
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((r) => r.reason === "tutor_gave_answer")).toBe(true);
    expect(result.report.rejection_reasons.tutor_gave_answer).toBe(rejected.length);
    expect(result.steps.content_retries).toBeGreaterThanOrEqual(rejected.length);
    // The student's prompt is its scenario: name, problem.
    const first = answered(server).find((a) =>
      systemText(a.body).includes(records[0].metadata.scenario.problem),
    );
    expect(systemText(first!.body)).toContain(`You are ${records[0].metadata.scenario.student.first_name},`);
    expect(jsonl(join(dir, "export/openai.jsonl"))).toHaveLength(6);

    // Run again into a new directory: every answer comes from the cache, the dataset is the same bytes.
    const before = server.stats.chat.requests;
    run(await generateFromRecipe(undefined, { ...flags, out: join(root, "tutoring-again") }));
    expect(server.stats.chat.requests).toBe(before);
    expect(readFileSync(join(root, "tutoring-again/dataset.jsonl"), "utf8")).toBe(
      readFileSync(join(dir, "dataset.jsonl"), "utf8"),
    );
  });
});

describe("examples/recipes/delivery-support.yaml", () => {
  test("the agent calls the pack's tools, a hidden backend answers in their format, a bad call is retried", async () => {
    const server = await fakeServer({
      latencyMs: 2,
      responder: (body, ctx) => {
        // The agent's first try at a turn sometimes calls a tool the pack does not have.
        if (body.tools && body.messages.at(-1)?.role !== "tool" && ctx.attempt === 0 && ctx.rng.chance(0.3))
          return { toolCalls: [{ name: "teleport_food", arguments: {} }] };
        return recipeResponder({ text: (_b, c) => korean(c) })(body, ctx);
      },
    });
    const dir = join(root, "support");
    const config = modelsConfig(root, server, ["customer", "agent", "backend"], "support.yaml");
    const result = run(
      await generateFromRecipe(undefined, {
        recipe: join(EXAMPLES, "delivery-support.yaml"),
        config,
        count: 4,
        out: dir,
        quiet: true,
        cacheDir: join(root, "cache"),
      }),
    );
    expect(result.report.stopped).toBe("done");
    const pack = resolveDomainPack("delivery");
    const schemas = new ToolSchemas(pack);
    const records = jsonl<Rec>(join(dir, "dataset.jsonl"));
    expect(records).toHaveLength(4);
    let calls = 0;
    for (const r of records) {
      expect(r.tools).toEqual(pack.tools);
      const { user_id, today } = r.metadata.scenario as unknown as { user_id: string; today: string };
      expect(pack.user_ids).toContain(user_id);
      expect(r.messages[0].content).toBe(
        pack.system_prompt.replace("{{user_id}}", user_id).replace("{{date}}", today),
      );
      expect(r.messages.at(-1)?.role).toBe("assistant");
      for (const [i, m] of r.messages.entries()) {
        if (!m.tool_calls) continue;
        // Each call is answered, in order, by a tool message with its id, in the tool's format.
        for (const [k, call] of m.tool_calls.entries()) {
          calls++;
          const reply = r.messages[i + 1 + k];
          expect(reply).toMatchObject({ role: "tool", tool_call_id: call.id, name: call.function.name });
          expect(schemas.checkArguments(call.function.name, JSON.parse(call.function.arguments))).toEqual({
            ok: true,
          });
          expect(schemas.checkResult(call.function.name, JSON.parse(reply.content!))).toEqual({ ok: true });
        }
      }
      expect(JSON.stringify(r)).not.toContain("teleport_food");
    }
    expect(calls).toBeGreaterThan(0);
    expect(result.steps.content_retries).toBeGreaterThan(0);
    // The backend is a hidden role: its requests are made, its messages are no dataset turns.
    expect(result.report.models.backend.requests).toBeGreaterThan(0);
    const backend = answered(server).filter((a) => a.body.model === "backend-model");
    expect(backend.every((a) => a.body.response_format?.json_schema?.name === "tool_result")).toBe(true);
  });
});

describe("examples/recipes/interview.yaml", () => {
  test("a hidden panel's structured notes end the interview; the interviewer closes; the panel never reaches the data", async () => {
    const server = await fakeServer({
      latencyMs: 2,
      responder: (body, ctx) => {
        if (body.model === "panel-model") {
          const lines = String(body.messages.at(-1)?.content ?? "").split("\n").length;
          return JSON.stringify({ done: lines >= 10, note: `PANEL NOTE ${lines}` });
        }
        return recipeResponder()(body, ctx);
      },
    });
    const dir = join(root, "interview");
    const config = modelsConfig(root, server, ["interviewer", "candidate", "panel"], "interview.yaml");
    const recipe = join(EXAMPLES, "interview.yaml");
    const result = run(
      await generateFromRecipe(undefined, {
        recipe,
        config,
        count: 3,
        out: dir,
        quiet: true,
        cacheDir: join(root, "cache"),
      }),
    );
    const records = jsonl<Rec>(join(dir, "dataset.jsonl"));
    expect(records).toHaveLength(3);
    const planned = (readStructuredFile(recipe) as { turns: { count: { int: number[] } } }).turns.count.int;
    for (const r of records) {
      expect(JSON.stringify(r)).not.toContain("PANEL NOTE");
      expect(r.messages[0].role).toBe("assistant"); // the interviewer opens
      expect(r.messages.at(-1)?.role).toBe("assistant");
      expect(r.metadata.position).toBe(r.metadata.scenario.position);
      // Stopped by the panel (before the planned count when the count is long enough), then closed.
      if (r.metadata.ended === "until") expect(r.messages.length).toBeLessThan(planned[1] + 2);
    }
    expect(records.some((r) => r.metadata.ended === "until")).toBe(true);
    // The panel reads the transcript so far, never its own notes.
    const panel = answered(server).filter((a) => a.body.model === "panel-model");
    expect(panel.length).toBeGreaterThan(0);
    expect(panel.every((a) => !String(a.body.messages.at(-1)?.content).includes("PANEL NOTE"))).toBe(true);
    expect(panel.every((a) => a.body.response_format?.json_schema?.name === "panel_message")).toBe(true);
    const interviewer = answered(server).filter(
      (a: { body: ChatBody }) => a.body.model === "interviewer-model",
    );
    expect(interviewer.every((a) => !JSON.stringify(a.body).includes("PANEL NOTE"))).toBe(true);
    expect(result.report.models.panel.requests).toBe(panel.length);
  });
});
