import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { sizeCategory } from "../../src/hub/card.js";
import { pushDataset } from "../../src/hub/push.js";
import { type FakeHub, startFakeHub } from "../../src/testing/fake-hub-server.js";
import { mathRecord, roleplayRecord, toolsRecord, writeJsonl, writeRunDir } from "../report/sample-data.js";
import { tempDir } from "../support/tmp.js";

const BIN = fileURLToPath(new URL("../../bin/dialogsmith.js", import.meta.url));
/** A token that must never be seen again once handed over in the environment. */
const CANARY = `hf_canary${randomBytes(12).toString("hex")}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI asynchronously (the fake Hub lives in this process and must keep serving). */
function cli(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HF_TOKEN: undefined, NO_COLOR: "1" };
  for (const [k, v] of Object.entries(env)) childEnv[k] = v;
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under a directory, as text. */
function allFiles(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push({ path: p, text: readFileSync(p, "latin1") });
  }
  return out;
}

/** A port nothing listens on: bound once, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function frontMatter(card: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(card);
  if (!m) throw new Error(`no front matter in:\n${card.slice(0, 300)}`);
  return parseYaml(m[1]) as Record<string, unknown>;
}

describe("dialogsmith push against a fake Hub", () => {
  const dir = tempDir("dialogsmith-push-");
  let hub: FakeHub;

  beforeAll(async () => {
    if (!existsSync(join(BIN, "../../dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first");
    hub = await startFakeHub({ tokens: [CANARY], user: "tester", orgs: ["acme"] });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it("pushes a split run: splits as configs, a card with front matter, and the token nowhere", async () => {
    const run = writeRunDir(
      join(dir, "run"),
      range(12).map((i) => roleplayRecord(i)),
    );
    writeJsonl(
      join(run, "train.jsonl"),
      range(10).map((i) => roleplayRecord(i)),
    );
    writeJsonl(
      join(run, "eval.jsonl"),
      range(2).map((i) => roleplayRecord(i + 10)),
    );
    const r = await cli(
      [
        "push",
        run,
        "--repo-id",
        "tester/crypto-dialogues",
        "--private",
        "--hub-url",
        hub.url,
        "--license",
        "apache-2.0",
      ],
      { HF_TOKEN: CANARY },
      dir,
    );
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`${hub.url}/datasets/tester/crypto-dialogues`);

    const repo = hub.repos.get("datasets/tester/crypto-dialogues");
    expect(repo?.visibility).toBe("private");
    expect([...(repo?.files.keys() ?? [])].sort()).toEqual([
      "README.md",
      "data/eval.jsonl",
      "data/train.jsonl",
    ]);
    expect(hub.fileText("datasets/tester/crypto-dialogues", "data/train.jsonl")).toBe(
      readFileSync(join(run, "train.jsonl"), "utf8"),
    );
    expect(hub.fileText("datasets/tester/crypto-dialogues", "data/eval.jsonl")).toBe(
      readFileSync(join(run, "eval.jsonl"), "utf8"),
    );
    expect(repo?.commits).toHaveLength(1);

    const card = hub.fileText("datasets/tester/crypto-dialogues", "README.md") ?? "";
    const fm = frontMatter(card);
    expect(fm.license).toBe("apache-2.0");
    expect(fm.task_categories).toEqual(["text-generation"]);
    expect(fm.language).toEqual(["ru"]);
    expect(fm.size_categories).toEqual(["n<1K"]);
    expect(fm.tags).toEqual(expect.arrayContaining(["synthetic", "dialogsmith", "roleplay"]));
    expect(fm.configs).toEqual([
      {
        config_name: "default",
        default: true,
        data_files: [
          { split: "train", path: "data/train.jsonl" },
          { split: "eval", path: "data/eval.jsonl" },
        ],
      },
    ]);
    // Body: splits, statistics over what was uploaded, the run's figures, public generation settings.
    expect(card).toContain("| default | train | `data/train.jsonl` | 10 |");
    expect(card).toContain("| default | eval | `data/eval.jsonl` | 2 |");
    expect(card).toContain('load_dataset("tester/crypto-dialogues")');
    expect(card).toContain("Computed over 12 dialogues");
    expect(card).toMatch(/\*\*Rejected during generation \(3\)\*\*: too_short 2/);
    expect(card).toContain("## Generation settings");
    expect(card).toContain("model: Qwen/Qwen2.5-32B-Instruct");
    expect(card).toContain("temperature: 0.95");
    expect(card).not.toContain("10.1.2.3");
    expect(card).not.toContain("GONKA_API_KEY");

    // The canary: not in anything written locally, stored on the Hub, or printed.
    const everywhere = [
      r.stdout,
      r.stderr,
      ...allFiles(dir).map((f) => f.text),
      ...[...hub.repos.values()].flatMap((rp) => [...rp.files.values()].map((b) => b.toString("latin1"))),
    ];
    for (const text of everywhere) expect(text.includes(CANARY)).toBe(false);
    // And every API call carried it (checked by the server, never recorded).
    expect(hub.requests.filter((q) => q.path.startsWith("/api/")).every((q) => q.auth === "valid")).toBe(
      true,
    );
    expect(hub.requests.map((q) => `${q.method} ${q.path}`)).toEqual(
      expect.arrayContaining([
        "GET /api/whoami-v2",
        "POST /api/repos/create",
        "POST /api/datasets/tester/crypto-dialogues/preupload/main",
        "POST /api/datasets/tester/crypto-dialogues/commit/main",
      ]),
    );
  });

  it("missing token: one line naming HF_TOKEN, exit 2, no request made", async () => {
    const file = writeJsonl(join(dir, "math.jsonl"), range(3).map(mathRecord));
    const before = hub.requests.length;
    const r = await cli(["push", file, "--repo-id", "tester/math", "--hub-url", hub.url], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^dialogsmith: error: \$HF_TOKEN is not set/);
    expect(r.stdout).toBe("");
    expect(hub.requests.length).toBe(before);
  });

  it("wrong token: a clear authentication error, exit 3, and that token is not echoed", async () => {
    const wrong = `hf_wrong${randomBytes(12).toString("hex")}`;
    const file = writeJsonl(join(dir, "math2.jsonl"), range(3).map(mathRecord));
    const r = await cli(
      ["push", file, "--repo-id", "tester/math", "--hub-url", hub.url],
      { HF_TOKEN: wrong },
      dir,
    );
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split("\n");
    expect(lines.at(-1)).toBe(
      `dialogsmith: error: the Hugging Face Hub at ${hub.url} rejected the token in $HF_TOKEN (401): check that it is valid`,
    );
    expect(lines.filter((l) => l.includes("error"))).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(hub.repos.has("datasets/tester/math")).toBe(false);
  });

  it("--token-env names another variable; a token that is not a Hub token is a usage error", async () => {
    const file = writeJsonl(join(dir, "tools.jsonl"), range(3).map(toolsRecord));
    const ok = await cli(
      [
        "push",
        file,
        "--repo-id",
        "acme/delivery",
        "--hub-url",
        hub.url,
        "--token-env",
        "MY_HUB_TOKEN",
        "--quiet",
      ],
      { MY_HUB_TOKEN: CANARY, HF_TOKEN: "hf_not-this-one" },
      dir,
    );
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe("");
    const card = hub.fileText("datasets/acme/delivery", "README.md") ?? "";
    expect(frontMatter(card).language).toEqual(["ko"]);
    expect(frontMatter(card).tags).toEqual(expect.arrayContaining(["tools", "function-calling"]));
    expect(card).toContain("**Calls by tool**: search_restaurants 3");

    const bad = await cli(
      ["push", file, "--repo-id", "acme/delivery", "--hub-url", hub.url],
      { HF_TOKEN: "sk-123456" },
      dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'dialogsmith: error: $HF_TOKEN does not hold a Hugging Face token (they start with "hf_")',
    );
  });

  it("a namespace the token may not write to: exit 3 naming the repo", async () => {
    const file = writeJsonl(join(dir, "math3.jsonl"), range(2).map(mathRecord));
    const r = await cli(
      ["push", file, "--repo-id", "someone-else/data", "--hub-url", hub.url],
      { HF_TOKEN: CANARY },
      dir,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("may not write to someone-else/data (403)");
    expect(r.stderr).not.toContain(CANARY);
  });

  it("an unreachable Hub: exit 3 naming the URL", async () => {
    const file = writeJsonl(join(dir, "math4.jsonl"), range(2).map(mathRecord));
    const closed = await closedPort();
    const r = await cli(
      ["push", file, "--repo-id", "tester/x", "--hub-url", `http://127.0.0.1:${closed}`, "--quiet"],
      { HF_TOKEN: CANARY },
      dir,
    );
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(
      `dialogsmith: error: cannot reach the Hugging Face Hub at http://127.0.0.1:${closed} (ECONNREFUSED)`,
    );
  });

  it("bad usage: a repo id without a namespace, a missing --repo-id", async () => {
    const file = writeJsonl(join(dir, "math5.jsonl"), range(2).map(mathRecord));
    const a = await cli(
      ["push", file, "--repo-id", "noslash", "--hub-url", hub.url],
      { HF_TOKEN: CANARY },
      dir,
    );
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("--repo-id must look like user/name");
    const b = await cli(["push", file], { HF_TOKEN: CANARY }, dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--repo-id");
  });
});

describe("pushDataset (library)", () => {
  const dir = tempDir("dialogsmith-push-lib-");
  let hub: FakeHub;
  beforeAll(async () => {
    // A tiny LFS threshold sends the dataset files through the Git LFS batch API and storage PUT.
    hub = await startFakeHub({ tokens: [CANARY], lfsThreshold: 2_000 });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it("uploads large files through LFS, pairs x.train/x.eval files, and commits again to an existing repo", async () => {
    const train = writeJsonl(join(dir, "chat.train.jsonl"), range(30).map(mathRecord));
    const evalFile = writeJsonl(join(dir, "chat.eval.jsonl"), range(3).map(mathRecord));
    const notes: string[] = [];
    const env = { HF_TOKEN: CANARY };
    const first = await pushDataset(train, {
      repoId: "tester/math-lfs",
      hubUrl: hub.url,
      env,
      onProgress: (m) => notes.push(m),
    });
    expect(first.existed).toBe(false);
    expect(first.files.map((f) => [f.path, f.records])).toEqual([
      ["data/train.jsonl", 30],
      ["data/eval.jsonl", 3],
      ["README.md", undefined],
    ]);
    expect(hub.fileText("datasets/tester/math-lfs", "data/train.jsonl")).toBe(readFileSync(train, "utf8"));
    expect(hub.fileText("datasets/tester/math-lfs", "data/eval.jsonl")).toBe(readFileSync(evalFile, "utf8"));
    expect(hub.requests.some((q) => q.path === "/datasets/tester/math-lfs.git/info/lfs/objects/batch")).toBe(
      true,
    );
    expect(
      hub.requests.filter((q) => q.path.startsWith("/__lfs-upload/") && q.status === 200).length,
    ).toBeGreaterThan(0);
    const fm = frontMatter(hub.fileText("datasets/tester/math-lfs", "README.md") ?? "");
    expect(fm.license).toBe("other");
    expect(fm.language).toEqual(["en"]);
    expect(fm.tags).toEqual(expect.arrayContaining(["math"]));
    expect(notes.join("\n")).not.toContain(CANARY);

    // Same file again: the repo exists, a second commit lands, LFS objects already stored are not re-sent.
    const uploadsBefore = hub.requests.filter((q) => q.path.startsWith("/__lfs-upload/")).length;
    const second = await pushDataset(train, { repoId: "tester/math-lfs", hubUrl: hub.url, env });
    expect(second.existed).toBe(true);
    expect(hub.repos.get("datasets/tester/math-lfs")?.commits).toHaveLength(2);
    expect(hub.requests.filter((q) => q.path.startsWith("/__lfs-upload/")).length).toBe(uploadsBefore);
  });

  it("a tools run with a gold set gets a second config", async () => {
    const run = writeRunDir(join(dir, "tools-run"), range(4).map(toolsRecord), {
      config: { recipe: "tools" },
    });
    copyFileSync(join(run, "dataset.jsonl"), join(run, "gold_dataset.jsonl"));
    await pushDataset(run, { repoId: "tester/delivery", hubUrl: hub.url, env: { HF_TOKEN: CANARY } });
    const fm = frontMatter(hub.fileText("datasets/tester/delivery", "README.md") ?? "");
    expect(fm.configs).toEqual([
      { config_name: "default", default: true, data_files: [{ split: "train", path: "data/train.jsonl" }] },
      { config_name: "gold", data_files: [{ split: "test", path: "gold/test.jsonl" }] },
    ]);
    expect(hub.fileText("datasets/tester/delivery", "gold/test.jsonl")).toBe(
      readFileSync(join(run, "gold_dataset.jsonl"), "utf8"),
    );
  });

  it("size categories follow the Hub's buckets", () => {
    expect(sizeCategory(0)).toBe("n<1K");
    expect(sizeCategory(999)).toBe("n<1K");
    expect(sizeCategory(1000)).toBe("1K<n<10K");
    expect(sizeCategory(250_000)).toBe("100K<n<1M");
    expect(sizeCategory(5_000_000)).toBe("1M<n<10M");
  });
});
