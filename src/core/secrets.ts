/**
 * Secrets (API keys, Hub tokens) are read from the environment at the moment of use. Each one
 * read is registered here so that any text leaving the process (errors, logs, events, reports)
 * can be scrubbed of it, whatever a server or library echoes back.
 */
const secrets = new Set<string>();

/** Reads a secret from the environment and registers it for redaction. */
export function readSecretFromEnv(
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (!name) return undefined;
  const value = env[name];
  if (value && value.length >= 4) secrets.add(value);
  return value || undefined;
}

export function registerSecret(value: string): void {
  if (value.length >= 4) secrets.add(value);
}

/** Replaces every registered secret in `text` with `***`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("***");
  return out;
}

/**
 * Secrets long enough to be real keys. Generated text is scrubbed of these only: a placeholder
 * key such as `EMPTY` (vLLM's convention) must not turn every "EMPTY" in a dataset into `***`.
 */
const DATA_SECRET_MIN_LENGTH = 12;

/**
 * Scrubs registered keys from text a server sent (a model's answer): a key a server echoes back
 * must not reach the dataset, the cache or the step journal.
 */
export function redactSecretsInData(text: string): string {
  let out = text;
  for (const s of secrets)
    if (s.length >= DATA_SECRET_MIN_LENGTH && out.includes(s)) out = out.split(s).join("***");
  return out;
}
