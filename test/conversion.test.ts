import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREATE_TASK, countOf, createAccount, createLead, createOrg, expectError, ok } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const CONVERT = `mutation($input: ConvertLeadInput!) { convertLead(input: $input) {
  contact { id name email owner { id } account { id name } notes { totalCount } tasks { totalCount } attachments { fileName } }
  account { id name } deal { id name stage amount contact { id } account { id } } } }`;

describe("lead conversion (CORE-13)", () => {
  it("makes a contact, an account and a deal, and moves notes, tasks and attachments", async () => {
    const org = await createOrg(server);
    const lead = await createLead(server, org.adminToken, { firstName: "Ada", lastName: "King", company: "Engines Ltd", email: "ada@engines.example" });
    await ok(server.gql(org.adminToken, `mutation($r: ID!) { createNote(input: { recordId: $r, body: "met" }) { id } }`, { r: lead.id }));
    await ok(server.gql(org.adminToken, CREATE_TASK, { input: { subject: "Call back", recordId: lead.id } }));
    await ok(server.gql(org.adminToken, `mutation($r: ID!) { addAttachment(input: { recordId: $r, fileName: "a.txt", contentType: "text/plain", contentBase64: "aGk=" }) { id } }`, { r: lead.id }));

    const result = (await ok(server.gql(org.adminToken, CONVERT, { input: { leadId: lead.id, deal: { name: "First order", stage: "Proposal", amount: 1200, closingDate: "2027-03-31" } } }))).convertLead;
    expect(result.contact).toMatchObject({
      name: "Ada King",
      email: "ada@engines.example",
      owner: { id: org.adminId },
      account: { id: result.account.id, name: "Engines Ltd" },
      notes: { totalCount: 1 },
      tasks: { totalCount: 1 },
      attachments: [{ fileName: "a.txt" }],
    });
    expect(result.deal).toMatchObject({ name: "First order", stage: "Proposal", amount: 1200, contact: { id: result.contact.id }, account: { id: result.account.id } });
    expectError(await server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: lead.id }), "NOT_FOUND");
    expect(await countOf(server, org.adminToken, "leads")).toBe(0);
  });

  it("reuses an account whose name matches the company, case-insensitively", async () => {
    const org = await createOrg(server);
    const account = await createAccount(server, org.adminToken, { name: "Globex Corp" });
    const lead = await createLead(server, org.adminToken, { company: "globex corp" });
    const result = (await ok(server.gql(org.adminToken, CONVERT, { input: { leadId: lead.id } }))).convertLead;
    expect(result.account.id).toBe(account.id);
    expect(result.deal).toBeNull();
    expect(await countOf(server, org.adminToken, "accounts")).toBe(1);
  });

  it("is all or nothing: a bad deal leaves the lead and everything else as it was", async () => {
    const org = await createOrg(server);
    const lead = await createLead(server, org.adminToken, { company: "Initech" });
    await ok(server.gql(org.adminToken, `mutation($r: ID!) { createNote(input: { recordId: $r, body: "keep me" }) { id } }`, { r: lead.id }));
    const res = await server.gql(org.adminToken, CONVERT, { input: { leadId: lead.id, deal: { name: "D", stage: "Bogus" } } });
    expectError(res, "BAD_USER_INPUT", "input.deal.stage");
    expect(await countOf(server, org.adminToken, "leads")).toBe(1);
    expect(await countOf(server, org.adminToken, "contacts")).toBe(0);
    expect(await countOf(server, org.adminToken, "accounts")).toBe(0);
    expect(await countOf(server, org.adminToken, "deals")).toBe(0);
    const notes = (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { notes { totalCount } } } }`, { id: lead.id }))).node.notes;
    expect(notes.totalCount).toBe(1);
  });

  it("refuses unknown and wrong-type ids", async () => {
    const org = await createOrg(server);
    expectError(await server.gql(org.adminToken, CONVERT, { input: { leadId: org.adminId } }), "BAD_USER_INPUT", "input.leadId");
    expectError(await server.gql(org.adminToken, CONVERT, { input: { leadId: Buffer.from("Lead:999999").toString("base64url") } }), "NOT_FOUND", "input.leadId");
  });
});
