import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { InputError, UsageError } from "../../src/core/errors.js";
import {
  DEFAULT_FIELDS,
  parseFieldMap,
  type QaTriple,
  readQaTriples,
} from "../../src/formats/qa-input/index.js";
import { tempDir } from "../support/tmp.js";
import { writeParquet } from "./support/parquet-writer.js";

const dir = tempDir("dialogsmith-qa-input-");

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function read(path: string, options: Partial<Parameters<typeof readQaTriples>[1]> = {}) {
  const triples: QaTriple[] = [];
  const stats = await readQaTriples(path, { fields: DEFAULT_FIELDS, ...options }, (t) => triples.push(t));
  return { triples, stats };
}

const row = (i: number) => ({ question: `q${i}`, answer: `a${i}`, correction: `c${i}` });

describe("qa input", () => {
  test("JSONL: a record missing a field is skipped and counted, never a crash", async () => {
    const path = file(
      "a.jsonl",
      [
        JSON.stringify(row(1)),
        JSON.stringify({ question: "q2", answer: "a2" }),
        "{broken json",
        JSON.stringify({ question: "q4", answer: "a4", correction: "   " }),
        JSON.stringify({ question: 5, answer: "a5", correction: "c5" }),
        "",
        JSON.stringify(row(6)),
        "[1, 2]",
      ].join("\n"),
    );
    const { triples, stats } = await read(path);
    expect(triples).toEqual([row(1), row(6)]);
    expect(stats).toMatchObject({ format: "jsonl", rows: 7, used: 2 });
    expect(stats.skipped).toEqual({
      missing_correction: 1,
      invalid_json: 1,
      empty_correction: 1,
      missing_question: 1,
      not_an_object: 1,
    });
  });

  test("JSON array, {data: [...]}, and JSON Lines named .json", async () => {
    expect((await read(file("b.json", JSON.stringify([row(1), row(2)])))).triples).toEqual([row(1), row(2)]);
    expect((await read(file("c.json", JSON.stringify({ data: [row(3)], meta: { n: 1 } })))).triples).toEqual([
      row(3),
    ]);
    const jsonl = await read(file("d.json", `${JSON.stringify(row(4))}\n${JSON.stringify(row(5))}\n`));
    expect(jsonl.triples).toEqual([row(4), row(5)]);
  });

  test("CSV: header, quotes, commas and newlines inside quotes, BOM, CRLF; TSV", async () => {
    const csv = file(
      "e.csv",
      '\uFEFFquestion,answer,correction\r\n"What is ""x""?","a, b","line 1\nline 2"\r\nq2,a2,c2\r\nonly,two\r\n',
    );
    const { triples, stats } = await read(csv);
    expect(triples).toEqual([
      { question: 'What is "x"?', answer: "a, b", correction: "line 1\nline 2" },
      { question: "q2", answer: "a2", correction: "c2" },
    ]);
    expect(stats.skipped).toEqual({ bad_csv_row: 1 });
    const tsv = file("f.tsv", "question\tanswer\tcorrection\nq\ta\tc\n");
    expect((await read(tsv)).triples).toEqual([{ question: "q", answer: "a", correction: "c" }]);
  });

  test("Parquet (as Hugging Face ships it), several row groups, gzip, nulls skipped and counted", async () => {
    const n = 7;
    for (const gzip of [false, true]) {
      const path = join(dir, `g-${gzip}.parquet`);
      writeParquet(
        path,
        [
          { name: "prompt", values: Array.from({ length: n }, (_, i) => `问题 ${i}`) },
          { name: "response", values: Array.from({ length: n }, (_, i) => (i === 3 ? null : `a${i}`)) },
          { name: "corrected", values: Array.from({ length: n }, (_, i) => `c${i}`) },
          { name: "extra", values: Array.from({ length: n }, () => "ignored") },
        ],
        { rowGroupSize: 3, gzip },
      );
      const { triples, stats } = await read(path, {
        fields: parseFieldMap("question=prompt,answer=response,correction=corrected"),
      });
      expect(stats).toMatchObject({ format: "parquet", rows: 7, used: 6, skipped: { missing_answer: 1 } });
      expect(triples[0]).toEqual({ question: "问题 0", answer: "a0", correction: "c0" });
      expect(triples.map((t) => t.question)).not.toContain("问题 3");
    }
  });

  test("--fields maps names, including dotted paths into nested records", async () => {
    const path = file(
      "h.jsonl",
      `${JSON.stringify({ prompt: "p", meta: { response: "r" }, fixes: ["x", "fixed"] })}\n`,
    );
    const { triples } = await read(path, {
      fields: parseFieldMap("question=prompt,answer=meta.response,correction=fixes.1"),
    });
    expect(triples).toEqual([{ question: "p", answer: "r", correction: "fixed" }]);
    expect(() => parseFieldMap("question")).toThrow(UsageError);
    expect(() => parseFieldMap("reply=x")).toThrow(/unknown field 'reply'/);
  });

  test("a file that is not what it claims is one clear error", async () => {
    const parquetBytes = join(dir, "real.parquet");
    writeParquet(parquetBytes, [{ name: "question", values: ["q"] }]);
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync(parquetBytes);
    const cases: [string, string | Buffer, RegExp][] = [
      ["lying.parquet", JSON.stringify(row(1)), /not a Parquet file \(it does not start with PAR1\)/],
      ["lying.jsonl", bytes, /this is a Parquet file, not JSONL; rename it to \.parquet/],
      ["lying.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), /binary data, not CSV/],
      ["broken.json", '[{"question": "q"', /not valid JSON/],
      ["text.jsonl", "question,answer,correction\nq,a,c\n", /not JSON Lines/],
      ["scalar.json", "42", /expected a JSON array of records/],
      [
        "truncated.parquet",
        Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(20)]),
        /not a readable Parquet file/,
      ],
      ["quote.csv", 'question,answer,correction\n"q,a,c\n', /:2: a quoted field opened here never closes/],
      [
        "late-quote.csv",
        'question,answer,correction\nq,a,c\nq2,"open\nmore\n',
        /:3: a quoted field opened here never closes/,
      ],
      [
        "text-after-quote.csv",
        'question,answer,correction\nq1,a1,c1\n"bad"x,a,c\n',
        /text-after-quote\.csv:3: not valid CSV: text follows a closing quote \(got "x"\); quote the whole field/,
      ],
      ["data.xyz", "hello world", /unknown input format/],
    ];
    for (const [name, content, message] of cases) {
      const error = await read(file(name, content)).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as Error).message, name).toMatch(message);
      expect((error as Error).message.includes("\n"), name).toBe(false);
    }
  });

  test("a column that is not there fails at once, naming the columns and --fields", async () => {
    const csv = file("i.csv", "prompt,response,corrected\np,r,c\n");
    await expect(read(csv)).rejects.toThrow(
      /has no column 'question' for question \(columns: prompt, response, corrected\); map it with --fields question=COLUMN/,
    );
    const pq = join(dir, "j.parquet");
    writeParquet(pq, [{ name: "prompt", values: ["p"] }]);
    await expect(read(pq)).rejects.toThrow(/has no column 'question'/);
    // JSONL has no header: every record is skipped, and the error says so.
    const jsonl = file("k.jsonl", `${JSON.stringify({ prompt: "p", response: "r", corrected: "c" })}\n`);
    await expect(read(jsonl)).rejects.toThrow(/no usable record among 1 \(missing_question 1\).*--fields/);
  });

  test("--sample is seeded and keeps file order; --count takes the first N", async () => {
    const path = file("l.jsonl", Array.from({ length: 50 }, (_, i) => JSON.stringify(row(i))).join("\n"));
    const a = await read(path, { sample: 10, seed: 7 });
    const b = await read(path, { sample: 10, seed: 7 });
    const c = await read(path, { sample: 10, seed: 8 });
    expect(a.triples).toHaveLength(10);
    expect(a.triples).toEqual(b.triples);
    expect(a.triples).not.toEqual(c.triples);
    const order = a.triples.map((t) => Number(t.question.slice(1)));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(a.stats.used).toBe(10);
    expect((await read(path, { sample: 100, seed: 1 })).triples).toHaveLength(50);
    expect((await read(path, { first: 3 })).triples).toEqual([row(0), row(1), row(2)]);
  });
});
