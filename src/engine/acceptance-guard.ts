/**
 * Stops a run whose acceptance has collapsed, before it spends its whole budget of attempts on
 * items that will not be accepted (a wrong prompt, a model that cannot follow the schema, a
 * server that rejects every request): no item accepted in the first 3 x concurrency + 20
 * attempts, or under 5% accepted after 100. Counts this session only, so a resumed run gets a
 * fresh chance after the cause was fixed.
 */
export class AcceptanceGuard {
  private attempts = 0;
  private accepted = 0;

  constructor(private readonly concurrency: number) {}

  record(accepted: boolean): void {
    this.attempts++;
    if (accepted) this.accepted++;
  }

  /** True once the run should stop. */
  collapsed(): boolean {
    if (this.accepted === 0) return this.attempts >= 3 * this.concurrency + 20;
    return this.attempts >= 100 && this.accepted / this.attempts < 0.05;
  }
}

/** First example (detail) per rejection reason, for the summary and report.json. */
export class RejectionExamples {
  readonly examples: Record<string, string> = {};

  note(reason: string, detail: unknown): void {
    if (this.examples[reason] !== undefined || typeof detail !== "string" || detail.trim() === "") return;
    const flat = detail.replace(/\s+/g, " ").trim();
    this.examples[reason] = flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
  }
}
