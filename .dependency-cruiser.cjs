/**
 * The layer check (`npm run check:layers`, run by .ci/run). Each folder of src/ imports only from
 * the layers below it (README, "Architecture"); no module cycles anywhere.
 *
 *   cli, index.ts  →  app  →  formats  →  recipes  →  engine  →  distributed  →  models, quality, testing  →  config  →  core
 */
const LAYERS = [
  ["core"],
  ["config"],
  ["models", "quality", "testing"],
  ["distributed"],
  ["engine"],
  ["recipes"],
  ["formats"],
  ["app"],
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
