/**
 * The layer check (`npm run check:layers`, run by .ci/run). Each folder of src/ imports only from
 * the layers below it (README, "Architecture"); no module cycles anywhere.
 *
 *   cli, index.ts → pipelines → hub → report → recipes → engine → distributed → formats → models, testing → quality → config → core
 *
 * pipelines, report and hub are the application layer (file-level tools and command pipelines).
 */
const LAYERS = [
  ["core"],
  ["config"],
  ["quality"],
  ["models", "testing"],
  ["formats"],
  ["distributed"],
  ["engine"],
  ["recipes"],
  ["report"],
  ["hub"],
  ["pipelines"],
  ["cli"],
];

const folder = (name) => `^src/${name}/`;
const above = (rank) =>
  LAYERS.slice(rank + 1)
    .flat()
    .map(folder)
    .concat(["^src/index\\.ts$"]);

const layerRules = LAYERS.flatMap((names, rank) =>
  names.map((name) => ({
    name: `${name}-imports-only-below`,
    comment: `src/${name}/ may import only from the layers below it`,
    severity: "error",
    from: { path: folder(name) },
    to: { path: above(rank).concat(names.filter((n) => n !== name).map(folder)) },
  })),
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "no-cycles",
      comment: "a cycle of imports (between modules, hence between folders)",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "src-not-from-tests",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|bench|scripts)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
