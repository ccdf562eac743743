import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/seed/seed.js";
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
        `{ me { name adminLevel } users(first: 100) { totalCount edges { node { name status adminLevel } } } leads(first: 0) { totalCount } contacts(first: 0) { totalCount }
           accounts(first: 0) { totalCount } tasks(first: 0) { totalCount } picklists(module: DEALS) { field values } }`,
      ),
    );
    expect(data.me).toEqual({ name: "Demo Admin", adminLevel: "ACCOUNT_ADMIN" });
    expect(data.users.totalCount).toBe(7);
    // For the administration examples: a suite admin and a deactivated user.
    const users = data.users.edges.map((e: any) => e.node);
    expect(users).toContainEqual({ name: "Emi Suzuki", status: "ACTIVE", adminLevel: "SUITE_ADMIN" });
    expect(users).toContainEqual({ name: "Felix Wagner", status: "INACTIVE", adminLevel: "NONE" });
    expect(data.leads.totalCount).toBe(200);
    expect(data.contacts.totalCount).toBe(500);
    expect(data.accounts.totalCount).toBe(100);
    expect(data.tasks.totalCount).toBe(200);
    // Timelines with signals, follow-ups and status milestones, and the averages already computed.
    const timelines = await ok(
      server.gql(token, `{ leads(first: 100) { edges { node { status
          all: timeline(first: 4) { edges { node { side idle } } }
          milestones: timeline(first: 1, view: MILESTONES) { edges { node { milestone { newValue } } } } } } }
        timelineAverages { module averageIntervalSeconds } }`),
    );
    const leads = timelines.leads.edges.map((e: any) => e.node);
    const entries = leads.flatMap((l: any) => l.all.edges.map((t: any) => t.node));
    for (const side of ["SIGNAL", "FOLLOW_UP"]) expect(entries.some((e: any) => e.side === side), side).toBe(true);
    expect(entries.some((e: any) => e.idle === true)).toBe(true);
    expect(timelines.timelineAverages.map((a: any) => a.module)).toEqual(["CONTACTS", "LEADS"]);
    // The newest milestone of each lead led to its current status.
    const withMilestones = leads.filter((l: any) => l.milestones.edges.length);
    expect(withMilestones.length).toBeGreaterThan(0);
    for (const lead of withMilestones) expect(lead.milestones.edges[0].node.milestone.newValue).toBe(lead.status);
    const stages: string[] = data.picklists.find((p: { field: string }) => p.field === "stage").values;
    for (const stage of stages) {
      const deals = await ok(server.gql(token, `query($s: [String!]) { deals(first: 0, filter: { stage: $s }) { totalCount } }`, { s: [stage] }));
      expect(deals.deals.totalCount, stage).toBeGreaterThan(0);
    }
  });

  it("seeds website visitors: a linked integration, visits today and top ones by known leads and contacts, chats with transcripts, rules", async () => {
    const { token, visitorKey } = await seedDemo(server.app.database.db);
    const data = await ok(
      server.gql(
        token,
        `{ visitorIntegration { linked enabled key } today: visits(view: TODAY, first: 0) { totalCount }
           top: visits(view: TOP, first: 3) { edges { node { timeSpentMinutes record { __typename } } } }
           leadVisits: visits(view: LEADS, first: 0) { totalCount } contactVisits: visits(view: CONTACTS, first: 0) { totalCount }
           visitorRules { kind } }`,
      ),
    );
    expect(data.visitorIntegration).toEqual({ linked: true, enabled: true, key: visitorKey });
    expect(data.today.totalCount).toBeGreaterThan(10);
    expect(data.top.edges[0].node.timeSpentMinutes).toBeGreaterThanOrEqual(30);
    expect(data.leadVisits.totalCount).toBeGreaterThan(10);
    expect(data.contactVisits.totalCount).toBeGreaterThan(10);
    expect(data.visitorRules.map((r: { kind: string }) => r.kind).sort()).toEqual(["PRIORITY", "TRIGGER"]);
    const ada = await ok(server.gql(token, `{ leads(first: 1, filter: { search: "ada@engines.example" }) { edges { node { visits(first: 0) { totalCount } chats { edges { node { subject transcript { contentType } } } } } } } }`));
    const node = ada.leads.edges[0].node;
    expect(node.visits.totalCount).toBeGreaterThan(0);
    expect(node.chats.edges[0].node).toEqual({ subject: "Pricing for 20 seats", transcript: { contentType: "application/pdf" } });
  });
});
