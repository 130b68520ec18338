import type { Command } from "commander";
import type { z } from "zod";
import { exitCodeFor } from "../../engine/report.js";
import { type GenerateResult, generateWith, type RecipeDryRun } from "../../pipelines/generate.js";
import { templatedParts } from "../../pipelines/recipe-dry-run.js";
import type { RecipeFlags } from "../../pipelines/recipe-settings.js";
import { type AnyRecipe, type ChoiceRequest, roleFlag } from "../../recipes/define-recipe.js";
import { type OptionField, optionFields } from "../../recipes/recipe-options.js";
import { installInterruptHandler } from "../interrupt.js";
import { addModelOptions, addRunOptions, intRange, numberOption, numberRange, Option } from "../options.js";
import { info, setQuiet, warn } from "../output.js";
import { createProgressView } from "../progress-view.js";
import { announceRun } from "../run-header.js";
import { finishRun, printDryRun, printNextSteps } from "../run-summary.js";

/** The first conversation's requests, step by step, then the call and cost estimate. */
export function printRecipeDryRun(result: RecipeDryRun, title = `recipe ${result.recipe}`): void {
  if (result.sample) {
    printDryRun(result.plan, result.estimate, result.sample, result.outDir);
    return;
  }
  const out = process.stdout;
  out.write(`${title}: the first dialogue's prompts, with placeholder answers\n`);
  for (const step of result.steps) {
    const parts = templatedParts(step.request.messages);
    const model = step.model ? ` (model ${step.model.name}: ${step.model.model})` : "";
    out.write(`--- step ${step.name}: ${step.role}${model} ---\n`);
    if (parts.system !== undefined) out.write(`[system]\n${parts.system}\n`);
    if (parts.user !== undefined) out.write(`[user]\n${parts.user}\n`);
    else out.write(`[the conversation so far: ${parts.history} messages]\n`);
    if (step.request.tools) out.write(`[tools: ${step.request.tools.length}]\n`);
    if (step.request.outputSchema) out.write(`[structured output: ${step.request.outputSchema.name}]\n`);
  }
  printDryRun(result.plan, result.estimate, undefined, result.outDir);
  for (const note of result.notes) out.write(`  ${note}\n`);
}

const withDefault = (field: OptionField) =>
  field.defaultValue === undefined || field.kind === "integer" || field.kind === "number"
    ? field.description
    : `${field.description} (default ${Array.isArray(field.defaultValue) ? field.defaultValue.join(",") : String(field.defaultValue)})`;

/** A commander option for one field of a recipe's options schema. */
export function optionFor(field: OptionField): Option {
  const flag = `--${field.flag}`;
  if (field.kind === "integer" || field.kind === "number") {
    const min = field.min ?? (field.kind === "integer" ? 0 : -Number.MAX_SAFE_INTEGER);
    const max = field.max ?? Number.MAX_SAFE_INTEGER;
    const range = field.kind === "integer" ? intRange(min, max) : numberRange(min, max);
    const described =
      field.defaultValue === undefined
        ? field.description
        : `${field.description}, default ${field.defaultValue}`;
    return numberOption(`${flag} <${field.valueName}>`, described, range);
  }
  if (field.kind === "boolean")
    return field.defaultValue === true
      ? new Option(`--no-${field.flag}`, `turn off: ${field.description}`)
      : new Option(flag, field.description);
  const option = new Option(`${flag} <${field.valueName}>`, withDefault(field));
  if (field.repeatable)
    return option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  return field.choices ? option.choices(field.choices) : option;
}

/** Adds the flags of an options schema's fields (not those set in YAML only or by the recipe itself). */
export function addOptionFields(cmd: Command, options: z.ZodObject): Command {
  for (const field of optionFields(options))
    if (!field.hidden && !field.yamlOnly) cmd.addOption(optionFor(field));
  return cmd;
}

/** Adds a recipe's options and role flags to its command. */
export function addRecipeOptions(cmd: Command, recipe: AnyRecipe): Command {
  addOptionFields(cmd, recipe.options);
  for (const [role, spec] of Object.entries(recipe.roles)) {
    const flag = roleFlag(role, spec);
    if (flag) cmd.option(`--${flag} <name>`, `model (a models: entry) that ${spec.description}`);
  }
  addRunOptions(cmd);
  return addModelOptions(cmd);
}

/** Asks on the terminal (@clack/prompts, loaded only when a question is asked). */
async function chooseOnTerminal(
  request: ChoiceRequest,
): Promise<{ choice: string } | { custom: string } | undefined> {
  const clack = await import("@clack/prompts");
  const CUSTOM = "__custom";
  const picked = await clack.select({
    message: request.message,
    options: [
      ...request.choices.map((c) => ({ value: c, label: c })),
      ...(request.custom ? [{ value: CUSTOM, label: request.custom.label }] : []),
    ],
  });
  if (clack.isCancel(picked)) return undefined;
  if (picked !== CUSTOM || !request.custom) return { choice: String(picked) };
  const text = await clack.text({ message: request.custom.message });
  // A cancelled description is an empty one: the recipe says what to pass instead.
  return { custom: clack.isCancel(text) ? "" : String(text) };
}

/** The runs after the main one: a line each, and the exit code they leave (a set left short: 1). */
function finishFollowUps(result: Extract<GenerateResult, { kind: "run" }>, code: number): number {
  let worst = code;
  for (const f of result.followUps) {
    const r = f.report;
    info(
      `${f.name} set: ${r.accepted}/${r.requested} accepted, ${r.rejected} rejected, ${r.failed} failed -> ${f.published ?? f.paths.dir}`,
    );
    if (f.fatal) throw f.fatal;
    worst = Math.max(worst, exitCodeFor(r.stopped));
  }
  return worst;
}

/** Runs a recipe from the command line: progress, Ctrl-C, the summary and exit code. */
export async function runRecipeCommand(recipe: AnyRecipe, flags: RecipeFlags): Promise<GenerateResult> {
  setQuiet(Boolean(flags.quiet));
  let view = createProgressView(recipe.name, { quiet: flags.quiet || flags.dryRun });
  const interrupt = installInterruptHandler(() => view.stop());
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !flags.yes;
  try {
    const result = await generateWith(recipe, flags, {
      stopSignal: interrupt.signal,
      warn,
      onStart: (models) => announceRun(recipe.name, models),
      onProgress: (p) => view.update(p),
      onFollowUp: (name) => {
        view.stop();
        view = createProgressView(`${recipe.name} (${name})`, { quiet: flags.quiet });
      },
      ...(interactive ? { choose: chooseOnTerminal } : {}),
    });
    view.stop();
    if (result.kind === "dry-run") {
      printRecipeDryRun(result);
      return result;
    }
    for (const line of recipe.summarize?.(result.report as unknown as Record<string, unknown>) ?? [])
      info(line);
    const code = finishFollowUps(result, finishRun(result, `generate ${recipe.name}`));
    if (code === 0) printNextSteps(result.paths.dir);
    process.exitCode = code;
    return result;
  } finally {
    view.stop();
    interrupt.dispose();
  }
}

/** `dialogsmith generate <name>`: flags and help from the recipe's definition. */
export function addRecipeCommand(generate: Command, recipe: AnyRecipe): Command {
  const cmd = addRecipeOptions(generate.command(recipe.name).description(recipe.summary), recipe);
  cmd.action(async (flags: RecipeFlags) => {
    // commander gives a --no-X flag its default (true); only a flag the user gave may override the config.
    for (const key of Object.keys(flags)) if (cmd.getOptionValueSource(key) === "default") delete flags[key];
    await runRecipeCommand(recipe, flags);
  });
  return cmd;
}
