import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFParse } from "pdf-parse";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client.js";
import { createContact, createDeal, createLead, createOrg, createUser, expectError, ok, unique } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { RECORD_CHAT, RECORD_VISIT, SETTINGS, buildChat, buildVisit, dbId, linkedOrg, orgDbId, salesIqUser, visitorRows } from "./helpers/visitors.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const emailOf = async (token: string, id: string) =>
  (await ok(server.gql(token, `query($id: ID!) { node(id: $id) { ... on Lead { email } ... on Contact { email } } }`, { id }))).node.email as string;

const NOTES = `query($id: ID!) { node(id: $id) { ... on Lead { notes { edges { node { title body } } } chats { totalCount edges { node { id } } } } ... on Contact { notes { edges { node { title body } } } chats { totalCount } } } }`;

const JAPANESE = [
  { from: "VISITOR", name: "山田 太郎", text: "こんにちは、料金プランについて教えてください。", at: new Date(Date.now() - 100_000).toISOString() },
  { from: "OPERATOR", name: "佐藤", text: "はい、スタンダードプランは月額5,000円です。", at: new Date(Date.now() - 90_000).toISOString() },
  { from: "VISITOR", name: "山田 太郎", text: "Thanks, that helps!", at: new Date(Date.now() - 80_000).toISOString() },
];

describe("chats with known visitors (VIS-11, VIS-12)", () => {
  it("adds a note; an unattended chat also raises CHAT/CHAT_UNATTENDED (SIG-6)", async () => {
    const { org, key } = await linkedOrg(server);
    const rep = await createUser(server, org);
    const lead = await createLead(server, org.adminToken, { ownerId: rep.id, email: `${unique("ch")}@example.com` });
    const email = await emailOf(org.adminToken, lead.id);
    const visit = (await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { email } }) }))).recordVisit.visit;
    const attended = (
      await ok(server.gql(key, RECORD_CHAT, { input: buildChat({ visitorId: visit.visitorId, visitId: visit.id, attended: true, operatorEmail: "op@example.com", subject: "Pricing", question: "How much?" }) }))
    ).recordChat.chat;
    expect(attended).toMatchObject({ attended: true, subject: "Pricing", transcript: null });
    await ok(server.gql(key, RECORD_CHAT, { input: buildChat({ visitor: { email }, question: "Anyone there?" }) }));
    const seen = (await ok(server.gql(rep.token, NOTES, { id: lead.id }))).node;
    expect(seen.chats.totalCount).toBe(2);
    const bodies = seen.notes.edges.map((e: { node: { body: string } }) => e.node.body).join("\n---\n");
    expect(bodies).toContain(`Visit: ${visit.id}`);
    expect(bodies).toContain("Subject: Pricing");
    expect(bodies).toContain("Question: Anyone there?");
    expect(bodies).toContain("nobody attended");
    const n = (await ok(server.gql(rep.token, `{ notifications(filter: { sources: [CHAT] }) { totalCount edges { node { event record { ... on Lead { id } } } } } }`))).notifications;
    expect(n.totalCount).toBe(1);
    expect(n.edges[0].node).toMatchObject({ event: "CHAT_UNATTENDED", record: { id: lead.id } });
  });

  it("stores a finished chat as a real PDF transcript, Japanese included, downloadable (VIS-12)", async () => {
    const { org, key } = await linkedOrg(server);
    const lead = await createLead(server, org.adminToken, { email: `${unique("pdf")}@example.com` });
    const email = await emailOf(org.adminToken, lead.id);
    const chat = (
      await ok(
        server.gql(key, RECORD_CHAT, {
          input: buildChat({ visitor: { email, name: "山田 太郎" }, attended: true, operatorEmail: "sato@example.com", subject: "料金プランのご相談", endedAt: new Date(Date.now() - 60_000).toISOString(), messages: JAPANESE }),
        }),
      )
    ).recordChat.chat;
    const seen = (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Chat { transcript { id fileName contentType } } } }`, { id: chat.id }))).node;
    expect(seen.transcript).toEqual(chat.transcript);
    expect(chat.transcript).toMatchObject({ contentType: "application/pdf", fileName: "料金プランのご相談.pdf" });
    const res = await fetch(`${server.url.replace(/\/graphql$/, "")}/attachments/${chat.transcript.id}`, { headers: { authorization: `Bearer ${org.adminToken}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, "");
    expect(text).toContain("料金プランのご相談");
    for (const m of JAPANESE) expect(text).toContain(m.text.replace(/\s+/g, ""));
    expect(text).toContain("山田太郎");
    // Switched off: no transcript.
    await ok(server.gql(org.adminToken, SETTINGS, { input: { attachTranscripts: false } }));
    const plain = (await ok(server.gql(key, RECORD_CHAT, { input: buildChat({ visitor: { email }, endedAt: new Date().toISOString(), messages: JAPANESE }) }))).recordChat.chat;
    expect(plain.transcript).toBeNull();
  });

  it("refuses bad chats and stores nothing; other orgs' visits are not found", async () => {
    const { org, key } = await linkedOrg(server);
    const other = await linkedOrg(server);
    const foreignVisit = (await ok(server.gql(other.key, RECORD_VISIT, { input: buildVisit() }))).recordVisit.visit.id;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ attended: true }, "BAD_USER_INPUT", "input.operatorEmail"],
      [{ endedAt: new Date(Date.now() - 3_600_000).toISOString() }, "BAD_USER_INPUT", "input.endedAt"],
      [{ attributes: [1, 2] }, "BAD_USER_INPUT", "input.attributes"],
      [{ messages: [{ from: "VISITOR", text: " ", at: new Date().toISOString() }] }, "BAD_USER_INPUT", "input.messages.0.text"],
      [{ visitId: foreignVisit }, "NOT_FOUND", "input.visitId"],
      [{ visitor: { phone: "abc" } }, "BAD_USER_INPUT", "input.visitor.phone"],
    ];
    for (const [override, code, field] of cases) expectError(await server.gql(key, RECORD_CHAT, { input: buildChat(override) }), code, field);
    expectError(await server.gql(org.adminToken, RECORD_CHAT, { input: buildChat() }), "FORBIDDEN");
    expect(await visitorRows(server, org)).toMatchObject({ chats: 0, notes: 0, leads: 0 });
  });
});

describe("auto-add (VIS-2..5, VIS-15)", () => {
  type Kind = "ATTENDED" | "UNATTENDED" | "ACCESSED";
  const MODES: Record<string, Kind[]> = {
    NONE: [],
    UNATTENDED: ["UNATTENDED"],
    ATTENDED: ["ATTENDED"],
    ACCESSED: ["ACCESSED"],
    ATTENDED_AND_UNATTENDED: ["ATTENDED", "UNATTENDED"],
    ALL: ["ATTENDED", "UNATTENDED", "ACCESSED"],
  };

  it.each(Object.entries(MODES))("%s adds exactly %j", async (mode, added) => {
    const { org, key } = await linkedOrg(server);
    const operator = await salesIqUser(server, org);
    const operatorEmail = (await ok(server.gql(operator.token, `{ me { email } }`))).me.email;
    await ok(server.gql(org.adminToken, SETTINGS, { input: { autoAdd: mode } }));
    const push: Record<Kind, () => Promise<unknown>> = {
      ATTENDED: () => ok(server.gql(key, RECORD_CHAT, { input: buildChat({ attended: true, operatorEmail, visitor: { name: "Ann Attended", email: `${unique("a")}@example.com` } }) })),
      UNATTENDED: () => ok(server.gql(key, RECORD_CHAT, { input: buildChat({ visitor: { name: "Una Unattended", email: `${unique("u")}@example.com` } }) })),
      ACCESSED: () => ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitor: { name: "Axel Accessed", email: `${unique("x")}@example.com` } }) })),
    };
    for (const kind of ["ATTENDED", "UNATTENDED", "ACCESSED"] as Kind[]) await push[kind]();
    const leads = (await ok(server.gql(org.adminToken, `{ leads(first: 10) { edges { node { lastName source owner { id } } } } }`))).leads.edges.map((e: { node: { lastName: string } }) => e.node);
    const names = leads.map((l: { lastName: string }) => l.lastName).sort();
    const expected = added.map((k) => ({ ATTENDED: "Attended", UNATTENDED: "Unattended", ACCESSED: "Accessed" })[k]).sort();
    expect(names).toEqual(expected);
  });

  it("owns new visitors by the operator, falling back to the linked admin; a chosen user; source Chat; mapped attributes; shown as the setting says", async () => {
    const { org, key } = await linkedOrg(server);
    const adminId = (await ok(server.gql(org.adminToken, `{ me { id } }`))).me.id;
    const operator = await salesIqUser(server, org);
    const operatorEmail = (await ok(server.gql(operator.token, `{ me { email } }`))).me.email;
    await ok(server.gql(org.adminToken, `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, { input: { module: "LEADS", name: "screen", label: "Screen", type: "TEXT" } }));
    await ok(server.gql(org.adminToken, `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, { input: { module: "LEADS", name: "waited", label: "Waited", type: "NUMBER" } }));
    await ok(
      server.gql(org.adminToken, SETTINGS, {
        input: { autoAdd: "ATTENDED_AND_UNATTENDED", showUnattendedAs: "UNATTENDED", attributeMappings: [{ attribute: "SCREEN_RESOLUTION", field: "screen" }, { attribute: "WAITING_TIME", field: "waited" }] },
      }),
    );
    const chat = (input: Record<string, unknown>) => ok(server.gql(key, RECORD_CHAT, { input: buildChat(input) })).then((d) => d.recordChat.chat);
    const ownerOf = async (email: string) =>
      (await ok(server.gql(org.adminToken, `query($e: String) { leads(filter: { search: $e }) { edges { node { owner { id } source customFields } } } }`, { e: email }))).leads.edges[0]?.node;
    const e1 = `${unique("op")}@example.com`;
    await chat({ attended: true, operatorEmail, visitor: { name: "Op Owned", email: e1 }, attributes: { screenResolution: "1920x1080", waitingTime: 42 } });
    expect(await ownerOf(e1)).toMatchObject({ owner: { id: operator.id }, source: "Chat", customFields: { screen: "1920x1080", waited: 42 } });
    const e2 = `${unique("nouser")}@example.com`;
    await chat({ attended: true, operatorEmail: "not-a-crm-user@example.com", visitor: { name: "No User", email: e2 } });
    expect((await ownerOf(e2)).owner.id).toBe(adminId);
    const e3 = `${unique("un")}@example.com`;
    const unattended = await chat({ visitor: { name: "Un Attended", email: e3 } });
    expect(unattended.shownAs).toBe("UNATTENDED");
    expect((await ownerOf(e3)).owner.id).toBe(adminId);
    const chosen = await createUser(server, org);
    await ok(server.gql(org.adminToken, SETTINGS, { input: { owner: "USER", ownerUserId: chosen.id } }));
    const e4 = `${unique("ch")}@example.com`;
    await chat({ attended: true, operatorEmail, visitor: { name: "Chosen Owner", email: e4 } });
    expect((await ownerOf(e4)).owner.id).toBe(chosen.id);
  });

  it("creates the follow-up task due in the org's time zone (VIS-4)", async () => {
    // Pacific/Kiritimati is UTC+14: its date is often ahead of UTC's.
    const { org, key } = await linkedOrg(server, { timeZone: "Pacific/Kiritimati" });
    await ok(server.gql(org.adminToken, SETTINGS, { input: { autoAdd: "ALL", addAs: "CONTACT" } }));
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" }).format(new Date());
    const plus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    for (const [due, days] of [["TODAY", 0], ["TOMORROW", 1], ["IN_7_DAYS", 7], ["IN_14_DAYS", 14]] as const) {
      await ok(server.gql(org.adminToken, SETTINGS, { input: { followUpTaskDue: due } }));
      await ok(server.gql(key, RECORD_CHAT, { input: buildChat({ visitor: { name: `Task ${due}`, email: `${unique("t")}@example.com` } }) }));
      const tasks = (await ok(server.gql(org.adminToken, `{ tasks(first: 50) { edges { node { subject dueDate } } } }`))).tasks.edges.map((e: { node: { subject: string; dueDate: string } }) => e.node);
      expect(tasks.find((t: { subject: string }) => t.subject.includes(`Task ${due.replace(/_/g, " ")}`) || t.subject.includes(`${due}`))?.dueDate).toBe(plus(days));
    }
    expect((await visitorRows(server, org)).contacts).toBe(4);
  });
});

describe("the operator's side (VIS-13, VIS-14)", () => {
  it("chatContext gives exactly the VIS-14 fields, empty ones omitted, with open deals", async () => {
    const { org, key } = await linkedOrg(server);
    const operator = await salesIqUser(server, org, "ADMIN");
    const lead = await createLead(server, org.adminToken, { email: `${unique("cx")}@example.com`, phone: null, company: "Acme KK", status: "Contacted" });
    const email = await emailOf(org.adminToken, lead.id);
    const visitorId = unique("ctx");
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitorId, visitor: { email } }) }));
    const CONTEXT = `query($v: String!) { chatContext(visitorId: $v) { record { ... on Lead { id } ... on Contact { id } } fields { label value } openDealCount openDealAmount } }`;
    const ctx = (await ok(server.gql(operator.token, CONTEXT, { v: visitorId }))).chatContext;
    expect(ctx.record.id).toBe(lead.id);
    expect(ctx.fields.map((f: { label: string }) => f.label)).toEqual(["Company", "Lead status", "Owner"]);
    expect(ctx.fields[0].value).toBe("Acme KK");
    const contact = await createContact(server, org.adminToken, { email: `${unique("cy")}@example.com`, phone: "+81 3 0000 0000" });
    await createDeal(server, org.adminToken, { contactId: contact.id, stage: "Proposal", amount: 300 });
    await createDeal(server, org.adminToken, { contactId: contact.id, stage: "Negotiation", amount: 200 });
    const cv = unique("ctx");
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitorId: cv, visitor: { email: await emailOf(org.adminToken, contact.id) } }) }));
    const c = (await ok(server.gql(operator.token, CONTEXT, { v: cv }))).chatContext;
    expect(c).toMatchObject({ openDealCount: 2, openDealAmount: 500 });
    expect(c.fields.map((f: { label: string }) => f.label)).toEqual(["Phone", "Owner"]);
    expect((await ok(server.gql(operator.token, CONTEXT, { v: "unknown-visitor" }))).chatContext).toBeNull();
    const outsider = await createOrg(server);
    expect((await ok(server.gql(outsider.adminToken, CONTEXT, { v: cv }))).chatContext).toBeNull();
    const noIq = await createUser(server, org);
    expectError(await server.gql(noIq.token, CONTEXT, { v: cv }), "FORBIDDEN");
    // A SalesIQ operator who is a plain CRM user and does not own the contact: no context (CORE-4).
    const plainOperator = await salesIqUser(server, org, "USER");
    expect((await ok(server.gql(plainOperator.token, CONTEXT, { v: cv }))).chatContext).toBeNull();
  });

  it("adds a chat's visitor as a lead or contact (source Chat); the chat and visits follow; refusals store nothing", async () => {
    const { org, key } = await linkedOrg(server);
    const operator = await salesIqUser(server, org);
    const visitorId = unique("add");
    await ok(server.gql(key, RECORD_VISIT, { input: buildVisit({ visitorId }) }));
    const chat = (await ok(server.gql(key, RECORD_CHAT, { input: buildChat({ visitorId, visitor: { name: "Hana Suzuki", email: `${unique("h")}@example.com` } }) }))).recordChat.chat;
    const ADD_LEAD = `mutation($input: AddVisitorAsLeadInput!) { addVisitorAsLead(input: $input) { id lastName firstName company source status owner { id } visits { totalCount } chats { totalCount } } }`;
    const outsider = await createOrg(server);
    expectError(await server.gql(outsider.adminToken, ADD_LEAD, { input: { chatId: chat.id } }), "NOT_FOUND", "input.chatId");
    expectError(await server.gql(operator.token, ADD_LEAD, { input: { chatId: chat.id, status: "Nope" } }), "BAD_USER_INPUT", "input.status");
    const other = await createUser(server, org);
    expectError(await server.gql(operator.token, ADD_LEAD, { input: { chatId: chat.id, ownerId: other.id } }), "FORBIDDEN");
    expect((await visitorRows(server, org)).leads).toBe(0);
    const lead = (await ok(server.gql(operator.token, ADD_LEAD, { input: { chatId: chat.id, company: "Suzuki Shoji", status: "Contacted" } }))).addVisitorAsLead;
    expect(lead).toMatchObject({ firstName: "Hana", lastName: "Suzuki", company: "Suzuki Shoji", source: "Chat", status: "Contacted", owner: { id: operator.id }, visits: { totalCount: 1 }, chats: { totalCount: 1 } });
    expectError(await server.gql(operator.token, ADD_LEAD, { input: { chatId: chat.id } }), "CONFLICT", "input.chatId");
    // As a contact, with an account and a task due today.
    const chat2 = (await ok(server.gql(key, RECORD_CHAT, { input: buildChat({ visitor: { email: `${unique("k")}@example.com` } }) }))).recordChat.chat;
    const contact = (
      await ok(
        server.gql(operator.token, `mutation($input: AddVisitorAsContactInput!) { addVisitorAsContact(input: $input) { id lastName source account { name } tasks { totalCount } } }`, {
          input: { chatId: chat2.id, lastName: "Kato", accountName: "Kato Trading", taskDue: "TODAY" },
        }),
      )
    ).addVisitorAsContact;
    expect(contact).toMatchObject({ lastName: "Kato", source: "Chat", account: { name: "Kato Trading" }, tasks: { totalCount: 1 } });
  });
});

describe("statements", () => {
  it("a visits page with record, attendedBy and actions runs the same number of statements for 5 and 50 visits; ingestion is constant", async () => {
    const { org, key } = await linkedOrg(server);
    const operator = await salesIqUser(server, org);
    const operatorEmail = (await ok(server.gql(operator.token, `{ me { email } }`))).me.email;
    const lead = await createLead(server, org.adminToken, { email: `${unique("s")}@example.com` });
    const email = await emailOf(org.adminToken, lead.id);
    const statementsOf = async (n: number) => {
      const res = await server.gql(key, RECORD_VISIT, {
        input: buildVisit({ visitor: { email }, attendedBy: operatorEmail, actions: Array.from({ length: n }, (_, i) => ({ type: "NAVIGATE", title: `p${i}`, at: new Date().toISOString() })) }),
      });
      expect(res.errors).toBeUndefined();
      return res.extensions?.sqlStatements as number;
    };
    // The key's first request reads it; later ones find it in the auth cache.
    await statementsOf(1);
    const one = await statementsOf(1);
    const many = await statementsOf(40);
    expect(many).toBe(one);
    for (let i = 0; i < 48; i++) await statementsOf(2);
    const PAGE = `query($first: Int) { visits(first: $first) { totalCount edges { node { id record { ... on Lead { id name owner { id } } } attendedBy { id name } actions(first: 5) { totalCount edges { node { type title } } } } } } }`;
    const five = await server.gql(org.adminToken, PAGE, { first: 5 });
    const fifty = await server.gql(org.adminToken, PAGE, { first: 50 });
    expect(fifty.errors).toBeUndefined();
    expect(fifty.data!.visits.edges).toHaveLength(50);
    expect(fifty.extensions?.sqlStatements).toBe(five.extensions?.sqlStatements);
    expect(five.extensions?.sqlStatements).toBeLessThanOrEqual(8);
    void dbId;
    void orgDbId;
    void queryRows;
    void sql;
  });
});
