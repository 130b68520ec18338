/** Python's str.isspace() characters: the default of strip(). */
export const PY_WHITESPACE = new Set(
  "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
);

/** Python's `s.strip(chars)` (by code point; chars undefined = whitespace). */
export function pyStripChars(s: string, chars: string | undefined, side: "both" | "start" | "end"): string {
  const set = chars === undefined ? PY_WHITESPACE : new Set(chars);
  const points = [...s];
  let a = 0;
  let b = points.length;
  if (side !== "end") while (a < b && set.has(points[a]!)) a++;
  if (side !== "start") while (b > a && set.has(points[b - 1]!)) b--;
  return a === 0 && b === points.length ? s : points.slice(a, b).join("");
}
