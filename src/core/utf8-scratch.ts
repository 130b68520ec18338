/**
 * The UTF-8 bytes of a string, written into one buffer reused from call to call, so the bytes are
 * valid only until the next call: for a line about to be written synchronously. Buffer.from
 * measures the string, allocates and then encodes; for a 28 KB record of Cyrillic text that costs
 * about twice the encoding alone.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);
/** Strings longer than this are encoded into a buffer of their own (the scratch never grows past it). */
const MAX_SCRATCH = 4 * 1024 * 1024;

export function utf8Scratch(text: string): Buffer {
  // At most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
  const room = text.length * 3;
  if (room > MAX_SCRATCH) return Buffer.from(text, "utf8");
  if (scratch.length < room)
    scratch = Buffer.allocUnsafe(Math.min(MAX_SCRATCH, Math.max(room, scratch.length * 2)));
  return scratch.subarray(0, scratch.write(text, 0, "utf8"));
}
