import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREATE_TASK,
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
let orgA: TestOrg;
let orgB: TestOrg;
const idsA: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  [orgA, orgB] = await Promise.all([createOrg(server), createOrg(server)]);
  const account = await createAccount(server, orgA.adminToken);
  const contact = await createContact(server, orgA.adminToken, { accountId: account.id });
  idsA.Account = account.id;
  idsA.Contact = contact.id;
  idsA.Lead = (await createLead(server, orgA.adminToken)).id;
  idsA.Deal = (await createDeal(server, orgA.adminToken, { contactId: contact.id, accountId: account.id })).id;
  idsA.Task = (await ok(server.gql(orgA.adminToken, CREATE_TASK, { input: { subject: "Call", recordId: contact.id } }))).createTask.id;
  idsA.Note = (await ok(server.gql(orgA.adminToken, `mutation($r: ID!) { createNote(input: { recordId: $r, body: "secret" }) { id } }`, { r: contact.id }))).createNote.id;
  idsA.User = orgA.adminId;
  idsA.Organization = orgA.orgId;
});
afterAll(() => server?.stop());

describe("org isolation (CORE-1)", () => {
  it("another org's admin gets NOT_FOUND for every id via node", async () => {
    for (const [type, id] of Object.entries(idsA)) {
      const res = await server.gql(orgB.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expectError(res, "NOT_FOUND", "id");
      expect(res.data?.node ?? null, type).toBeNull();
    }
    // while the owner org sees them all
    for (const id of Object.values(idsA)) {
      expect((await ok(server.gql(orgA.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id }))).node.id).toBe(id);
    }
  });

  it("another org's lists are empty", async () => {
    for (const list of ["leads", "contacts", "accounts", "deals", "tasks"] as const) {
      expect(await countOf(server, orgB.adminToken, list)).toBe(0);
      expect(await countOf(server, orgA.adminToken, list)).toBe(1);
    }
    expect((await ok(server.gql(orgB.adminToken, `{ users { totalCount } }`))).users.totalCount).toBe(1);
  });

  it("another org cannot update, delete, convert, annotate or link to the records", async () => {
    const attempts: [string, Record<string, unknown>, string][] = [
      [`mutation($id: ID!) { updateLead(id: $id, input: { lastName: "x" }) { id } }`, { id: idsA.Lead }, "id"],
      [`mutation($id: ID!) { deleteLead(id: $id) }`, { id: idsA.Lead }, "id"],
      [`mutation($id: ID!) { updateContact(id: $id, input: { lastName: "x" }) { id } }`, { id: idsA.Contact }, "id"],
      [`mutation($id: ID!) { deleteContact(id: $id) }`, { id: idsA.Contact }, "id"],
      [`mutation($id: ID!) { updateAccount(id: $id, input: { name: "x" }) { id } }`, { id: idsA.Account }, "id"],
      [`mutation($id: ID!) { deleteAccount(id: $id) }`, { id: idsA.Account }, "id"],
      [`mutation($id: ID!) { updateDeal(id: $id, input: { name: "x" }) { id } }`, { id: idsA.Deal }, "id"],
      [`mutation($id: ID!) { deleteDeal(id: $id) }`, { id: idsA.Deal }, "id"],
      [`mutation($id: ID!) { updateTask(id: $id, input: { subject: "x" }) { id } }`, { id: idsA.Task }, "id"],
      [`mutation($id: ID!) { deleteTask(id: $id) }`, { id: idsA.Task }, "id"],
      [`mutation($id: ID!) { deleteNote(id: $id) }`, { id: idsA.Note }, "id"],
      [`mutation($id: ID!) { convertLead(input: { leadId: $id }) { contact { id } } }`, { id: idsA.Lead }, "input.leadId"],
      [`mutation($id: ID!) { createNote(input: { recordId: $id, body: "x" }) { id } }`, { id: idsA.Contact }, "input.recordId"],
      [`mutation($id: ID!) { createDeal(input: { name: "x", stage: "Proposal", contactId: $id }) { id } }`, { id: idsA.Contact }, "input.contactId"],
      [`mutation($id: ID!) { createLead(input: { lastName: "x", ownerId: $id }) { id } }`, { id: idsA.User }, "input.ownerId"],
      [`query($id: ID!) { picklistHistory(recordId: $id) { totalCount } }`, { id: idsA.Lead }, "recordId"],
    ];
    for (const [query, variables, field] of attempts) expectError(await server.gql(orgB.adminToken, query, variables), "NOT_FOUND", field);
    expect((await ok(server.gql(orgA.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { lastName } } }`, { id: idsA.Lead }))).node.lastName).not.toBe("x");
    expect(await countOf(server, orgA.adminToken, "deals")).toBe(1);
  });
});

describe("record permission (CORE-4)", () => {
  it("a plain user sees and changes only their own records", async () => {
    const org = await createOrg(server);
    const alice = await createUser(server, org);
    const bob = await createUser(server, org);
    const aliceLead = await createLead(server, alice.token);
    const bobLead = await createLead(server, bob.token);
    const adminContact = await createContact(server, org.adminToken);
    expect(aliceLead.owner.id).toBe(alice.id);

    const visible = (await ok(server.gql(alice.token, `{ leads { totalCount edges { node { id } } } contacts { totalCount } }`)));
    expect(visible.leads).toEqual({ totalCount: 1, edges: [{ node: { id: aliceLead.id } }] });
    expect(visible.contacts.totalCount).toBe(0);
    expect(await countOf(server, org.adminToken, "leads")).toBe(2);

    for (const id of [bobLead.id, adminContact.id]) {
      expectError(await server.gql(alice.token, `query($id: ID!) { node(id: $id) { id } }`, { id }), "NOT_FOUND", "id");
    }
    expectError(await server.gql(alice.token, `mutation($id: ID!) { updateLead(id: $id, input: { lastName: "x" }) { id } }`, { id: bobLead.id }), "NOT_FOUND", "id");
    expectError(await server.gql(alice.token, `mutation($id: ID!) { createNote(input: { recordId: $id, body: "x" }) { id } }`, { id: adminContact.id }), "NOT_FOUND", "input.recordId");
    // assigning to someone else is for CRM admins
    expectError(await server.gql(alice.token, `mutation($o: ID!) { createLead(input: { lastName: "x", ownerId: $o }) { id } }`, { o: bob.id }), "FORBIDDEN", "input.ownerId");
    const reassigned = await ok(server.gql(org.adminToken, `mutation($id: ID!, $o: ID!) { updateLead(id: $id, input: { ownerId: $o }) { owner { id } } }`, { id: bobLead.id, o: alice.id }));
    expect(reassigned.updateLead.owner.id).toBe(alice.id);
    expect(await countOf(server, alice.token, "leads")).toBe(2);
  });

  it("a plain user sees only their own deals of a visible contact", async () => {
    const org = await createOrg(server);
    const alice = await createUser(server, org);
    const contact = await createContact(server, org.adminToken, { ownerId: alice.id });
    await createDeal(server, org.adminToken, { contactId: contact.id, ownerId: alice.id, stage: "Proposal", amount: 10 });
    await createDeal(server, org.adminToken, { contactId: contact.id, stage: "Proposal", amount: 20 });
    const node = (await ok(server.gql(alice.token, `query($id: ID!) { node(id: $id) { ... on Contact { deals { totalCount } openDealCount openDealAmount } } }`, { id: contact.id }))).node;
    // the derived counts describe the contact (CORE-16); the list shows what the user may view
    expect(node).toEqual({ deals: { totalCount: 1 }, openDealCount: 2, openDealAmount: 30 });
  });
});
