import { parseChatText } from "./chat-text.js";
import { isObject, type Obj, plainText } from "./json-values.js";
import { labelMeaning } from "./labels.js";
import type { SpeakerMessage } from "./types.js";

/**
 * Dataset-style dialogues in JSON: `{messages: [{role, content}]}` (OpenAI, TRL, our own records),
 * `{conversations: [{from, value}]}` (ShareGPT), `{prompt, completion}` where the prompt is
 * `user: ...\nassistant: ...` lines (the seed's format) or both are message lists (TRL), and a
 * bare list of messages.
 */

const SPEAKER_KEYS = ["role", "from", "speaker", "author", "sender", "name"] as const;
const TEXT_KEYS = ["content", "value", "text", "message"] as const;

/** A `{role, content}`-like object: the speaker and text, or undefined if it is not one. */
export function messageLike(v: unknown): SpeakerMessage | undefined {
  if (!isObject(v)) return undefined;
  const speakerKey = SPEAKER_KEYS.find((k) => typeof v[k] === "string");
  const textKey = TEXT_KEYS.find((k) => k in v);
  if (!speakerKey || !textKey) return undefined;
  return { speaker: v[speakerKey] as string, text: plainText(v[textKey]) };
}

/** True when every element is message-like: the list is one conversation, not a list of them. */
export function isMessageList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && v.every((m) => messageLike(m) !== undefined);
}

/** The conversation in one JSON object, or undefined when it holds none of the known shapes. */
export function conversationFromObject(
  v: unknown,
  knownSpeakers: ReadonlySet<string>,
): SpeakerMessage[] | undefined {
  if (!isObject(v)) return undefined;
  for (const key of ["messages", "conversations", "conversation", "dialogue", "dialog"]) {
    if (isMessageList(v[key])) return messages(v[key]);
  }
  return promptCompletion(v, knownSpeakers);
}

export function messages(list: unknown[]): SpeakerMessage[] {
  return list.map((m) => messageLike(m)).filter((m): m is SpeakerMessage => m !== undefined);
}

function promptCompletion(v: Obj, knownSpeakers: ReadonlySet<string>): SpeakerMessage[] | undefined {
  const { prompt, completion } = v;
  if (isMessageList(prompt)) {
    // TRL conversational prompt/completion.
    return [...messages(prompt), ...(isMessageList(completion) ? messages(completion) : [])];
  }
  if (typeof prompt !== "string") return undefined;
  const parsed = parseChatText(prompt, "prompt", { knownSpeakers }).chats.flatMap((c) => c.messages);
  const history = parsed.length > 0 ? parsed : [{ speaker: "user", text: prompt }];
  if (isMessageList(completion)) return [...history, ...messages(completion)];
  const answer = plainText(completion);
  if (answer.trim() === "") return history;
  return [...history, { speaker: completionSpeaker(history), text: answer }];
}

/**
 * The completion answers the last prompt message. With labels that is `assistant`; with names,
 * it is the last other participant in the prompt (the one the last message was addressed to).
 */
function completionSpeaker(history: SpeakerMessage[]): string {
  if (history.every((m) => labelMeaning(m.speaker) !== undefined)) return "assistant";
  const last = history[history.length - 1].speaker;
  for (let i = history.length - 2; i >= 0; i--) if (history[i].speaker !== last) return history[i].speaker;
  return "assistant";
}
