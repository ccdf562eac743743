import { Webhook as Verifier } from "standardwebhooks";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createIntegrationKey, createLead, ok } from "./helpers/fixtures.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { RECORD_CHAT, RECORD_VISIT, buildChat, buildVisit, linkedOrg } from "./helpers/visitors.js";

// HOOK-2: visits, chats and social posts reach integrators' endpoints like the CRM's own events,
// written to the outbox by the modules that store them.

const POLL = { timeout: 40_000, interval: 100 };

let server: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_POLL_SECONDS: "0.5", WEBHOOK_QUEUE: `webhooks-domains-${process.pid}` });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret webhook { id } } }`;

describe("events of the visitor and social modules (HOOK-2)", () => {
  it("sends VISIT_RECORDED, CHAT_RECORDED and SOCIAL_POST_RECEIVED once each, signed, naming the known lead", async ({ expect }) => {
    const { org, key: visitorKey } = await linkedOrg(server);
    const { signingSecret } = (await ok(server.gql(org.adminToken, CREATE, { input: { url: `${receiver.url}/domains`, events: ["VISIT_RECORDED", "CHAT_RECORDED", "SOCIAL_POST_RECEIVED"] } }))).createWebhook;
    const email = `visitor-${Date.now()}@example.com`;
    const lead = await createLead(server, org.adminToken, { email });

    const visit = (await ok(server.gql(visitorKey, RECORD_VISIT, { input: buildVisit({ visitor: { email } }) }))).recordVisit.visit;
    const again = await ok(server.gql(visitorKey, RECORD_VISIT, { input: buildVisit({ visitor: { email } }) }));
    const chat = (await ok(server.gql(visitorKey, RECORD_CHAT, { input: buildChat() }))).recordChat.chat;
    const account = (await ok(server.gql(org.adminToken, `mutation { connectSocialAccount(input: { network: X, handle: "acme_${Date.now()}" }) { id } }`))).connectSocialAccount.id;
    const { key: socialKey } = await createIntegrationKey(server, org);
    const postInput = { idempotencyKey: "p1", accountId: account, externalId: "x1", kind: "MENTION", author: { handle: "someone" }, text: "hello", postedAt: new Date().toISOString() };
    const post = (await ok(server.gql(socialKey, `mutation($input: IngestSocialPostInput!) { ingestSocialPost(input: $input) { post { id } } }`, { input: postInput }))).ingestSocialPost.post;
    // A duplicate post stores nothing and sends nothing.
    await ok(server.gql(socialKey, `mutation($input: IngestSocialPostInput!) { ingestSocialPost(input: $input) { duplicate } }`, { input: postInput }));

    // The receiver is this file's and this test is its only user.
    const mine = () => receiver.requests;
    await expect.poll(() => mine().length, POLL).toBeGreaterThanOrEqual(4);
    const verifier = new Verifier(signingSecret);
    const bodies = mine().map((r) => verifier.verify(r.body, r.headers) as { type: string; data: Record<string, any> });
    const visits = bodies.filter((b) => b.type === "VISIT_RECORDED");
    expect(visits.map((b) => b.data.visit.id).sort()).toEqual([visit.id, again.recordVisit.visit.id].sort());
    expect(visits[0]!.data.record).toEqual({ id: lead.id, type: "LEAD" });
    const chats = bodies.filter((b) => b.type === "CHAT_RECORDED");
    expect(chats.map((b) => b.data.chat.id)).toEqual([chat.id]);
    expect(chats[0]!.data.record).toBeNull();
    const posts = bodies.filter((b) => b.type === "SOCIAL_POST_RECEIVED");
    expect(posts.map((b) => b.data.post.id)).toEqual([post.id]);
    expect(posts[0]!.data).toMatchObject({ post: { kind: "MENTION", text: "hello" }, author: { handle: "someone" }, record: null });
    expect(bodies).toHaveLength(4);
  });
});

describe("admin actions of the webhooks and visitors modules are audited (ADM-6)", () => {
  it("writes one entry per webhook change and per change of the visitor integration, without secrets", async ({ expect }) => {
    const { org } = await linkedOrg(server);
    const created = (await ok(server.gql(org.adminToken, CREATE, { input: { url: `${receiver.url}/audited`, events: ["LEAD_CREATED"] } }))).createWebhook;
    const id = created.webhook.id;
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: false }) { id } }`, { id }));
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret } }`, { id }));
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }));
    await ok(server.gql(org.adminToken, `mutation { updateVisitorSettings(input: { notifyVisits: false }) { notifyVisits } }`));
    await ok(server.gql(org.adminToken, `mutation { setVisitorIntegrationEnabled(enabled: false) { enabled } }`));

    const log = (await ok(server.gql(org.adminToken, `{ auditLog(first: 100) { edges { node { action targetId before after actor { id } } } } }`))).auditLog.edges.map(
      (e: { node: Record<string, any> }) => e.node,
    );
    const of = (action: string) => log.filter((e: { action: string }) => e.action === action);
    expect(of("webhook.created")).toEqual([expect.objectContaining({ targetId: id, before: null, after: expect.objectContaining({ status: "ACTIVE", events: ["LEAD_CREATED"] }), actor: { id: org.adminId } })]);
    expect(of("webhook.updated")).toEqual([expect.objectContaining({ before: expect.objectContaining({ status: "ACTIVE" }), after: expect.objectContaining({ status: "PAUSED" }) })]);
    expect(of("webhook.secret_rotated")).toHaveLength(1);
    expect(of("webhook.deleted")).toEqual([expect.objectContaining({ targetId: id, after: null })]);
    expect(of("visitor_integration.key_generated")).toHaveLength(1);
    expect(of("visitor_integration.linked")).toEqual([expect.objectContaining({ after: expect.objectContaining({ linkedAdmin: org.adminId, enabled: true }) })]);
    expect(of("visitor_integration.settings_changed")).toEqual([
      expect.objectContaining({ before: expect.objectContaining({ notifyVisits: true }), after: expect.objectContaining({ notifyVisits: false }) }),
    ]);
    expect(of("visitor_integration.disabled")).toEqual([expect.objectContaining({ before: expect.objectContaining({ enabled: true }), after: expect.objectContaining({ enabled: false }) })]);
    expect(JSON.stringify(log)).not.toContain(created.signingSecret);
    expect(JSON.stringify(log)).not.toMatch(/whsec_|crm_ik_/);
  });
});
