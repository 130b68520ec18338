import { describe, expect, it } from "vitest";
import { directWrites, preloads, writeThreadAvailable } from "../../src/engine/file-thread.js";

describe("the write thread's start-up", () => {
  it("passes on the process's preloads and nothing else (an inherited `-e script` would run again)", () => {
    expect(
      preloads([
        "--input-type=module",
        "-e",
        "runMath()",
        "--import",
        "/x/inject.mjs",
        "--require=/x/a.cjs",
        "-r",
        "/x/b.cjs",
        "--max-old-space-size=100",
      ]),
    ).toEqual(["--import", "/x/inject.mjs", "--require=/x/a.cjs", "-r", "/x/b.cjs"]);
  });

  it("is not used from the TypeScript sources (no compiled thread script), where writes stay direct", () => {
    expect(writeThreadAvailable()).toBe(false);
    const io = directWrites(1 << 16);
    expect(io.buffer().length).toBe(1 << 16);
  });
});
