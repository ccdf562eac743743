import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/server.js";

/** The warnings graphql-http's audits give for Apollo Server itself, not for our configuration. */
const KNOWN_APOLLO_WARNINGS = ["572B", "FDE2", "7B9B"];

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe("GraphQL over HTTP (graphql-http's server audits)", () => {
  it("passes every audit, with only Apollo's three known warnings", async () => {
    const results = await Promise.all(serverAudits({ url: server.url, fetchFn: fetch }).map((audit) => audit.fn()));
    const errors = results.filter((r) => r.status === "error");
    const warnings = results.filter((r) => r.status === "warn");
    expect(errors.map((r) => `${r.id} ${r.name}: ${"reason" in r ? r.reason : ""}`)).toEqual([]);
    expect(warnings.map((r) => r.id).filter((id) => !KNOWN_APOLLO_WARNINGS.includes(id))).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
    if (process.env.AUDIT_REPORT) console.log(`audits: ${results.length}, errors: ${errors.length}, warnings: ${warnings.map((r) => r.id).join(" ")}`);
  });
});
