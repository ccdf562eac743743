// Compiles with `tsc --build`: only what changed since the last build is compiled again, and a
// build with nothing changed is a check of timestamps (about a second). Says what it is doing.
// Usage: node scripts/build.mjs [tsconfig] (default tsconfig.build.json, which builds dist/).
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { createRequire } from "node:module";

const project = process.argv[2] ?? "tsconfig.build.json";
const BUILD_INFO = { "tsconfig.build.json": "dist/.tsbuildinfo", "bench/tsconfig.json": "dist-bench/.tsbuildinfo", "client/tsconfig.json": "dist-client/.tsbuildinfo" };
const buildInfo = BUILD_INFO[project];
if (!buildInfo) {
  process.stderr.write(`Unknown project ${project}: one of ${Object.keys(BUILD_INFO).join(", ")}\n`);
  process.exit(2);
}
const stamp = () => {
  try {
    return statSync(buildInfo).mtimeMs;
  } catch {
    return null;
  }
};
const before = stamp();
const started = performance.now();
process.stderr.write(before === null ? `Compiling ${project} (first build: every file; later ones compile only what changed)…\n` : `Checking ${project} for changes (tsc --build)…\n`);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const { status } = spawnSync(process.execPath, [tsc, "--build", project], { stdio: "inherit" });
if (status !== 0) process.exit(status ?? 1);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(stamp() === before ? `Up to date (${seconds} s).\n` : `Compiled what changed in ${seconds} s.\n`);
