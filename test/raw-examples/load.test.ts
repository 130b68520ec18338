import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRawExamples } from "../../src/formats/raw-examples/index.js";
import { readLines } from "../../src/formats/raw-examples/read-text.js";
import { tempDir } from "../support/tmp.js";
import { assistant, FIXTURES, loadFixture, user } from "./helpers.js";

const READABLE = "readable: .json .jsonl .html .txt .md";

describe("loadRawExamples", () => {
  it("reports a missing directory instead of throwing", async () => {
    const dir = join(tempDir(), "data", "raw");
    expect(await loadRawExamples(dir)).toEqual({
      examples: [],
      warnings: [`${dir}: the raw examples directory does not exist; no examples loaded`],
    });
  });

  it("turns broken, binary, page-without-dialogue and unsupported files into warnings naming each", async () => {
    expect(await loadFixture("bad")).toEqual({
      examples: [],
      warnings: [
        "<dir>/about.html: no `Name: text` lines in the page's visible text",
        "<dir>/broken.json: not valid JSON (Unexpected end of JSON input)",
        "<dir>/screenshot.txt: a binary file, not text",
        `<dir>/price-list.pdf: ignored, unsupported extension ".pdf"; ${READABLE}`,
        "<dir>: no usable raw examples found",
      ],
    });
  });

  it("reads the whole fixture tree in a stable order, with every assistant named", async () => {
    const { examples, warnings } = await loadFixture("", {
      assistantName: [
        "Алексей Смирнов",
        "Дима | SneakerHub",
        "Tom (Acme IT)",
        "Priya",
        "Анна (менеджер)",
        "Дмитрий Кроссовки",
      ],
    });
    expect(examples.map((e) => e.source)).toEqual([
      "datasets/examples.jsonl:1",
      "datasets/examples.jsonl:2",
      "datasets/examples.jsonl:3",
      "datasets/examples.jsonl:5",
      "datasets/messages-array.json",
      "datasets/records.json#1",
      "datasets/records.json#3",
      "html/crm-chat.html",
      "telegram-account/result.json#Мария Кузнецова",
      "telegram-account/result.json#Кроссовки опт",
      "telegram-html/ChatExport_2025-01-16/messages.html#Ольга Соколова",
      "telegram-single/result.json#Иван Петров",
      "transcript/dialog.txt",
      "transcript/dialogs.md#1",
      "transcript/dialogs.md#2",
      "whatsapp/WhatsApp Chat with Sarah Miller.txt",
      "whatsapp/ios-en/_chat.txt",
      "whatsapp/ios-ru/_chat.txt",
      "whatsapp/Чат WhatsApp с Марина.txt",
    ]);
    for (const e of examples) {
      expect(
        e.messages.some((m) => m.role === "user") && e.messages.some((m) => m.role === "assistant"),
      ).toBe(true);
      for (let i = 1; i < e.messages.length; i++) expect(e.messages[i].role).not.toBe(e.messages[i - 1].role);
    }
    // No role guesses: every chat had its assistant named.
    expect(warnings.filter((w) => w.includes("guessed"))).toEqual([]);
    expect(warnings.filter((w) => w.includes("unsupported extension")).length).toBe(4);
  });

  it("accepts a single file in place of a directory", async () => {
    const file = join(FIXTURES, "transcript", "dialog.txt");
    const { examples, warnings } = await loadRawExamples(file);
    expect(examples.map((e) => e.source)).toEqual(["dialog.txt"]);
    expect(warnings).toEqual([]);
  });

  it("streams line formats up to the size cap and skips whole-document formats over it", async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 200 }, (_, i) => `${i % 2 ? "Продавец" : "Клиент"}: сообщение ${i}`);
    writeFileSync(join(dir, "big.txt"), `${lines.join("\n")}\n`);
    writeFileSync(
      join(dir, "big.json"),
      JSON.stringify({ messages: lines.map((l, i) => ({ role: i % 2 ? "assistant" : "user", content: l })) }),
    );
    const { examples, warnings } = await loadRawExamples(dir, { maxFileBytes: 1024 });
    expect(examples).toHaveLength(1);
    expect(examples[0].source).toBe("big.txt");
    // About 1 KB of ~36-byte lines.
    expect(examples[0].messages.length).toBeGreaterThan(20);
    expect(examples[0].messages.length).toBeLessThan(40);
    expect(examples[0].messages[0]).toEqual(user("сообщение 0"));
    expect(warnings).toEqual([
      expect.stringMatching(
        /big\.json: 1[0-9.]+ KB is over the 1\.0 KB limit for a whole-document format; skipped/,
      ),
      expect.stringMatching(/big\.txt: [0-9.]+ KB is over the 1\.0 KB limit; read the first 1\.0 KB only$/),
    ]);
  });

  it("streams lines whole across read chunks, multi-byte characters and CRLF included", async () => {
    const path = join(tempDir(), "long.txt");
    // ~1.5 MB: more than one 1 MB chunk, with two-byte characters everywhere.
    const lines = Array.from({ length: 30_000 }, (_, i) => `Клиент: ёжик номер ${i} ${"ё".repeat(i % 13)}`);
    writeFileSync(path, lines.join("\r\n"));
    const seen: string[] = [];
    expect(await readLines(path, "utf8", 10_000_000, (line) => seen.push(line))).toEqual({
      truncated: false,
    });
    expect(seen).toEqual(lines);
  });

  it("reads UTF-16 text, skips hidden files, and reports an unreadable file", async () => {
    const dir = tempDir();
    const text = "\ufeffuser: Привет\r\nassistant: Здравствуйте\r\n";
    writeFileSync(join(dir, "notepad.txt"), Buffer.from(text, "utf16le"));
    writeFileSync(join(dir, ".DS_Store"), Buffer.from([0, 0, 0, 1]));
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".git", "config"), "[core]\n");
    const locked = join(dir, "locked.json");
    writeFileSync(locked, "[]");
    chmodSync(locked, 0o000);
    const { examples, warnings } = await loadRawExamples(dir);
    expect(examples).toEqual([
      { source: "notepad.txt", messages: [user("Привет"), assistant("Здравствуйте")] },
    ]);
    if (process.getuid?.() === 0) {
      // root reads any file, so the permission case can only be checked as a normal user.
      expect(warnings).toEqual([`${dir}/locked.json: an empty list, no dialogue`]);
    } else {
      expect(warnings).toEqual([`${dir}/locked.json: could not read (permission denied)`]);
    }
  });
});
