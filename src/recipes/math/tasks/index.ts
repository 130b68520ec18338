import { UsageError } from "../../../core/errors.js";
import type { TaskType } from "../types.js";
import { arithmetic } from "./arithmetic.js";
import { ohmsLaw } from "./circuits.js";
import { dynamics } from "./dynamics.js";
import { energy } from "./energy.js";
import { fractions } from "./fractions.js";
import { gasLaws } from "./gas-laws.js";
import { geometryArea, pythagoras } from "./geometry.js";
import { kinematics } from "./kinematics.js";
import { linear } from "./linear.js";
import { linearSystem } from "./linear-system.js";
import { logarithms } from "./logarithms.js";
import { momentum } from "./momentum.js";
import { percentages } from "./percentages.js";
import { powers } from "./powers.js";
import { combinatorics, probability } from "./probability.js";
import { projectile } from "./projectile.js";
import { quadratic } from "./quadratic.js";
import { arithmeticSequence, geometricSequence } from "./sequences.js";

/** Every task type, in the order they are listed to users: mathematics, then physics. */
export const TASKS: readonly TaskType[] = [
  arithmetic,
  fractions,
  percentages,
  powers,
  logarithms,
  linear,
  linearSystem,
  quadratic,
  arithmeticSequence,
  geometricSequence,
  geometryArea,
  pythagoras,
  probability,
  combinatorics,
  kinematics,
  dynamics,
  energy,
  momentum,
  projectile,
  ohmsLaw,
  gasLaws,
];

export const TASK_TYPES: readonly string[] = TASKS.map((t) => t.id);

const BY_ID = new Map(TASKS.map((t) => [t.id, t]));

export function taskById(id: string): TaskType {
  const t = BY_ID.get(id);
  if (!t) throw new UsageError(`unknown task type '${id}'; valid task types: ${TASK_TYPES.join(", ")}`);
  return t;
}
