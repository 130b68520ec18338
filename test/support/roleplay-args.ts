/** The arguments of `generate roleplay` against a test server (crypto_seller, model qwen-test). */
export function roleplayArgs(
  o: { url: string; out: string; cacheDir: string; apiKeyEnv?: string },
  extra: string[] = [],
): string[] {
  return [
    "generate",
    "roleplay",
    "--role",
    "crypto_seller",
    "--base-url",
    o.url,
    "--model",
    "qwen-test",
    ...(o.apiKeyEnv ? ["--api-key-env", o.apiKeyEnv] : []),
    "--out",
    o.out,
    "--cache-dir",
    o.cacheDir,
    ...extra,
  ];
}
