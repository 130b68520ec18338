// The per-record checks take shortcuts (issue 11: CPU per dialogue). Each must give what the
// plain version gives, on ordinary text and on the characters the shortcuts are about.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { detectLanguage, isInLanguage, scriptShares } from "../../src/quality/language.js";
import { MinHasher } from "../../src/quality/minhash.js";
import { NearDuplicateDetector } from "../../src/quality/near-duplicates.js";
import { cleanText, unifyQuotes } from "../../src/quality/normalize-text.js";
import { matchesOf } from "../../src/quality/regex-matches.js";
import { WordHasher } from "../../src/quality/words.js";

/** Characters the shortcuts treat specially, among ordinary Russian, Latin and CJK letters. */
const ALPHABET = [
  ..."Привет, как дела? Ёлка ЁЖ Hello WORLD 12 345 ₽ 漢字かな 한국어 ΣΑΣ σς İı ǅ ß ẞ",
  ..."\"“”„‟«»'",
  "\u00A0",
  "\u2009",
  "\u200B",
  "\u00AD",
  "\uFEFF",
  "\t",
  "\r",
  "\n",
  "  ",
  "\u0301", // combining acute: NFC changes the text
  "😀",
  "𐐀", // Deseret capital: an astral letter with a lower case
  "\uD800", // lone surrogates
  "\uDC00",
  "\u1680",
  "\u2028",
];

function randomTexts(seed: number, count: number, maxLength = 40): string[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: rng.int(0, maxLength) }, () => ALPHABET[rng.int(0, ALPHABET.length - 1)]).join(""),
  );
}

// The plain versions, as they were before the shortcuts.
const INVISIBLE =
  /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
function plainCleanText(text: string): string {
  let s = text.normalize("NFC").replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
  s = s.replace(/[\t \u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, " ");
  s = s
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
  return s.replace(/\n{3,}/g, "\n\n").trim();
}
function plainUnifyRussianQuotes(text: string): string {
  const normalized = text.replace(/[“”„‟]/g, '"');
  let open = true;
  const count = (normalized.match(/"/g) ?? []).length;
  if (count % 2 !== 0) return text.normalize("NFC");
  return normalized.replace(/"/g, () => {
    const q = open ? "«" : "»";
    open = !open;
    return q;
  });
}

describe("text clean-up shortcuts", () => {
  const texts = [...randomTexts(1, 3000), "  Привет  ", "Привет", "", " ", "a\u00A0b", "е\u0301ж"];

  it("cleanText gives what the full clean-up gives", () => {
    for (const t of texts) expect(cleanText(t), JSON.stringify(t)).toBe(plainCleanText(t));
  });

  it("unifyQuotes (ru) gives what the full pass gives, quotes or none", () => {
    for (const t of texts) expect(unifyQuotes(t, "ru"), JSON.stringify(t)).toBe(plainUnifyRussianQuotes(t));
    expect(unifyQuotes('Он сказал "да"', "ru")).toBe("Он сказал «да»");
  });
});

describe("language by script", () => {
  it("isInLanguage and detectLanguage agree with the shares of letters per script", () => {
    for (const t of randomTexts(2, 2000, 80)) {
      const shares = scriptShares(t);
      const total = Object.keys(shares).length;
      expect(isInLanguage(t, "ru")).toBe(total === 0 || (shares.cyrillic ?? 0) >= 0.6);
      expect(isInLanguage(t, "ja")).toBe(total === 0 || (shares.kana ?? 0) + (shares.han ?? 0) >= 0.6);
      expect(isInLanguage(t, "xx")).toBe(true);
    }
    expect(isInLanguage("Привет, как дела? OK", "ru")).toBe(true);
    expect(isInLanguage("Hello, how are you? Да", "ru")).toBe(false);
  });

  it("lists scripts in order of first appearance (a tie goes to the first)", () => {
    expect(Object.keys(scriptShares("ab вг"))).toEqual(["latin", "cyrillic"]);
    expect(Object.keys(scriptShares("вг ab"))).toEqual(["cyrillic", "latin"]);
    expect(detectLanguage("ab вг")).toBe("en");
    expect(detectLanguage("вг ab")).toBe("ru");
    expect(scriptShares("12, 34!")).toEqual({});
  });
});

describe("word hashes with case folded on the fly", () => {
  const words = new WordHasher();
  const folded = (t: string) => {
    const h = words.hashesLowerCased(t);
    return h && Array.from(h);
  };
  const lowered = (t: string) => Array.from(words.hashes(t.toLowerCase()));

  it("equal the hashes of the lower-cased text, for every BMP character", () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const t = `Ab${ch}Cd ${ch}x${ch}`;
      const h = folded(t);
      if (h !== undefined) expect(h, `U+${c.toString(16)}`).toEqual(lowered(t));
    }
  });

  it("equal them on mixed text; only İ, Σ and odd pairs fall back to lower-casing first", () => {
    for (const t of randomTexts(3, 3000)) {
      const h = folded(t);
      if (h !== undefined) expect(h, JSON.stringify(t)).toEqual(lowered(t));
      else expect(/[İΣ]|[\uD800-\uDBFF]/.test(t), JSON.stringify(t)).toBe(true);
    }
    expect(folded("ПРИВЕТ Мир hello 😀 𐐀")).toEqual(lowered("ПРИВЕТ Мир hello 😀 𐐀"));
  });

  it("MinHash signatures are those of the lower-cased text", () => {
    const hasher = new MinHasher({ seed: 3 });
    for (const t of [...randomTexts(4, 300, 200), "ОДИН ДВА ТРИ четыре", "ΣΟΦΙΑ σοφια"])
      expect(Array.from(hasher.signature(t))).toEqual(
        Array.from(hasher.signatureOfWords(new WordHasher().hashes(t.normalize("NFC").toLowerCase()))),
      );
  });
});

describe("NearDuplicateDetector hashes a text once for check then add", () => {
  const a = "раз два три четыре пять шесть семь восемь девять десять";
  const b = "one two three four five six seven eight nine ten eleven";

  it("add after check of another text indexes the text given to add", () => {
    const near = new NearDuplicateDetector({ threshold: 0.8 });
    expect(near.check(a).duplicateOf).toBeUndefined();
    near.add("b", b);
    expect(near.check(b).duplicateOf).toBe("b");
    expect(near.check(a).duplicateOf).toBeUndefined();
    near.add("a", a);
    expect(near.check(`${a}`).duplicateOf).toBe("a");
    expect(near.size).toBe(2);
  });
});

describe("matchesOf", () => {
  const cases: [RegExp, string][] = [
    [/\d+/g, "a1 b22 c333"],
    [/x*/g, "axxbx"],
    [/x*/gu, "😀x😀"],
    [/(?<!\p{L})цен\p{L}*/giu, "Цена, расценки, цены"],
    [/$/g, "abc"],
  ];

  it("yields what matchAll yields, and leaves the regex reusable", () => {
    for (const [re, text] of cases) {
      const expected = [...text.matchAll(re)].map((m) => [m.index, m[0]]);
      expect([...matchesOf(re, text)].map((m) => [m.index, m[0]])).toEqual(expected);
      expect(re.lastIndex).toBe(0);
      expect([...matchesOf(re, text)].map((m) => [m.index, m[0]])).toEqual(expected);
    }
  });

  it("with a start condition, finds what a head look-behind finds", () => {
    const notAfterLetter = (t: string, i: number) => i === 0 || !/\p{L}$/u.test(t.slice(0, i));
    for (const text of ["Цена, расценки, цены", "ааа а аа", "x😀цен цен"]) {
      const expected = [...text.matchAll(/(?<!\p{L})(?:цен|а)\p{L}*/giu)].map((m) => [m.index, m[0]]);
      const got = [...matchesOf(/(?:цен|а)\p{L}*/giu, text, notAfterLetter)].map((m) => [m.index, m[0]]);
      expect(got).toEqual(expected);
    }
  });

  it("refuses a regex that is not global", () => {
    expect(() => [...matchesOf(/a/, "a")]).toThrow(/global/);
  });
});
