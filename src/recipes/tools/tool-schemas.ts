import { Ajv, type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import { ConfigError } from "../../core/errors.js";
import { describeSchemaError } from "../../quality/json-schema.js";
import type { DomainPack } from "./domain-pack.js";
import { resultSchema } from "./output-schema.js";

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under NodeNext the default import is module.exports, which also has .default.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

export interface SchemaCheck {
  ok: boolean;
  /** ajv's first error, e.g. `/quantity must be >= 1`, or `must have required property 'order_id'`. */
  error?: string;
}

/**
 * The pack's JSON Schemas compiled once with ajv: each tool's parameters (a call's arguments must
 * follow them) and result shape. A schema ajv cannot compile is a ConfigError naming the tool.
 */
export class ToolSchemas {
  private readonly args = new Map<string, ValidateFunction>();
  private readonly results = new Map<string, ValidateFunction>();

  constructor(pack: DomainPack) {
    // strict: false: packs carry annotation keywords ajv does not know (examples, x-...).
    const ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    for (const tool of pack.tools) {
      const name = tool.function.name;
      this.args.set(name, compile(ajv, tool.function.parameters, `${pack.name}: tools.${name}.parameters`));
      this.results.set(
        name,
        compile(ajv, resultSchema(pack, name), `${pack.name}: tools_return_format.${name}`),
      );
    }
  }

  has(tool: string): boolean {
    return this.args.has(tool);
  }

  checkArguments(tool: string, args: unknown): SchemaCheck {
    return run(this.args.get(tool), args);
  }

  checkResult(tool: string, result: unknown): SchemaCheck {
    return run(this.results.get(tool), result);
  }
}

function compile(ajv: Ajv, schema: Record<string, unknown>, where: string): ValidateFunction {
  try {
    return ajv.compile(schema);
  } catch (e) {
    throw new ConfigError(`${where}: not a valid JSON Schema (${(e as Error).message.split("\n")[0]})`);
  }
}

function run(validate: ValidateFunction | undefined, value: unknown): SchemaCheck {
  if (!validate) return { ok: false, error: "no such tool" };
  if (validate(value)) return { ok: true };
  const e = validate.errors?.[0];
  return {
    ok: false,
    error: e
      ? describeSchemaError({ ...e, instancePath: e.instancePath || "(arguments)" })
      : "does not match the schema",
  };
}
