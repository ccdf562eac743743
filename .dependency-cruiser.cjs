/**
 * Imports point down only (src/modules/README.md). `npm run lint:deps` fails on an upward import
 * between modules, on a module importing the composition root (src/server/), on a lower layer
 * (shared, db, realtime, config, telemetry) importing a module, and on any import cycle.
 */
const LAYERS = ["identity", "records", "timeline", "social", "signals", "follow-up", "webhooks"];
const BASE = ["shared", "db", "realtime", "config", "telemetry", "events"];

const upward = LAYERS.map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer} may import only the modules below it: ${LAYERS.slice(0, i).join(", ") || "none"} (and the base layers)`,
  severity: "error",
  from: { path: `^src/modules/${layer}/` },
  to: { path: `^src/modules/(${LAYERS.slice(i + 1).join("|") || "$^"})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "no-module-in-base-layers",
      comment: "shared/, db/, realtime/, config/, telemetry/ and events/ import no domain module",
      severity: "error",
      from: { path: `^src/(modules/shared|${BASE.filter((b) => b !== "shared").join("|")})/` },
      to: { path: `^src/modules/(${LAYERS.join("|")})/` },
    },
    {
      name: "nothing-imports-server",
      comment: "src/server/ is the composition root: nothing below it imports it",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(server/|main\\.ts)" },
      to: { path: "^src/server/" },
    },
    {
      name: "no-circular",
      comment: "no import cycles, within a module or between modules",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
