import { parseWithSchema } from "../../config/load-config.js";
import { compileJsonSchema } from "../../quality/json-schema.js";
import { resolveRubric } from "../../quality/judge/resolve-rubric.js";
import { passRule } from "../../quality/judge/rubric.js";
import type { DomainPack } from "../tools/domain-pack.js";
import { ToolSchemas } from "../tools/tool-schemas.js";
import { compileChecks } from "./checks.js";
import {
  type CompiledJudge,
  type CompiledRecipe,
  type CompiledRole,
  type CompiledTools,
  type CompiledTurns,
  JUDGE_ROLE,
} from "./compiled.js";
import { RecipeIssues } from "./issues.js";
import { TEMPLATE_NAMES } from "./program.js";
import { compileScenario, type ListReader, parseSampler, type Scenario } from "./samplers.js";
import { type RecipeFile, RecipeFileSchema, type RoleFile, type TurnsFile } from "./schema.js";
import { PromptTemplate, ValueExpression } from "./templates.js";

/** Messages a dialogue has when the recipe does not say (`turns.count`). */
export const DEFAULT_MESSAGES = 8;
/** Steps a dialogue may take when the recipe does not say (`turns.max_steps`). */
export const DEFAULT_MAX_STEPS = 200;

/**
 * What the compiler may read, injected (recipes touch no files themselves): list files, domain
 * packs and rubric files a recipe names, each resolved against the recipe's own folder.
 */
export interface RecipeIo {
  readList: ListReader;
  domainPack(nameOrPath: string): DomainPack;
  /** A rubric file's data (YAML or JSON). */
  readRubric(path: string): unknown;
  /** A path named in the recipe, made absolute against the recipe's folder. */
  resolvePath(path: string): string;
}

export interface CompileOptions {
  /** The file, for error messages (`tutor.yaml: roles.tutor.model: ...`). */
  source: string;
  io: RecipeIo;
  /** The `models:` entries of the user's config; undefined: not checked (`--model` covers every role). */
  models?: readonly string[];
  /** Export targets the project has (`output.exporters` must name them). */
  exporters?: readonly string[];
  /** `--input`: the seed dataset, instead of the file's `input:`. */
  input?: string;
}

function template(issues: RecipeIssues, path: (string | number)[], source: string | undefined) {
  if (source === undefined) return undefined;
  return issues.at(path, () => new PromptTemplate(source, path.join(".")));
}

function compileRole(
  name: string,
  raw: RoleFile,
  issues: RecipeIssues,
  options: CompileOptions,
): CompiledRole {
  const at = ["roles", name];
  if (options.models && !options.models.includes(raw.model)) {
    const known = options.models.length ? ` (defined: ${options.models.join(", ")})` : "";
    issues.fail(
      [...at, "model"],
      `no models entry '${raw.model}'${known}; add it under models: in dialogsmith.yaml or pass --model`,
    );
  }
  if ((raw.output_schema === undefined) !== (raw.text_field === undefined))
    issues.fail(
      [...at, raw.output_schema ? "text_field" : "output_schema"],
      "output_schema and text_field go together",
    );
  let structured: CompiledRole["structured"];
  if (raw.output_schema && raw.text_field) {
    const schema = raw.output_schema;
    const props = (schema.properties ?? {}) as Record<string, unknown>;
    if (!(raw.text_field in props))
      issues.fail([...at, "text_field"], `'${raw.text_field}' is not a property of output_schema`);
    const validate = issues.at([...at, "output_schema"], () => compileJsonSchema(schema));
    structured = { schema, validate, textField: raw.text_field };
  }
  const sampling: CompiledRole["sampling"] = {};
  if (raw.temperature !== undefined) sampling.temperature = raw.temperature;
  if (raw.top_p !== undefined) sampling.top_p = raw.top_p;
  if (raw.max_tokens !== undefined) sampling.max_tokens = raw.max_tokens;
  return {
    name,
    model: raw.model,
    side: raw.as,
    system: template(issues, [...at, "system"], raw.system)!,
    start: template(issues, [...at, "start"], raw.start),
    prompt: template(issues, [...at, "prompt"], raw.prompt),
    window: raw.window,
    sampling,
    structured,
  };
}

function roleName(
  issues: RecipeIssues,
  roles: Record<string, CompiledRole>,
  path: (string | number)[],
  name: string,
) {
  if (!roles[name]) issues.fail(path, `no role '${name}' (roles: ${Object.keys(roles).join(", ")})`);
  return name;
}

async function compileTurns(
  raw: TurnsFile,
  roles: Record<string, CompiledRole>,
  issues: RecipeIssues,
  options: CompileOptions,
): Promise<CompiledTurns> {
  const order = raw.order
    ? raw.order.map((r, i) => roleName(issues, roles, ["turns", "order", i], r))
    : Object.values(roles)
        .filter((r) => r.side !== "hidden")
        .map((r) => r.name);
  if (order.length === 0 && !raw.next) issues.fail(["turns", "order"], "no role speaks: give turns.order");
  const count = await parseSampler(raw.count ?? DEFAULT_MESSAGES, ["turns", "count"], {
    issues,
    readList: options.io.readList,
  });
  if (
    count.kind === "const" &&
    (typeof count.value !== "number" || !Number.isInteger(count.value) || count.value < 1)
  )
    issues.fail(["turns", "count"], "expected a positive integer or a sampler like {int: [6, 10]}");
  const stop = raw.stop && {
    marker: raw.stop.marker,
    roles:
      raw.stop.roles &&
      new Set(raw.stop.roles.map((r, i) => roleName(issues, roles, ["turns", "stop", "roles", i], r))),
    minMessages: raw.stop.min_messages ?? 0,
    reply: raw.stop.reply ?? false,
  };
  return {
    order,
    next: template(issues, ["turns", "next"], raw.next),
    count,
    window: raw.window,
    stop,
    until:
      raw.until === undefined
        ? undefined
        : issues.at(["turns", "until"], () => new ValueExpression(raw.until!, "turns.until")),
    endWith: raw.end_with,
    maxSteps: raw.max_steps ?? DEFAULT_MAX_STEPS,
  };
}

function compileTools(
  file: RecipeFile,
  roles: Record<string, CompiledRole>,
  issues: RecipeIssues,
  io: RecipeIo,
) {
  const raw = file.tools;
  if (!raw) return undefined;
  const caller = roleName(issues, roles, ["tools", "caller"], raw.caller);
  const simulator = roleName(issues, roles, ["tools", "simulator"], raw.simulator);
  if (roles[caller].side === "hidden")
    issues.fail(["tools", "caller"], `role '${caller}' is hidden: the caller must appear in the output`);
  if (roles[simulator].side !== "hidden")
    issues.fail(
      ["tools", "simulator"],
      `role '${simulator}' must be hidden (as: hidden): tool results are not its messages`,
    );
  const pack = issues.at(["tools", "domain"], () => io.domainPack(raw.domain));
  const schemas = issues.at(["tools", "domain"], () => new ToolSchemas(pack));
  return { pack, schemas, caller, simulator, maxRounds: raw.max_rounds ?? 4 } satisfies CompiledTools;
}

function compileJudge(
  file: RecipeFile,
  roles: Record<string, CompiledRole>,
  issues: RecipeIssues,
  options: CompileOptions,
) {
  const raw = file.judge;
  if (!raw) return undefined;
  if (roles[JUDGE_ROLE])
    issues.fail(["roles", JUDGE_ROLE], `'${JUDGE_ROLE}' is the judge block's role: rename this role`);
  if (options.models && !options.models.includes(raw.model))
    issues.fail(
      ["judge", "model"],
      `no models entry '${raw.model}' (defined: ${options.models.join(", ")}); add it under models: or pass --model`,
    );
  const rubric = resolveRubric(raw.rubric, options.io.readRubric, `${issues.source}: judge.rubric`);
  return { model: raw.model, rubric, rule: passRule(rubric, raw.min_score) } satisfies CompiledJudge;
}

function checkScenarioNames(scenario: Scenario, issues: RecipeIssues): void {
  for (const name of scenario.fileOrder)
    if ((TEMPLATE_NAMES as readonly string[]).includes(name))
      issues.fail(
        ["scenario", name],
        `'${name}' is a name templates already have (${TEMPLATE_NAMES.join(", ")}); rename the field`,
      );
}

function compileOutput(
  file: RecipeFile,
  roles: Record<string, CompiledRole>,
  issues: RecipeIssues,
  options: CompileOptions,
) {
  const raw = file.output ?? {};
  const system =
    raw.system === undefined ? undefined : roleName(issues, roles, ["output", "system"], raw.system);
  const metadata: Record<string, PromptTemplate> = {};
  for (const [key, source] of Object.entries(raw.metadata ?? {}))
    metadata[key] = template(issues, ["output", "metadata", key], source)!;
  const exporters = raw.exporters ?? [];
  exporters.forEach((e, i) => {
    if (options.exporters && !options.exporters.includes(e))
      issues.fail(
        ["output", "exporters", i],
        `unknown exporter '${e}' (known: ${options.exporters.join(", ")})`,
      );
  });
  return { system, metadata, exporters };
}

/**
 * Compiles a recipe file's data into a runnable recipe. Every problem is one ConfigError naming
 * the file and the path inside it: `tutor.yaml: roles.tutor.model: no models entry 'gpt' ...`.
 */
export async function compileRecipe(data: unknown, options: CompileOptions): Promise<CompiledRecipe> {
  const file = parseWithSchema(RecipeFileSchema, data, options.source);
  const issues = new RecipeIssues(options.source);
  const roles: Record<string, CompiledRole> = {};
  for (const [name, raw] of Object.entries(file.roles)) roles[name] = compileRole(name, raw, issues, options);
  const scenario = await compileScenario(file.scenario, { issues, readList: options.io.readList });
  checkScenarioNames(scenario, issues);
  const input = options.input ?? (file.input === undefined ? undefined : options.io.resolvePath(file.input));
  if (scenario.readsInput && input === undefined) {
    const field = scenario.fields.find((f) => f.sampler.kind === "input")!.name;
    issues.fail(
      ["scenario", field],
      "reads the seed dataset, but none is given: add input: FILE to the recipe or pass --input FILE",
    );
  }
  const recipe: CompiledRecipe = {
    name: file.name,
    description: file.description,
    language: file.language,
    count: file.count,
    input,
    roles,
    scenario,
    turns: await compileTurns(file.turns ?? {}, roles, issues, options),
    checks: compileChecks(file.checks, { issues, roleNames: Object.keys(roles) }),
    tools: compileTools(file, roles, issues, options.io),
    judge: compileJudge(file, roles, issues, options),
    output: compileOutput(file, roles, issues, options),
  };
  if (recipe.turns.order.includes(recipe.tools?.simulator ?? "\0"))
    issues.fail(
      ["turns", "order"],
      `'${recipe.tools!.simulator}' plays the tools: it answers calls, it takes no turns`,
    );
  return recipe;
}
