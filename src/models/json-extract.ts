/**
 * Robust JSON extraction for servers without structured output: the answer may be wrapped in
 * code fences, surrounded by prose, or carry trailing commas. Returns the first top-level JSON
 * object (or array) that parses, else throws with a short reason.
 */
export class JsonExtractionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonExtractionError";
  }
}

/** `parse` reads each candidate (JSON.parse unless a caller needs more, e.g. numbers as spelled). */
export function extractJson(text: string, parse: (json: string) => unknown = JSON.parse): unknown {
  const trimmed = text.trim();
  if (trimmed === "") throw new JsonExtractionError("empty response");
  // Fast path: the whole answer is JSON.
  const first = trimmed[0];
  if (first === "{" || first === "[") {
    try {
      return parse(trimmed);
    } catch {
      /* fall through to the scanner */
    }
  }
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(trimmed);
  const candidates = fenced ? [fenced[1], trimmed] : [trimmed];
  let lastError = "no JSON object found";
  for (const candidate of candidates) {
    for (const block of balancedBlocks(candidate)) {
      try {
        return parse(block);
      } catch {
        try {
          return parse(removeTrailingCommas(block));
        } catch (e) {
          lastError = `invalid JSON: ${(e as Error).message}`;
        }
      }
    }
  }
  if (looksTruncated(trimmed)) throw new JsonExtractionError("truncated JSON (the answer stops mid-object)");
  throw new JsonExtractionError(lastError);
}

/** Yields substrings from each `{` or `[` to its matching bracket, skipping string contents. */
function* balancedBlocks(text: string): Generator<string> {
  for (let start = 0; start < text.length; start++) {
    const open = text[start];
    if (open !== "{" && open !== "[") continue;
    const end = matchingEnd(text, start);
    if (end > start) {
      yield text.slice(start, end + 1);
      // A top-level object was found; later starts inside it are not top-level.
      start = end;
    }
  }
}

function matchingEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function removeTrailingCommas(json: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      out += c;
      if (c === "\\") {
        out += json[i + 1] ?? "";
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ",") {
      let j = i + 1;
      while (j < json.length && /\s/.test(json[j])) j++;
      if (json[j] === "}" || json[j] === "]") continue;
    }
    out += c;
  }
  return out;
}

function looksTruncated(text: string): boolean {
  const start = text.search(/[{[]/);
  return start >= 0 && matchingEnd(text, start) < 0;
}
