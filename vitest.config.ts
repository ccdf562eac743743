import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

// CI must cover the real services: without them the run fails instead of quietly skipping.
const realDatabase = process.env.TEST_DATABASE_URL;
if (process.env.CI === "true" && (!realDatabase || !process.env.TEST_REDIS_URL)) {
  throw new Error("CI=true needs TEST_DATABASE_URL and TEST_REDIS_URL: the suites must run on PostgreSQL and Redis too");
}

export default defineConfig({
  resolve: {
    // One graphql for everyone: ESM and CJS copies cannot share a schema (DESIGN trap 1).
    alias: { graphql: require.resolve("graphql/index.js") },
  },
  test: {
    // type-graphql's decorators need it loaded before any schema class, whatever a test imports first.
    setupFiles: ["reflect-metadata"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // A test's fixtures count against its timeout: the first test of a file starts the file's
    // server (test/helpers/test.ts), which on a busy machine takes as long as a beforeAll did.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "embedded", include: ["test/**/*.test.ts"], env: { TEST_TARGET: "embedded" }, globalSetup: ["test/helpers/pglite-template.ts"] },
      },
      ...(realDatabase
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["test/**/*.test.ts"],
                env: { TEST_TARGET: "postgres" },
                globalSetup: ["test/helpers/postgres-setup.ts", "test/helpers/pglite-template.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
