import { sha256Hex, stableStringify } from "../core/hash.js";

interface Entry<T> {
  fingerprint: string;
  answer: Promise<T>;
}

/**
 * A worker's answers to the last steps it ran, by job id. A Redis that restarts without its data
 * loses the steps running then (their results cannot be recorded) and results the coordinator has
 * not read yet; the coordinator queues those steps again under the same ids. The worker that ran
 * one answers it from here (or joins the call still running) instead of paying for it twice.
 * Oldest first out: `capacity` bounds the memory.
 */
export class RecentAnswers<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly capacity: number) {}

  /**
   * The answer to job `id` with `data`: the one given before to the same job, else `ask()`'s.
   * `reused` says which. A call that throws is forgotten (the job is asked again next time).
   */
  answer(id: string, data: unknown, ask: () => Promise<T>): { answer: Promise<T>; reused: boolean } {
    const fingerprint = sha256Hex(stableStringify(data));
    const known = this.entries.get(id);
    if (known?.fingerprint === fingerprint) {
      // Most recently used last: a step asked again stays while newer ones push older ones out.
      this.entries.delete(id);
      this.entries.set(id, known);
      return { answer: known.answer, reused: true };
    }
    const entry = { fingerprint, answer: ask() };
    this.entries.delete(id);
    this.entries.set(id, entry);
    entry.answer.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
    return { answer: entry.answer, reused: false };
  }
}
