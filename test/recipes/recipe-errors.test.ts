import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { closeServersAfterEach, EXAMPLES, fakeServer, modelsConfig } from "./support/fixtures.js";

const dir = tempDir("dialogsmith-recipe-errors-");
closeServersAfterEach();

const GOOD = `name: quiz
roles:
  asker: { model: student, as: user, system: "Ask about {{ topic }}." }
  answerer: { model: tutor, as: assistant, system: "Answer briefly." }
scenario:
  topic: { choice: [cats, dogs] }
turns: { count: 4 }
checks:
  - length: { min: 1 }
`;

/** The good recipe with one edit: [what to replace, what to put]. */
function variant(name: string, from: string, to: string): string {
  if (!GOOD.includes(from)) throw new Error(`no '${from}' in the recipe`);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, GOOD.replace(from, to));
  return path;
}

const CASES: { name: string; from: string; to: string; error: RegExp }[] = [
  {
    name: "unknown-model",
    from: "model: tutor",
    to: "model: gpt",
    error: /unknown-model\.yaml: roles\.answerer\.model: no models entry 'gpt' \(defined: student, tutor\)/,
  },
  {
    name: "unknown-role",
    from: "turns: { count: 4 }",
    to: "turns: { count: 4, order: [asker, answerr] }",
    error: /unknown-role\.yaml: turns\.order\[1\]: no role 'answerr' \(roles: asker, answerer\)/,
  },
  {
    name: "template-syntax",
    from: '"Ask about {{ topic }}."',
    to: '"Ask about {{ topic }."',
    error: /template-syntax\.yaml: roles\.asker\.system: template syntax error: /,
  },
  {
    name: "unknown-validator",
    from: "  - length: { min: 1 }",
    to: "  - length: { min: 1 }\n  - langauge: en",
    error:
      /unknown-validator\.yaml: checks\[1\]\.langauge: unknown validator 'langauge' \(known: length, regex,/,
  },
  {
    name: "cycle",
    from: "  topic: { choice: [cats, dogs] }",
    to: '  topic: { template: "{{ angle }} {{ kind }}" }\n  angle: { expr: "topic | length" }\n  kind: { choice: [cats, dogs] }',
    error: /cycle\.yaml: scenario\.topic: derived fields form a cycle: topic -> angle -> topic/,
  },
  {
    name: "unknown-sampler",
    from: "topic: { choice: [cats, dogs] }",
    to: "topic: { chioce: [cats, dogs] }",
    error:
      /unknown-sampler\.yaml: scenario\.topic: unknown sampler \(keys: chioce\); use one of choice, sample,/,
  },
  {
    name: "unknown-key",
    from: "as: user,",
    to: "as: user, modle: x,",
    error: /unknown-key\.yaml: roles\.asker: unknown key\(s\) 'modle'/,
  },
  {
    name: "render-error",
    from: '"Answer briefly."',
    to: '"Answer {{ topic | nosuchfilter }}."',
    error: /render-error\.yaml: roles\.answerer\.system: .*nosuchfilter/,
  },
];

describe("an invalid recipe file", () => {
  test("gives one line naming the path inside the file, exit 2, no stack, nothing written", async () => {
    const server = await fakeServer({});
    const config = modelsConfig(dir, server, ["student", "tutor"]);
    const results = await Promise.all(
      CASES.map(async (c) => {
        const out = join(dir, `out-${c.name}`);
        const args = [
          "generate",
          "--recipe",
          variant(c.name, c.from, c.to),
          "--config",
          config,
          "--out",
          out,
        ];
        return { c, out, r: await runCli(args, { cwd: dir }) };
      }),
    );
    for (const { c, out, r } of results) {
      expect(r.code, c.name).toBe(2);
      expect(r.stderr, c.name).toMatch(c.error);
      expect(r.stderr.trim().split("\n"), c.name).toHaveLength(1);
      expect(r.stderr, c.name).not.toMatch(/\n\s+at /);
      expect(existsSync(out), c.name).toBe(false);
    }
    expect(server.stats.total).toBe(0);
  }, 60_000);

  test("the good recipe runs (the cases above differ from it by one edit), given as --recipe=FILE too", async () => {
    const server = await fakeServer({ responder: () => "Fine, thanks." });
    const config = modelsConfig(dir, server, ["student", "tutor"], "good-config.yaml");
    const path = variant("good", "count: 4", "count: 4");
    const r = await runCli(
      [
        "generate",
        `--recipe=${path}`,
        "--config",
        config,
        "--count",
        "1",
        "--out",
        join(dir, "good"),
        "--quiet",
      ],
      {
        cwd: dir,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);

    // Named under recipes: in the config, it runs as `generate NAME`; an unknown name says what there is.
    appendFileSync(config, `recipes:\n  quiz: ${path}\n`);
    const named = await runCli(
      ["generate", "quiz", "--config", config, "--count", "1", "--out", join(dir, "named"), "--quiet"],
      {
        cwd: dir,
      },
    );
    expect(named.stderr).toBe("");
    expect(named.code).toBe(0);
    expect(readFileSync(join(dir, "named/dataset.jsonl"), "utf8")).toMatch(/^\{"id":"quiz-42-000000"/);
    const unknown = await runCli(["generate", "quizz", "--config", config], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown recipe 'quizz': built in are roleplay, math, rounds and tools; dialogsmith.yaml defines quiz; or pass --recipe FILE.yaml/,
    );
  });
});

describe("generate --recipe --dry-run", () => {
  test("prints every step's rendered prompts of the first dialogue and sends nothing", async () => {
    const server = await fakeServer({});
    const config = modelsConfig(dir, server, ["student", "tutor"], "dry-config.yaml");
    const out = join(dir, "dry");
    const r = await runCli(
      [
        "generate",
        "--recipe",
        join(EXAMPLES, "tutoring.yaml"),
        "--config",
        config,
        "--dry-run",
        "--count",
        "20",
        "--out",
        out,
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const steps = [...r.stdout.matchAll(/^--- step (s\d{3}\.(\w+)): (\w+) \(model (\w+): /gm)];
    // Placeholder answers never say [DONE]: the dialogue runs to its planned 8-14 messages.
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps.length).toBeLessThanOrEqual(15);
    expect(steps.map((m) => m[3])).toEqual(steps.map((_, i) => (i % 2 === 0 ? "student" : "tutor")));
    expect(steps.every((m) => m[2] === m[3] && m[4] === m[3])).toBe(true);
    // Prompts are rendered: no template syntax left, the scenario filled in.
    expect(r.stdout).not.toMatch(/\{\{|\{%/);
    const problems = readFileSync(join(EXAMPLES, "tutoring-problems.txt"), "utf8").trim().split("\n");
    expect(problems.some((p) => r.stdout.includes(`You are stuck on this problem: ${p}`))).toBe(true);
    expect(r.stdout).toContain("[user]\nStart the chat by telling your tutor what you are stuck on.");
    expect(r.stdout).toMatch(/dry run: tutoring, 20 records/);
    const studentSteps = steps.filter((m) => m[3] === "student").length;
    expect(r.stdout).toContain(`student (student-model): ${20 * studentSteps} calls`);
    expect(server.stats.total).toBe(0);
    expect(existsSync(out)).toBe(false);
  });
});
