import { assignRoles } from "./roles.js";
import type { ParsedChat, RawExample } from "./types.js";

export interface RoleContext {
  /** A source (relative path) as the caller would write it, for warnings. */
  display: (rel: string) => string;
  /** Normalised assistant names. */
  assistantNames: ReadonlySet<string>;
  /** The assistant names as given, for warnings. */
  assistantList: readonly string[];
}

/**
 * Maps each chat of one file to an example (see `assignRoles`). Guesses and skipped chats become
 * one warning per kind per file, so a whole-account export does not print one line per chat.
 */
export function toExamples(
  rel: string,
  chats: readonly ParsedChat[],
  ctx: RoleContext,
  warnings: string[],
): RawExample[] {
  const examples: RawExample[] = [];
  const guesses = new Map<string, number>();
  const oneSided: string[] = [];
  const groups: string[] = [];
  for (const chat of chats) {
    const r = assignRoles(chat, ctx.assistantNames);
    const where = chat.source === rel ? "" : chat.source.slice(rel.length);
    if (!r.example) {
      oneSided.push(where || (r.participants < 2 ? "one participant" : "one side only"));
      continue;
    }
    examples.push(r.example);
    if (r.guessed) guesses.set(r.guessed, (guesses.get(r.guessed) ?? 0) + 1);
    if (r.participants > 2) {
      groups.push(
        `${ctx.display(chat.source)}: a group chat of ${r.participants} participants; ` +
          `${quoteList(r.assistants)} kept as the assistant, everyone else merged into the user`,
      );
    }
  }
  const file = ctx.display(rel);
  if (guesses.size > 0) {
    const why =
      ctx.assistantList.length > 0
        ? `none of the assistant names (${quoteList(ctx.assistantList)}) takes part`
        : "no assistant name given";
    const several = chats.length > 1;
    const list = [...guesses]
      .map(([name, n]) => `"${name}"${several ? ` in ${n} dialogue${n === 1 ? "" : "s"}` : ""}`)
      .join(", ");
    warnings.push(
      `${file}: ${why}; guessed ${list} as the assistant (the participant who wrote the most); ` +
        "set assistantName (--assistant-name) if that is wrong",
    );
  }
  warnings.push(...groups.slice(0, 3));
  if (groups.length > 3) warnings.push(`${file}: ${groups.length - 3} more group chats treated the same way`);
  if (oneSided.length > 0) {
    const shown =
      oneSided.slice(0, 5).join(", ") + (oneSided.length > 5 ? `, +${oneSided.length - 5} more` : "");
    warnings.push(
      chats.length === 1
        ? `${file}: skipped, no two-sided dialogue (${shown})`
        : `${file}: skipped ${oneSided.length} of ${chats.length} dialogues with only one side (${shown})`,
    );
  }
  return examples;
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}
