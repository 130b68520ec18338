import { parse, Template, tokenize } from "@huggingface/jinja";

/**
 * Prompt templates of a YAML recipe: Jinja, through @huggingface/jinja (the engine the project
 * renders chat templates with). A template is parsed once when the recipe compiles, so a syntax
 * error is found before any request, and named by its path in the recipe file. Whitespace follows
 * Jinja's defaults, not the chat-template settings: a newline after `{% endif %}` stays, as a prompt
 * author expects (only the text's one trailing newline is dropped, as Jinja does).
 */
export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateSyntaxError";
  }
}

/** A template failed while rendering (a filter on a missing value, a bad expression...). */
export class TemplateRenderError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = "TemplateRenderError";
  }
}

export class PromptTemplate {
  private readonly template: Template;
  /** Names the template reads at its top level (`student` of `student.name`, loop variables too). */
  readonly names: ReadonlySet<string>;

  constructor(
    readonly source: string,
    /** Where it is in the recipe file (`roles.tutor.system`), for error messages. */
    readonly where: string,
  ) {
    try {
      // Template's own constructor trims blocks (chat-template style); parse with Jinja's defaults.
      this.template = new Template("");
      this.template.parsed = parse(tokenize(source, { lstrip_blocks: false, trim_blocks: false }));
    } catch (e) {
      throw new TemplateSyntaxError(`template syntax error: ${(e as Error).message}`);
    }
    const names = new Set<string>();
    collectNames(this.template.parsed, names);
    this.names = names;
  }

  render(vars: Record<string, unknown>): string {
    try {
      return this.template.render(vars);
    } catch (e) {
      throw new TemplateRenderError(this.where, (e as Error).message);
    }
  }
}

/**
 * An expression whose value is kept as a value, not text (`{expr: "grade * 2"}`, a stop rule):
 * rendered through `tojson` and parsed back, so numbers, lists and booleans survive.
 */
export class ValueExpression {
  private readonly template: PromptTemplate;

  constructor(
    readonly source: string,
    where: string,
  ) {
    this.template = new PromptTemplate(`{{ (${source}) | tojson }}`, where);
  }

  get names(): ReadonlySet<string> {
    return this.template.names;
  }

  evaluate(vars: Record<string, unknown>): unknown {
    const text = this.template.render(vars);
    try {
      return JSON.parse(text);
    } catch {
      throw new TemplateRenderError(this.template.where, `expression gave no value (${text.slice(0, 80)})`);
    }
  }
}

/** Jinja's truthiness for a stop rule's value: empty, zero, false and "false" are false. */
export function truthy(value: unknown): boolean {
  if (typeof value === "string") return value.trim() !== "" && value.trim().toLowerCase() !== "false";
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

type Node = { type?: string; [key: string]: unknown };

/**
 * Top-level names a parsed template reads. A member's property (`.name`), a filter's or test's
 * name and a keyword argument's key are not variables, so they are skipped.
 */
function collectNames(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectNames(n, out);
    return;
  }
  if (node instanceof Map) {
    for (const [k, v] of node) {
      collectNames(k, out);
      collectNames(v, out);
    }
    return;
  }
  if (!node || typeof node !== "object") return;
  const n = node as Node;
  switch (n.type) {
    case "Identifier":
      out.add(String(n.value));
      return;
    case "MemberExpression":
      collectNames(n.object, out);
      if (n.computed) collectNames(n.property, out);
      return;
    case "FilterExpression":
      collectNames(n.operand, out);
      collectNames((n.filter as Node)?.args, out);
      return;
    case "FilterStatement":
      collectNames((n.filter as Node)?.args, out);
      collectNames(n.body, out);
      return;
    case "TestExpression":
      collectNames(n.operand, out);
      return;
    case "KeywordArgumentExpression":
      collectNames(n.value, out);
      return;
  }
  for (const [key, value] of Object.entries(n)) if (key !== "type") collectNames(value, out);
}
