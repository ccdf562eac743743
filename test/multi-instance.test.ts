import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INGEST, buildSignal, createIntegrationKey, createLead, createOrg, createUser, ok } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { collect } from "./helpers/subscriptions.js";

const ADDED = `subscription($after: String) { notificationAdded(after: $after) { id cursor summary } }`;
const realServices = process.env.TEST_TARGET === "postgres" && !!process.env.TEST_REDIS_URL;

/** Two instances on one PostgreSQL and one Redis (SIG-22). Needs the real services; CI has them. */
describe.runIf(realServices)("several instances (SIG-22)", () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  async function setup() {
    const org = await createOrg(a);
    const { key } = await createIntegrationKey(a, org);
    const rep = await createUser(a, org);
    const lead = await createLead(a, org.adminToken, { ownerId: rep.id });
    return { org, key, rep, lead };
  }

  const settled = (client: ReturnType<TestServer["ws"]>) =>
    new Promise<void>((resolve, reject) => client.subscribe({ query: "{ __typename }" }, { next: () => {}, error: reject, complete: resolve }));

  it("delivers a signal ingested on A to a subscriber on B, once", async () => {
    const { key, rep, lead } = await setup();
    const client = b.ws(rep.token);
    const sub = collect(client, ADDED);
    await settled(client);
    await ok(a.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "from A" }) }));
    await sub.waitFor(1);
    await ok(a.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "again from A" }) }));
    await sub.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.results.map((r) => r.data!.notificationAdded.summary)).toEqual(["from A", "again from A"]);
  });

  it("a client that lost its socket resumes on the other instance with its last cursor and misses nothing", async () => {
    const { key, rep, lead } = await setup();
    const first = b.ws(rep.token);
    const sub = collect(first, ADDED);
    await settled(first);
    await ok(a.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "seen" }) }));
    await sub.waitFor(1);
    const cursor = sub.results[0]!.data!.notificationAdded.cursor;
    await first.dispose();
    for (const i of [1, 2, 3]) await ok(b.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: `missed ${i}` }) }));
    const resumed = collect(a.ws(rep.token), ADDED, { after: cursor });
    await resumed.waitFor(3);
    await ok(b.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "live" }) }));
    await resumed.waitFor(4);
    expect(resumed.results.map((r) => r.data!.notificationAdded.summary)).toEqual(["missed 1", "missed 2", "missed 3", "live"]);
  });

  it("a lost pub/sub message delays an event to the next wake-up but never drops it", async () => {
    const { key, rep, lead } = await setup();
    const client = b.ws(rep.token);
    const sub = collect(client, ADDED);
    await settled(client);
    // Store a notification without publishing it, as when Redis drops a message (DESIGN trap 7).
    const publish = a.app.deps.pubsub.publish;
    a.app.deps.pubsub.publish = () => {};
    try {
      await ok(a.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "unannounced" }) }));
    } finally {
      a.app.deps.pubsub.publish = publish;
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(sub.results).toHaveLength(0);
    await ok(a.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "announced" }) }));
    await sub.waitFor(2);
    expect(sub.results.map((r) => r.data!.notificationAdded.summary)).toEqual(["unannounced", "announced"]);
  });
});
