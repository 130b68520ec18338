/**
 * Every code block of README.md and docs/*.md is true:
 * - each ts/js block compiles against the package as a user's project imports it ("dialogsmith",
 *   "dialogsmith/testing"), all in one tsc run, and runs unless marked compile-only;
 * - each `dialogsmith` / `npx dialogsmith` command of a bash block runs (exit 0) against the fake
 *   OpenAI-compatible server with small counts, unless the block is marked needs-endpoint.
 * Markers are HTML comments just above a block (see test/docs/code-blocks.ts and README.md).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { REPO_ROOT } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { type CodeBlock, codeBlocks, dialogsmithCommands } from "./code-blocks.js";
import { docsEnv, docsResponder, makeDocsWorkspace, makeUserProject, run, runCommand } from "./workspace.js";

const DOCS = [
  "README.md",
  ...readdirSync(join(REPO_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];
const BLOCKS = DOCS.map((doc) => ({ doc, blocks: codeBlocks(join(REPO_ROOT, doc), doc) }));
const MARKERS = new Set(["needs-endpoint", "compile-only", "continues"]);
const CODE = new Set(["ts", "js"]);
/** Small counts: the docs' commands run for real, quickly. */
const MAX_COUNT = 3;

/** ts/js blocks as module files; a `continues` block is appended to the one before it. */
interface Program {
  file: string;
  blocks: CodeBlock[];
  run: boolean;
}

function programs(): Program[] {
  const out: Program[] = [];
  for (const { doc, blocks } of BLOCKS) {
    let last: Program | undefined;
    for (const b of blocks.filter((x) => CODE.has(x.lang))) {
      if (b.markers.includes("continues") && last) {
        last.blocks.push(b);
        last.run &&= !b.markers.includes("compile-only");
        continue;
      }
      const slug = `${doc.replace(/\W+/g, "_")}_${b.where.split(":")[1]}`;
      last = {
        file: `${slug}.${b.lang === "js" ? "mjs" : "ts"}`,
        blocks: [b],
        run: !b.markers.includes("compile-only"),
      };
      out.push(last);
    }
  }
  return out;
}

/** `--count 10000` -> `--count 3`, any --base-url -> the fake server. */
function forTheFakeServer(command: string, serverUrl: string): string {
  return command
    .replace(/--base-url\s+\S+/g, `--base-url ${serverUrl}`)
    .replace(/--(count|sample)\s+(\d+)/g, (_, flag, n) => `--${flag} ${Math.min(Number(n), MAX_COUNT)}`);
}

describe("the docs' code blocks", () => {
  const root = tempDir("dialogsmith-docs-");
  const ws = join(root, "workspace");
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ responder: docsResponder(), models: "any" });
    await makeDocsWorkspace(ws, server.url);
  }, 300_000);
  afterAll(() => server?.close());

  it("use only known markers, each on the kind of block it is for", () => {
    const wrong: string[] = [];
    for (const { blocks } of BLOCKS)
      for (const b of blocks)
        for (const m of b.markers) {
          const fits =
            m === "needs-endpoint"
              ? b.lang === "bash" && dialogsmithCommands(b.code).length > 0
              : CODE.has(b.lang);
          if (!MARKERS.has(m) || !fits) wrong.push(`${b.where}: ${m}`);
        }
    expect(wrong).toEqual([]);
  });

  describe("ts and js blocks, as a user's project imports the package", () => {
    const project = join(root, "user-project");
    const all = programs();
    let compiled: { status: number | null; output: string };
    beforeAll(() => {
      makeUserProject(project);
      mkdirSync(join(project, "blocks"));
      for (const p of all)
        writeFileSync(
          join(project, "blocks", p.file),
          `${p.blocks.map((b) => b.code).join("\n")}\nexport {};\n`,
        );
      const tsc = spawnSync(
        process.execPath,
        [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "."],
        {
          cwd: project,
          encoding: "utf8",
        },
      );
      compiled = { status: tsc.status, output: tsc.stdout + tsc.stderr };
    }, 120_000);

    it("compile (one tsc run)", () => {
      // Name each error by its doc and block rather than the generated file.
      const byFile = new Map(all.map((p) => [`blocks/${p.file}`, p.blocks.map((b) => b.where).join(" + ")]));
      const errors = compiled.output
        .split("\n")
        .filter((l) => l.includes("error TS"))
        .map((l) => l.replace(/^(blocks\/[^(]+)/, (f) => byFile.get(f) ?? f));
      expect(errors).toEqual([]);
      expect(compiled.status).toBe(0);
    });

    it("run, unless marked compile-only", async () => {
      const failures: string[] = [];
      for (const p of all.filter((x) => x.run)) {
        const cwd = join(root, `run-${p.file}`);
        cpSync(ws, cwd, { recursive: true });
        const js = join(project, "out", p.file.replace(/\.ts$/, ".js"));
        const r = await run(process.execPath, [js], cwd, docsEnv(cwd, server.url));
        if (r.status !== 0)
          failures.push(
            `${p.blocks[0].where}: exit ${r.status}: ${r.stderr.trim().split("\n").slice(0, 3).join(" | ")}`,
          );
      }
      expect(failures).toEqual([]);
    }, 300_000);
  });

  it("bash blocks: every dialogsmith command runs against the fake server, or its block needs an endpoint", async () => {
    const failures: string[] = [];
    let ran = 0;
    // A reader follows one page top to bottom in one directory; two pages at a time.
    const followPage = async ({ doc, blocks }: (typeof BLOCKS)[number]) => {
      const cwd = join(root, `bash-${doc.replace(/\W+/g, "_")}`);
      cpSync(ws, cwd, { recursive: true });
      for (const b of blocks.filter((x) => x.lang === "bash" && !x.markers.includes("needs-endpoint")))
        for (const command of dialogsmithCommands(b.code)) {
          const r = await runCommand(forTheFakeServer(command, server.url), cwd, docsEnv(cwd, server.url));
          ran++;
          if (r.status !== 0)
            failures.push(
              `${b.where}: \`${command}\` exit ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").slice(-2).join(" | ")}`,
            );
        }
    };
    const pages = [...BLOCKS];
    const worker = async () => {
      for (let page = pages.shift(); page; page = pages.shift()) await followPage(page);
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
    expect(ran).toBeGreaterThan(20);
  }, 600_000);

  it("docs/render-dedup.md names the exact-dedup hash the code uses", () => {
    const doc = readFileSync(join(REPO_ROOT, "docs/render-dedup.md"), "utf8");
    const code = readFileSync(join(REPO_ROOT, "src/quality/exact-hash.ts"), "utf8");
    expect(code).toMatch(/0x811c9dc5/); // FNV-1a's offset basis: no cryptographic hash
    expect(doc).toMatch(/\*\*Exact\*\*: a 64-bit hash .*\n(.*\n)*.*FNV-1a/);
    expect(doc).not.toMatch(/SHA-1/);
  });
});
