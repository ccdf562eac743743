import { describe, expect } from "vitest";
import { runWithStatementCounter } from "../src/db/statement-counter.js";
import { hasRedisServer, startPrivateRedis, startTcpProxy, type PrivateRedis, type TcpProxy } from "./helpers/faults.js";
import { INGEST, buildSignal, createIntegrationKey, createLead, createOrg, createUser, cursorSeq, ok, type TestOrg } from "./helpers/fixtures.js";
import type { TestServer } from "./helpers/server.js";
import { collect, settled } from "./helpers/subscriptions.js";
import { test as it } from "./helpers/test.js";

/**
 * Every stream reads PostgreSQL after its cursor; pub/sub only shortens the wait. These tests lose
 * pub/sub messages for real (a cut connection, a stopped Redis, a publish that never happens) and
 * send no further signal: the streams must converge on what is stored by themselves.
 */
const NOTIFICATIONS = `subscription($after: String) { notificationAdded(after: $after) { id cursor summary } }`;
const TIMELINE = `subscription($id: ID!, $after: String) { timelineEntryAdded(recordId: $id, after: $after) { id streamCursor side summary } }`;
const COUNTS = `query($id: ID!) { notifications(first: 0) { totalCount } node(id: $id) { ... on Lead { timeline(first: 0, view: SIGNALS) { totalCount } } } }`;
/** The periodic check the fault tests run with, and the worst-case delay it gives (README). */
const CHECK_SECONDS = 1;
const WORST_CASE_MS = CHECK_SECONDS * 1200 + 2000;

/** A server's settings here: the periodic check at CHECK_SECONDS unless `env` says otherwise. */
const checked = (env: Record<string, string> = {}) => ({ STREAM_CHECK_SECONDS: String(CHECK_SECONDS), ...env });

async function seed(s: TestServer) {
  const org: TestOrg = await createOrg(s);
  const { key } = await createIntegrationKey(s, org);
  const rep = await createUser(s, org);
  const lead = await createLead(s, org.adminToken, { ownerId: rep.id });
  const ingest = (summary: string) => ok(s.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary }) }));
  return { org, key, rep, lead, ingest };
}

/** Subscribes to both streams on `s` and waits until they are in place. */
async function subscribe(s: TestServer, token: string, leadId: string) {
  const client = s.ws(token);
  const notifications = collect(client, NOTIFICATIONS);
  const timeline = collect(client, TIMELINE, { id: leadId });
  await settled(client);
  return { notifications, timeline };
}

/** Runs `store` with the instance's publishes dropped, as when Redis loses them (DESIGN trap 7). */
async function unannounced(s: TestServer, store: () => Promise<unknown>) {
  const publish = s.app.deps.pubsub.publish;
  s.app.deps.pubsub.publish = () => {};
  try {
    await store();
  } finally {
    s.app.deps.pubsub.publish = publish;
  }
}

const ids = (results: { data?: Record<string, any> | null }[], field: string) => results.map((r) => r.data![field].id as string);

describe("a stream converges on PostgreSQL without another event", () => {
  it("delivers a notification and an entry whose publish was lost, within the check interval", async ({ expect, serve }) => {
    const s = await serve(checked({ STREAM_CHECK_SECONDS: "0.3" }));
    const { rep, lead, ingest } = await seed(s);
    const { notifications, timeline } = await subscribe(s, rep.token, lead.id);
    await unannounced(s, () => ingest("never announced"));
    await notifications.waitFor(1, 3000);
    await timeline.waitFor(1, 3000);
    expect(notifications.results[0]!.data!.notificationAdded.summary).toBe("never announced");
    expect(timeline.results[0]!.data!.timelineEntryAdded).toMatchObject({ side: "SIGNAL", summary: "never announced" });
  });

  it("control: with the periodic check off, a lost publish is not delivered until something wakes the stream", async ({ expect, serve }) => {
    const s = await serve(checked({ STREAM_CHECK_SECONDS: "0" }));
    const { rep, lead, ingest } = await seed(s);
    const { notifications, timeline } = await subscribe(s, rep.token, lead.id);
    await unannounced(s, () => ingest("never announced"));
    await expect(notifications.waitFor(1, 1500)).rejects.toThrow(/timed out/);
    expect(timeline.results).toHaveLength(0);
    // What a Redis reconnect does: one check finds the streams that are behind, and they read.
    await s.app.deps.streams.check();
    await notifications.waitFor(1);
    await timeline.waitFor(1);
  });

  it("checks every live stream of the instance in one statement per kind", async ({ expect, serve }) => {
    const s = await serve(checked({ STREAM_CHECK_SECONDS: "0" }));
    const { org, rep, lead } = await seed(s);
    const other = await createLead(s, org.adminToken, { ownerId: rep.id });
    for (const id of [lead.id, lead.id, other.id]) await subscribe(s, rep.token, id);
    await subscribe(s, org.adminToken, lead.id);
    // Each stream registers once it listens and knows its cursor, just after the server answered.
    await expect.poll(() => s.app.deps.streams.size).toBe(8);
    const counter = { count: 0 };
    await runWithStatementCounter(counter, () => s.app.deps.streams.check());
    expect(counter.count).toBe(2);
  });

  it("resumes a record's timeline after the streamCursor of the last entry received, with no gap and no duplicate", async ({ expect, serve }) => {
    const s = await serve(checked());
    const { rep, lead, ingest } = await seed(s);
    const first = s.ws(rep.token);
    const live = collect(first, TIMELINE, { id: lead.id });
    await settled(first);
    await ingest("seen");
    await live.waitFor(1);
    const cursor = live.results[0]!.data!.timelineEntryAdded.streamCursor as string;
    await first.dispose();
    // Written concurrently, as several integrations would: ids commit out of order.
    await Promise.all(Array.from({ length: 12 }, (_, i) => ingest(`missed ${i}`)));
    const resumed = collect(s.ws(rep.token), TIMELINE, { id: lead.id, after: cursor });
    await resumed.waitFor(12);
    await ingest("live");
    await resumed.waitFor(13);
    const summaries = resumed.results.map((r) => r.data!.timelineEntryAdded.summary as string);
    expect(summaries.slice(0, 12).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `missed ${i}`).sort());
    expect(summaries[12]).toBe("live");
    expect(new Set(ids(resumed.results, "timelineEntryAdded")).size).toBe(13);
  });

  it("refuses a timeline cursor that is not one, naming `after`", async ({ expect, serve }) => {
    const s = await serve(checked());
    const { rep, lead } = await seed(s);
    const sub = collect(s.ws(rep.token), TIMELINE, { id: lead.id, after: "bm90LWEtY3Vyc29y" });
    await sub.waitForComplete();
    expect(sub.results[0]!.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

const realServices = process.env.TEST_TARGET === "postgres" && !!process.env.TEST_REDIS_URL;

/**
 * Two instances on one PostgreSQL; Redis faults for real. Every stored notification and entry
 * reaches the subscriber on B exactly once within the stated delay, with no further signal sent.
 */
describe.runIf(realServices)("Redis faults between two instances", () => {
  /**
   * Waits until `sub` (on instance `b`) has everything stored, then proves nothing arrives twice:
   * after a check of b's streams (what the periodic check and a reconnect do), one more signal
   * must be the next thing delivered. Returns how long convergence took, and leaves that last
   * signal delivered too.
   */
  async function expectConverged(
    s: TestServer,
    b: TestServer,
    sub: Awaited<ReturnType<typeof subscribe>>,
    token: string,
    leadId: string,
    since: number,
    ingest: (summary: string) => Promise<unknown>,
  ) {
    const stored = (await ok(s.gql(token, COUNTS, { id: leadId }))) as { notifications: { totalCount: number }; node: { timeline: { totalCount: number } } };
    await sub.notifications.waitFor(stored.notifications.totalCount, WORST_CASE_MS + 8000);
    await sub.timeline.waitFor(stored.node.timeline.totalCount, WORST_CASE_MS + 8000);
    const delay = Date.now() - since;
    await b.app.deps.streams.check();
    await ingest("control");
    await sub.notifications.waitFor(stored.notifications.totalCount + 1);
    await sub.timeline.waitFor(stored.node.timeline.totalCount + 1);
    expect(sub.notifications.results.at(-1)!.data!.notificationAdded.summary).toBe("control");
    expect(sub.timeline.results.at(-1)!.data!.timelineEntryAdded.summary).toBe("control");
    const notificationIds = ids(sub.notifications.results, "notificationAdded");
    const entryIds = ids(sub.timeline.results, "timelineEntryAdded");
    expect(notificationIds).toHaveLength(stored.notifications.totalCount + 1);
    expect(new Set(notificationIds).size).toBe(notificationIds.length);
    expect(entryIds).toHaveLength(stored.node.timeline.totalCount + 1);
    expect(new Set(entryIds).size).toBe(entryIds.length);
    // In cursor order, as stored.
    const seqs = sub.notifications.results.map((r) => cursorSeq(r.data!.notificationAdded.cursor));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    return delay;
  }

  it("cutting B's Redis connections during a burst of 50 signals to A strands nothing", async ({ expect, serve, dispose }) => {
    const redisUrl = new URL(process.env.TEST_REDIS_URL!);
    const proxy: TcpProxy = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    dispose(() => proxy.close());
    const a = await serve(checked());
    const b = await serve(checked({ REDIS_URL: proxy.url("redis") }));
    const { rep, lead, ingest } = await seed(a);
    const sub = await subscribe(b, rep.token, lead.id);
    let dropped = 0;
    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(Array.from({ length: 5 }, (_, i) => ingest(`burst ${wave * 5 + i}`)));
      if (wave % 3 === 1) dropped += proxy.cut();
    }
    const done = Date.now();
    expect(dropped).toBeGreaterThan(0);
    const delay = await expectConverged(a, b, sub, rep.token, lead.id, done, ingest);
    expect(sub.notifications.results).toHaveLength(50 + 1);
    expect(delay).toBeLessThan(WORST_CASE_MS + 8000);
    // B's clients came back through the proxy.
    expect(proxy.connections).toBeGreaterThan(2);
  });

  it.runIf(hasRedisServer())("Redis stopped for a few seconds: /readyz says so within its bound, and every signal stored meanwhile arrives", async ({ expect, serve, dispose }) => {
    const redis: PrivateRedis = await startPrivateRedis();
    dispose(() => redis.kill());
    const a = await serve(checked({ REDIS_URL: redis.url }));
    const b = await serve(checked({ REDIS_URL: redis.url }));
    const { rep, lead, ingest } = await seed(a);
    const sub = await subscribe(b, rep.token, lead.id);
    await ingest("before");
    await sub.notifications.waitFor(1);

    await redis.kill();
    const asked = Date.now();
    const ready = await fetch(b.url.replace("/graphql", "/readyz"));
    expect(Date.now() - asked).toBeLessThan(1500);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "unavailable", checks: { database: true, redis: false }, down: ["redis"] });
    for (let i = 0; i < 10; i++) await ingest(`while down ${i}`);
    // A client that reconnects during the outage, resuming after what it saw, gets its replay
    // from PostgreSQL without waiting for Redis.
    const cursor = sub.notifications.results[0]!.data!.notificationAdded.cursor as string;
    const resumed = collect(b.ws(rep.token), NOTIFICATIONS, { after: cursor });
    await resumed.waitFor(10, WORST_CASE_MS + 4000);
    expect(resumed.results.map((r) => r.data!.notificationAdded.summary)).toEqual(Array.from({ length: 10 }, (_, i) => `while down ${i}`));
    await redis.start();
    const done = Date.now();
    await expectConverged(a, b, sub, rep.token, lead.id, done, ingest);
    expect(sub.notifications.results).toHaveLength(11 + 1);
    await expect.poll(async () => (await fetch(b.url.replace("/graphql", "/readyz"))).status, { timeout: 10_000 }).toBe(200);
  });
});
