import { isInterfaceType, isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INGEST, buildSignal, createAccount, createContact, createDeal, createIntegrationKey, createLead, createOrg, createUser, ok } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

/**
 * `node(id:)` answers every type of the emitted schema that implements Node, through the modules'
 * registry of node types, and answers NOT_FOUND alike for another org's objects.
 */
describe("node(id:) for every Node type", () => {
  let server: TestServer;
  beforeAll(async () => {
    // The webhook below points at a closed loopback port: allowed here, and nothing else is reached.
    server = await startServer({ WEBHOOK_ALLOW_PRIVATE: "true" });
  });
  afterAll(() => server?.stop());

  /** One object of each Node type, made through the API; typename → global id. */
  /** A plain CRM user of the token's org. */
  let createUserIn: (adminToken: string) => Promise<string>;

  async function oneOfEach(): Promise<{ token: string; ids: Map<string, string> }> {
    const org = await createOrg(server);
    const token = org.adminToken;
    createUserIn = async () => (await createUser(server, org)).token;
    const gql = (query: string, variables?: Record<string, unknown>) => ok(server.gql(token, query, variables));
    const webhook = (await ok(server.gql(token, `mutation { createWebhook(input: { url: "http://127.0.0.1:9/hook", events: [LEAD_CREATED] }) { webhook { id } } }`)))
      .createWebhook.webhook.id as string;
    const lead = await createLead(server, token, { ownerId: org.adminId });
    const contact = await createContact(server, token);
    const ids = new Map<string, string>([
      ["Organization", org.orgId],
      ["User", (await createUser(server, org)).id],
      ["Lead", lead.id],
      ["Contact", contact.id],
      ["Account", (await createAccount(server, token)).id],
      ["Deal", (await createDeal(server, token)).id],
    ]);
    ids.set("Task", (await gql(`mutation($r: ID) { createTask(input: { subject: "Call", recordId: $r }) { id } }`, { r: lead.id })).createTask.id);
    ids.set("Note", (await gql(`mutation($r: ID!) { createNote(input: { body: "Met", recordId: $r }) { id } }`, { r: lead.id })).createNote.id);
    ids.set(
      "Attachment",
      (
        await gql(`mutation($r: ID!) { addAttachment(input: { recordId: $r, fileName: "a.txt", contentType: "text/plain", contentBase64: "aGk=" }) { id } }`, {
          r: lead.id,
        })
      ).addAttachment.id,
    );
    ids.set(
      "CustomField",
      (await gql(`mutation { createCustomField(input: { module: LEADS, name: "budgetBand", label: "Budget band", type: TEXT }) { id } }`)).createCustomField.id,
    );
    ids.set(
      "SocialProfile",
      (await gql(`mutation($r: ID!) { addSocialProfile(input: { recordId: $r, network: X, handle: "ada_${Date.now()}" }) { id } }`, { r: contact.id })).addSocialProfile
        .id,
    );
    const { key } = await createIntegrationKey(server, org);
    const ingested = await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
    ids.set("TimelineEntry", ingested.ingestSignal.entry.id);
    ids.set("Notification", (await gql(`{ notifications(first: 1) { edges { node { id } } } }`)).notifications.edges[0].node.id);
    const account = (await gql(`mutation { connectSocialAccount(input: { network: X, handle: "acme_${Date.now()}" }) { id } }`)).connectSocialAccount.id;
    ids.set("SocialAccount", account);
    const post = await ok(
      server.gql(key, `mutation($input: IngestSocialPostInput!) { ingestSocialPost(input: $input) { post { id } } }`, {
        input: { idempotencyKey: "p1", accountId: account, externalId: "1", kind: "MENTION", author: { handle: "someone" }, postedAt: new Date().toISOString() },
      }),
    );
    ids.set("SocialPost", post.ingestSocialPost.post.id);
    ids.set("SocialColumn", (await gql(`mutation { createSocialColumn(input: { kind: MY_POSTS, name: "Mine" }) { id } }`)).createSocialColumn.id);
    ids.set("SocialPublication", (await gql(`mutation($a: ID!) { publishSocialPost(input: { accountIds: [$a], text: "Hello" }) { id } }`, { a: account })).publishSocialPost.id);
    ids.set("SocialActivity", (await gql(`{ socialActivity(first: 1) { edges { node { id } } } }`)).socialActivity.edges[0].node.id);
    ids.set("AuditEntry", (await gql(`{ auditLog(first: 1) { edges { node { id } } } }`)).auditLog.edges[0].node.id);
    ids.set("Webhook", webhook);
    ids.set("WebhookDelivery", (await gql(`{ webhooks { deliveries(first: 1) { edges { node { id } } } } }`)).webhooks[0].deliveries.edges[0].node.id);
    // Website visitors: the org's integration linked, then a visit, a chat and a rule.
    const visitorKey = (await gql(`mutation { generateVisitorIntegrationKey { key } }`)).generateVisitorIntegrationKey.key;
    const adminEmail = (await gql(`{ me { email } }`)).me.email;
    await gql(`mutation($input: LinkVisitorIntegrationInput!) { linkVisitorIntegration(input: $input) { linked } }`, { input: { adminEmail, key: visitorKey } });
    const startedAt = new Date().toISOString();
    const visit = await ok(server.gql(visitorKey, `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { visit { id } } }`, { input: { idempotencyKey: "n1", visitorId: "n", startedAt } }));
    ids.set("Visit", visit.recordVisit.visit.id);
    const chat = await ok(server.gql(visitorKey, `mutation($input: RecordChatInput!) { recordChat(input: $input) { chat { id } } }`, { input: { idempotencyKey: "n1", visitorId: "n", attended: false, startedAt } }));
    ids.set("Chat", chat.recordChat.chat.id);
    ids.set(
      "VisitorRule",
      (await gql(`mutation { createVisitorRule(input: { kind: PRIORITY, name: "p", priority: 1, conditions: [] }) { id } }`)).createVisitorRule.id,
    );
    return { token, ids };
  }

  it("resolves one object of each, and the list of types is the schema's", async () => {
    const node = server.app.schema.getType("Node");
    expect(isInterfaceType(node)).toBe(true);
    const types = server.app.schema
      .getPossibleTypes(node as never)
      .filter(isObjectType)
      .map((t) => t.name)
      .sort();
    const { token, ids } = await oneOfEach();
    expect(types).toEqual([...ids.keys()].sort());
    for (const [typename, id] of ids) {
      const res = await server.gql(token, `query($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect(res.errors, `${typename}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      expect(res.data!.node).toEqual({ __typename: typename, id });
    }

    // A profile whose contact was deleted stays, unlinked: CRM admins still see it, plain users do not.
    const profile = ids.get("SocialProfile")!;
    const rep = await createUserIn(token);
    await ok(server.gql(token, `mutation($id: ID!) { deleteContact(id: $id) }`, { id: ids.get("Contact") }));
    expect((await server.gql(token, `query($id: ID!) { node(id: $id) { id } }`, { id: profile })).data!.node).toEqual({ id: profile });
    expect((await server.gql(rep, `query($id: ID!) { node(id: $id) { id } }`, { id: profile })).errors?.[0]?.extensions.code).toBe("NOT_FOUND");

    // Another org's admin gets NOT_FOUND for every one of them.
    const other = await createOrg(server);
    for (const [typename, id] of ids) {
      const res = await server.gql(other.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(res.errors?.[0]?.extensions.code, typename).toBe("NOT_FOUND");
    }
  });
});
