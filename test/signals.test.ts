import { describe } from "vitest";
import { INGEST, buildSignal, createContact, createUser, expectError, ok, storedRows, unique } from "./helpers/fixtures.js";
import { seedOrg, test as it, type SeedOrg } from "./helpers/test.js";
import type { TestServer } from "./helpers/server.js";

/** An org with an integration key and a rep who owns a lead with an email and a phone. */
async function seeded(org: SeedOrg) {
  const { user: rep, lead } = await org.user().lead({ email: `${unique("lead")}@example.com`, phone: "+81 3-1234-5678" });
  const { key, id: keyId } = await org.key();
  return { org, key, keyId, rep, lead };
}

const stored = async (server: TestServer, org: SeedOrg) => {
  const rows = await storedRows(server, org);
  return { i: rows.interactions, n: rows.notifications, k: rows.idempotencyKeys };
};

const NOTIFICATIONS = `query($filter: NotificationFilter) { notifications(filter: $filter) { totalCount edges { node { id cursor source event summary read icon record { ... on Lead { id name } ... on Contact { id name } } entry { id channel } } } } unreadNotificationCount }`;

describe.concurrent("ingestion (SIG-12, SIG-15)", () => {
  it("stores the signal once and notifies the record's owner", async ({ expect, org, server }) => {
    const { key, rep, lead } = await seeded(org);
    const res = (await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, details: { subject: "Spring offer" } }) }))).ingestSignal;
    expect(res.duplicate).toBe(false);
    expect(res.entry).toMatchObject({ side: "SIGNAL", channel: "EMAIL", event: "EMAIL_OPENED", source: "EMAIL_ANALYTICS", details: { subject: "Spring offer" } });
    const mine = await ok(server.gql(rep.token, NOTIFICATIONS));
    expect(mine.unreadNotificationCount).toBe(1);
    expect(mine.notifications.edges[0].node).toMatchObject({
      source: "EMAIL_ANALYTICS",
      event: "EMAIL_OPENED",
      read: false,
      icon: "email-analytics",
      record: { id: lead.id, name: lead.name },
      entry: { id: res.entry.id, channel: "EMAIL" },
    });
    expect((await ok(server.gql(org.adminToken, NOTIFICATIONS))).notifications.totalCount).toBe(0);
    expect(await stored(server, org)).toEqual({ i: 1, n: 1, k: 1 });
  });

  it("resolves the customer by email or phone, and names the candidates when ambiguous", async ({ expect, org, server }) => {
    const { key, lead } = await seeded(org);
    const email = (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { email } } }`, { id: lead.id }))).node.email;
    const byEmail = (await ok(server.gql(key, INGEST, { input: buildSignal({ customer: { email: email.toUpperCase() } }) }))).ingestSignal;
    const byPhone = (await ok(server.gql(key, INGEST, { input: buildSignal({ source: "CALL", event: "MISSED_CALL", details: {}, customer: { phone: "81312345678" } }) }))).ingestSignal;
    expect(byPhone.entry.channel).toBe("CALL");
    const contact = await createContact(server, org.adminToken, { email });
    const res = await server.gql(key, INGEST, { input: buildSignal({ customer: { email } }) });
    const error = expectError(res, "BAD_USER_INPUT", "input.customer.email");
    expect((error.extensions.candidates as string[]).sort()).toEqual([lead.id, contact.id].sort());
    expect((await stored(server, org)).i).toBe(2);
    expect(byEmail.duplicate).toBe(false);
  });

  it("keeps reaction counts and survey details (TL-4)", async ({ expect, org, server }) => {
    const { key, lead } = await seeded(org);
    const survey = (await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, source: "SURVEY", event: "SURVEY_RESPONDED", details: { surveyName: "NPS", questionsAnswered: 7 } }) }))).ingestSignal;
    expect(survey.entry.reaction).toEqual({ questionsAnswered: 7, timeSpentSeconds: null, pagesViewed: null });
    const visit = (await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, source: "WEBSITE", event: "VISIT_STARTED", details: { page: "https://acme.example/pricing", referrer: "https://search.example/", timeSpentSeconds: 95, pagesViewed: 4 } }) }))).ingestSignal;
    expect(visit.entry).toMatchObject({ channel: "WEBSITE", reaction: { questionsAnswered: null, timeSpentSeconds: 95, pagesViewed: 4 } });
  });
});

describe.concurrent("bad input stores nothing (SIG-14)", () => {
  it("answers each mistake with a code and the field", async ({ expect, org, server }) => {
    const { key, lead } = await seeded(org);
    const other = await seeded(await seedOrg(server));
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ source: "FAX" }, "BAD_USER_INPUT", "input.source"],
      [{ event: "MISSED_CALL" }, "BAD_USER_INPUT", "input.event"],
      [{ occurredAt: future }, "BAD_USER_INPUT", "input.occurredAt"],
      [{ occurredAt: "yesterday" }, "BAD_USER_INPUT", "input.occurredAt"],
      [{ idempotencyKey: "" }, "BAD_USER_INPUT", "input.idempotencyKey"],
      [{ event: "EMAIL_CLICKED", details: { subject: "x" } }, "BAD_USER_INPUT", "input.details.url"],
      [{ event: "EMAIL_CLICKED", details: { url: "javascript:alert(1)" } }, "BAD_USER_INPUT", "input.details.url"],
      [{ source: "SURVEY", event: "SURVEY_RESPONDED", details: { surveyName: "NPS", questionsAnswered: -1 } }, "BAD_USER_INPUT", "input.details.questionsAnswered"],
      [{ source: "DESK", event: "HAPPINESS_RATING", details: { ticketNumber: "T-1", rating: "MEH" } }, "BAD_USER_INPUT", "input.details.rating"],
      [{ details: { blob: "x".repeat(20_000) } }, "BAD_USER_INPUT", "input.details"],
      [{ recordId: undefined }, "BAD_USER_INPUT", "input.customer"],
      [{ recordId: undefined, customer: { email: "nobody@nowhere.example" } }, "BAD_USER_INPUT", "input.customer.email"],
      [{ recordId: other.lead.id }, "NOT_FOUND", "input.recordId"],
      [{ recordId: org.adminId }, "BAD_USER_INPUT", "input.recordId"],
    ];
    for (const [override, code, field] of cases) {
      expectError(await server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, ...override }) }), code, field);
    }
    expect(await stored(server, org)).toEqual({ i: 0, n: 0, k: 0 });
  });

  it("refuses user tokens, revoked keys and another org's records; the webhook answers in kind", async ({ expect, org, server }) => {
    const { key, keyId, lead, rep } = await seeded(org);
    expectError(await server.gql(rep.token, INGEST, { input: buildSignal({ recordId: lead.id }) }), "FORBIDDEN");
    const base = server.url.replace(/\/graphql$/, "");
    const post = (body: string, token = key) =>
      fetch(`${base}/webhooks/signals`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
    const malformed = await post("{ not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "BAD_USER_INPUT", field: "body" } });
    const unknownSource = await post(JSON.stringify(buildSignal({ recordId: lead.id, source: "FAX" })));
    expect(unknownSource.status).toBe(400);
    expect(await unknownSource.json()).toMatchObject({ error: { code: "BAD_USER_INPUT", field: "input.source" } });
    const tooLarge = await post(JSON.stringify(buildSignal({ recordId: lead.id, details: { blob: "x".repeat(2 * 1024 * 1024) } })));
    expect(tooLarge.status).toBe(413);
    const good = await post(JSON.stringify(buildSignal({ recordId: lead.id, idempotencyKey: "webhook-1" })));
    expect(good.status).toBe(200);
    const first = (await good.json()) as { entryId: string; duplicate: boolean };
    expect(first.duplicate).toBe(false);
    const again = (await (await post(JSON.stringify(buildSignal({ recordId: lead.id, idempotencyKey: "webhook-1" })))).json()) as { entryId: string; duplicate: boolean };
    expect(again).toEqual({ entryId: first.entryId, duplicate: true });
    expect((await post(JSON.stringify(buildSignal({ recordId: lead.id })), rep.token)).status).toBe(401);
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { revokeIntegrationKey(id: $id) }`, { id: keyId }));
    const revoked = await post(JSON.stringify(buildSignal({ recordId: lead.id })));
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    expect(await stored(server, org)).toEqual({ i: 1, n: 1, k: 1 });
  });
});

describe.concurrent("idempotency (SIG-13)", () => {
  it("returns the first result for a repeated key, even when the requests race", async ({ expect, org, server }) => {
    const { key, lead } = await seeded(org);
    const input = buildSignal({ recordId: lead.id, idempotencyKey: "race-1" });
    const results = await Promise.all(Array.from({ length: 8 }, () => server.gql(key, INGEST, { input })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const payloads = results.map((r) => r.data!.ingestSignal);
    expect(new Set(payloads.map((p) => p.entry.id)).size).toBe(1);
    expect(payloads.filter((p) => !p.duplicate)).toHaveLength(1);
    expect(await stored(server, org)).toEqual({ i: 1, n: 1, k: 1 });
  });
});

describe.concurrent("recipients and settings (SIG-16, SIG-17)", () => {
  it("notifies watchers too, and honours each user's switches while still storing the entry", async ({ expect, org, server }) => {
    const { key, lead, rep } = await seeded(org);
    const watcher = await createUser(server, org, [{ app: "CRM", role: "ADMIN" }]);
    await ok(server.gql(watcher.token, `mutation($r: ID!) { watchRecord(recordId: $r) }`, { r: lead.id }));
    const outsider = await createUser(server, org);
    expectError(await server.gql(outsider.token, `mutation($r: ID!) { watchRecord(recordId: $r) }`, { r: lead.id }), "NOT_FOUND", "recordId");
    await ok(server.gql(rep.token, `mutation { updateSignalSettings(input: { sources: [{ source: EMAIL_ANALYTICS, enabled: false }] }) { enabled } }`));
    await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
    await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, source: "CALL", event: "MISSED_CALL", details: {} }) }));
    const repSees = (await ok(server.gql(rep.token, NOTIFICATIONS))).notifications.edges.map((e: any) => e.node.event);
    const watcherSees = (await ok(server.gql(watcher.token, NOTIFICATIONS))).notifications.edges.map((e: any) => e.node.event);
    expect(repSees).toEqual(["MISSED_CALL"]);
    expect(watcherSees).toEqual(["MISSED_CALL", "EMAIL_OPENED"]);
    expect((await ok(server.gql(outsider.token, NOTIFICATIONS))).notifications.totalCount).toBe(0);
    const settings = (await ok(server.gql(rep.token, `mutation { updateSignalSettings(input: { enabled: false }) { enabled sources { source enabled } } }`))).updateSignalSettings;
    expect(settings.enabled).toBe(false);
    expect(settings.sources.find((s: any) => s.source === "EMAIL_ANALYTICS").enabled).toBe(false);
    await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, source: "CALL", event: "MISSED_CALL", details: {} }) }));
    expect((await ok(server.gql(rep.token, NOTIFICATIONS))).notifications.totalCount).toBe(1);
    expect((await stored(server, org)).i).toBe(3);
    expectError(await server.gql(rep.token, `mutation { updateSignalSettings(input: { sources: [{ source: CALL, enabled: true }, { source: CALL, enabled: false }] }) { enabled } }`), "BAD_USER_INPUT", "input.sources.1.source");
  });
});

describe.concurrent("the notification list (SIG-18, SIG-19)", () => {
  it("filters, paginates newest first, and marks one, many or all read", async ({ expect, org, server }) => {
    const { key, lead, rep } = await seeded(org);
    const contact = await createContact(server, org.adminToken, { ownerId: rep.id });
    for (let i = 0; i < 3; i++) await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, summary: `lead ${i}` }) }));
    for (let i = 0; i < 2; i++) await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: contact.id, source: "DESK", event: "TICKET_CREATED", details: { ticketNumber: `T-${i}` }, summary: `ticket ${i}` }) }));
    const page1 = (await ok(server.gql(rep.token, `{ notifications(first: 2) { edges { node { summary } } pageInfo { hasNextPage endCursor } } }`))).notifications;
    expect(page1.edges.map((e: any) => e.node.summary)).toEqual(["ticket 1", "ticket 0"]);
    const page2 = (await ok(server.gql(rep.token, `query($a: String) { notifications(first: 2, after: $a) { edges { node { id summary } } } }`, { a: page1.pageInfo.endCursor }))).notifications;
    expect(page2.edges.map((e: any) => e.node.summary)).toEqual(["lead 2", "lead 1"]);
    const desk = (await ok(server.gql(rep.token, NOTIFICATIONS, { filter: { sources: ["DESK"] } }))).notifications;
    expect(desk.totalCount).toBe(2);
    const byRecord = (await ok(server.gql(rep.token, NOTIFICATIONS, { filter: { recordId: lead.id } }))).notifications;
    expect(byRecord.totalCount).toBe(3);
    const marked = await ok(server.gql(rep.token, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: page2.edges.map((e: any) => e.node.id) }));
    expect(marked.markNotificationsRead).toBe(2);
    expect((await ok(server.gql(rep.token, NOTIFICATIONS, { filter: { unread: false } }))).notifications.totalCount).toBe(2);
    expect((await ok(server.gql(rep.token, `mutation { markNotificationsRead(all: true) }`))).markNotificationsRead).toBe(3);
    expect((await ok(server.gql(rep.token, `{ unreadNotificationCount }`))).unreadNotificationCount).toBe(0);
    expectError(await server.gql(rep.token, `mutation { markNotificationsRead }`), "BAD_USER_INPUT", "ids");
    // another user's notification ids change nothing
    expect((await ok(server.gql(org.adminToken, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: page2.edges.map((e: any) => e.node.id) }))).markNotificationsRead).toBe(0);
  });
});

describe.concurrent("deletes and conversion (CORE-13, CORE-14)", () => {
  it("moves the timeline with a converted lead and deletes it with a deleted record", async ({ expect, org, server }) => {
    const { key, lead, rep } = await seeded(org);
    await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
    const converted = (await ok(server.gql(org.adminToken, `mutation($id: ID!) { convertLead(input: { leadId: $id }) { contact { id } } }`, { id: lead.id }))).convertLead;
    const list = (await ok(server.gql(rep.token, NOTIFICATIONS))).notifications;
    expect(list.edges[0].node.record).toMatchObject({ id: converted.contact.id });
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { deleteContact(id: $id) }`, { id: converted.contact.id }));
    expect(await stored(server, org)).toMatchObject({ i: 0, n: 0 });
  });
});

describe.concurrent("social handles (SIG-11, SIG-12)", () => {
  it("resolves a social signal by the handle linked to a contact", async ({ expect, org, server }) => {
    const { key } = await seeded(org);
    const contact = await createContact(server, org.adminToken);
    const add = `mutation($input: AddSocialProfileInput!) { addSocialProfile(input: $input) { network handle } }`;
    expect((await ok(server.gql(org.adminToken, add, { input: { recordId: contact.id, network: "X", handle: "@grace_h" } }))).addSocialProfile).toEqual({ network: "X", handle: "grace_h" });
    expectError(await server.gql(org.adminToken, add, { input: { recordId: contact.id, network: "X", handle: "Grace_H" } }), "CONFLICT", "input.handle");
    expectError(await server.gql(org.adminToken, add, { input: { recordId: contact.id, network: "X", handle: "no spaces" } }), "BAD_USER_INPUT", "input.handle");
    const res = (await ok(server.gql(key, INGEST, { input: buildSignal({ source: "SOCIAL", event: "SOCIAL_MENTION", details: { network: "X", text: "love it" }, customer: { network: "X", handle: "GRACE_H" } }) }))).ingestSignal;
    expect(res.entry).toMatchObject({ channel: "X", event: "SOCIAL_MENTION" });
    const profiles = (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Contact { socialProfiles { handle } } } }`, { id: contact.id }))).node;
    expect(profiles.socialProfiles).toEqual([{ handle: "grace_h" }]);
    expectError(await server.gql(key, INGEST, { input: buildSignal({ source: "SOCIAL", event: "SOCIAL_MENTION", details: { network: "X" }, customer: { network: "X", handle: "someone_else" } }) }), "BAD_USER_INPUT", "input.customer.handle");
  });
});
