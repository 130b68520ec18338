export { DEFAULT_FIELDS, type FieldMap, mapRow, parseFieldMap } from "./fields.js";
export { type ReadQaOptions, readQaTriples } from "./read-qa.js";
export { detectFormat } from "./sniff.js";
export type { InputFormat, InputStats, QaTriple } from "./types.js";
