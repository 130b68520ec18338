import { closeSync, existsSync, mkdirSync, openSync, statSync, truncateSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { appendWhole } from "../core/append-whole.js";

/**
 * The output files of a turn-by-turn run (paths relative to the run directory, declared up
 * front). Lines are appended whole; byte sizes are tracked so each commit can record them and a
 * resume can cut every file back to its size at the last commit (a conversation written but not
 * yet committed when the process died is written again, never twice).
 */
export class ConversationOutputs {
  private readonly fds = new Map<string, number>();
  private readonly size = new Map<string, number>();

  constructor(
    private readonly dir: string,
    readonly files: readonly string[],
    /** Sizes at the last commit; undefined: nothing committed (every file starts empty). */
    committedSizes: Record<string, number> | undefined,
  ) {
    const root = resolve(dir);
    for (const file of files) {
      const path = resolve(root, file);
      if (path !== root && !path.startsWith(root + sep))
        throw new Error(`output file ${file} is outside the run directory`);
      mkdirSync(dirname(path), { recursive: true });
      const keep = committedSizes?.[file] ?? 0;
      if (existsSync(path) && statSync(path).size > keep) truncateSync(path, keep);
      const fd = openSync(path, "a");
      this.fds.set(file, fd);
      this.size.set(file, statSync(path).size);
    }
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  write(file: string, value: unknown): void {
    const fd = this.fds.get(file);
    if (fd === undefined)
      throw new Error(`output file ${file} was not declared (declared: ${this.files.join(", ")})`);
    this.size.set(
      file,
      appendWhole(fd, `${JSON.stringify(value)}\n`, this.size.get(file) ?? 0, this.path(file)),
    );
  }

  sizes(): Record<string, number> {
    return Object.fromEntries(this.size);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
