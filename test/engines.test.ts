import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { optional?: boolean; engines?: { node?: string } | string[] }> };

describe("the Node version the README names", () => {
  const oldest = semver.minVersion(pkg.engines.node)!;

  it("satisfies every installed package's engines, so npm ci prints no EBADENGINE on it", () => {
    const refusing = Object.entries(lock.packages)
      // npm skips an optional package its Node cannot run, without a warning (rollup's native helpers).
      .filter(([path, entry]) => path !== "" && !entry.optional)
      .flatMap(([path, entry]) => {
        const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        return range && !semver.satisfies(oldest, range) ? [`${path.replace(/^.*node_modules\//, "")} needs node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });

  it("is the one the README names", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain(`Node.js ${oldest.major}.${oldest.minor}`);
  });
});
