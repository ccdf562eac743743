import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContact, createDeal, createLead, createOrg, createUser, expectError, ok, unique } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { RECORD_VISIT, buildVisit, linkedOrg, salesIqUser, visitorRows } from "./helpers/visitors.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const CREATE = `mutation($input: VisitorRuleInput!) { createVisitorRule(input: $input) { id kind name match priority conditions { subject field operator value } operators { id } trigger { on action message delaySeconds } } }`;
const EVALUATE = `query($v: String!) { evaluateVisitorRules(visitorId: $v) { operators { id } priority triggers { action message delaySeconds ruleName } } }`;

const cond = (subject: string, operator: string, value: unknown, field?: string) => ({ subject, operator, value, ...(field ? { field } : {}) });

describe("rules on CRM data (VIS-16..18)", () => {
  it("validates every condition against its field's type when saved; only CRM admins write rules", async () => {
    const { org } = await linkedOrg(server);
    await ok(server.gql(org.adminToken, `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, { input: { module: "CONTACTS", name: "tier", label: "Tier", type: "NUMBER" } }));
    const base = { kind: "PRIORITY", name: "r", match: "ALL", priority: 1 };
    const bad: [Record<string, unknown>, string][] = [
      [{ conditions: [cond("LEAD_FIELD", "GT", 3, "company")] }, "input.conditions.0.operator"],
      [{ conditions: [cond("LEAD_FIELD", "EQ", "x", "nope")] }, "input.conditions.0.field"],
      [{ conditions: [cond("LEAD_FIELD", "EQ", "x")] }, "input.conditions.0.field"],
      [{ conditions: [cond("CONTACT_FIELD", "CONTAINS", "gold", "tier")] }, "input.conditions.0.operator"],
      [{ conditions: [cond("CONTACT_FIELD", "GT", "three", "tier")] }, "input.conditions.0.value"],
      [{ conditions: [cond("OPEN_DEAL_AMOUNT", "GTE", "1000")] }, "input.conditions.0.value"],
      [{ conditions: [cond("OPEN_DEAL_COUNT", "GT", 1, "x")] }, "input.conditions.0.field"],
      [{ conditions: [cond("VISITOR_TYPE", "GT", "LEAD")] }, "input.conditions.0.operator"],
      [{ conditions: [cond("VISITOR_TYPE", "IN", ["LEAD", "ALIEN"])] }, "input.conditions.0.value"],
      [{ conditions: [], priority: null }, "input.priority"],
      [{ conditions: [], kind: "ASSIGNMENT", priority: null }, "input.operatorIds"],
      [{ conditions: [], kind: "TRIGGER", priority: null }, "input.trigger"],
      [{ conditions: [], kind: "TRIGGER", priority: null, trigger: { on: "ANY_PAGE", action: "SHOW_MESSAGE" } }, "input.trigger.message"],
    ];
    for (const [override, field] of bad) expectError(await server.gql(org.adminToken, CREATE, { input: { ...base, ...override } }), "BAD_USER_INPUT", field);
    const outsider = await createOrg(server);
    const strangerId = (await ok(server.gql(outsider.adminToken, `{ me { id } }`))).me.id;
    expectError(await server.gql(org.adminToken, CREATE, { input: { ...base, kind: "ASSIGNMENT", priority: null, conditions: [], operatorIds: [strangerId] } }), "NOT_FOUND", "input.operatorIds.0");
    const operator = await salesIqUser(server, org);
    expectError(await server.gql(operator.token, CREATE, { input: { ...base, conditions: [] } }), "FORBIDDEN");
    expect((await visitorRows(server, org)).rules).toBe(0);
    const rule = (await ok(server.gql(org.adminToken, CREATE, { input: { ...base, conditions: [cond("CONTACT_FIELD", "GTE", 2, "tier")] } }))).createVisitorRule;
    expectError(await server.gql(outsider.adminToken, `mutation($id: ID!) { deleteVisitorRule(id: $id) }`, { id: rule.id }), "NOT_FOUND", "id");
    expectError(await server.gql(operator.token, `mutation($id: ID!) { deleteVisitorRule(id: $id) }`, { id: rule.id }), "FORBIDDEN");
    expect((await ok(server.gql(operator.token, `{ visitorRules { id } }`))).visitorRules).toHaveLength(1);
    expect((await ok(server.gql(outsider.adminToken, `{ visitorRules { id } }`))).visitorRules).toHaveLength(0);
    const updated = (await ok(server.gql(org.adminToken, `mutation($id: ID!, $input: VisitorRuleInput!) { updateVisitorRule(id: $id, input: $input) { id priority } }`, { id: rule.id, input: { ...base, priority: 9, conditions: [] } }))).updateVisitorRule;
    expect(updated).toEqual({ id: rule.id, priority: 9 });
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { deleteVisitorRule(id: $id) }`, { id: rule.id }));
    expect((await visitorRows(server, org)).rules).toBe(0);
  });

  it("evaluates a table of conditions x visitors into operators, priority and triggers, and orders live visitors", async () => {
    const { org, key } = await linkedOrg(server);
    const op1 = await salesIqUser(server, org);
    const op2 = await salesIqUser(server, org);
    await ok(server.gql(org.adminToken, `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, { input: { module: "CONTACTS", name: "tier", label: "Tier", type: "NUMBER" } }));
    // Visitors: a lead at a big company, a contact with open deals worth 5000 and tier 3, a customer (won deal), an unknown visitor.
    const leadEmail = `${unique("l")}@example.com`;
    await createLead(server, org.adminToken, { email: leadEmail, company: "Mega Corp", status: "Qualified" });
    const dealEmail = `${unique("d")}@example.com`;
    const dealContact = await createContact(server, org.adminToken, { email: dealEmail, customFields: { tier: 3 } });
    await createDeal(server, org.adminToken, { contactId: dealContact.id, stage: "Proposal", amount: 3000 });
    await createDeal(server, org.adminToken, { contactId: dealContact.id, stage: "Negotiation", amount: 2000 });
    const custEmail = `${unique("c")}@example.com`;
    const customer = await createContact(server, org.adminToken, { email: custEmail, customFields: { tier: 1 } });
    await createDeal(server, org.adminToken, { contactId: customer.id, stage: "CLOSED_WON", amount: 100 });
    const visitors: Record<string, string> = { lead: unique("vl"), deal: unique("vd"), customer: unique("vc"), unknown: unique("vu") };
    const emails: Record<string, string | undefined> = { lead: leadEmail, deal: dealEmail, customer: custEmail, unknown: undefined };
    for (const [name, visitorId] of Object.entries(visitors)) {
      await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitorId, ...(emails[name] ? { visitor: { email: emails[name] } } : {}) }) }));
    }
    const rules = [
      { kind: "ASSIGNMENT", name: "big leads", match: "ALL", operatorIds: [op1.id], conditions: [cond("LEAD_FIELD", "CONTAINS", "corp", "company"), cond("LEAD_FIELD", "EQ", "Qualified", "status")] },
      { kind: "ASSIGNMENT", name: "money", match: "ANY", operatorIds: [op2.id], conditions: [cond("OPEN_DEAL_AMOUNT", "GTE", 4000), cond("VISITOR_TYPE", "EQ", "CUSTOMER")] },
      { kind: "PRIORITY", name: "deals first", match: "ALL", priority: 10, conditions: [cond("OPEN_DEAL_COUNT", "GTE", 2), cond("CONTACT_FIELD", "GT", 2, "tier")] },
      { kind: "PRIORITY", name: "known", match: "ANY", priority: 5, conditions: [cond("VISITOR_TYPE", "IN", ["LEAD", "CONTACT", "DEAL", "CUSTOMER"])] },
      { kind: "TRIGGER", name: "welcome back", match: "ALL", trigger: { on: "ANY_PAGE", action: "SHOW_MESSAGE", message: "Welcome back!", delaySeconds: 10 }, conditions: [cond("VISITOR_TYPE", "EQ", "CUSTOMER")] },
      { kind: "TRIGGER", name: "open chat", match: "ALL", trigger: { on: "LANDING_PAGE", action: "OPEN_CHAT", delaySeconds: 0 }, conditions: [cond("VISITOR_TYPE", "NEQ", "UNKNOWN"), cond("CONTACT_FIELD", "LTE", 1, "tier")] },
    ];
    for (const input of rules) await ok(server.gql(org.adminToken, CREATE, { input }));
    const table: Record<string, { operators: string[]; priority: number | null; triggers: string[] }> = {
      lead: { operators: [op1.id], priority: 5, triggers: [] },
      deal: { operators: [op2.id], priority: 10, triggers: [] },
      customer: { operators: [op2.id], priority: 5, triggers: ["welcome back", "open chat"] },
      unknown: { operators: [], priority: null, triggers: [] },
    };
    for (const [name, expected] of Object.entries(table)) {
      const got = (await ok(server.gql(op1.token, EVALUATE, { v: visitors[name] }))).evaluateVisitorRules;
      expect({ operators: got.operators.map((u: { id: string }) => u.id), priority: got.priority, triggers: got.triggers.map((t: { ruleName: string }) => t.ruleName) }, name).toEqual(expected);
    }
    const LIVE = `{ liveVisitors(withinMinutes: 10) { visitorId priority } }`;
    const live = (await ok(server.gql(org.adminToken, LIVE))).liveVisitors;
    expect(live.map((l: { visitorId: string }) => l.visitorId)).toEqual([visitors.deal, visitors.customer, visitors.lead, visitors.unknown]);
    expect(live.map((l: { priority: number | null }) => l.priority)).toEqual([10, 5, 5, null]);
    // An operator who is a plain CRM user owns none of these records: the unknown visitor only (CORE-4).
    expect((await ok(server.gql(op1.token, LIVE))).liveVisitors).toEqual([{ visitorId: visitors.unknown, priority: null }]);
    const plain = await createUser(server, org);
    expectError(await server.gql(plain.token, EVALUATE, { v: visitors.lead }), "FORBIDDEN");
    const outsider = await createOrg(server);
    expect((await ok(server.gql(outsider.adminToken, EVALUATE, { v: visitors.deal }))).evaluateVisitorRules).toEqual({ operators: [], priority: null, triggers: [] });
  });
});
