import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREATE_CONTACT,
  CREATE_DEAL,
  CREATE_LEAD,
  CREATE_TASK,
  buildLead,
  countOf,
  createAccount,
  createContact,
  createDeal,
  createLead,
  createOrg,
  createUser,
  expectError,
  ok,
  type TestOrg,
} from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let org: TestOrg;
beforeAll(async () => {
  server = await startServer();
  org = await createOrg(server);
});
afterAll(() => server?.stop());

describe("leads (CORE-5)", () => {
  it("creates, updates and deletes a lead", async () => {
    const lead = (await ok(server.gql(org.adminToken, CREATE_LEAD, { input: buildLead({ firstName: "Ada", lastName: "Byron" }) }))).createLead;
    expect(lead).toMatchObject({ name: "Ada Byron", status: "Not Contacted", owner: { id: org.adminId }, customFields: {} });
    const updated = await ok(
      server.gql(org.adminToken, `mutation($id: ID!) { updateLead(id: $id, input: { status: "Contacted", company: null }) { status company lastName } }`, { id: lead.id }),
    );
    expect(updated.updateLead).toEqual({ status: "Contacted", company: null, lastName: "Byron" });
    expect((await ok(server.gql(org.adminToken, `mutation($id: ID!) { deleteLead(id: $id) }`, { id: lead.id }))).deleteLead).toBe(lead.id);
    expectError(await server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: lead.id }), "NOT_FOUND", "id");
  });

  it("rejects bad input with a code and the field, storing nothing", async () => {
    const own = await createOrg(server);
    const cases: [Record<string, unknown>, string][] = [
      [{ lastName: undefined }, "input.lastName"],
      [{ lastName: "" }, "input.lastName"],
      [{ email: "nope" }, "input.email"],
      [{ phone: "call me" }, "input.phone"],
      [{ status: "Hot" }, "input.status"],
      [{ source: "Carrier pigeon" }, "input.source"],
      [{ employees: 1.5 }, "input.employees"],
      [{ employees: "many" }, "input.employees"],
      [{ annualRevenue: -1 }, "input.annualRevenue"],
      [{ customFields: { nope: 1 } }, "input.customFields.nope"],
      [{ customFields: [1] }, "input.customFields"],
      [{ ownerId: "bm90LWFuLWlk" }, "input.ownerId"],
    ];
    for (const [override, field] of cases) {
      const res = await server.gql(own.adminToken, CREATE_LEAD, { input: buildLead(override) });
      expectError(res, "BAD_USER_INPUT", field);
    }
    expect(await countOf(server, own.adminToken, "leads")).toBe(0);
  });

  it("an owner id of another org is NOT_FOUND", async () => {
    const other = await createOrg(server);
    expectError(await server.gql(org.adminToken, CREATE_LEAD, { input: buildLead({ ownerId: other.adminId }) }), "NOT_FOUND", "input.ownerId");
  });

  it("accepts new picklist values once an admin adds them", async () => {
    const own = await createOrg(server);
    expectError(await server.gql(own.adminToken, CREATE_LEAD, { input: buildLead({ status: "Nurturing" }) }), "BAD_USER_INPUT", "input.status");
    await ok(server.gql(own.adminToken, `mutation { addPicklistValue(input: { module: LEADS, field: "status", value: "Nurturing" }) { values } }`));
    await ok(server.gql(own.adminToken, CREATE_LEAD, { input: buildLead({ status: "Nurturing" }) }));
  });
});

describe("lists (CORE-15)", () => {
  it("paginates with cursors, filters, sorts and searches", async () => {
    const own = await createOrg(server);
    const names = ["Delta", "Alpha", "Charlie", "Bravo", "Echo"];
    for (const [i, lastName] of names.entries()) {
      await createLead(server, own.adminToken, { lastName, status: i % 2 ? "Contacted" : "Not Contacted", company: i === 4 ? "Zeta Search Co" : "Acme" });
    }
    const q = `query($after: String, $filter: LeadFilter, $orderBy: LeadOrder) { leads(first: 2, after: $after, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } edges { node { lastName } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await ok(server.gql(own.adminToken, q, { after, orderBy: { field: "NAME", direction: "ASC" } }))).leads;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e: any) => e.node.lastName));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);
    const newest = (await ok(server.gql(own.adminToken, q, {}))).leads.edges.map((e: any) => e.node.lastName);
    expect(newest).toEqual(["Echo", "Bravo"]);
    const contacted = (await ok(server.gql(own.adminToken, q, { filter: { status: ["Contacted"] }, orderBy: { field: "NAME", direction: "ASC" } }))).leads;
    expect(contacted.totalCount).toBe(2);
    expect(contacted.edges.map((e: any) => e.node.lastName)).toEqual(["Alpha", "Bravo"]);
    const searched = (await ok(server.gql(own.adminToken, q, { filter: { search: "zeta search" } }))).leads;
    expect(searched.edges.map((e: any) => e.node.lastName)).toEqual(["Echo"]);
  });

  it("refuses first over the cap, a negative first and a foreign cursor", async () => {
    expectError(await server.gql(org.adminToken, `{ leads(first: 101) { totalCount } }`), "BAD_USER_INPUT", "first");
    expectError(await server.gql(org.adminToken, `{ contacts(first: -1) { totalCount } }`), "BAD_USER_INPUT", "first");
    expectError(await server.gql(org.adminToken, `{ deals(after: "garbage!") { totalCount } }`), "BAD_USER_INPUT", "after");
    const page = (await ok(server.gql(org.adminToken, `{ leads(first: 1) { pageInfo { endCursor } } }`))).leads;
    if (page.pageInfo.endCursor) {
      expectError(
        await server.gql(org.adminToken, `query($a: String) { leads(after: $a, orderBy: { field: NAME }) { totalCount } }`, { a: page.pageInfo.endCursor }),
        "BAD_USER_INPUT",
        "after",
      );
    }
  });
});

describe("contacts, accounts, deals, tasks (CORE-6..9, CORE-16)", () => {
  it("links a contact to an account and derives open deal counts and the CRM class", async () => {
    const own = await createOrg(server);
    const account = await createAccount(server, own.adminToken);
    const contact = (await ok(server.gql(own.adminToken, CREATE_CONTACT, { input: { lastName: "Hopper", accountId: account.id } }))).createContact;
    expect(contact.account).toEqual({ id: account.id });
    const q = `query($id: ID!) { node(id: $id) { ... on Contact { openDealCount openDealAmount crmClass deals { totalCount } } } }`;
    expect((await ok(server.gql(own.adminToken, q, { id: contact.id }))).node).toEqual({ openDealCount: 0, openDealAmount: 0, crmClass: "LEAD_OR_CONTACT", deals: { totalCount: 0 } });
    const lost = await createDeal(server, own.adminToken, { contactId: contact.id, stage: "CLOSED_LOST", amount: 10 });
    expect((await ok(server.gql(own.adminToken, q, { id: contact.id }))).node.crmClass).toBe("LEAD_OR_CONTACT");
    await createDeal(server, own.adminToken, { contactId: contact.id, stage: "CLOSED_WON", amount: 100 });
    expect((await ok(server.gql(own.adminToken, q, { id: contact.id }))).node.crmClass).toBe("CUSTOMER");
    await createDeal(server, own.adminToken, { contactId: contact.id, stage: "Proposal", amount: 250.5 });
    await createDeal(server, own.adminToken, { contactId: contact.id, stage: "Negotiation", amount: 49.5 });
    expect((await ok(server.gql(own.adminToken, q, { id: contact.id }))).node).toEqual({
      openDealCount: 2,
      openDealAmount: 300,
      crmClass: "CUSTOMER_WITH_OPEN_DEALS",
      deals: { totalCount: 4 },
    });
    const closed = (await ok(server.gql(own.adminToken, `mutation($id: ID!) { updateDeal(id: $id, input: { stage: "Proposal" }) { isOpen } }`, { id: lost.id }))).updateDeal;
    expect(closed.isOpen).toBe(true);
    expect((await ok(server.gql(own.adminToken, `{ deals(filter: { open: true }) { totalCount } }`))).deals.totalCount).toBe(3);
  });

  it("rejects bad deal, contact and task input, storing nothing", async () => {
    const own = await createOrg(server);
    const other = await createOrg(server);
    const foreignAccount = await createAccount(server, other.adminToken);
    expectError(await server.gql(own.adminToken, CREATE_DEAL, { input: { name: "D", stage: "Won-ish" } }), "BAD_USER_INPUT", "input.stage");
    expectError(await server.gql(own.adminToken, CREATE_DEAL, { input: { name: "D" } }), "BAD_USER_INPUT", "input.stage");
    expectError(await server.gql(own.adminToken, CREATE_DEAL, { input: { name: "D", stage: "Proposal", amount: "lots" } }), "BAD_USER_INPUT", "input.amount");
    expectError(await server.gql(own.adminToken, CREATE_DEAL, { input: { name: "D", stage: "Proposal", closingDate: "2026-02-30" } }), "BAD_USER_INPUT", "input.closingDate");
    expectError(await server.gql(own.adminToken, CREATE_DEAL, { input: { name: "D", stage: "Proposal", accountId: foreignAccount.id } }), "NOT_FOUND", "input.accountId");
    expectError(await server.gql(own.adminToken, CREATE_CONTACT, { input: { lastName: "X", accountId: foreignAccount.id } }), "NOT_FOUND", "input.accountId");
    expectError(await server.gql(own.adminToken, CREATE_CONTACT, { input: { lastName: "X", accountId: own.adminId } }), "BAD_USER_INPUT", "input.accountId");
    expectError(await server.gql(own.adminToken, CREATE_TASK, { input: { subject: "T", status: "SOMEDAY" } }), "BAD_USER_INPUT", "input.status");
    expectError(await server.gql(own.adminToken, CREATE_TASK, { input: { subject: "T", recordId: foreignAccount.id } }), "NOT_FOUND", "input.recordId");
    for (const list of ["deals", "contacts", "tasks"] as const) expect(await countOf(server, own.adminToken, list)).toBe(0);
  });

  it("rejects bad account input and empty required fields on update", async () => {
    const own = await createOrg(server);
    const create = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`;
    expectError(await server.gql(own.adminToken, create, { input: {} }), "BAD_USER_INPUT", "input.name");
    expectError(await server.gql(own.adminToken, create, { input: { name: "A", phone: "n/a" } }), "BAD_USER_INPUT", "input.phone");
    expect(await countOf(server, own.adminToken, "accounts")).toBe(0);
    const account = await createAccount(server, own.adminToken, { name: "Kept" });
    const contact = await createContact(server, own.adminToken);
    const deal = await createDeal(server, own.adminToken);
    const updates: [string, string, string][] = [
      [`mutation($id: ID!) { updateAccount(id: $id, input: { name: null }) { id } }`, account.id, "input.name"],
      [`mutation($id: ID!) { updateContact(id: $id, input: { lastName: null }) { id } }`, contact.id, "input.lastName"],
      [`mutation($id: ID!) { updateDeal(id: $id, input: { stage: null }) { id } }`, deal.id, "input.stage"],
      [`mutation($id: ID!) { updateDeal(id: $id, input: { stage: "Nope" }) { id } }`, deal.id, "input.stage"],
      [`mutation($id: ID!) { updateContact(id: $id, input: { accountId: "not-an-id" }) { id } }`, contact.id, "input.accountId"],
      [`mutation($id: ID!) { updateAccount(id: $id, input: { name: "x" }) { id } }`, contact.id, "id"],
    ];
    for (const [query, id, field] of updates) expectError(await server.gql(own.adminToken, query, { id }), "BAD_USER_INPUT", field);
    const unchanged = (await ok(server.gql(own.adminToken, `query($id: ID!) { node(id: $id) { ... on Account { name } } }`, { id: account.id }))).node;
    expect(unchanged.name).toBe("Kept");
  });

  it("shows open tasks and notes on their record", async () => {
    const own = await createOrg(server);
    const contact = await createContact(server, own.adminToken);
    await ok(server.gql(own.adminToken, CREATE_TASK, { input: { subject: "Call", recordId: contact.id } }));
    await ok(server.gql(own.adminToken, CREATE_TASK, { input: { subject: "Done", recordId: contact.id, status: "COMPLETED" } }));
    await ok(server.gql(own.adminToken, `mutation($r: ID!) { createNote(input: { recordId: $r, body: "Met at the fair" }) { id } }`, { r: contact.id }));
    const node = (await ok(
      server.gql(own.adminToken, `query($id: ID!) { node(id: $id) { ... on Contact { tasks(openOnly: true) { totalCount edges { node { subject } } } all: tasks { totalCount } notes { edges { node { body author { id } } } } } } }`, { id: contact.id }),
    )).node;
    expect(node).toEqual({
      tasks: { totalCount: 1, edges: [{ node: { subject: "Call" } }] },
      all: { totalCount: 2 },
      notes: { edges: [{ node: { body: "Met at the fair", author: { id: own.adminId } } }] },
    });
  });

  it("stores attachments within the size cap and serves them to viewers only", async () => {
    const own = await createOrg(server);
    const lead = await createLead(server, own.adminToken);
    const content = Buffer.from("%PDF-1.4 transcript").toString("base64");
    const add = `mutation($input: AddAttachmentInput!) { addAttachment(input: $input) { id size downloadPath } }`;
    const attachment = (await ok(server.gql(own.adminToken, add, { input: { recordId: lead.id, fileName: "chat.pdf", contentType: "application/pdf", contentBase64: content } }))).addAttachment;
    expect(attachment.size).toBe(19);
    const base = server.url.replace(/\/graphql$/, "");
    const download = await fetch(base + attachment.downloadPath, { headers: { authorization: `Bearer ${own.adminToken}` } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("%PDF-1.4 transcript");
    const other = await createOrg(server);
    expect((await fetch(base + attachment.downloadPath, { headers: { authorization: `Bearer ${other.adminToken}` } })).status).toBe(404);
    const big = Buffer.alloc(server.app.deps.config.limits.attachmentMaxBytes + 1).toString("base64");
    expectError(await server.gql(own.adminToken, add, { input: { recordId: lead.id, fileName: "big.bin", contentType: "application/octet-stream", contentBase64: big } }), "BAD_USER_INPUT", "input.contentBase64");
    expectError(await server.gql(own.adminToken, add, { input: { recordId: lead.id, fileName: "x.txt", contentType: "text/plain", contentBase64: "***" } }), "BAD_USER_INPUT", "input.contentBase64");
    expectError(await server.gql(own.adminToken, add, { input: { recordId: lead.id, fileName: "../x.txt", contentType: "text/plain", contentBase64: "eA==" } }), "BAD_USER_INPUT", "input.fileName");
    const list = (await ok(server.gql(own.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { attachments { fileName } } } }`, { id: lead.id }))).node;
    expect(list.attachments).toEqual([{ fileName: "chat.pdf" }]);
  });
});

describe("custom fields (CORE-11) and picklist history (CORE-12)", () => {
  it("validates values against their definitions", async () => {
    const own = await createOrg(server);
    const define = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { name type options } }`;
    await ok(server.gql(own.adminToken, define, { input: { module: "LEADS", name: "budget", label: "Budget", type: "NUMBER" } }));
    await ok(server.gql(own.adminToken, define, { input: { module: "LEADS", name: "tier", label: "Tier", type: "PICKLIST", options: ["Gold", "Silver"] } }));
    await ok(server.gql(own.adminToken, define, { input: { module: "LEADS", name: "renewal", label: "Renewal", type: "DATE" } }));
    expectError(await server.gql(own.adminToken, define, { input: { module: "LEADS", name: "budget", label: "Again", type: "TEXT" } }), "CONFLICT", "input.name");
    expectError(await server.gql(own.adminToken, define, { input: { module: "LEADS", name: "tier2", label: "T", type: "PICKLIST" } }), "BAD_USER_INPUT", "input.options");
    expectError(await server.gql(own.adminToken, define, { input: { module: "LEADS", name: "9lives", label: "T", type: "TEXT" } }), "BAD_USER_INPUT", "input.name");

    const lead = (await ok(server.gql(own.adminToken, CREATE_LEAD, { input: buildLead({ customFields: { budget: 1200, tier: "Gold", renewal: "2027-01-31" } }) }))).createLead;
    expect(lead.customFields).toEqual({ budget: 1200, tier: "Gold", renewal: "2027-01-31" });
    for (const [customFields, field] of [
      [{ budget: "a lot" }, "input.customFields.budget"],
      [{ tier: "Bronze" }, "input.customFields.tier"],
      [{ renewal: "2027-02-30" }, "input.customFields.renewal"],
      [{ colour: "red" }, "input.customFields.colour"],
    ] as const) {
      expectError(await server.gql(own.adminToken, `mutation($id: ID!, $c: JSON) { updateLead(id: $id, input: { customFields: $c }) { id } }`, { id: lead.id, c: customFields }), "BAD_USER_INPUT", field);
    }
    const cleared = await ok(server.gql(own.adminToken, `mutation($id: ID!) { updateLead(id: $id, input: { customFields: { tier: null } }) { customFields } }`, { id: lead.id }));
    expect(cleared.updateLead.customFields).toEqual({ budget: 1200, renewal: "2027-01-31" });
  });

  it("records changes only after history is enabled, with who and when", async () => {
    const own = await createOrg(server);
    const lead = await createLead(server, own.adminToken, { status: "Not Contacted" });
    const update = (status: string) => ok(server.gql(own.adminToken, `mutation($id: ID!, $s: String) { updateLead(id: $id, input: { status: $s }) { status } }`, { id: lead.id, s: status }));
    await update("Contacted");
    const enabled = (await ok(server.gql(own.adminToken, `mutation { setPicklistHistory(input: { module: LEADS, field: "status", enabled: true }) { historyEnabled historyEnabledAt } }`))).setPicklistHistory;
    expect(enabled.historyEnabled).toBe(true);
    await update("Qualified");
    await update("Qualified");
    await update("Junk");
    const history = (await ok(
      server.gql(own.adminToken, `query($id: ID!) { picklistHistory(recordId: $id) { totalCount edges { node { field oldValue newValue changedBy { id } } } } }`, { id: lead.id }),
    )).picklistHistory;
    expect(history.totalCount).toBe(2);
    expect(history.edges.map((e: any) => e.node)).toEqual([
      { field: "status", oldValue: "Qualified", newValue: "Junk", changedBy: { id: own.adminId } },
      { field: "status", oldValue: "Contacted", newValue: "Qualified", changedBy: { id: own.adminId } },
    ]);
    const plain = await createUser(server, own);
    expectError(await server.gql(plain.token, `mutation { setPicklistHistory(input: { module: LEADS, field: "status", enabled: false }) { historyEnabled } }`), "FORBIDDEN");
    expectError(await server.gql(plain.token, `query($id: ID!) { picklistHistory(recordId: $id) { totalCount } }`, { id: lead.id }), "NOT_FOUND", "recordId");
  });
});

describe("deletes (CORE-14)", () => {
  it("deleting a contact deletes its notes, attachments and tasks and unlinks its deals", async () => {
    const own = await createOrg(server);
    const contact = await createContact(server, own.adminToken);
    const deal = await createDeal(server, own.adminToken, { contactId: contact.id });
    await ok(server.gql(own.adminToken, CREATE_TASK, { input: { subject: "Call", recordId: contact.id } }));
    const note = (await ok(server.gql(own.adminToken, `mutation($r: ID!) { createNote(input: { recordId: $r, body: "x" }) { id } }`, { r: contact.id }))).createNote;
    await ok(server.gql(own.adminToken, `mutation($id: ID!) { deleteContact(id: $id) }`, { id: contact.id }));
    expect(await countOf(server, own.adminToken, "tasks")).toBe(0);
    expectError(await server.gql(own.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: note.id }), "NOT_FOUND");
    const kept = (await ok(server.gql(own.adminToken, `query($id: ID!) { node(id: $id) { ... on Deal { id contact { id } } } }`, { id: deal.id }))).node;
    expect(kept).toEqual({ id: deal.id, contact: null });
    expectError(await server.gql(own.adminToken, `mutation($id: ID!) { deleteContact(id: $id) }`, { id: contact.id }), "NOT_FOUND", "id");
  });
});
