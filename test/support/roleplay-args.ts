/** `generate roleplay` against a fake server serving model "m", writing into `out`. */
export function roleplayArgs(serverUrl: string, out: string, extra: string[] = []): string[] {
  return [
    "generate",
    "roleplay",
    "--role",
    "crypto_seller",
    "--base-url",
    serverUrl,
    "--model",
    "m",
    "--out",
    out,
    ...extra,
  ];
}
