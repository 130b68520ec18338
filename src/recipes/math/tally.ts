import type { OfflineOutput } from "../../engine/offline-runner.js";
import type { MathPlan } from "./stream.js";

/** The train/eval stratum of each (mode, task) cell: "chain/quadratic", indexed like PlanCursor.cell. */
export function strataOf(plan: MathPlan): string[] {
  const out: string[] = [];
  for (const mode of plan.modes) for (const task of plan.taskTypes) out.push(`${mode}/${task}`);
  return out;
}

/**
 * report.json's breakdown (counts by mode, task_type, language, difficulty) kept as counters per
 * cell, language and difficulty index, and handed to the runner once at the end.
 */
export class MathTally {
  readonly cells: Float64Array;
  readonly languages: Float64Array;
  readonly difficulties: Float64Array;

  constructor(private readonly plan: MathPlan) {
    this.cells = new Float64Array(plan.modes.length * plan.taskTypes.length);
    this.languages = new Float64Array(plan.languages.length);
    this.difficulties = new Float64Array(plan.difficulties.length);
  }

  add(cell: number, language: number, difficulty: number): void {
    this.cells[cell]++;
    this.languages[language]++;
    this.difficulties[difficulty]++;
  }

  /** Adds another tally of the same plan (e.g. a worker's). */
  merge(cells: ArrayLike<number>, languages: ArrayLike<number>, difficulties: ArrayLike<number>): void {
    for (let k = 0; k < cells.length; k++) this.cells[k] += cells[k];
    for (let k = 0; k < languages.length; k++) this.languages[k] += languages[k];
    for (let k = 0; k < difficulties.length; k++) this.difficulties[k] += difficulties[k];
  }

  report(out: OfflineOutput): void {
    const p = this.plan;
    const T = p.taskTypes.length;
    const modes = new Float64Array(p.modes.length);
    const tasks = new Float64Array(T);
    for (let c = 0; c < this.cells.length; c++) {
      modes[Math.floor(c / T)] += this.cells[c];
      tasks[c % T] += this.cells[c];
    }
    const emit = (facet: string, values: readonly (string | number)[], counts: Float64Array) => {
      for (let k = 0; k < values.length; k++) if (counts[k] > 0) out.tally(facet, values[k], counts[k]);
    };
    emit("mode", p.modes, modes);
    emit("task_type", p.taskTypes, tasks);
    emit("language", p.languages, this.languages);
    emit("difficulty", p.difficulties, this.difficulties);
  }
}
