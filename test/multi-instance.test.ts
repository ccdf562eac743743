import { describe } from "vitest";
import { IngestSignalDocument, NotificationAddedDocument, type NotificationAddedSubscription } from "./generated/graphql.js";
import { buildSignal, ok } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { collect, settled, type Collected } from "./helpers/subscriptions.js";
import { test } from "./helpers/test.js";

const ADDED = NotificationAddedDocument;
const realServices = process.env.TEST_TARGET === "postgres" && !!process.env.TEST_REDIS_URL;
const summaries = (sub: Collected<NotificationAddedSubscription>) => sub.results.map((r) => r.data!.notificationAdded.summary);

/** A (the file's `server`) and B: two instances on one PostgreSQL and one Redis. */
const it = test.extend<{ b: TestServer }>({
  b: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use: (b: TestServer) => Promise<void>) => {
      const b = await startServer();
      try {
        await use(b);
      } finally {
        await b.stop();
      }
    },
    { scope: "file" },
  ],
});

/** Two instances on one PostgreSQL and one Redis (SIG-22). Needs the real services; CI has them. */
describe.runIf(realServices)("several instances (SIG-22)", () => {
  it("delivers a signal ingested on A to a subscriber on B, once", async ({ expect, org, b, dispose }) => {
    const { user: rep, lead } = await org.user().lead();
    const client = b.ws(rep.token);
    dispose(() => client.dispose());
    const sub = collect(client, ADDED);
    await settled(client);
    await org.ingest({ recordId: lead.id, summary: "from A" });
    await sub.waitFor(1);
    await org.ingest({ recordId: lead.id, summary: "again from A" });
    await sub.waitFor(2);
    // Once: a third signal arrives next, with nothing repeated before it.
    await org.ingest({ recordId: lead.id, summary: "third from A" });
    await sub.waitFor(3);
    expect(summaries(sub)).toEqual(["from A", "again from A", "third from A"]);
  });

  it("a client that lost its socket resumes on the other instance with its last cursor and misses nothing", async ({ expect, org, b, ws, dispose }) => {
    const { user: rep, lead } = await org.user().lead();
    const { key } = await org.key();
    const first = b.ws(rep.token);
    dispose(() => first.dispose());
    const sub = collect(first, ADDED);
    await settled(first);
    await org.ingest({ recordId: lead.id, summary: "seen" });
    await sub.waitFor(1);
    const cursor = sub.results[0]!.data!.notificationAdded.cursor;
    await first.dispose();
    const onB = (summary: string) => ok(b.gql(key, IngestSignalDocument, { input: buildSignal({ recordId: lead.id, summary }) }));
    for (const i of [1, 2, 3]) await onB(`missed ${i}`);
    const resumed = collect(ws(rep.token), ADDED, { after: cursor });
    await resumed.waitFor(3);
    await onB("live");
    await resumed.waitFor(4);
    expect(summaries(resumed)).toEqual(["missed 1", "missed 2", "missed 3", "live"]);
  });

  it("a lost pub/sub message delays an event to the next wake-up but never drops it", async ({ expect, org, server: a, b, dispose }) => {
    const { users: [rep, control], leads: [lead, controlLead] } = await org.user().lead().user().lead();
    const client = b.ws(rep.token);
    const controlClient = b.ws(control!.token);
    dispose(() => Promise.all([client.dispose(), controlClient.dispose()]));
    const sub = collect(client, ADDED);
    const controlSub = collect(controlClient, ADDED);
    await Promise.all([settled(client), settled(controlClient)]);
    // Store a notification without publishing it, as when Redis drops a message (DESIGN trap 7).
    const publish = a.app.deps.pubsub.publish;
    a.app.deps.pubsub.publish = () => {};
    try {
      await org.ingest({ recordId: lead!.id, summary: "unannounced" });
    } finally {
      a.app.deps.pubsub.publish = publish;
    }
    // Positive control: a signal for another user, stored and announced after it, reaches B;
    // the unannounced one has not (each user's stream is woken by its own messages).
    await org.ingest({ recordId: controlLead!.id, summary: "control" });
    await controlSub.waitFor(1);
    expect(summaries(controlSub)).toEqual(["control"]);
    expect(sub.results).toHaveLength(0);
    await org.ingest({ recordId: lead!.id, summary: "announced" });
    await sub.waitFor(2);
    expect(summaries(sub)).toEqual(["unannounced", "announced"]);
  });
});
