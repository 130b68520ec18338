import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type LoadRawExamplesOptions,
  loadRawExamples,
  type RawMessage,
} from "../../src/formats/raw-examples/index.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/raw", import.meta.url));

/** Loads a fixture folder; warnings have the folder's path replaced by `<dir>` so they compare exactly. */
export async function loadFixture(sub: string, options?: LoadRawExamplesOptions) {
  const dir = join(FIXTURES, sub);
  const { examples, warnings } = await loadRawExamples(dir, options);
  return { examples, warnings: warnings.map((w) => w.split(dir).join("<dir>")) };
}

export const user = (content: string): RawMessage => ({ role: "user", content });
export const assistant = (content: string): RawMessage => ({ role: "assistant", content });
