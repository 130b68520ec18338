/**
 * Every match of a global (`g`) regular expression in `text`, in order — the matches
 * `text.matchAll(pattern)` yields — but without the copy of the regex that matchAll makes per
 * call, which costs more than matching a chat message. The regex's `lastIndex` is its cursor:
 * do not use the same regex object in the loop body.
 *
 * `startsHere(text, index)`, when given, is a condition on where a match may start, checked after
 * the regex matched there: when it fails, the search goes on from the next code point, just as
 * a look-behind at the head of the regex would make it (see must-not.ts for why that is faster).
 */
export function* matchesOf(
  pattern: RegExp,
  text: string,
  startsHere?: (text: string, index: number) => boolean,
): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  try {
    for (let m = nextMatch(pattern, text, startsHere); m !== null; m = nextMatch(pattern, text, startsHere))
      yield m;
  } finally {
    pattern.lastIndex = 0;
  }
}

/**
 * One step of matchesOf, for hot loops that cannot afford a generator: the next match from
 * `pattern.lastIndex` on (set it to 0 to start), or null at the end (lastIndex is then 0).
 */
export function nextMatch(
  pattern: RegExp,
  text: string,
  startsHere?: (text: string, index: number) => boolean,
): RegExpExecArray | null {
  if (!pattern.global)
    throw new TypeError(`matchesOf needs a global regex, got /${pattern.source}/${pattern.flags}`);
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (startsHere && !startsHere(text, m.index)) {
      pattern.lastIndex = nextIndex(text, m.index, pattern.unicode);
      continue;
    }
    // An empty match: step past it (by a whole code point in unicode mode), as matchAll does.
    if (m[0] === "") pattern.lastIndex = nextIndex(text, pattern.lastIndex, pattern.unicode);
    return m;
  }
  return null;
}

function nextIndex(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  if (c < 0xd800 || c > 0xdbff) return index + 1;
  const d = text.charCodeAt(index + 1);
  return d >= 0xdc00 && d <= 0xdfff ? index + 2 : index + 1;
}
