import type { ChatMessage } from "../../core/conversation.js";
import type { Rng } from "../../core/rng.js";
import {
  type ConversationContext,
  type ConversationOutcome,
  type ConversationProgram,
  StepFailedError,
} from "../../engine/program.js";
import type { ChatRequest } from "../../models/types.js";
import { NearDuplicateDetector } from "../../quality/near-duplicates.js";
import type { DatasetRecord } from "../recipe.js";
import type { CompiledRecipe, CompiledRole } from "./compiled.js";
import { DialogueState, type MadeCall } from "./dialogue-state.js";
import { draw } from "./samplers.js";
import {
  type MessageParseContext,
  type MessageValue,
  parseCallerTurn,
  parseMessage,
  parseToolResult,
  toolResultSchema,
} from "./step-parsers.js";
import { TemplateRenderError, truthy } from "./templates.js";

export const RECIPE_FILES = { dataset: "dataset.jsonl", rejected: "rejected.jsonl" };

/** The first user message a role gets when it opens the conversation and has no `start`. */
export const DEFAULT_START = "Begin the conversation.";

/** Names every template can read; a scenario field may not take one. */
export const TEMPLATE_NAMES = [
  "scenario",
  "recipe",
  "language",
  "role",
  "turn",
  "step",
  "turns",
  "remaining",
  "is_first",
  "is_last",
  "closing",
  "history",
  "last",
  "said",
  "data",
  "transcript",
  "index",
  "call",
  "tool",
  "domain",
] as const;

/** A dialogue the program itself ends without keeping it (not a step's content failure). */
class DialogueRejected extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface YamlProgramOptions {
  /** The stable record id (the engine's format). */
  idFor: (index: number, runSeed: number) => string;
  /** Off in a dry run, where every answer is a placeholder: checks and the judge's pass rule. */
  checks?: boolean;
}

/** What was drawn for a dialogue before its first step. */
export interface DialoguePlan {
  scenario: Record<string, unknown>;
  /** Messages the dialogue is planned to have. */
  count: number;
}

/** Request failures (the request never got a usable answer) are "failed"; the rest are content. */
function isRequestFailure(reason: string): boolean {
  return /^http_\d+$/.test(reason) || reason === "retries_exhausted";
}

function pad(n: number): string {
  return String(n).padStart(3, "0");
}

/**
 * A YAML recipe as a conversation program: the roles take turns as the plan says, one journaled
 * step per message (tool calls and their simulated results are steps too), then the dialogue is
 * checked, shaped into a record and, with a judge, scored. Deterministic given its steps' values,
 * as the runner requires: a resumed dialogue replays its steps and asks only for the rest.
 */
export class YamlRecipeProgram implements ConversationProgram<unknown> {
  readonly name: string;
  readonly modelRoles: readonly string[];
  readonly outputFiles = [RECIPE_FILES.dataset, RECIPE_FILES.rejected];
  readonly restore?: ConversationProgram<unknown>["restore"];
  private readonly near?: NearDuplicateDetector<string>;
  private readonly checksOn: boolean;

  constructor(
    readonly recipe: CompiledRecipe,
    private readonly options: YamlProgramOptions,
  ) {
    this.name = recipe.name;
    this.modelRoles = Object.keys(recipe.roles);
    this.checksOn = options.checks ?? true;
    const near = recipe.checks.nearDuplicate;
    if (near && this.checksOn) {
      const detector = new NearDuplicateDetector<string>({ threshold: near.threshold });
      this.near = detector;
      this.restore = {
        files: [RECIPE_FILES.dataset],
        line: (_file, value) => detector.add(String((value as DatasetRecord).id), dialogueText(value)),
      };
    }
  }

  idFor(index: number, runSeed: number): string {
    return this.options.idFor(index, runSeed);
  }

  /** The dialogue's scenario and planned length, from its seed (and seed-dataset row). */
  plan(rng: Rng, row: unknown): DialoguePlan {
    const domain = this.recipe.tools?.pack;
    const scenario = this.recipe.scenario.sample(rng.fork(1), row, domain ? { domain } : {});
    const count = draw(this.recipe.turns.count, rng.fork(2), scenario, row);
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1)
      throw new TemplateRenderError(
        "turns.count",
        `expected a positive integer, got ${JSON.stringify(count)}`,
      );
    return { scenario, count };
  }

  async run(ctx: ConversationContext, row: unknown): Promise<ConversationOutcome> {
    const state = new DialogueState();
    let plan: DialoguePlan | undefined;
    try {
      plan = this.plan(ctx.rng, row);
      const ended = await this.converse(ctx, plan, state);
      return await this.finish(ctx, plan, state, ended);
    } catch (e) {
      if (e instanceof StepFailedError) {
        const kind = isRequestFailure(e.reason) ? "failed" : "rejected";
        return this.drop(ctx, kind, e.reason, `${e.step}: ${e.detail}`, state, plan);
      }
      if (e instanceof DialogueRejected) return this.drop(ctx, "rejected", e.reason, e.detail, state, plan);
      if (e instanceof TemplateRenderError)
        return this.drop(ctx, "failed", "template_error", e.message, state, plan);
      throw e;
    }
  }

  /** The turns, then (with `turns.end_with`) the closing message; returns why it ended. */
  private async converse(
    ctx: ConversationContext,
    plan: DialoguePlan,
    state: DialogueState,
  ): Promise<string> {
    const cursor = { step: 0 };
    const ended = await this.takeTurns(ctx, plan, state, cursor);
    const side = this.recipe.turns.endWith;
    if (side && ended !== "max_steps") await this.closeWith(side, ctx, plan, state, cursor);
    return ended;
  }

  /** The turn loop; returns why the conversation ended. */
  private async takeTurns(
    ctx: ConversationContext,
    plan: DialoguePlan,
    state: DialogueState,
    cursor: { step: number },
  ): Promise<string> {
    const { turns } = this.recipe;
    let closing = false;
    while (cursor.step < turns.maxSteps) {
      if (state.visible >= plan.count) return "count";
      const step = cursor.step++;
      const role = this.nextRole(step, ctx, plan, state);
      const value = await this.speak(ctx, role, step, plan, state);
      if (value.end) {
        if (value.text === "" || !turns.stop?.reply) return "marker";
        closing = true;
        continue;
      }
      if (closing && role.side !== "hidden") return "marker";
      if (turns.until && truthy(turns.until.evaluate(this.vars(role, step, ctx, plan, state))))
        return "until";
    }
    return state.visible >= plan.count ? "count" : "max_steps";
  }

  /** Goes on in turn order (hidden roles skipped) until a message of `side` is the last one. */
  private async closeWith(
    side: "user" | "assistant",
    ctx: ConversationContext,
    plan: DialoguePlan,
    state: DialogueState,
    cursor: { step: number },
  ): Promise<void> {
    state.closing = true;
    while (cursor.step < this.recipe.turns.maxSteps) {
      const last = state.entries.findLast((e) => e.kind === "message" && e.side !== "hidden");
      if (!last || (last.kind === "message" && last.side === side)) return;
      const step = cursor.step++;
      const role = this.nextRole(step, ctx, plan, state);
      if (role.side !== "hidden") await this.speak(ctx, role, step, plan, state);
    }
  }

  private nextRole(
    step: number,
    ctx: ConversationContext,
    plan: DialoguePlan,
    state: DialogueState,
  ): CompiledRole {
    const { turns, roles } = this.recipe;
    if (!turns.next) return roles[turns.order[step % turns.order.length]];
    const any = Object.values(roles)[0];
    const name = turns.next.render(this.vars(any, step, ctx, plan, state)).trim();
    const role = roles[name];
    if (!role)
      throw new TemplateRenderError(
        "turns.next",
        `named '${name}', which is no role (roles: ${Object.keys(roles).join(", ")})`,
      );
    return role;
  }

  /** Template variables for a step of `role`. */
  vars(
    role: CompiledRole,
    step: number,
    ctx: { index: number },
    plan: DialoguePlan,
    state: DialogueState,
  ): Record<string, unknown> {
    const spoken = state.spoken();
    const window = role.window ?? this.recipe.turns.window;
    const recent = window === undefined ? spoken : spoken.slice(-window);
    return {
      ...plan.scenario,
      scenario: plan.scenario,
      recipe: this.recipe.name,
      language: this.recipe.language,
      role: role.name,
      turn: state.visible,
      step,
      turns: plan.count,
      remaining: Math.max(0, plan.count - state.visible),
      is_first: state.visible === 0,
      is_last: state.visible + 1 >= plan.count,
      closing: state.closing,
      history: recent,
      last: state.lastMessage() ?? null,
      said: state.said(),
      data: state.data,
      transcript: recent.map((m) => `${m.role}: ${m.content}`).join("\n"),
      index: ctx.index,
      ...(this.recipe.tools ? { domain: this.recipe.tools.pack } : {}),
    };
  }

  /** The request a role sends: its system prompt, then its view of the chat (or its one prompt). */
  request(
    role: CompiledRole,
    vars: Record<string, unknown>,
    state: DialogueState,
    system: string,
  ): ChatRequest {
    const messages: ChatMessage[] = system === "" ? [] : [{ role: "system", content: system }];
    if (role.prompt) messages.push({ role: "user", content: role.prompt.render(vars) });
    else {
      const window = role.window ?? this.recipe.turns.window;
      const view = state.viewOf(role.name, window, this.recipe.tools?.caller);
      if (view.length === 0)
        messages.push({ role: "user", content: role.start ? role.start.render(vars) : DEFAULT_START });
      else messages.push(...view);
    }
    const request: ChatRequest = { messages, ...role.sampling };
    if (role.structured)
      request.outputSchema = { name: `${role.name}_message`, schema: role.structured.schema };
    return request;
  }

  private parseContext(role: CompiledRole, state: DialogueState): MessageParseContext {
    return {
      role,
      stop: this.recipe.turns.stop,
      visible: state.visible,
      checks: this.recipe.checks.message,
      checksOn: this.checksOn,
    };
  }

  /** One turn of `role`: a message, or for the tools' caller, calls and results until it answers. */
  private async speak(
    ctx: ConversationContext,
    role: CompiledRole,
    step: number,
    plan: DialoguePlan,
    state: DialogueState,
  ): Promise<MessageValue> {
    const tools = this.recipe.tools;
    if (tools && role.name === tools.caller) return this.callerTurn(ctx, role, step, plan, state);
    return this.ask(ctx, role, { step, name: `s${pad(step)}.${role.name}` }, plan, state);
  }

  /**
   * One message step of `role`, added to the conversation. With `round`, the tools' caller: its
   * request carries the tools and its answer may be calls (their ids stable: dialogue, step, round).
   */
  private async ask(
    ctx: ConversationContext,
    role: CompiledRole,
    at: { step: number; name: string; round?: number },
    plan: DialoguePlan,
    state: DialogueState,
  ): Promise<MessageValue> {
    const tools = at.round === undefined ? undefined : this.recipe.tools;
    const vars = this.vars(role, at.step, ctx, plan, state);
    const system = role.system.render(vars);
    state.firstSystem[role.name] ??= system;
    const callId = (k: number) => `call_${ctx.index}_${at.step}_${at.round}_${k}`;
    const done = await ctx.step({
      name: at.name,
      role: role.name,
      request: () => {
        const request = this.request(role, vars, state, system);
        return tools ? { ...request, tools: tools.pack.tools } : request;
      },
      parse: (result) =>
        tools
          ? parseCallerTurn(result, this.parseContext(role, state), tools, callId)
          : parseMessage(result, this.parseContext(role, state)),
    });
    state.served[role.name] ??= done.model;
    const { text, data, calls } = done.value;
    state.add({ kind: "message", role: role.name, side: role.side, text, data, calls });
    return done.value;
  }

  private async callerTurn(
    ctx: ConversationContext,
    role: CompiledRole,
    step: number,
    plan: DialoguePlan,
    state: DialogueState,
  ): Promise<MessageValue> {
    const tools = this.recipe.tools!;
    const base = `s${pad(step)}.${role.name}`;
    for (let round = 0; round < tools.maxRounds; round++) {
      const name = round === 0 ? base : `${base}.r${round}`;
      const value = await this.ask(ctx, role, { step, name, round }, plan, state);
      if (!value.calls?.length) return value;
      for (const [k, call] of value.calls.entries())
        await this.simulateTool(ctx, `${base}.r${round}.c${k}`, call, step, plan, state);
    }
    throw new DialogueRejected(
      "too_many_tool_calls",
      `${base}: still calling tools after ${tools.maxRounds} rounds`,
    );
  }

  private async simulateTool(
    ctx: ConversationContext,
    name: string,
    call: MadeCall,
    step: number,
    plan: DialoguePlan,
    state: DialogueState,
  ): Promise<void> {
    const tools = this.recipe.tools!;
    const sim = this.recipe.roles[tools.simulator];
    const spec = tools.pack.tools.find((t) => t.function.name === call.name);
    const vars = {
      ...this.vars(sim, step, ctx, plan, state),
      call: { name: call.name, arguments: call.arguments, json: call.json },
      tool: {
        name: call.name,
        description: spec?.function.description ?? "",
        result_format: tools.pack.tools_return_format[call.name] ?? null,
        // What the tools answered before in this dialogue: later results must agree with them.
        previous: state.entries.flatMap((e) =>
          e.kind === "tool" ? [{ name: e.call.name, arguments: e.call.arguments, result: e.result }] : [],
        ),
      },
    };
    const done = await ctx.step({
      name,
      role: sim.name,
      request: () => {
        const system = sim.system.render(vars);
        const prompt = sim.prompt
          ? sim.prompt.render(vars)
          : `Tool call: ${call.name}(${call.json})\nAnswer with {"result": ...}: the tool's result in its format.`;
        return {
          messages: [
            ...(system ? [{ role: "system" as const, content: system }] : []),
            { role: "user", content: prompt },
          ],
          ...sim.sampling,
          outputSchema: { name: "tool_result", schema: toolResultSchema(tools, call.name) },
        };
      },
      parse: (result) => parseToolResult(result, tools, call.name, this.checksOn),
    });
    state.served[sim.name] ??= done.model;
    state.add({ kind: "tool", role: sim.name, call, result: done.value.result });
  }

  /** Checks the finished dialogue and shapes the record (a judge, if any, wraps the program). */
  private async finish(
    ctx: ConversationContext,
    plan: DialoguePlan,
    state: DialogueState,
    ended: string,
  ): Promise<ConversationOutcome> {
    if (this.checksOn) {
      const said = state.spoken().map((m) => ({ role: m.role, text: m.content }));
      for (const check of this.recipe.checks.dialogue) {
        const failure = check.check(said);
        if (failure) return this.drop(ctx, "rejected", failure.reason, failure.detail, state, plan);
      }
    }
    const record = this.record(ctx, plan, state, ended);
    return { status: "complete", writes: [{ file: RECIPE_FILES.dataset, value: record }] };
  }

  record(
    ctx: { id: string; index: number; runSeed: number },
    plan: DialoguePlan,
    state: DialogueState,
    ended: string,
  ): DatasetRecord & { messages: ChatMessage[]; tools?: unknown[]; metadata: Record<string, unknown> } {
    const { recipe } = this;
    const messages = state.outputMessages();
    const systemRole = recipe.output.system;
    if (systemRole) {
      const role = recipe.roles[systemRole];
      const system =
        state.firstSystem[systemRole] ??
        role.system.render(this.vars(role, 0, ctx, plan, new DialogueState()));
      messages.unshift({ role: "system", content: system });
    }
    const vars = this.vars(Object.values(recipe.roles)[0], 0, ctx, plan, state);
    const extra: Record<string, unknown> = {};
    for (const [key, template] of Object.entries(recipe.output.metadata)) extra[key] = template.render(vars);
    return {
      id: ctx.id,
      messages,
      ...(recipe.tools ? { tools: recipe.tools.pack.tools } : {}),
      metadata: {
        recipe: recipe.name,
        ...(recipe.language ? { language: recipe.language } : {}),
        scenario: this.orderedScenario(plan.scenario),
        ...extra,
        models: { ...state.served },
        seed: ctx.runSeed,
        index: ctx.index,
        num_messages: state.visible,
        ended,
      },
    };
  }

  /** The scenario in the file's order (derived fields are computed after what they read). */
  private orderedScenario(scenario: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of this.recipe.scenario.fileOrder) out[name] = scenario[name];
    return out;
  }

  private drop(
    ctx: ConversationContext,
    kind: "rejected" | "failed",
    reason: string,
    detail: string,
    state: DialogueState,
    plan: DialoguePlan | undefined,
    raw?: unknown,
  ): ConversationOutcome {
    const value = {
      index: ctx.index,
      id: ctx.id,
      kind,
      reason,
      detail,
      raw: raw ?? { scenario: plan?.scenario ?? null, messages: state.outputMessages() },
    };
    return { status: kind, writes: [{ file: RECIPE_FILES.rejected, value }], reason, detail };
  }

  checkInOrder(outcome: ConversationOutcome, index: number, id: string): ConversationOutcome {
    if (!this.near || outcome.status !== "complete") return outcome;
    const record = outcome.writes.find((w) => w.file === RECIPE_FILES.dataset)?.value;
    if (!record) return outcome;
    const text = dialogueText(record);
    const hit = this.near.check(text);
    if (hit.duplicateOf === undefined) {
      this.near.add(id, text);
      return outcome;
    }
    const reason = this.recipe.checks.nearDuplicate!.reason;
    const detail = `similarity ${hit.similarity.toFixed(2)} with ${hit.duplicateOf}`;
    return {
      status: "rejected",
      writes: [
        { file: RECIPE_FILES.rejected, value: { index, id, kind: "rejected", reason, detail, raw: record } },
      ],
      reason,
      detail,
    };
  }
}

/** The text near-duplicate detection compares: the user and assistant messages. */
function dialogueText(record: unknown): string {
  const messages = (record as { messages?: ChatMessage[] })?.messages ?? [];
  return messages
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => m.content ?? "")
    .join("\n");
}
