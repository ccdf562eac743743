import { execFile, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LEAD, seedDemo, type DemoSeed } from "../src/seed/seed.js";
import { startServer, type TestServer } from "./helpers/server.js";

/** client/example.ts, the README's typed-client example, compiled and run as a Node script against a real server. */
const outDir = `dist-client/test-${process.env.TEST_TARGET ?? "embedded"}`;

describe("the typed client example (client/)", () => {
  let server: TestServer;
  let demo: DemoSeed;

  beforeAll(async () => {
    // Compiled into a folder of this target's own: both targets' suites run at the same time.
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const built = spawnSync(process.execPath, [tsc, "-p", "client/tsconfig.json", "--outDir", outDir, "--incremental", "false", "--tsBuildInfoFile", "null"], { encoding: "utf8" });
    expect(built.status, built.stderr + built.stdout).toBe(0);
    server = await startServer();
    demo = await seedDemo(server.app.database.db);
  }, 180_000);
  afterAll(() => server?.stop());

  it("compiles, reads a typed contacts page over fetch, receives a pushed signal over graphql-ws and marks it read", async () => {
    const run = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [`${outDir}/example.js`], { env: { ...process.env, URL: server.url, TOKEN: demo.token }, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, stdout, stderr }),
      );
    });
    let done = false;
    void run.then(() => (done = true));
    // The example waits for one live notification: push signals for the demo admin's lead until it has one.
    for (let n = 0; !done && n < 40; n++) {
      const res = await fetch(new URL("/webhooks/signals", server.url), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${demo.integrationKey}` },
        body: JSON.stringify({
          source: "EMAIL_ANALYTICS",
          event: "EMAIL_CLICKED",
          occurredAt: new Date().toISOString(),
          idempotencyKey: `client-example-${process.pid}-${Date.now()}-${n}`,
          customer: { email: DEMO_LEAD.email },
          details: { subject: "Spring offer", url: "https://acme.example/offer" },
        }),
      });
      expect(res.status).toBe(200);
      await Promise.race([run, new Promise((r) => setTimeout(r, 500))]);
    }
    const { code, stdout, stderr } = await run;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("Demo Admin sees 500 contacts:");
    expect(stdout).toMatch(/EMAIL_ANALYTICS EMAIL_CLICKED: Ada King: email clicked/);
    expect(stdout).toContain("marked 1 read");
  });
});
