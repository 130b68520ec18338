import { loadRawExamples, pickExamples } from "../formats/raw-examples/index.js";
import { NearDuplicateDetector } from "../quality/near-duplicates.js";
import type { RoleplayDeps } from "./generate-roleplay.js";

/** The real implementations behind the roleplay pipeline's injected dependencies. */
export function roleplayDeps(): RoleplayDeps {
  return {
    loadExamples: (dir, assistantName) => loadRawExamples(dir, { assistantName }),
    pickExamples: (examples, rng, k, budget) => pickExamples(examples, rng, k, budget),
    nearDuplicates: (threshold) => new NearDuplicateDetector<string>({ threshold }),
  };
}
