import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContact, createDeal, createIntegrationKey, createLead, createOrg, createUser, expectError, ok, unique } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { GENERATE, LINK, RECORD_VISIT, SETTINGS, buildVisit, linkedOrg, salesIqUser, visitorRows } from "./helpers/visitors.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const NOT_ADMIN = /not recognised as the CRM admin/;

describe("the link and its settings (VIS-1..6, VIS-15)", () => {
  it("a CRM admin generates the key and can view it again; others cannot", async () => {
    const org = await createOrg(server);
    const generated = (await ok(server.gql(org.adminToken, GENERATE))).generateVisitorIntegrationKey;
    expect(generated).toMatchObject({ enabled: false, linked: false });
    expect(generated.key).toMatch(/^crm_ik_/);
    const again = (await ok(server.gql(org.adminToken, `{ visitorIntegration { key enabled linked } }`))).visitorIntegration;
    expect(again.key).toBe(generated.key);
    const operator = await salesIqUser(server, org);
    expect((await ok(server.gql(operator.token, `{ visitorIntegration { key } }`))).visitorIntegration.key).toBeNull();
    expectError(await server.gql(operator.token, GENERATE), "FORBIDDEN");
    const outsider = await createOrg(server);
    expect((await ok(server.gql(outsider.adminToken, `{ visitorIntegration { key } }`))).visitorIntegration).toBeNull();
    // A new key revokes the old one and asks for the link again.
    const me = (await ok(server.gql(org.adminToken, `{ me { email } }`))).me;
    await ok(server.gql(org.adminToken, LINK, { input: { adminEmail: me.email, key: generated.key } }));
    await ok(server.gql(generated.key, RECORD_VISIT, { input: buildVisit() }));
    const renewed = (await ok(server.gql(org.adminToken, GENERATE))).generateVisitorIntegrationKey;
    expect(renewed).toMatchObject({ linked: false, enabled: false });
    expect(renewed.key).not.toBe(generated.key);
    expectError(await server.gql(generated.key, RECORD_VISIT, { input: buildVisit() }), "UNAUTHENTICATED");
    expectError(await server.gql(renewed.key, RECORD_VISIT, { input: buildVisit() }), "FORBIDDEN");
    expect((await visitorRows(server, org)).visits).toBe(1);
  });

  it("links with the CRM admin's email and key only (VIS-1), relinks, disables and enables", async () => {
    const org = await createOrg(server);
    const key = (await ok(server.gql(org.adminToken, GENERATE))).generateVisitorIntegrationKey.key;
    const admin = (await ok(server.gql(org.adminToken, `{ me { id email } }`))).me;
    const operator = await salesIqUser(server, org);
    const operatorEmail = (await ok(server.gql(operator.token, `{ me { email } }`))).me.email;
    // A non-admin's own email, a wrong key, an unknown email: the VIS-1 refusal.
    for (const input of [
      { adminEmail: operatorEmail, key },
      { adminEmail: admin.email, key: `${key}x` },
      { adminEmail: "nobody@example.com", key },
    ]) {
      const error = expectError(await server.gql(operator.token, LINK, { input }), "FORBIDDEN");
      expect(error.message).toMatch(NOT_ADMIN);
    }
    expect((await ok(server.gql(org.adminToken, `{ visitorIntegration { linked enabled } }`))).visitorIntegration).toEqual({ linked: false, enabled: false });
    const linked = (await ok(server.gql(operator.token, LINK, { input: { adminEmail: admin.email.toUpperCase(), key } }))).linkVisitorIntegration;
    expect(linked).toMatchObject({ linked: true, enabled: true, key: null, linkedAdmin: { id: admin.id } });
    // Relink to another CRM admin.
    const admin2 = await createUser(server, org, [{ app: "CRM", role: "ADMIN" }]);
    const admin2Email = (await ok(server.gql(admin2.token, `{ me { email } }`))).me.email;
    const relinked = (await ok(server.gql(org.adminToken, LINK, { input: { adminEmail: admin2Email, key } }))).linkVisitorIntegration;
    expect(relinked.linkedAdmin.id).toBe(admin2.id);
    // Disable: pushes refused; enable: accepted again.
    const disabled = (await ok(server.gql(org.adminToken, `mutation { setVisitorIntegrationEnabled(enabled: false) { enabled } }`))).setVisitorIntegrationEnabled;
    expect(disabled.enabled).toBe(false);
    expectError(await server.gql(key, RECORD_VISIT, { input: buildVisit() }), "FORBIDDEN");
    expectError(await server.gql(operator.token, `mutation { setVisitorIntegrationEnabled(enabled: true) { enabled } }`), "FORBIDDEN");
    await ok(server.gql(org.adminToken, `mutation { setVisitorIntegrationEnabled(enabled: true) { enabled } }`));
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit() }));
    expect((await visitorRows(server, org)).visits).toBe(1);
  });

  it("refuses pushes with another key of the org, before the link, and with a user token", async () => {
    const org = await createOrg(server);
    const key = (await ok(server.gql(org.adminToken, GENERATE))).generateVisitorIntegrationKey.key;
    expectError(await server.gql(key, RECORD_VISIT, { input: buildVisit() }), "FORBIDDEN"); // not linked yet
    const other = await createIntegrationKey(server, org);
    expectError(await server.gql(other.key, RECORD_VISIT, { input: buildVisit() }), "FORBIDDEN");
    expectError(await server.gql(org.adminToken, RECORD_VISIT, { input: buildVisit() }), "FORBIDDEN");
    expectError(await server.gql(null, RECORD_VISIT, { input: buildVisit() }), "UNAUTHENTICATED");
    expect((await visitorRows(server, org)).visits).toBe(0);
  });

  it("updates settings partially and validates them (VIS-2..6, VIS-15)", async () => {
    const { org } = await linkedOrg(server);
    const defaults = (await ok(server.gql(org.adminToken, SETTINGS, { input: {} }))).updateVisitorSettings;
    expect(defaults).toMatchObject({ autoAdd: "NONE", addAs: "LEAD", followUpTaskDue: null, owner: "ATTENDING_OPERATOR", notifyVisits: true, addVisitDetails: true, attachTranscripts: true, showUnattendedAs: "TRACKED", attributeMappings: [] });
    await ok(server.gql(org.adminToken, `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, { input: { module: "LEADS", name: "screen", label: "Screen", type: "TEXT" } }));
    await ok(server.gql(org.adminToken, `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, { input: { module: "LEADS", name: "wait", label: "Wait", type: "DATE" } }));
    const changed = (await ok(server.gql(org.adminToken, SETTINGS, { input: { autoAdd: "ALL", followUpTaskDue: "TOMORROW", attributeMappings: [{ attribute: "SCREEN_RESOLUTION", field: "screen" }] } }))).updateVisitorSettings;
    expect(changed).toMatchObject({ autoAdd: "ALL", addAs: "LEAD", followUpTaskDue: "TOMORROW", attributeMappings: [{ attribute: "SCREEN_RESOLUTION", field: "screen" }] });
    const before = (await ok(server.gql(org.adminToken, `{ visitorIntegration { settings { autoAdd followUpTaskDue attributeMappings { field } } } }`))).visitorIntegration.settings;
    expectError(await server.gql(org.adminToken, SETTINGS, { input: { autoAdd: "NONE", attributeMappings: [{ attribute: "EMAIL", field: "nope" }] } }), "BAD_USER_INPUT", "input.attributeMappings.0.field");
    expectError(await server.gql(org.adminToken, SETTINGS, { input: { attributeMappings: [{ attribute: "WAITING_TIME", field: "wait" }] } }), "BAD_USER_INPUT", "input.attributeMappings.0.field");
    // Contacts have no "screen" field: switching addAs revalidates the mappings.
    expectError(await server.gql(org.adminToken, SETTINGS, { input: { addAs: "CONTACT" } }), "BAD_USER_INPUT", "input.attributeMappings.0.field");
    expectError(await server.gql(org.adminToken, SETTINGS, { input: { owner: "USER" } }), "BAD_USER_INPUT", "input.ownerUserId");
    expectError(await server.gql(org.adminToken, SETTINGS, { input: { autoAdd: null } }), "BAD_USER_INPUT", "input.autoAdd");
    const plain = await salesIqUser(server, org);
    expectError(await server.gql(plain.token, SETTINGS, { input: { autoAdd: "NONE" } }), "FORBIDDEN");
    const outsider = await createOrg(server);
    const stranger = (await ok(server.gql(outsider.adminToken, `{ me { id } }`))).me.id;
    expectError(await server.gql(org.adminToken, SETTINGS, { input: { owner: "USER", ownerUserId: stranger } }), "NOT_FOUND", "input.ownerUserId");
    const after = (await ok(server.gql(org.adminToken, `{ visitorIntegration { settings { autoAdd followUpTaskDue attributeMappings { field } } } }`))).visitorIntegration.settings;
    expect(after).toEqual(before); // nothing stored by the refused updates
  });
});

describe("visits (VIS-7..10)", () => {
  it("matches the visitor, derives type and revenue at the time of the visit, parses the user agent, and is idempotent", async () => {
    const { org, key } = await linkedOrg(server);
    const rep = await createUser(server, org);
    const email = `${unique("v")}@example.com`;
    const lead = await createLead(server, org.adminToken, { ownerId: rep.id, email });
    const input = buildVisit({
      visitor: { email: email.toUpperCase() },
      campaign: { source: "newsletter", name: "spring" },
      actions: [
        { type: "ACCESS", title: "Pricing", at: new Date(Date.now() - 60_000).toISOString(), timeSpentSeconds: 60 },
        { type: "NAVIGATE", title: "Features", at: new Date(Date.now() - 30_000).toISOString() },
        { type: "CHAT", title: "Chat", at: new Date(Date.now() - 20_000).toISOString() },
      ],
    });
    const first = (await ok(server.gql(key, RECORD_VISIT, { input }))).recordVisit;
    expect(first.duplicate).toBe(false);
    expect(first.visit).toMatchObject({ visitorType: "LEAD", revenue: 0, browser: "Chrome 120", os: "Windows 10", pageVisited: "Pricing", timeSpentMinutes: 2, pagesViewed: 2, campaign: { source: "newsletter", name: "spring" } });
    const again = (await ok(server.gql(key, RECORD_VISIT, { input }))).recordVisit;
    expect(again).toMatchObject({ duplicate: true, visit: { id: first.visit.id } });
    expect(await visitorRows(server, org)).toMatchObject({ visits: 1, actions: 3 });
    const seen = (await ok(server.gql(rep.token, `query($id: ID!) { node(id: $id) { ... on Lead { visits { totalCount edges { node { id record { ... on Lead { id } } actions { totalCount edges { node { type title } } } } } } } } }`, { id: lead.id }))).node;
    expect(seen.visits.totalCount).toBe(1);
    expect(seen.visits.edges[0].node.record.id).toBe(lead.id);
    expect(seen.visits.edges[0].node.actions.edges.map((e: { node: { type: string } }) => e.node.type)).toEqual(["ACCESS", "NAVIGATE", "CHAT"]);
  });
});

const VISITS = `query($view: VisitView, $first: Int, $after: String, $filter: VisitFilter) { visits(view: $view, first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id visitorId timeSpentMinutes pagesViewed visitedAt visitorType record { ... on Lead { id } ... on Contact { id } } } } } }`;
const CONVERT = `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { contact { id } } }`;
const NOTIFICATIONS = `{ notifications(filter: { sources: [WEBSITE] }) { totalCount edges { node { event source record { ... on Lead { id } ... on Contact { id } } } } } }`;

describe("visits: types, signals, views, permissions", () => {
  it("takes CUSTOMER, DEAL and CONTACT with the revenue from the CRM at the time, and keeps them", async () => {
    const { org, key } = await linkedOrg(server);
    const email = `${unique("c")}@example.com`;
    const contact = await createContact(server, org.adminToken, { email });
    const visit = (input: Record<string, unknown> = {}) => ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { email }, ...input }) })).then((d) => d.recordVisit.visit);
    expect(await visit()).toMatchObject({ visitorType: "CONTACT", revenue: 0 });
    const deal = await createDeal(server, org.adminToken, { contactId: contact.id, stage: "Qualification", amount: 500 });
    expect(await visit()).toMatchObject({ visitorType: "DEAL", revenue: 0 });
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateDeal(id: $id, input: { stage: "CLOSED_WON", amount: 1200.5 }) { id } }`, { id: deal.id }));
    expect(await visit()).toMatchObject({ visitorType: "CUSTOMER", revenue: 1200.5 });
    expect(await visit({ visitor: { email: "stranger@example.com" } })).toMatchObject({ visitorType: "UNKNOWN", revenue: 0 });
    // Kept as they were: the first visit is still CONTACT.
    const all = (await ok(server.gql(org.adminToken, VISITS, { filter: { recordId: contact.id } }))).visits;
    expect(all.totalCount).toBe(3);
    expect(new Set(all.edges.map((e: { node: { visitorType: string } }) => e.node.visitorType))).toEqual(new Set(["CUSTOMER", "DEAL", "CONTACT"]));
  });

  it("refuses bad input and stores nothing", async () => {
    const { org, key } = await linkedOrg(server);
    const cases: [Record<string, unknown>, string][] = [
      [{ startedAt: new Date(Date.now() + 3_600_000).toISOString() }, "input.startedAt"],
      [{ visitorId: "  " }, "input.visitorId"],
      [{ idempotencyKey: "" }, "input.idempotencyKey"],
      [{ visitor: { email: "not-an-email" } }, "input.visitor.email"],
      [{ timeSpentSeconds: -1 }, "input.timeSpentSeconds"],
      [{ attendedBy: "nope" }, "input.attendedBy"],
      [{ actions: [{ type: "ACCESS", title: " ", at: new Date().toISOString() }] }, "input.actions.0.title"],
      [{ actions: [{ type: "ACCESS", title: "x", at: new Date(Date.now() + 3_600_000).toISOString() }] }, "input.actions.0.at"],
    ];
    for (const [override, field] of cases) expectError(await server.gql(key, RECORD_VISIT, { input: buildVisit(override) }), "BAD_USER_INPUT", field);
    expect(await visitorRows(server, org)).toMatchObject({ visits: 0, actions: 0 });
  });

  it("raises WEBSITE/VISIT_STARTED to the owner and watchers and puts the visit on the timeline (SIG-10, VIS-6)", async () => {
    const { org, key } = await linkedOrg(server);
    const rep = await createUser(server, org);
    const watcher = await createUser(server, org, [{ app: "CRM", role: "ADMIN" }]);
    const email = `${unique("n")}@example.com`;
    const lead = await createLead(server, org.adminToken, { ownerId: rep.id, email });
    await ok(server.gql(watcher.token, `mutation($id: ID!) { watchRecord(recordId: $id) }`, { id: lead.id }));
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { email } }) }));
    for (const user of [rep, watcher]) {
      const n = (await ok(server.gql(user.token, NOTIFICATIONS))).notifications;
      expect(n.totalCount).toBe(1);
      expect(n.edges[0].node).toMatchObject({ source: "WEBSITE", event: "VISIT_STARTED", record: { id: lead.id } });
    }
    const timeline = (await ok(server.gql(rep.token, `query($id: ID!) { node(id: $id) { ... on Lead { timeline { edges { node { channel event reaction { timeSpentSeconds pagesViewed } } } } } } }`, { id: lead.id }))).node.timeline;
    expect(timeline.edges[0].node).toMatchObject({ channel: "WEBSITE", event: "VISIT_STARTED", reaction: { timeSpentSeconds: 125, pagesViewed: 1 } });
    // Notifications off, details on: the timeline only.
    await ok(server.gql(org.adminToken, SETTINGS, { input: { notifyVisits: false } }));
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { email } }) }));
    expect((await ok(server.gql(rep.token, NOTIFICATIONS))).notifications.totalCount).toBe(1);
    const entries = (await ok(server.gql(rep.token, `query($id: ID!) { node(id: $id) { ... on Lead { timeline { totalCount } } } }`, { id: lead.id }))).node.timeline.totalCount;
    // Both off: nothing.
    await ok(server.gql(org.adminToken, SETTINGS, { input: { addVisitDetails: false } }));
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { email } }) }));
    expect((await ok(server.gql(rep.token, `query($id: ID!) { node(id: $id) { ... on Lead { timeline { totalCount } } } }`, { id: lead.id }))).node.timeline.totalCount).toBe(entries);
  });

  it("serves the six views keyset-paginated; TOP is time spent, then pages viewed (VIS-9)", async () => {
    const { org, key } = await linkedOrg(server);
    const lead = await createLead(server, org.adminToken, { email: `${unique("l")}@example.com` });
    const contact = await createContact(server, org.adminToken, { email: `${unique("k")}@example.com` });
    const leadEmail = (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { email } } }`, { id: lead.id }))).node.email;
    const contactEmail = (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Contact { email } } }`, { id: contact.id }))).node.email;
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const pages = (n: number) => Array.from({ length: n }, (_, i) => ({ type: "NAVIGATE", title: `p${i}`, at: new Date(Date.now() - 60_000).toISOString() }));
    const pushed = [
      { name: "a", timeSpentSeconds: 600, actions: pages(2), visitor: { email: leadEmail } },
      { name: "b", timeSpentSeconds: 600, actions: pages(5), visitor: { email: contactEmail } },
      { name: "c", timeSpentSeconds: 60, actions: pages(1) },
      { name: "d", timeSpentSeconds: 900, actions: pages(1), startedAt: twoDaysAgo },
      { name: "e", timeSpentSeconds: 30, actions: pages(1), visitor: { email: leadEmail } },
    ];
    const ids: Record<string, string> = {};
    for (const [i, p] of pushed.entries()) {
      const { name, ...rest } = p;
      const startedAt = rest.startedAt ?? new Date(Date.now() - (10 - i) * 1000).toISOString();
      ids[name] = (await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ ...rest, startedAt }) }))).recordVisit.visit.id;
    }
    const names = (edges: { node: { id: string } }[]) => edges.map((e) => Object.keys(ids).find((k) => ids[k] === e.node.id));
    const view = async (v: string) => (await ok(server.gql(org.adminToken, VISITS, { view: v }))).visits;
    expect(names((await view("ALL")).edges)).toEqual(["e", "c", "b", "a", "d"]);
    expect(names((await view("TODAY")).edges)).toEqual(["e", "c", "b", "a"]);
    expect(names((await view("TOP")).edges)).toEqual(["d", "b", "a", "c", "e"]);
    expect(names((await view("TODAY_TOP")).edges)).toEqual(["b", "a", "c", "e"]);
    expect(names((await view("LEADS")).edges)).toEqual(["e", "a"]);
    expect(names((await view("CONTACTS")).edges)).toEqual(["b"]);
    expect((await view("TODAY")).totalCount).toBe(4);
    // Keyset pages: two at a time through TOP.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } = (await ok(server.gql(org.adminToken, VISITS, { view: "TOP", first: 2, after }))).visits;
      seen.push(...(names(page.edges) as string[]));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(["d", "b", "a", "c", "e"]);
    const newest: string[] = [];
    let next: string | null = null;
    do {
      const page: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } = (await ok(server.gql(org.adminToken, VISITS, { view: "ALL", first: 2, after: next }))).visits;
      newest.push(...(names(page.edges) as string[]));
      next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (next);
    expect(newest).toEqual(["e", "c", "b", "a", "d"]);
    const window = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };
    expect(names((await ok(server.gql(org.adminToken, VISITS, { view: "TOP", filter: window }))).visits.edges)).toEqual(["b", "a", "c", "e"]);
    expectError(await server.gql(org.adminToken, VISITS, { filter: { from: window.to, to: window.from } }), "BAD_USER_INPUT", "filter.to");
    const leadPages = (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { visits(first: 1) { totalCount pageInfo { endCursor } edges { node { id } } } } } }`, { id: lead.id }))).node.visits;
    expect(leadPages.totalCount).toBe(2);
    const second = (await ok(server.gql(org.adminToken, `query($id: ID!, $after: String) { node(id: $id) { ... on Lead { visits(first: 1, after: $after) { pageInfo { hasNextPage } edges { node { id } } } } } }`, { id: lead.id, after: leadPages.pageInfo.endCursor }))).node.visits;
    expect(names([...leadPages.edges, ...second.edges])).toEqual(["e", "a"]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const allCursor = (await ok(server.gql(org.adminToken, VISITS, { view: "ALL", first: 1 }))).visits.pageInfo.endCursor;
    expectError(await server.gql(org.adminToken, VISITS, { view: "TOP", after: allCursor }), "BAD_USER_INPUT", "after");
    expectError(await server.gql(org.adminToken, VISITS, { first: 101 }), "BAD_USER_INPUT", "first");
  });

  it("shows visits to SalesIQ users as they may view the record (CORE-4); another org sees nothing", async () => {
    const { org, key } = await linkedOrg(server);
    const mine = await salesIqUser(server, org);
    const theirs = await createUser(server, org);
    const myLead = await createLead(server, org.adminToken, { ownerId: mine.id, email: `${unique("m")}@example.com` });
    const theirLead = await createLead(server, org.adminToken, { ownerId: theirs.id, email: `${unique("t")}@example.com` });
    const emailOf = async (id: string) => (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { email } } }`, { id }))).node.email;
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { email: await emailOf(myLead.id) } }) }));
    const hidden = (await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { email: await emailOf(theirLead.id) } }) }))).recordVisit.visit.id;
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit() }));
    expect((await ok(server.gql(org.adminToken, VISITS))).visits.totalCount).toBe(3);
    const seen = (await ok(server.gql(mine.token, VISITS))).visits;
    expect(seen.totalCount).toBe(2);
    expect(seen.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(hidden);
    expectError(await server.gql(mine.token, `query($id: ID!) { node(id: $id) { id } }`, { id: hidden }), "NOT_FOUND");
    expectError(await server.gql(mine.token, VISITS, { filter: { recordId: theirLead.id } }), "NOT_FOUND", "filter.recordId");
    // A CRM user without SalesIQ: refused; another org: nothing of this one.
    expectError(await server.gql(theirs.token, VISITS), "FORBIDDEN");
    const outsider = await createOrg(server);
    expect((await ok(server.gql(outsider.adminToken, VISITS))).visits.totalCount).toBe(0);
    expectError(await server.gql(outsider.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: hidden }), "NOT_FOUND");
    expectError(await server.gql(outsider.adminToken, VISITS, { filter: { recordId: myLead.id } }), "NOT_FOUND", "filter.recordId");
  });

  it("ties a tracked web form's visitor to the lead (VIS-10); visits move with conversion and are unlinked with a deleted record (CORE-13, CORE-14)", async () => {
    const { org, key } = await linkedOrg(server);
    const visitorId = unique("web-form-visitor");
    const earlier = (await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitorId }) }))).recordVisit.visit;
    expect(earlier.visitorType).toBe("UNKNOWN");
    const lead = (await ok(server.gql(org.adminToken, `mutation($input: CreateLeadInput!) { createLead(input: $input) { id } }`, { input: { lastName: "Form", company: "Acme", visitorId } }))).createLead;
    const later = (await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitorId }) }))).recordVisit.visit;
    expect(later.visitorType).toBe("LEAD");
    const visitsOf = async (id: string) => (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { visits { totalCount } } ... on Contact { visits { totalCount } } } }`, { id }))).node;
    expect((await visitsOf(lead.id)).visits.totalCount).toBe(2);
    expectError(await server.gql(org.adminToken, `mutation($input: CreateLeadInput!) { createLead(input: $input) { id } }`, { input: { lastName: "X", visitorId: "" } }), "BAD_USER_INPUT", "input.visitorId");
    const contact = (await ok(server.gql(org.adminToken, CONVERT, { input: { leadId: lead.id } }))).convertLead.contact;
    expect((await visitsOf(contact.id)).visits.totalCount).toBe(2);
    expect((await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitorId }) }))).recordVisit.visit.visitorType).toBe("CONTACT");
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { deleteContact(id: $id) }`, { id: contact.id }));
    expect((await visitorRows(server, org)).visits).toBe(3);
    const all = (await ok(server.gql(org.adminToken, VISITS))).visits;
    expect(all.edges.every((e: { node: { record: unknown } }) => e.node.record === null)).toBe(true);
  });

  it("takes pushes on POST /webhooks/visits with the same answers", async () => {
    const { org, key } = await linkedOrg(server);
    const base = server.url.replace(/\/graphql$/, "");
    const post = (body: string, token = key) =>
      fetch(`${base}/webhooks/visits`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
    const input = buildVisit();
    const good = await post(JSON.stringify(input));
    expect(good.status).toBe(200);
    const first = (await good.json()) as { visitId: string; duplicate: boolean };
    expect(first.duplicate).toBe(false);
    expect(await (await post(JSON.stringify(input))).json()).toEqual({ visitId: first.visitId, duplicate: true });
    const bad = await post(JSON.stringify(buildVisit({ visitorId: "" })));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_USER_INPUT", field: "input.visitorId" } });
    const other = await linkedOrg(server);
    const foreign = await post(JSON.stringify(buildVisit()), org.adminToken);
    expect(foreign.status).toBe(401);
    expect((await post("{ nope")).status).toBe(400);
    expect((await visitorRows(server, org)).visits).toBe(1);
    expect((await visitorRows(server, other.org)).visits).toBe(0);
  });
});
