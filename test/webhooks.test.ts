import { sql } from "drizzle-orm";
import { Webhook as Verifier } from "standardwebhooks";
import { afterAll, beforeAll, describe, test as base, vi } from "vitest";
import { INGEST, buildSignal, createDeal, createIntegrationKey, createLead, createOrg, createUser, expectError, ok, type TestOrg } from "./helpers/fixtures.js";
import { pruneOutbox } from "../src/modules/webhooks/queue.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";
import { startServer, type TestServer } from "./helpers/server.js";

/** Generous: on a loaded machine a delivery may take seconds; a poll ends as soon as it holds. */
const POLL = { timeout: 40_000, interval: 100 };

/** The request timeout: short, but long enough for a loaded machine (the receiver shares this process). */
const TIMEOUT_MS = 3000;
/** Compressed retry schedule: 1 s, then 2 s between attempts. */
const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE: "true",
  WEBHOOK_RETRY_FIRST_DELAY_SECONDS: "1",
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: "2",
  WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  // Long enough that no delivery is taken up again on a loaded machine (webhooks-durability.test.ts shortens it).
  WEBHOOK_LEASE_SECONDS: "30",
  WEBHOOK_POLL_SECONDS: "0.5",
  // The test files of a run share one PostgreSQL database: a queue of its own, worked by this file's servers only.
  WEBHOOK_QUEUE: `webhooks-test-${process.pid}`,
};

// Deliveries run beside the tests in this process: on a loaded machine they take a while.
vi.setConfig({ testTimeout: 90_000 });

const test = base.extend<{ receiver: Receiver }>({
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const receiver = await startReceiver();
    await use(receiver);
    await receiver.close();
  },
});

let server: TestServer;
beforeAll(async () => {
  server = await startServer(WEBHOOK_ENV);
});
afterAll(() => server?.stop());

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret webhook { id url events description status } } }`;
const DELIVERIES = `query { webhooks { id status disabledReason deliveries(first: 100) { totalCount edges { node {
  id eventId event payload status attempts lastStatusCode lastError nextAttemptAt createdAt } } } } }`;

interface Delivery {
  id: string;
  eventId: string;
  event: string;
  payload: { type: string; timestamp: string; data: Record<string, any> };
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

async function createWebhook(org: TestOrg, url: string, events: string[]) {
  const data = await ok(server.gql(org.adminToken, CREATE, { input: { url, events, description: "test receiver" } }));
  return data.createWebhook as { signingSecret: string; webhook: { id: string; status: string } };
}

async function deliveries(org: TestOrg): Promise<Delivery[]> {
  const data = await ok(server.gql(org.adminToken, DELIVERIES));
  return (data.webhooks as { deliveries: { edges: { node: Delivery }[] } }[]).flatMap((w) => w.deliveries.edges.map((e) => e.node));
}

const verify = (secret: string, req: { headers: Record<string, string>; body: string }) =>
  new Verifier(secret).verify(req.body, {
    "webhook-id": req.headers["webhook-id"]!,
    "webhook-timestamp": req.headers["webhook-timestamp"]!,
    "webhook-signature": req.headers["webhook-signature"]!,
  }) as { type: string; timestamp: string; data: Record<string, any> };

const leadDbId = (globalId: string) => Number(Buffer.from(globalId, "base64url").toString().split(":")[1]);

describe.concurrent("outbound webhooks: delivery (HOOK-2..7)", () => {
  test("a lead created is POSTed once, signed per Standard Webhooks, and logged", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    const { signingSecret, webhook } = await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhook.status).toBe("ACTIVE");
    const lead = await createLead(server, org.adminToken, { firstName: "Ada", lastName: "King", company: "Engines" });

    await expect.poll(() => receiver.requests.length, POLL).toBe(1);
    const [req] = receiver.requests;
    const body = verify(signingSecret, req!);
    expect(body).toMatchObject({ type: "LEAD_CREATED", data: { lead: { id: lead.id, name: "Ada King", company: "Engines", ownerId: org.adminId } } });
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    // A wrong secret does not verify.
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, req!)).toThrow();

    await expect.poll(async () => (await deliveries(org))[0]?.status, POLL).toBe("SUCCEEDED");
    const [logged] = await deliveries(org);
    expect(logged).toMatchObject({ event: "LEAD_CREATED", eventId: req!.headers["webhook-id"], attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(logged!.payload).toEqual(JSON.parse(req!.body));
    const metrics = await (await fetch(new URL("/metrics", server.url))).text();
    expect(Number(/crm_webhook_attempt_duration_seconds_count\{outcome="succeeded"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });

  test("only subscribed events of the endpoint's own org are sent", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    const other = await createOrg(server);
    await createWebhook(org, receiver.url, ["DEAL_STAGE_CHANGED"]);
    await createLead(server, org.adminToken); // not subscribed
    const otherDeal = await createDeal(server, other.adminToken, { stage: "Qualification" });
    await ok(server.gql(other.adminToken, `mutation($id: ID!) { updateDeal(id: $id, input: { stage: "Proposal" }) { id } }`, { id: otherDeal.id }));
    const deal = await createDeal(server, org.adminToken, { stage: "Qualification" });
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateDeal(id: $id, input: { stage: "Proposal" }) { id } }`, { id: deal.id }));
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateDeal(id: $id, input: { name: "renamed" }) { id } }`, { id: deal.id }));

    await expect.poll(() => receiver.requests.length, POLL).toBe(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
      type: "DEAL_STAGE_CHANGED",
      data: { deal: { id: deal.id, stage: "Proposal" }, previousStage: "Qualification", stage: "Proposal" },
    });
    await expect.poll(async () => (await deliveries(org)).map((d) => d.status), POLL).toEqual(["SUCCEEDED"]);
  });

  test("signals, follow-ups and milestones are sent from their modules' transactions", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    await createWebhook(org, receiver.url, ["SIGNAL_RECEIVED", "FOLLOW_UP_LOGGED", "MILESTONE_REACHED"]);
    const { key } = await createIntegrationKey(server, org);
    const lead = await createLead(server, org.adminToken);
    await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "opened" }) }));
    await ok(server.gql(org.adminToken, `mutation($r: ID!) { logFollowUp(input: { recordId: $r, channel: EMAIL, action: "replied" }) { id } }`, { r: lead.id }));
    await ok(server.gql(org.adminToken, `mutation { setPicklistHistory(input: { module: LEADS, field: "status", enabled: true }) { field } }`));
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateLead(id: $id, input: { status: "Contacted" }) { id } }`, { id: lead.id }));

    // At least once: de-duplicated by webhook-id, as receivers do.
    const unique = () => [...new Map(receiver.requests.map((r) => [r.headers["webhook-id"], r])).values()];
    await expect.poll(() => unique().length, POLL).toBe(3);
    const bodies = unique().map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type)).toEqual(["SIGNAL_RECEIVED", "FOLLOW_UP_LOGGED", "MILESTONE_REACHED"]);
    expect(bodies[0].data).toMatchObject({ entry: { side: "SIGNAL", summary: "opened" }, record: { id: lead.id, type: "LEAD" } });
    expect(bodies[1].data).toMatchObject({ entry: { side: "FOLLOW_UP", event: "replied", performedBy: org.adminId }, record: { id: lead.id } });
    expect(bodies[2].data).toMatchObject({ entry: { side: "MILESTONE", details: { field: "status", oldValue: "Not Contacted", newValue: "Contacted" } } });
  });

  test("a lead conversion that rolls back writes no event and sends nothing (HOOK-3)", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    await createWebhook(org, receiver.url, ["LEAD_CONVERTED"]);
    const lead = await createLead(server, org.adminToken);
    const id = leadDbId(lead.id);
    // A fault after the conversion's events are written: deleting this lead fails, so the whole
    // conversion rolls back.
    const db = server.app.database.db;
    const fn = `fail_lead_${id}_${process.pid}`;
    await db.execute(sql.raw(`create function ${fn}() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`));
    await db.execute(sql.raw(`create trigger ${fn} before delete on leads for each row when (old.id = ${id}) execute function ${fn}()`));
    try {
      const res = await server.gql(org.adminToken, `mutation($id: ID!) { convertLead(input: { leadId: $id }) { contact { id } } }`, { id: lead.id });
      expect(res.errors?.[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await db.execute(sql.raw(`drop trigger ${fn} on leads`));
      await db.execute(sql.raw(`drop function ${fn}()`));
    }
    const orgId = leadDbId(org.orgId);
    const stored = async () =>
      (await db.execute(sql`select count(*)::int as n from events where org_id = ${orgId} and type = 'LEAD_CONVERTED'`)) as unknown as { rows?: { n: number }[] } & { n: number }[];
    const count = async () => {
      const r = await stored();
      return (r.rows ?? r)[0]!.n;
    };
    expect(await count()).toBe(0);
    expect(await deliveries(org)).toEqual([]);

    // The same conversion, committed, is sent once.
    const converted = await ok(server.gql(org.adminToken, `mutation($id: ID!) { convertLead(input: { leadId: $id }) { contact { id } } }`, { id: lead.id }));
    await expect.poll(() => receiver.requests.length, POLL).toBe(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: "LEAD_CONVERTED", data: { lead: { id: lead.id }, contact: { id: converted.convertLead.contact.id } } });
    expect(await count()).toBe(1);
  });
});

describe.concurrent("outbound webhooks: retries, failures and redelivery (HOOK-4, HOOK-6)", () => {
  test("500, a timeout and a dropped connection are retried with backoff until one success", { timeout: 120_000 }, async ({ receiver, expect }) => {
    const reactions = [{ status: 500, body: "oops" }, "hang", "drop", { status: 204 }] as const;
    receiver.react = (_req, i) => reactions[i] ?? { status: 204 };
    const org = await createOrg(server);
    await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    await createLead(server, org.adminToken);

    // After the first failure the delivery is pending, with its next attempt at least the first delay later.
    await expect.poll(async () => (await deliveries(org))[0]?.attempts, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const [pending] = await deliveries(org);
    if (pending!.attempts === 1) {
      expect(pending).toMatchObject({ status: "PENDING", lastStatusCode: 500, lastError: "HTTP 500: oops" });
      expect(new Date(pending!.nextAttemptAt!).getTime()).toBeGreaterThan(receiver.requests[0]!.at + 900);
    }

    await expect.poll(async () => (await deliveries(org))[0]?.status, { timeout: 60_000, interval: 250 }).toBe("SUCCEEDED");
    const [done] = await deliveries(org);
    expect(done).toMatchObject({ attempts: 4, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
    expect(receiver.requests).toHaveLength(4);
    expect(receiver.requests.filter((r) => r.answered !== null && r.answered < 300)).toHaveLength(1);
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([done!.eventId]));
    // Backoff: at least the first delay (1 s) after the first failure, then at least 2 s (the
    // largest delay), counted from when each failed attempt ended (a hang ends at the timeout).
    const at = receiver.requests.map((r) => r.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    // The hang's timeout runs from when the sender started (before the receiver saw the request),
    // and the queue's clock is the database's: allow a few hundred milliseconds either way.
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(TIMEOUT_MS + 1600);
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(1950);
  });

  test("a 400 fails at once; redeliverWebhook sends it again with the same webhook-id", async ({ receiver, expect }) => {
    receiver.react = (_req, i) => (i === 0 ? { status: 400, body: "bad" } : { status: 200 });
    const org = await createOrg(server);
    const { signingSecret } = await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    await createLead(server, org.adminToken);
    await expect.poll(async () => (await deliveries(org))[0]?.status, POLL).toBe("FAILED");
    const [failed] = await deliveries(org);
    expect(failed).toMatchObject({ attempts: 1, lastStatusCode: 400, lastError: "HTTP 400: bad", nextAttemptAt: null });
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests).toHaveLength(1);

    const again = await ok(server.gql(org.adminToken, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id eventId status } }`, { id: failed!.id }));
    expect(again.redeliverWebhook).toMatchObject({ eventId: failed!.eventId, status: "PENDING" });
    expect(again.redeliverWebhook.id).not.toBe(failed!.id);
    await expect.poll(() => receiver.requests.length, POLL).toBe(2);
    expect(receiver.requests[1]!.headers["webhook-id"]).toBe(receiver.requests[0]!.headers["webhook-id"]);
    expect(verify(signingSecret, receiver.requests[1]!).type).toBe("LEAD_CREATED");
    await expect.poll(async () => (await deliveries(org)).map((d) => d.status), POLL).toEqual(["SUCCEEDED", "FAILED"]);
  });

  test("20 events on one record arrive in order through a slow receiver that sometimes fails (HOOK-5)", { timeout: 120_000 }, async ({ receiver, expect }) => {
    const failOnce = new Set<string>();
    receiver.react = (req) => {
      const step = Number(/"event":"step (\d+)"/.exec(req.body)?.[1]);
      const id = req.headers["webhook-id"]!;
      if (step % 7 === 3 && !failOnce.has(id)) {
        failOnce.add(id);
        return { status: 503 };
      }
      return { status: 200, delayMs: 20 + ((step * 37) % 80) };
    };
    const org = await createOrg(server);
    await createWebhook(org, receiver.url, ["FOLLOW_UP_LOGGED"]);
    const lead = await createLead(server, org.adminToken);
    for (let i = 1; i <= 20; i++) {
      await ok(server.gql(org.adminToken, `mutation($r: ID!, $a: String!) { logFollowUp(input: { recordId: $r, channel: CALL, action: $a }) { id } }`, { r: lead.id, a: `step ${i}` }));
    }
    const answered = () => new Set(receiver.requests.filter((r) => r.answered === 200).map((r) => r.headers["webhook-id"])).size;
    await expect.poll(answered, { timeout: 60_000, interval: 250 }).toBe(20);
    const steps = receiver.requests.map((r) => Number(/"event":"step (\d+)"/.exec(r.body)![1]));
    // Every attempt of event n came before any of event n + 1: the order of commits, retries included.
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect([...new Set(steps)]).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(failOnce.size).toBe(3);
  });

  test("an endpoint failing for three days is disabled with its reason (HOOK-8)", async ({ receiver, expect }) => {
    receiver.react = () => ({ status: 410, body: "gone" });
    const org = await createOrg(server);
    const { webhook } = await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    await createLead(server, org.adminToken);
    await expect.poll(async () => (await deliveries(org))[0]?.status, POLL).toBe("FAILED");
    // Failing since three days and a minute ago (the clock is not waited for).
    const db = server.app.database.db;
    await db.execute(sql`update webhook_endpoints set failing_since = now() - interval '72 hours 1 minute' where id = ${leadDbId(webhook.id)}`);
    await createLead(server, org.adminToken);
    await expect.poll(async () => (await ok(server.gql(org.adminToken, `{ webhooks { status } }`))).webhooks[0].status, POLL).toBe("DISABLED");
    const [disabled] = (await ok(server.gql(org.adminToken, `{ webhooks { status disabledReason failingSince } }`))).webhooks;
    expect(disabled.disabledReason).toMatch(/^No successful delivery since .*; the last attempt failed: HTTP 410: gone$/);

    // Disabled: a redelivery is refused until it is enabled again.
    const [failed] = await deliveries(org);
    expectError(await server.gql(org.adminToken, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: failed!.id }), "CONFLICT", "deliveryId");
    // Disabled: new events are not sent; enabling it again clears the reason.
    await createLead(server, org.adminToken);
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.requests).toHaveLength(2);
    receiver.react = () => ({ status: 200 });
    const enabled = await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: true }) { status disabledReason failingSince } }`, { id: webhook.id }));
    expect(enabled.updateWebhook).toEqual({ status: "ACTIVE", disabledReason: null, failingSince: null });
    await createLead(server, org.adminToken);
    await expect.poll(() => receiver.requests.length, POLL).toBe(3);
  });
});

describe.concurrent("outbound webhooks: endpoints (HOOK-1)", () => {
  test("paused endpoints get nothing; rotated secrets sign beside the old one for 24 hours", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    const { webhook, signingSecret: first } = await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    const paused = await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: false, description: "later" }) { status description } }`, { id: webhook.id }));
    expect(paused.updateWebhook).toEqual({ status: "PAUSED", description: "later" });
    await createLead(server, org.adminToken);
    expect(await deliveries(org)).toEqual([]);

    await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: true }) { id } }`, { id: webhook.id }));
    const rotated = (await ok(server.gql(org.adminToken, `mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret webhook { previousSecretExpiresAt } } }`, { id: webhook.id }))).rotateWebhookSecret;
    expect(rotated.signingSecret).not.toBe(first);
    expect(new Date(rotated.webhook.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await createLead(server, org.adminToken);
    await expect.poll(() => receiver.requests.length, POLL).toBe(1);
    expect(verify(first, receiver.requests[0]!).type).toBe("LEAD_CREATED");
    expect(verify(rotated.signingSecret, receiver.requests[0]!).type).toBe("LEAD_CREATED");

    const deleted = await ok(server.gql(org.adminToken, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id }));
    expect(deleted.deleteWebhook).toBe(webhook.id);
    expect((await ok(server.gql(org.adminToken, `{ webhooks { id } }`))).webhooks).toEqual([]);
  });

  test("bad input is refused and stores nothing", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    const create = (input: Record<string, unknown>) => server.gql(org.adminToken, CREATE, { input: { url: receiver.url, events: ["LEAD_CREATED"], ...input } });
    expectError(await create({ events: [] }), "BAD_USER_INPUT", "input.events");
    expectError(await create({ url: "not a url" }), "BAD_USER_INPUT", "input.url");
    expectError(await create({ url: "ftp://example.com/x" }), "BAD_USER_INPUT", "input.url");
    expectError(await create({ url: "http://user:pw@127.0.0.1/x" }), "BAD_USER_INPUT", "input.url");
    expectError(await create({ description: "x".repeat(501) }), "BAD_USER_INPUT", "input.description");
    expectError(await server.gql(org.adminToken, CREATE, { input: { url: receiver.url, events: ["NOPE"] } }), "BAD_USER_INPUT");
    expect((await ok(server.gql(org.adminToken, `{ webhooks { id } }`))).webhooks).toEqual([]);

    const { webhook } = await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    const update = (input: Record<string, unknown>) => server.gql(org.adminToken, `mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }`, { id: webhook.id, input });
    expectError(await update({ events: [] }), "BAD_USER_INPUT", "input.events");
    expectError(await update({ url: "nope" }), "BAD_USER_INPUT", "input.url");
    expectError(await server.gql(org.adminToken, `mutation { updateWebhook(id: "bad", input: {}) { id } }`), "BAD_USER_INPUT", "id");
    expectError(await server.gql(org.adminToken, `mutation { redeliverWebhook(deliveryId: "bad") { id } }`), "BAD_USER_INPUT", "deliveryId");
    expectError(await server.gql(org.adminToken, `mutation { deleteWebhook(id: "bad") }`), "BAD_USER_INPUT", "id");
    expectError(await server.gql(org.adminToken, `mutation { rotateWebhookSecret(id: "bad") { signingSecret } }`), "BAD_USER_INPUT", "id");
    expectError(await server.gql(org.adminToken, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: webhook.id }), "BAD_USER_INPUT", "deliveryId");
    const [unchanged] = (await ok(server.gql(org.adminToken, `{ webhooks { url events } }`))).webhooks;
    expect(unchanged).toEqual({ url: receiver.url, events: ["LEAD_CREATED"] });
  });

  test("only the org's CRM admins see and change its webhooks", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    const { webhook } = await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    await createLead(server, org.adminToken);
    await expect.poll(async () => (await deliveries(org)).length, POLL).toBe(1);
    const [delivery] = await deliveries(org);

    const other = await createOrg(server);
    expect((await ok(server.gql(other.adminToken, `{ webhooks { id } }`))).webhooks).toEqual([]);
    expectError(await server.gql(other.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: webhook.id }), "NOT_FOUND");
    expectError(await server.gql(other.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: delivery!.id }), "NOT_FOUND");
    // The org's admin reads them by node(id:) as well.
    expect((await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { id ... on WebhookDelivery { status } } }`, { id: delivery!.id }))).node).toEqual({ id: delivery!.id, status: "SUCCEEDED" });
    const ops = [
      [`mutation($id: ID!) { updateWebhook(id: $id, input: { description: "mine" }) { id } }`, { id: webhook.id }, "id"],
      [`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id }, "id"],
      [`mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret } }`, { id: webhook.id }, "id"],
      [`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: delivery!.id }, "deliveryId"],
    ] as const;
    for (const [query, variables, field] of ops) expectError(await server.gql(other.adminToken, query, variables), "NOT_FOUND", field);

    const user = await createUser(server, org);
    expectError(await server.gql(user.token, `{ webhooks { id } }`), "FORBIDDEN");
    expectError(await server.gql(user.token, CREATE, { input: { url: receiver.url, events: ["LEAD_CREATED"] } }), "FORBIDDEN");
    for (const [query, variables] of ops) expectError(await server.gql(user.token, query, variables), "FORBIDDEN");
    expectError(await server.gql(user.token, `query($id: ID!) { node(id: $id) { id } }`, { id: webhook.id }), "NOT_FOUND");
    expectError(await server.gql(null, `{ webhooks { id } }`), "UNAUTHENTICATED");

    // Nothing changed.
    const [same] = (await ok(server.gql(org.adminToken, `{ webhooks { id description deliveries { totalCount } } }`))).webhooks;
    expect(same).toEqual({ id: webhook.id, description: "test receiver", deliveries: { totalCount: 1 } });
  });
});

describe("outbound webhooks: retention", () => {
  test("events older than the retention go with their deliveries' log; newer ones stay", async ({ receiver, expect }) => {
    const org = await createOrg(server);
    await createWebhook(org, receiver.url, ["LEAD_CREATED"]);
    await createLead(server, org.adminToken);
    await createLead(server, org.adminToken);
    await expect.poll(async () => (await deliveries(org)).map((d) => d.status), POLL).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const db = server.app.database.db;
    const orgId = leadDbId(org.orgId);
    const [newest] = await deliveries(org);
    // One event made 31 days old.
    await db.execute(sql`update events set created_at = now() - interval '31 days' where org_id = ${orgId} and id <> ${newest!.eventId}`);
    await pruneOutbox(db, server.app.deps.config.webhooks);
    expect((await deliveries(org)).map((d) => d.eventId)).toEqual([newest!.eventId]);
  });
});
