import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory that embedded test servers start from a copy of. */
    pgliteTemplate: string | undefined;
  }
}

/** Every file under `dir`, by path relative to it. */
function filesOf(dir: string, root = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesOf(path, root) : [relative(root, path)];
    });
}

/**
 * Global setup: a migrated PGlite data directory for the embedded test servers to copy.
 *
 * Creating a PGlite database runs initdb, which is most of what starting a test server costs
 * (seconds of CPU each, and the suite starts dozens). A copy of a database that is already
 * initialised and migrated opens in a fraction of that. The template is kept in the system's
 * temporary directory under a hash of the migrations and the PGlite version, so it is made once
 * per machine and migration set; TEST_PGLITE_TEMPLATE=off starts every server from scratch.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_PGLITE_TEMPLATE === "off") {
    project.provide("pgliteTemplate", undefined);
    return;
  }
  const pgliteVersion = (JSON.parse(readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")) as { version: string }).version;
  const hash = createHash("sha256").update(`pglite ${pgliteVersion}\n`);
  for (const file of filesOf("drizzle")) hash.update(`${file}\n`).update(readFileSync(join("drizzle", file)));
  const template = join(tmpdir(), `crm-graph-pglite-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(template)) {
    const { createDatabase } = await import("../../src/db/client.js");
    const building = mkdtempSync(`${template}.building-`);
    try {
      const db = await createDatabase({ kind: "pglite", dataDir: building, timeouts: { statementMs: 0, idleInTransactionMs: 0 } });
      try {
        await db.migrate();
      } finally {
        await db.close();
      }
      // Atomic: a run on the same machine that finished first keeps its template.
      renameSync(building, template);
    } catch (error) {
      if (!existsSync(template)) throw error;
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  }
  project.provide("pgliteTemplate", template);
}
