/** The arguments of a `generate rounds` run against a fake server, plus `extra`. */
export function roundsArgs(input: string, serverUrl: string, out: string, extra: string[] = []): string[] {
  return [
    "generate",
    "rounds",
    "--input",
    input,
    "--base-url",
    serverUrl,
    "--model",
    "m",
    "--out",
    out,
    ...extra,
  ];
}
