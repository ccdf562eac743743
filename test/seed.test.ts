import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/db/seed.js";
import { ok } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe("demo data (npm start)", () => {
  it("seeds an org whose printed token works, with records of every kind and deals in every stage", async () => {
    const { token } = await seedDemo(server.app.database.db);
    const data = await ok(
      server.gql(
        token,
        `{ me { name adminLevel } users { totalCount } leads(first: 0) { totalCount } contacts(first: 0) { totalCount }
           accounts(first: 0) { totalCount } tasks(first: 0) { totalCount } picklists(module: DEALS) { field values } }`,
      ),
    );
    expect(data.me).toEqual({ name: "Demo Admin", adminLevel: "ACCOUNT_ADMIN" });
    expect(data.users.totalCount).toBe(5);
    expect(data.leads.totalCount).toBe(200);
    expect(data.contacts.totalCount).toBe(500);
    expect(data.accounts.totalCount).toBe(100);
    expect(data.tasks.totalCount).toBe(200);
    const stages: string[] = data.picklists.find((p: { field: string }) => p.field === "stage").values;
    for (const stage of stages) {
      const deals = await ok(server.gql(token, `query($s: [String!]) { deals(first: 0, filter: { stage: $s }) { totalCount } }`, { s: [stage] }));
      expect(deals.deals.totalCount, stage).toBeGreaterThan(0);
    }
  });
});
