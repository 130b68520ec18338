import { Ajv, type ErrorObject } from "ajv";
import formatsModule from "ajv-formats";

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under NodeNext the default import is module.exports, which also has .default.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

/** A compiled JSON Schema: undefined when the value follows it, else ajv's first error in one line. */
export type SchemaValidator = (value: unknown) => string | undefined;

let shared: Ajv | undefined;

/** One ajv for every user schema (strict off: schemas carry annotations ajv does not know). */
function ajv(): Ajv {
  if (!shared) {
    shared = new Ajv({ strict: false, allErrors: false });
    addFormats(shared);
  }
  return shared;
}

/** ajv's first error as `/path message`. */
export function describeSchemaError(e: ErrorObject | undefined): string {
  if (!e) return "does not match the schema";
  const where = e.instancePath || "(value)";
  const extra =
    e.keyword === "additionalProperties"
      ? ` '${(e.params as { additionalProperty?: string }).additionalProperty}'`
      : e.keyword === "enum"
        ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")})`
        : "";
  return `${where} ${e.message ?? "is invalid"}${extra}`;
}

/** Compiles a schema; one that ajv cannot compile throws an Error with ajv's first line. */
export function compileJsonSchema(schema: Record<string, unknown>): SchemaValidator {
  let validate: ReturnType<Ajv["compile"]>;
  try {
    validate = ajv().compile(schema);
  } catch (e) {
    throw new Error(`not a valid JSON Schema (${(e as Error).message.split("\n")[0]})`);
  }
  return (value) => (validate(value) ? undefined : describeSchemaError(validate.errors?.[0]));
}
