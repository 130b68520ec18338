/**
 * How deeply a JSON text nests arrays and objects, counted without parsing it (strings skipped),
 * stopping once `limit` is passed: recursive parsers (lossless-json, used to render) overflow the
 * stack on a line like `[[[[...]]]]` and would report "Maximum call stack size exceeded".
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Deeper than any chat record, and well within what a recursive parser's stack takes. */
export const MAX_JSON_NESTING = 1000;
