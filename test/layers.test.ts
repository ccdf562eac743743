import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// `npm run lint:deps` (run by .ci/run) is what keeps imports pointing down. These tests run the same
// dependency-cruiser with the project's configuration on small trees of their own, so they show it
// fails on each kind of wrong import and passes a right one. Its layers come from MODULES' order.

const CONFIG = resolve(".dependency-cruiser.cjs");
const DEPCRUISE = resolve("node_modules/.bin/depcruise");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cruise(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "layers-"));
  dirs.push(dir);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const result = spawnSync(DEPCRUISE, ["src", "--config", CONFIG], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe.skipIf(process.env.TEST_TARGET === "postgres")("module layers (npm run lint:deps)", () => {
  it("passes imports that point down", () => {
    const { status, output } = cruise({
      "src/modules/records/a.ts": `import { x } from "../identity/b.js";\nexport const y = x;\n`,
      "src/modules/identity/b.ts": `import { z } from "../shared/c.js";\nexport const x = z;\n`,
      "src/modules/shared/c.ts": `export const z = 1;\n`,
    });
    expect(status, output).toBe(0);
  });

  it("fails on an upward import, a base layer importing a module, an import of the composition root and a cycle", () => {
    // One tree with one wrong import of each kind (a cruise is seconds): every rule must fire.
    const { status, output } = cruise({
      "src/modules/identity/up.ts": `import { y } from "../records/b.js";\nexport const x = y;\n`,
      "src/modules/timeline/up.ts": `import { y } from "../follow-up/b.js";\nexport const x = y;\n`,
      "src/modules/follow-up/b.ts": `export const y = 1;\n`,
      "src/modules/records/b.ts": `export const y = 1;\n`,
      "src/db/base.ts": `import { y } from "../modules/records/b.js";\nexport const x = y;\n`,
      "src/modules/records/root.ts": `import { y } from "../../server/b.js";\nexport const x = y;\n`,
      "src/server/b.ts": `export const y = 1;\n`,
      "src/modules/signals/c1.ts": `import { y } from "./c2.js";\nexport const x = 1 + y;\n`,
      "src/modules/signals/c2.ts": `import { x } from "./c1.js";\nexport const y = x;\n`,
    });
    expect(status, output).not.toBe(0);
    for (const rule of ["no-upward-from-identity", "no-upward-from-timeline", "no-module-in-base-layers", "nothing-imports-server", "no-circular"]) {
      expect(output, output).toContain(rule);
    }
  });
});
