import { describe, expect } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client.js";
import { AppError } from "../src/modules/shared/errors.js";
import { encodeGlobalId } from "../src/modules/shared/global-id.js";
import { createCustomer, crmClasses, findCustomers, reassignRecords } from "../src/modules/records/records.api.js";
import {
  INGEST,
  buildSignal,
  countOf,
  createContact,
  createDeal,
  createIntegrationKey,
  createLead,
  createOrg,
  createUser,
  dbId,
  ok,
  unique,
} from "./helpers/fixtures.js";
import type { TestServer } from "./helpers/server.js";
import { test as it } from "./helpers/test.js";

// The records API is what other domains (visitors, social, administration) call inside their own
// transactions; these tests call it on the running server's database and read the result back
// through GraphQL, as users see it.

type Db = TestServer["app"]["database"]["db"];

/** Runs `fn` in a transaction of the server's database and returns the error it threw. */
async function failure(server: TestServer, fn: (tx: Db) => Promise<unknown>) {
  const error = await server.app.database.db
    .transaction(fn)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const LEAD = `query($id: ID!) { node(id: $id) { ... on Lead { id name status source owner { id } customFields crmClass } } }`;

describe.concurrent("records API", () => {
  it("creates a lead for an integration, owned by the user it names, validated like createLead", async ({ expect, server }) => {
    const db = () => server.app.database.db;
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const key = await createIntegrationKey(server, org);
    const orgId = dbId(org.orgId);
    const actor = { integrationKeyId: dbId(key.id) };

    const created = await db().transaction((tx) =>
      createCustomer(tx, { orgId, actor, type: "lead", ownerId: dbId(rep.id), fields: { firstName: " Ada ", lastName: "Lovelace", status: "Contacted", source: "Chat" } }),
    );
    expect(created.ref).toMatchObject({ type: "lead", ownerId: dbId(rep.id) });
    const lead = (await ok(server.gql(rep.token, LEAD, { id: encodeGlobalId("Lead", created.ref.id) }))).node;
    expect(lead).toMatchObject({ name: "Ada Lovelace", status: "Contacted", source: "Chat", owner: { id: rep.id }, crmClass: "LEAD_OR_CONTACT" });
    const [row] = await queryRows<{ created_by: number | null }>(db(), sql`select created_by from leads where id = ${created.ref.id}`);
    expect(row!.created_by).toBeNull();

    // Bad input: refused with the field named, nothing stored.
    const before = await countOf(server, org.adminToken, "leads");
    const noOwner = await failure(server, (tx) => createCustomer(tx, { orgId, actor, type: "lead", fields: { lastName: "X" } }));
    expect(noOwner.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.ownerId" });
    const badStatus = await failure(server, (tx) =>
      createCustomer(tx, { orgId, actor, type: "lead", ownerId: dbId(rep.id), fields: { lastName: "X", status: "Nope" }, field: "visitor" }),
    );
    expect(badStatus.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "visitor.status" });
    const noName = await failure(server, (tx) => createCustomer(tx, { orgId, actor, type: "contact", ownerId: dbId(rep.id), fields: { lastName: "  " } }));
    expect(noName.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.lastName" });
    const unknownField = await failure(server, (tx) =>
      createCustomer(tx, { orgId, actor, type: "contact", ownerId: dbId(rep.id), fields: { lastName: "X", customFields: { nope: 1 } } }),
    );
    expect(unknownField.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.customFields.nope" });

    // Another org's user cannot be made the owner.
    const other = await createOrg(server);
    const stranger = await failure(server, (tx) => createCustomer(tx, { orgId, actor, type: "lead", ownerId: dbId(other.adminId), fields: { lastName: "X" } }));
    expect(stranger.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.ownerId" });
    expect(await countOf(server, org.adminToken, "leads")).toBe(before);
  });

  it("a user creates a contact they own by default", async ({ expect, server }) => {
    const db = () => server.app.database.db;
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const created = await db().transaction((tx) =>
      createCustomer(tx, { orgId: dbId(org.orgId), actor: { userId: dbId(rep.id) }, type: "contact", fields: { lastName: "Hopper", email: "g@example.com" } }),
    );
    expect(created.ref.ownerId).toBe(dbId(rep.id));
    expect(await countOf(server, rep.token, "contacts")).toBe(1);
  });

  it("finds the org's customers by email and phone, never another org's", async ({ expect, server }) => {
    const db = () => server.app.database.db;
    const org = await createOrg(server);
    const other = await createOrg(server);
    const email = `${unique("found")}@Example.com`;
    const lead = await createLead(server, org.adminToken, { email, phone: "+81 3-1234-5678" });
    const contact = await createContact(server, org.adminToken, { email: email.toLowerCase() });
    await createLead(server, other.adminToken, { email });

    const byEmail = await findCustomers(db(), { orgId: dbId(org.orgId), email: ` ${email.toUpperCase()} ` });
    expect(byEmail.map((c) => [c.type, c.id])).toEqual([
      ["lead", dbId(lead.id)],
      ["contact", dbId(contact.id)],
    ]);
    const byPhone = await findCustomers(db(), { orgId: dbId(org.orgId), phone: "81312345678" });
    expect(byPhone.map((c) => c.id)).toEqual([dbId(lead.id)]);
    expect(await findCustomers(db(), { orgId: dbId(org.orgId), email: "nobody@example.com" })).toEqual([]);
    expect(await findCustomers(db(), { orgId: dbId(org.orgId) })).toEqual([]);
  });

  it("gives the CRM class as GraphQL does, from the deals as they are now", async ({ expect, server }) => {
    const db = () => server.app.database.db;
    const org = await createOrg(server);
    const t = org.adminToken;
    const lead = await createLead(server, t);
    const [open, won, lost, none] = await Promise.all([createContact(server, t), createContact(server, t), createContact(server, t), createContact(server, t)]);
    await createDeal(server, t, { contactId: open.id, stage: "Proposal" });
    await createDeal(server, t, { contactId: open.id, stage: "CLOSED_WON" });
    await createDeal(server, t, { contactId: won.id, stage: "CLOSED_WON" });
    await createDeal(server, t, { contactId: lost.id, stage: "CLOSED_LOST" });
    const customers = [
      { type: "lead" as const, id: dbId(lead.id) },
      ...[open, won, lost, none].map((c) => ({ type: "contact" as const, id: dbId(c.id) })),
    ];
    const classes = await crmClasses(db(), { orgId: dbId(org.orgId), customers });
    expect(classes).toEqual(["LEAD_OR_CONTACT", "CUSTOMER_WITH_OPEN_DEALS", "CUSTOMER", "LEAD_OR_CONTACT", "LEAD_OR_CONTACT"]);
    const viaGraphQL = await Promise.all(
      [lead, open, won, lost, none].map(async (r) => (await ok(server.gql(t, `query($id: ID!) { node(id: $id) { ... on Lead { crmClass } ... on Contact { crmClass } } }`, { id: r.id }))).node.crmClass),
    );
    expect(viaGraphQL).toEqual(classes);
    // Another org sees no deals of these contacts.
    const elsewhere = await crmClasses(db(), { orgId: dbId((await createOrg(server)).orgId), customers });
    expect(elsewhere.every((c) => c === "LEAD_OR_CONTACT")).toBe(true);
  });

  it("reassigns every record a user owns, with their open signals, in the caller's transaction", async ({ expect, server }) => {
    const db = () => server.app.database.db;
    const org = await createOrg(server);
    const leaving = await createUser(server, org);
    const taking = await createUser(server, org);
    const key = await createIntegrationKey(server, org);
    const lead = await createLead(server, org.adminToken, { ownerId: leaving.id });
    const contact = await createContact(server, org.adminToken, { ownerId: leaving.id });
    await createDeal(server, org.adminToken, { contactId: contact.id, ownerId: leaving.id });
    const kept = await createLead(server, org.adminToken); // the admin's: stays
    await ok(server.gql(key.key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
    const openOf = async (userId: string) => {
      const [row] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from interactions where open_owner_id = ${dbId(userId)}`);
      return row!.n;
    };
    expect(await openOf(leaving.id)).toBe(1);

    const orgId = dbId(org.orgId);
    const actor = { userId: dbId(org.adminId) };
    // A refused reassignment changes nothing.
    const toSelf = await failure(server, (tx) => reassignRecords(tx, { orgId, actor, fromUserId: dbId(leaving.id), toUserId: dbId(leaving.id) }));
    expect(toSelf.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reassignTo" });
    const other = await createOrg(server);
    const toStranger = await failure(server, (tx) => reassignRecords(tx, { orgId, actor, fromUserId: dbId(leaving.id), toUserId: dbId(other.adminId) }));
    expect(toStranger.extensions).toMatchObject({ code: "NOT_FOUND", field: "reassignTo" });
    // A transaction that fails after the reassignment rolls it back.
    await db()
      .transaction(async (tx) => {
        await reassignRecords(tx, { orgId, actor, fromUserId: dbId(leaving.id), toUserId: dbId(taking.id) });
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await countOf(server, leaving.token, "leads")).toBe(1);

    const moved = await db().transaction((tx) => reassignRecords(tx, { orgId, actor, fromUserId: dbId(leaving.id), toUserId: dbId(taking.id) }));
    expect(moved).toEqual({ lead: 1, contact: 1, account: 0, deal: 1, task: 0 });
    for (const list of ["leads", "contacts", "deals"] as const) {
      expect(await countOf(server, leaving.token, list)).toBe(0);
      expect(await countOf(server, taking.token, list)).toBe(1);
    }
    expect(await openOf(leaving.id)).toBe(0);
    expect(await openOf(taking.id)).toBe(1);
    const still = (await ok(server.gql(org.adminToken, LEAD, { id: kept.id }))).node;
    expect(still.owner.id).toBe(org.adminId);
  });
});
