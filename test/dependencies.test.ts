import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/cli.js";

/** Every source file's text under src/. */
function sources(dir = join(REPO_ROOT, "src")): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

describe("package.json", () => {
  it("declares only runtime dependencies the code imports", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    const code = sources().join("\n");
    const unused = Object.keys(pkg.dependencies).filter(
      // An import of the package or a subpath, static or dynamic: its name as a module string.
      (name) => !new RegExp(`["'\`]${name.replace(/[/.]/g, "\\$&")}(/[^"'\`]*)?["'\`]`).test(code),
    );
    expect(unused).toEqual([]);
  });
});
