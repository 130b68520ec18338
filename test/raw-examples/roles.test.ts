import { describe, expect, it } from "vitest";
import { assignRoles, normaliseName, type SpeakerMessage } from "../../src/formats/raw-examples/index.js";
import { assistant, user } from "./helpers.js";

const chat = (...messages: [string, string][]) => ({
  source: "c.txt",
  messages: messages.map(([speaker, text]): SpeakerMessage => ({ speaker, text })),
});
const names = (...n: string[]) => new Set(n.map(normaliseName));

describe("assignRoles", () => {
  it("makes the named assistant the assistant and everyone else the user, whatever the labels", () => {
    const r = assignRoles(chat(["Seller", "hi"], ["Bob", "hello"], ["Seller", "?"]), names("bob"));
    expect(r.example?.messages).toEqual([user("hi"), assistant("hello"), user("?")]);
    expect(r).toMatchObject({
      assistants: ["Bob"],
      guessed: undefined,
      assistantNameMissing: false,
      participants: 2,
    });
  });

  it("maps generic labels directly and drops system/tool entries", () => {
    const r = assignRoles(
      chat(
        ["system", "be nice"],
        ["Клиент", "Сколько?"],
        ["продавец", "100"],
        ["tool", "{}"],
        ["ПРОДАВЕЦ", "₽"],
      ),
      names(),
    );
    expect(r.example?.messages).toEqual([user("Сколько?"), assistant("100\n₽")]);
    expect(r.guessed).toBeUndefined();
  });

  it("makes an unlabelled participant the assistant when the other side is a user label", () => {
    const r = assignRoles(chat(["customer", "hi"], ["Dana", "welcome"]), names());
    expect(r.example?.messages).toEqual([user("hi"), assistant("welcome")]);
    expect(r.guessed).toBeUndefined();
  });

  it("guesses the one who wrote most, and on a tie the one who answered", () => {
    const longer = assignRoles(
      chat(["Ann", "hi"], ["Bob", "hello, how can I help?"], ["Ann", "price?"]),
      names(),
    );
    expect(longer.guessed).toBe("Bob");
    const tie = assignRoles(chat(["Ann", "abc"], ["Bob", "xyz"]), names());
    expect(tie.guessed).toBe("Bob");
    expect(tie.example?.messages).toEqual([user("abc"), assistant("xyz")]);
  });

  it("reports a given assistant name that does not take part, then guesses", () => {
    const r = assignRoles(chat(["Ann", "hi"], ["Bob", "hello there"]), names("Carol"));
    expect(r).toMatchObject({ assistantNameMissing: true, guessed: "Bob" });
  });

  it("merges every non-assistant of a group into the user side", () => {
    const r = assignRoles(chat(["A", "1"], ["B", "2"], ["Shop", "3"], ["C", "4"]), names("shop"));
    expect(r.example?.messages).toEqual([user("1\n2"), assistant("3"), user("4")]);
    expect(r.participants).toBe(4);
  });

  it("returns no example for a one-sided chat", () => {
    expect(assignRoles(chat(["Channel", "news"], ["Channel", "more"]), names()).example).toBeUndefined();
    expect(assignRoles(chat(["user", "a"], ["client", "b"]), names()).example).toBeUndefined();
    expect(assignRoles(chat(["Ann", "  "], ["Bob", "x"]), names()).example).toBeUndefined();
  });
});
