// Command-line options of the benchmark scripts.

/** The number after `flag` ("--count 1000") on the command line, or `fallback` when absent. */
export function numberArg(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
