/**
 * Whitespace helpers that only touch ASCII whitespace. The export pipeline may carry text as
 * "binary" strings (one char per UTF-8 byte, see export-chunk.ts), where a continuation byte 0xA0
 * would look like a no-break space to String.prototype.trim; these never mistake one.
 */
function isAsciiSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

export function trimAscii(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isAsciiSpace(s.charCodeAt(a))) a++;
  while (b > a && isAsciiSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export function trimEndAscii(s: string): string {
  let b = s.length;
  while (b > 0 && isAsciiSpace(s.charCodeAt(b - 1))) b--;
  return b === s.length ? s : s.slice(0, b);
}

export function trimStartAscii(s: string): string {
  let a = 0;
  while (a < s.length && isAsciiSpace(s.charCodeAt(a))) a++;
  return a === 0 ? s : s.slice(a);
}

export function isBlankAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isAsciiSpace(s.charCodeAt(i))) return false;
  return true;
}
