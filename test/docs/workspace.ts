import { spawn } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Responder } from "../../src/testing/fake-openai-server.js";
import { writeParquet } from "../rounds/support/parquet-writer.js";
import { roleOf, roundsResponder, seedRows } from "../rounds/support/rounds-fixtures.js";
import { BIN, REPO_ROOT } from "../support/cli.js";
import { recipeResponder } from "../support/recipe-responder.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { toolsResponder } from "../tools/support/tools-responder.js";

export const CANARY_KEY = "sk-docs-canary-5e1f";

/** One fake model for every recipe the docs run: it answers each request in its recipe's shape. */
export function docsResponder(): Responder {
  const roleplay = roleplayResponder();
  const tools = toolsResponder();
  const rounds = roundsResponder();
  const recipe = recipeResponder();
  return (body, ctx) => {
    const system = typeof body.messages[0]?.content === "string" ? body.messages[0].content : "";
    if (roleOf(system) !== "other") return rounds(body, ctx);
    if (/exactly \d+ user message/.test(ctx.lastUserMessage)) return tools(body, ctx);
    // YAML recipes' messages are plain text (or their own schemas); judges have theirs.
    const schema = String(body.response_format?.json_schema?.name ?? "");
    if (/^(judge_|pairwise_verdict$|tool_result$)|_message$/.test(schema) || body.tools?.length)
      return recipe(body, ctx);
    const oneshot = /(ровно|exactly) \d+/.test(`${system}\n${ctx.lastUserMessage}`);
    if (!oneshot && (ctx.responseFormat === "text" || ctx.responseFormat === "none"))
      return recipe(body, ctx);
    return roleplay(body, ctx);
  };
}

/** The environment the docs' commands run in: the fake server as the endpoint, nothing of npm's. */
export function docsEnv(home: string, serverUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("npm_")) env[k] = v;
  return {
    ...env,
    HOME: home,
    XDG_CACHE_HOME: join(home, ".cache"),
    OPENAI_BASE_URL: serverUrl,
    OPENAI_API_KEY: CANARY_KEY,
    NO_COLOR: "1",
  };
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program asynchronously (the fake server answers from this process, so a synchronous
 * spawn would block it).
 */
export function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** A command line as a user types it, with `dialogsmith` meaning this checkout's CLI. */
export function runCommand(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return run("bash", ["-c", command.replace(/^dialogsmith\b/, `node ${JSON.stringify(BIN)}`)], cwd, env);
}

async function cli(args: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const r = await runCommand(`dialogsmith ${args}`, cwd, env);
  if (r.status !== 0) throw new Error(`setup: dialogsmith ${args} failed (${r.status}): ${r.stderr}`);
}

/**
 * What the docs assume the reader has: the runs and files they name (made here the way a reader
 * would make them, against the fake server), a raw-examples folder, a chat template file.
 */
export async function makeDocsWorkspace(ws: string, serverUrl: string): Promise<void> {
  const env = docsEnv(ws, serverUrl);
  mkdirSync(ws, { recursive: true });
  const run = (name: string) => `data/generated/${name}_20250101-120000`;
  await cli(`generate math --count 20 --seed 1 --out ${run("math")}`, ws, env);
  const model = `--base-url ${serverUrl} --model m --seed 1`;
  cli(
    `generate roleplay --role crypto_seller --count 2 ${model} --out ${run("roleplay_crypto_seller")}`,
    ws,
    env,
  );
  await cli(`generate tools --domain delivery --count 3 ${model} --out ${run("tools_delivery")}`, ws, env);
  cpSync(join(REPO_ROOT, "examples"), join(ws, "examples"), { recursive: true });
  await cli(
    // At the default seed, as the docs' own commands make it (they then find it done).
    `generate --recipe examples/recipes/tutoring.yaml --count 3 --base-url ${serverUrl} --model m --out data/generated/tutoring-demo`,
    ws,
    env,
  );
  // README "Scaling out": one model on two replicas (two names of the fake server), a fallback entry.
  writeFileSync(
    join(ws, "replicas.yaml"),
    [
      "models:",
      "  big:",
      "    model: m",
      "    endpoints:",
      `      - { base_url: ${serverUrl}, weight: 2 }`,
      `      - { base_url: ${serverUrl.replace("127.0.0.1", "localhost")} }`,
      "    fallback: [small]",
      `  small: { base_url: ${serverUrl}, model: m }`,
      "",
    ].join("\n"),
  );
  const rows = seedRows(4);
  writeFileSync(join(ws, "data.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
  for (const name of ["aligner.parquet", "aligner-20k.parquet"])
    writeParquet(
      join(ws, name),
      ["question", "answer", "correction"].map((c) => ({ name: c, values: rows.map((r) => String(r[c])) })),
    );
  await cli(`generate rounds --input data.jsonl --rounds 3 ${model} --out ${run("rounds")}`, ws, env);
  copyFileSync(join(ws, run("roleplay_crypto_seller"), "dataset.jsonl"), join(ws, "dataset.jsonl"));
  cpSync(join(REPO_ROOT, "test/fixtures/raw/transcript"), join(ws, "data/raw"), { recursive: true });
  const template = join(REPO_ROOT, "test/fixtures/chat-templates/qwen2_5.jinja");
  copyFileSync(template, join(ws, "my-template.jinja"));
  mkdirSync(join(ws, "models/Qwen2.5-7B-Instruct"), { recursive: true });
  writeFileSync(
    join(ws, "models/Qwen2.5-7B-Instruct/tokenizer_config.json"),
    JSON.stringify({ chat_template: readFileSync(template, "utf8") }),
  );
}

/**
 * A user's project that depends on dialogsmith: node_modules/dialogsmith is this checkout (its
 * package.json "exports", built dist/), the other packages are this checkout's own.
 */
export function makeUserProject(dir: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  for (const name of readdirSync(join(REPO_ROOT, "node_modules")))
    if (!name.startsWith(".")) symlinkSync(join(REPO_ROOT, "node_modules", name), join(modules, name));
  symlinkSync(REPO_ROOT, join(modules, "dialogsmith"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "docs-user", private: true, type: "module" }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023"],
        types: ["node"],
        strict: true,
        skipLibCheck: true,
        allowJs: true,
        outDir: "out",
        rootDir: "blocks",
      },
      include: ["blocks"],
    }),
  );
}
