/** Issues of one kind: how many examples have it, their first line numbers, the first detail. */
export interface IssueGroup {
  count: number;
  lines: number[];
  detail: string;
}

export const LINES_PER_TYPE = 5;

/**
 * Collects errors and warnings grouped by type, each counted once per example (as OpenAI's
 * data-prep script counts), keeping the first few line numbers.
 */
export class IssueCollector {
  readonly errors: Record<string, IssueGroup> = {};
  readonly warnings: Record<string, IssueGroup> = {};
  private line = 0;
  private seen = new Set<string>();

  /** Starts a new example at this line number. */
  begin(line: number): void {
    this.line = line;
    this.seen.clear();
  }
  error(type: string, detail: string): void {
    this.add(this.errors, `e:${type}`, type, detail);
  }
  warn(type: string, detail: string): void {
    this.add(this.warnings, `w:${type}`, type, detail);
  }
  /** A file-level finding (not tied to one example). */
  fileWarning(type: string, detail: string): void {
    this.warnings[type] = { count: 1, lines: [], detail };
  }
  fileError(type: string, detail: string): void {
    this.errors[type] = { count: 1, lines: [], detail };
  }
  private add(into: Record<string, IssueGroup>, key: string, type: string, detail: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let g = into[type];
    if (!g) {
      g = { count: 0, lines: [], detail: `line ${this.line}: ${detail}` };
      into[type] = g;
    }
    g.count++;
    if (g.lines.length < LINES_PER_TYPE) g.lines.push(this.line);
  }
}
