/**
 * Imports point down only (src/modules/README.md). `npm run lint:deps` fails on an upward import
 * between modules, on a module importing the composition root (src/server/), on a lower layer
 * (shared, db, realtime, config, telemetry) importing a module, and on any import cycle.
 */
const fs = require("node:fs");
const path = require("node:path");

/**
 * The layers are the order of `MODULES` in src/server/modules.ts, lowest first: one list, so a new
 * module is a folder plus its entry there. A folder of src/modules/ missing from the list fails.
 */
function layersFromModules() {
  const text = fs.readFileSync(path.join(__dirname, "src/server/modules.ts"), "utf8");
  const folders = new Map([...text.matchAll(/import (\w+) from "\.\.\/modules\/([\w-]+)\/index\.js";/g)].map((m) => [m[1], m[2]]));
  const list = /export const MODULES[^=]*=\s*\[([^\]]*)\]/.exec(text);
  if (!list) throw new Error("src/server/modules.ts: no `export const MODULES = [...]` to read the layers from");
  const layers = list[1]
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const folder = folders.get(name);
      if (!folder) throw new Error(`src/server/modules.ts: ${name} in MODULES is not imported from ../modules/<folder>/index.js`);
      return folder;
    });
  const unlisted = fs
    .readdirSync(path.join(__dirname, "src/modules"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "shared" && !layers.includes(d.name));
  if (unlisted.length) throw new Error(`src/modules/${unlisted[0].name} is not in MODULES (src/server/modules.ts)`);
  return layers;
}

const LAYERS = layersFromModules();
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
