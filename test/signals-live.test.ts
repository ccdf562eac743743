import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/client.js";
import { INGEST, buildSignal, createIntegrationKey, createLead, createOrg, createUser, ok } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { collect, settled } from "./helpers/subscriptions.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const ADDED = `subscription($after: String, $sources: [SignalSource!], $recordId: ID) {
  notificationAdded(after: $after, sources: $sources, recordId: $recordId) {
    id cursor source event summary read record { ... on Lead { id name } ... on Contact { id name } } entry { id event } } }`;
const seqOf = (cursor: string) => Number(Buffer.from(cursor, "base64url").toString().slice(2));

async function setup() {
  const org = await createOrg(server);
  const { key } = await createIntegrationKey(server, org);
  const rep = await createUser(server, org);
  const lead = await createLead(server, org.adminToken, { ownerId: rep.id });
  const ingest = (overrides: Record<string, unknown> = {}) => ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, ...overrides }) }));
  return { org, key, rep, lead, ingest };
}

/** A subscription is in place once the server answered a later operation on the same socket. */
describe("live notifications (SIG-20)", () => {
  it("pushes a stored signal to its recipient at once, with record and entry", async () => {
    const { rep, lead, ingest } = await setup();
    const client = server.ws(rep.token);
    const sub = collect(client, ADDED);
    await settled(client);
    const { ingestSignal } = await ingest({ summary: "opened the offer" });
    await sub.waitFor(1);
    expect(sub.results[0]).toEqual({
      data: {
        notificationAdded: expect.objectContaining({
          source: "EMAIL_ANALYTICS",
          event: "EMAIL_OPENED",
          summary: "opened the offer",
          read: false,
          record: { id: lead.id, name: lead.name },
          entry: { id: ingestSignal.entry.id, event: "EMAIL_OPENED" },
        }),
      },
    });
  });

  it("delivers only the subscriber's own notifications, filtered by source and record", async () => {
    const { org, rep, lead, ingest } = await setup();
    const adminLead = await createLead(server, org.adminToken);
    const repClient = server.ws(rep.token);
    const adminClient = server.ws(org.adminToken);
    const calls = collect(repClient, ADDED, { sources: ["CALL"] });
    const byRecord = collect(repClient, ADDED, { recordId: lead.id });
    const admin = collect(adminClient, ADDED);
    await Promise.all([settled(repClient), settled(adminClient)]);
    await ingest();
    await ingest({ source: "CALL", event: "MISSED_CALL", details: {} });
    await ok(server.gql((await createIntegrationKey(server, org)).key, INGEST, { input: buildSignal({ recordId: adminLead.id, summary: "admin's" }) }));
    await Promise.all([calls.waitFor(1), byRecord.waitFor(2), admin.waitFor(1)]);
    expect(calls.results.map((r) => r.data!.notificationAdded.event)).toEqual(["MISSED_CALL"]);
    expect(byRecord.results.map((r) => r.data!.notificationAdded.event)).toEqual(["EMAIL_OPENED", "MISSED_CALL"]);
    expect(admin.results.map((r) => r.data!.notificationAdded.summary)).toEqual(["admin's"]);
  });
});

describe("resuming (SIG-21)", () => {
  it("replays what was missed after a cursor, in order, then continues live", async () => {
    const { rep, ingest } = await setup();
    const first = collect(server.ws(rep.token), ADDED);
    await settled(server.ws(rep.token));
    await ingest({ summary: "s0" });
    await first.waitFor(1);
    const cursor = first.results[0]!.data!.notificationAdded.cursor;
    first.stop();
    for (const i of [1, 2, 3]) await ingest({ summary: `s${i}` });
    const client = server.ws(rep.token);
    const resumed = collect(client, ADDED, { after: cursor });
    await resumed.waitFor(3);
    await ingest({ summary: "s4" });
    await resumed.waitFor(4);
    expect(resumed.results.map((r) => r.data!.notificationAdded.summary)).toEqual(["s1", "s2", "s3", "s4"]);
  });

  it("has no gap and no duplicate when signals are stored while the replay runs", async () => {
    const { rep, ingest } = await setup();
    const first = await ingest({ summary: "start" });
    const before = (await ok(server.gql(rep.token, `{ notifications(first: 1) { edges { node { cursor } } } }`))).notifications.edges[0].node.cursor;
    for (let i = 0; i < 30; i++) await ingest({ summary: `old-${i}` });
    const total = 30 + 40;
    const writers = Promise.all(Array.from({ length: 40 }, (_, i) => ingest({ summary: `new-${i}` })));
    const resumed = collect(server.ws(rep.token), ADDED, { after: before });
    await writers;
    await resumed.waitFor(total, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const seqs = resumed.results.map((r) => seqOf(r.data!.notificationAdded.cursor));
    expect(resumed.results).toHaveLength(total);
    expect(new Set(seqs).size).toBe(total);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBe(seqOf(before) + 1);
    expect(seqs.at(-1)).toBe(seqOf(before) + total);
    expect(first.ingestSignal.duplicate).toBe(false);
  });

  it("refuses a cursor that is not one", async () => {
    const { rep } = await setup();
    const sub = collect(server.ws(rep.token), ADDED, { after: "bogus" });
    await sub.waitFor(1);
    expect(sub.results[0]!.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("record timelines live (SIG-23)", () => {
  it("pushes a record's new entries to users who may view it, and refuses others", async () => {
    const { org, rep, lead, ingest } = await setup();
    const query = `subscription($r: ID!) { timelineEntryAdded(recordId: $r) { id side channel event summary } }`;
    const adminClient = server.ws(org.adminToken);
    const adminSub = collect(adminClient, query, { r: lead.id });
    const repSub = collect(server.ws(rep.token), query, { r: lead.id });
    const outsider = await createUser(server, org);
    const refused = collect(server.ws(outsider.token), query, { r: lead.id });
    await settled(adminClient);
    await refused.waitFor(1);
    expect(refused.results[0]!.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", field: "recordId" });
    const other = await createOrg(server);
    const foreign = collect(server.ws(other.adminToken), query, { r: lead.id });
    await foreign.waitFor(1);
    expect(foreign.results[0]!.errors![0]!.extensions.code).toBe("NOT_FOUND");
    await ingest({ summary: "visited" });
    await Promise.all([adminSub.waitFor(1), repSub.waitFor(1)]);
    expect(adminSub.results[0]!.data!.timelineEntryAdded).toMatchObject({ side: "SIGNAL", channel: "EMAIL", summary: "visited" });
  });
});

describe("authorisation during a subscription", () => {
  it("stops delivering once the user is deactivated", async () => {
    const { rep, ingest } = await setup();
    const client = server.ws(rep.token);
    const sub = collect(client, ADDED);
    await settled(client);
    const userId = Number(Buffer.from((await ok(server.gql(rep.token, `{ me { id } }`))).me.id, "base64url").toString().split(":")[1]);
    // Straight in the database (deactivateUser also closes the socket: test/admin.test.ts): the stored status is what every check reads.
    await queryRows(server.app.database.db, sql`update users set status = 'INACTIVE' where id = ${userId}`);
    const { ingestSignal } = await ingest({ summary: "after deactivation" });
    await new Promise((r) => setTimeout(r, 300));
    // the entry is stored; an inactive user is no recipient, so nothing is pushed
    expect(ingestSignal.entry.summary).toBe("after deactivation");
    expect(sub.results).toEqual([]);
  });

  it("stops delivering once the token is revoked", async () => {
    const { rep, ingest } = await setup();
    const extra = (await ok(server.gql(rep.token, `mutation { createApiToken(name: "ws") { token apiToken { id } } }`))).createApiToken;
    const closed: number[] = [];
    const client = server.ws(extra.token, { onClose: (code) => closed.push(code) });
    const sub = collect(client, ADDED);
    await settled(client);
    await ingest({ summary: "before" });
    await sub.waitFor(1);
    await ok(server.gql(rep.token, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: extra.apiToken.id }));
    // The socket the token opened closes at once (4403), ending the subscription.
    await sub.waitForComplete();
    await expect.poll(() => closed).toEqual([4403]);
    await ingest({ summary: "after" });
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.results[0]!.data!.notificationAdded.summary).toBe("before");
    expect(sub.results.slice(1).map((r) => r.data?.notificationAdded ?? null)).toEqual(sub.results.slice(1).map(() => null));
  });
});
