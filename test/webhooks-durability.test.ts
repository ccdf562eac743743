import { afterAll, describe, test as base } from "vitest";
import { createLead, createOrg, ok } from "./helpers/fixtures.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";
import { startServer, type TestServer } from "./helpers/server.js";

const realDatabase = process.env.TEST_TARGET === "postgres";

/** Attempts that are never answered stay in flight until their instance stops (60 s timeout). */
const ENV = {
  WEBHOOK_ALLOW_PRIVATE: "true",
  WEBHOOK_RETRY_FIRST_DELAY_SECONDS: "1",
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: "2",
  WEBHOOK_TIMEOUT_MS: "60000",
  WEBHOOK_LEASE_SECONDS: "70",
  WEBHOOK_POLL_SECONDS: "0.5",
  // The test files of a run share one PostgreSQL database: a queue of its own, worked by this file's servers only.
  WEBHOOK_QUEUE: `webhooks-durability-${process.pid}`,
};

const test = base.extend<{ receiver: Receiver }>({
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const receiver = await startReceiver();
    await use(receiver);
    await receiver.close();
  },
});

const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));

/** HOOK-9: two instances on one PostgreSQL; one stops (SIGTERM: app.stop()) in the middle of its deliveries. */
describe.runIf(realDatabase)("webhook deliveries survive an instance stopping mid-delivery (HOOK-9)", () => {
  test("every event is delivered; a repeat carries the same webhook-id", { timeout: 120_000 }, async ({ receiver, expect }) => {
    const a = await startServer(ENV);
    servers.push(a);
    // Until A is told to stop, every attempt hangs: A is in the middle of each delivery it took.
    let aStopping = false;
    receiver.react = () => (aStopping ? { status: 200 } : "hang");
    const org = await createOrg(a);
    await ok(a.gql(org.adminToken, `mutation($url: String!) { createWebhook(input: { url: $url, events: [LEAD_CREATED] }) { webhook { id } } }`, { url: receiver.url }));
    for (let i = 0; i < 5; i++) await createLead(a, org.adminToken);
    await expect.poll(() => receiver.requests.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);

    const b = await startServer(ENV);
    servers.push(b);
    aStopping = true;
    const cutOff = receiver.requests.filter((r) => r.answered === null).map((r) => r.headers["webhook-id"]!);
    await a.stop();
    servers.splice(servers.indexOf(a), 1);

    const log = async () =>
      (await ok(b.gql(org.adminToken, `{ webhooks { deliveries(first: 10) { edges { node { eventId status } } } } }`))).webhooks[0].deliveries.edges.map(
        (e: { node: { eventId: string; status: string } }) => e.node,
      ) as { eventId: string; status: string }[];
    await expect.poll(async () => (await log()).map((d) => d.status), { timeout: 90_000, interval: 500 }).toEqual(Array(5).fill("SUCCEEDED"));
    const events = new Set((await log()).map((d) => d.eventId));
    // Every event reached the receiver, and nothing else did.
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"]))).toEqual(events);
    // The deliveries A was in the middle of were made again (by B) with the same webhook-id.
    expect(cutOff.length).toBeGreaterThanOrEqual(1);
    for (const id of cutOff) expect(receiver.requests.some((r) => r.headers["webhook-id"] === id && r.answered === 200)).toBe(true);
  });
});
