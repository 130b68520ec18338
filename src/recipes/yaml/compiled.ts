import type { SchemaValidator } from "../../quality/json-schema.js";
import type { JudgeVerdict, PassRule, Rubric } from "../../quality/judge/rubric.js";
import type { DomainPack } from "../tools/domain-pack.js";
import type { ToolSchemas } from "../tools/tool-schemas.js";
import type { CheckSet } from "./checks.js";
import type { Side } from "./dialogue-state.js";
import type { Sampler, Scenario } from "./samplers.js";
import type { PromptTemplate, ValueExpression } from "./templates.js";

/** A YAML recipe after compilation: everything parsed, checked and ready to run. */
export interface CompiledRole {
  name: string;
  /** The `models:` entry it runs on. */
  model: string;
  side: Side;
  system: PromptTemplate;
  start?: PromptTemplate;
  prompt?: PromptTemplate;
  window?: number;
  sampling: { temperature?: number; top_p?: number; max_tokens?: number };
  structured?: { schema: Record<string, unknown>; validate: SchemaValidator; textField: string };
}

export interface CompiledStop {
  marker: string;
  roles?: ReadonlySet<string>;
  minMessages: number;
  reply: boolean;
}

export interface CompiledTurns {
  /** Who speaks, in a cycle; or `next` names each speaker. */
  order: string[];
  next?: PromptTemplate;
  count: Sampler;
  window?: number;
  stop?: CompiledStop;
  until?: ValueExpression;
  endWith?: "user" | "assistant";
  maxSteps: number;
}

export interface CompiledTools {
  pack: DomainPack;
  schemas: ToolSchemas;
  caller: string;
  simulator: string;
  maxRounds: number;
}

export interface CompiledJudge {
  /** The `models:` entry of the judge. */
  model: string;
  rubric: Rubric;
  rule: PassRule;
}

export interface CompiledRecipe {
  name: string;
  description?: string;
  language?: string;
  count?: number;
  /** The seed dataset named in the file (resolved against the recipe's folder). */
  input?: string;
  roles: Record<string, CompiledRole>;
  scenario: Scenario;
  turns: CompiledTurns;
  checks: CheckSet;
  tools?: CompiledTools;
  judge?: CompiledJudge;
  output: { system?: string; metadata: Record<string, PromptTemplate>; exporters: string[] };
}

/** The pipeline role of the judge (a recipe may not name a role so when it has a judge). */
export { JUDGE_MODEL_ROLE as JUDGE_ROLE } from "../judge/with-judge.js";

/** What a YAML recipe declares for the engine and the CLI: its name, roles and their models. */
export interface RecipeDescriptor {
  name: string;
  description?: string;
  /** Pipeline role -> `models:` entry. */
  roles: Record<string, string>;
  count?: number;
  input?: string;
  exporters: string[];
}

import { JUDGE_MODEL_ROLE } from "../judge/with-judge.js";

export function describeRecipe(recipe: CompiledRecipe): RecipeDescriptor {
  const roles: Record<string, string> = {};
  for (const role of Object.values(recipe.roles)) roles[role.name] = role.model;
  if (recipe.judge) roles[JUDGE_MODEL_ROLE] = recipe.judge.model;
  return {
    name: recipe.name,
    description: recipe.description,
    roles,
    count: recipe.count,
    input: recipe.input,
    exporters: recipe.output.exporters,
  };
}

export type { JudgeVerdict };
