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
