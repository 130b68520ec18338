import { registerSecret } from "../core/secrets.js";

/**
 * Why `value` cannot be a model endpoint, or undefined when it can. Checked when the config is
 * read, so a bad URL is one line and exit 2 instead of minutes of retries per item:
 * - only http and https (`localhost:8080/v1` parses with the scheme "localhost:"; `javascript:`
 *   and `file:` are refused);
 * - no `user:password@`: HTTP clients refuse to send credentials written in a URL, and a URL is
 *   written to config.json and shown in messages. The credentials are registered as secrets (so
 *   they are scrubbed from any text that might still carry them) and masked in the message.
 */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'${maskCredentials(value)}' is not a URL: write it in full, e.g. http://localhost:8080/v1`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    const bare = /^[\w.-]+:\d+/.test(value) ? `; did you mean http://${value}?` : ": use http:// or https://";
    return `'${maskCredentials(value)}' is not an http(s) URL${bare}`;
  }
  if (url.username || url.password) {
    for (const part of [url.username, url.password]) if (part) registerSecret(part);
    return `'${maskCredentials(value)}' holds credentials, which are never sent in a URL: put the key in an environment variable and name it with api_key_env (or --api-key-env)`;
  }
  return undefined;
}

/** The URL with any `user:password@` part replaced by `***@`. */
function maskCredentials(value: string): string {
  return value.replace(/^([a-z][\w+.-]*:\/\/)[^/?#]*@/i, "$1***@");
}
