import { afterAll, describe, test as base } from "vitest";
import { createLead, createOrg, ok } from "./helpers/fixtures.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";
import { startServer, type TestServer } from "./helpers/server.js";

const realDatabase = process.env.TEST_TARGET === "postgres";

/** A lease short enough for a test: a delivery left by a stopped instance comes back after 10 s. */
const ENV = {
  WEBHOOK_ALLOW_PRIVATE: "true",
  WEBHOOK_RETRY_FIRST_DELAY_SECONDS: "1",
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: "2",
  WEBHOOK_TIMEOUT_MS: "8000",
  WEBHOOK_LEASE_SECONDS: "10",
  WEBHOOK_POLL_SECONDS: "0.5",
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
  test("every event is delivered; a repeat carries the same webhook-id", { timeout: 90_000 }, async ({ receiver, expect }) => {
    const a = await startServer(ENV);
    servers.push(a);
    // Each event's first attempt hangs longer than the instance's shutdown grace (5 s); later ones answer at once.
    const seen = new Set<string>();
    receiver.react = (req) => {
      const id = req.headers["webhook-id"]!;
      if (seen.has(id)) return { status: 200 };
      seen.add(id);
      return { status: 200, delayMs: 7000 };
    };
    const org = await createOrg(a);
    await ok(a.gql(org.adminToken, `mutation($url: String!) { createWebhook(input: { url: $url, events: [LEAD_CREATED] }) { webhook { id } } }`, { url: receiver.url }));
    for (let i = 0; i < 5; i++) await createLead(a, org.adminToken);
    // All five are in flight on A.
    await expect.poll(() => receiver.requests.length, { timeout: 15_000 }).toBe(5);

    const b = await startServer(ENV);
    servers.push(b);
    await a.stop();
    servers.splice(servers.indexOf(a), 1);

    const statuses = async () =>
      (await ok(b.gql(org.adminToken, `{ webhooks { deliveries(first: 10) { edges { node { eventId status attempts } } } } }`))).webhooks[0].deliveries.edges.map(
        (e: { node: { eventId: string; status: string } }) => e.node,
      ) as { eventId: string; status: string; attempts: number }[];
    await expect.poll(async () => (await statuses()).map((d) => d.status), { timeout: 60_000, interval: 500 }).toEqual(Array(5).fill("SUCCEEDED"));
    const log = await statuses();
    // Every event reached the receiver; every repeat carried its event's id.
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set(log.map((d) => d.eventId)));
    // A's attempts were cut off by its stop and made again by B: repeats, each with its event's id.
    expect(receiver.requests.length).toBeGreaterThan(5);
    for (const id of new Set(receiver.requests.map((r) => r.headers["webhook-id"]))) {
      expect(receiver.requests.filter((r) => r.headers["webhook-id"] === id && r.answered === 200).length).toBeGreaterThanOrEqual(1);
    }
  });
});
