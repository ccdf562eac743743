import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrg, unique, type TestOrg } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

const realServices = process.env.TEST_TARGET === "postgres" && !!process.env.TEST_REDIS_URL;

/** Sends an automatic persisted query: its hash, and the text when `withText`. */
async function apq(server: TestServer, token: string, query: string, withText: boolean) {
  const sha256Hash = createHash("sha256").update(query).digest("hex");
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...(withText ? { query } : {}), extensions: { persistedQuery: { version: 1, sha256Hash } } }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions: { code: string } }[] } };
}

/** Automatic persisted queries on two instances sharing one Redis. Needs the real services; CI has them. */
describe.runIf(realServices)("automatic persisted queries across instances", () => {
  let a: TestServer;
  let b: TestServer;
  let org: TestOrg;
  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
    org = await createOrg(a);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("a hash registered through A runs on B by hash alone", async () => {
    // A query no other run has registered: the alias makes its text (and hash) unique.
    const query = `{ ${unique("q").replace(/[^A-Za-z0-9_]/g, "_")}: me { name } }`;
    const unknown = await apq(b, org.adminToken, query, false);
    expect(unknown.body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await apq(a, org.adminToken, query, true);
    expect(registered.body.errors).toBeUndefined();
    const onB = await apq(b, org.adminToken, query, false);
    expect(onB.status).toBe(200);
    expect(onB.body.errors).toBeUndefined();
    expect(Object.values(onB.body.data!)[0]).toEqual({ name: "Admin" });
  });
});
