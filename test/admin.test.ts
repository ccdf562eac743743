import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEntries, leads as leadsTable } from "../src/db/schema/index.js";
import {
  ACCEPT,
  ACTIVATE,
  AUDIT_LOG,
  DEACTIVATE,
  DELETE_USER,
  INVITE_USER,
  REINVITE,
  SET_ADMIN_LEVEL,
  auditActions,
  createAdminOrg,
} from "./helpers/admin.js";
import {
  CREATE_ACCOUNT,
  CREATE_CONTACT,
  CREATE_DEAL,
  CREATE_LEAD,
  CREATE_TASK,
  buildContact,
  buildLead,
  createOrg,
  createUser,
  expectError,
  ok,
  unique,
} from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { collect, settled } from "./helpers/subscriptions.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const dbIdOf = (globalId: string) => Number(Buffer.from(globalId, "base64url").toString("utf8").split(":")[1]);
const ME = `{ me { id status } }`;
const COUNTS = `{ leads { totalCount } contacts { totalCount } accounts { totalCount } deals { totalCount } tasks { totalCount } }`;

/** What a user owns, counted by themself (plain users see their own records). */
async function ownedCounts(token: string) {
  const res = await ok(server.gql(token, COUNTS));
  return Object.fromEntries(Object.entries(res).map(([k, v]) => [k, (v as { totalCount: number }).totalCount]));
}

async function giveRecords(token: string) {
  const lead = await ok(server.gql(token, CREATE_LEAD, { input: buildLead() }));
  await ok(server.gql(token, CREATE_LEAD, { input: buildLead() }));
  const contact = await ok(server.gql(token, CREATE_CONTACT, { input: buildContact() }));
  await ok(server.gql(token, CREATE_ACCOUNT, { input: { name: unique("Acme") } }));
  await ok(server.gql(token, CREATE_DEAL, { input: { name: unique("Deal"), stage: "Qualification", amount: 100 } }));
  await ok(server.gql(token, CREATE_TASK, { input: { subject: "Call back", recordId: lead.createLead.id } }));
  return { leadId: lead.createLead.id as string, contactId: contact.createContact.id as string };
}

describe("deactivation (CORE-2, ADM-5)", () => {
  it("refuses the user's tokens at once on HTTP, closes their open subscription, keeps them as owner, and activation restores access", async () => {
    const org = await createAdminOrg(server);
    const { leadId } = await giveRecords(org.target.token);
    const closed: number[] = [];
    const client = server.ws(org.target.token, { onClose: (code) => closed.push(code) });
    const sub = collect(client, `subscription { notificationAdded { id } }`);
    await settled(client);

    const res = await ok(server.gql(org.suiteAdmin.token, DEACTIVATE, { id: org.target.id }));
    expect(res.deactivateUser.status).toBe("INACTIVE");

    expectError(await server.gql(org.target.token, ME), "UNAUTHENTICATED");
    await sub.waitForComplete();
    await expect.poll(() => closed).toEqual([4403]);
    // A new connection is refused too.
    const again: number[] = [];
    server.ws(org.target.token, { onClose: (code) => again.push(code) });
    await expect.poll(() => again).toEqual([4403]);
    // Records keep their owner.
    const lead = await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { owner { id status } } } }`, { id: leadId }));
    expect(lead.node.owner).toEqual({ id: org.target.id, status: "INACTIVE" });
    // Refused: deactivating twice, yourself, the account admin.
    expectError(await server.gql(org.adminToken, DEACTIVATE, { id: org.target.id }), "CONFLICT", "id");
    expectError(await server.gql(org.suiteAdmin.token, DEACTIVATE, { id: org.suiteAdmin.id }), "BAD_USER_INPUT", "id");
    expectError(await server.gql(org.suiteAdmin.token, DEACTIVATE, { id: org.adminId }), "CONFLICT", "id");

    await ok(server.gql(org.adminToken, ACTIVATE, { id: org.target.id }));
    expect((await ok(server.gql(org.target.token, ME))).me.status).toBe("ACTIVE");
  });

  it("revoking a token closes the WebSockets it opened, and only those", async () => {
    const org = await createAdminOrg(server);
    const second = await ok(server.gql(org.target.token, `mutation { createApiToken(name: "second") { token apiToken { id } } }`));
    const tokens = await ok(server.gql(org.target.token, `{ apiTokens { id name } }`));
    const initial = tokens.apiTokens.find((t: { name: string }) => t.name === "initial").id;
    const closedFirst: number[] = [];
    const closedSecond: number[] = [];
    const first = server.ws(org.target.token, { onClose: (code) => closedFirst.push(code) });
    const other = server.ws(second.createApiToken.token, { onClose: (code) => closedSecond.push(code) });
    await settled(first);
    await settled(other);
    await ok(server.gql(second.createApiToken.token, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: initial }));
    await expect.poll(() => closedFirst).toEqual([4403]);
    await settled(other);
    expect(closedSecond).toEqual([]);
  });

  it("is one audit entry with the status before and after", async () => {
    const org = await createAdminOrg(server);
    await ok(server.gql(org.adminToken, DEACTIVATE, { id: org.target.id }));
    const log = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 5, filter: { targetId: org.target.id } }));
    expect(log.auditLog.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        action: "user.deactivated",
        targetId: org.target.id,
        before: { status: "ACTIVE" },
        after: { status: "INACTIVE" },
        actor: { id: org.adminId, name: "Admin", status: "ACTIVE" },
        actorIntegrationKeyId: null,
      }),
      expect.objectContaining({ action: "user.created", before: null }),
    ]);
  });
});

describe("invitations (CORE-2)", () => {
  it("an invited user accepts a fresh token after a re-invite; the old one and a second use are refused", async () => {
    const org = await createOrg(server);
    const created = await ok(
      server.gql(org.adminToken, INVITE_USER, { input: { name: "Invitee", email: `${unique("inv")}@example.com`, invite: true } }),
    );
    const user = created.createUser.user;
    expect(user.status).toBe("INVITED");
    expect(user.invitationToken).toBe(created.createUser.token);
    // The invitation is not an API token.
    expectError(await server.gql(created.createUser.token, ME), "UNAUTHENTICATED");

    const re = await ok(server.gql(org.adminToken, REINVITE, { id: user.id }));
    const fresh = re.reinviteUser.invitationToken as string;
    expect(fresh).not.toBe(created.createUser.token);
    // Elsewhere the field is null.
    const listed = await ok(server.gql(org.adminToken, `{ users { edges { node { id invitationToken } } } }`));
    expect(listed.users.edges.every((e: any) => e.node.invitationToken === null)).toBe(true);

    expectError(await server.gql(null, ACCEPT, { input: { token: created.createUser.token } }), "UNAUTHENTICATED");
    const accepted = await ok(server.gql(null, ACCEPT, { input: { token: fresh } }));
    expect(accepted.acceptInvitation.user).toEqual({ id: user.id, status: "ACTIVE" });
    expect((await ok(server.gql(accepted.acceptInvitation.token, ME))).me).toEqual({ id: user.id, status: "ACTIVE" });
    expectError(await server.gql(null, ACCEPT, { input: { token: fresh } }), "UNAUTHENTICATED");
    // Re-inviting an active user is refused.
    expectError(await server.gql(org.adminToken, REINVITE, { id: user.id }), "CONFLICT", "id");
    expect((await auditActions(server, org)).slice(0, 3)).toEqual(["user.invitation_accepted", "user.reinvited", "user.created"]);
  });
});

describe("deleting a user (ADM-5)", () => {
  it("moves every record they own to reassignTo in one go and keeps their history", async () => {
    const org = await createAdminOrg(server);
    const { leadId } = await giveRecords(org.target.token);
    await ok(
      server.gql(org.target.token, `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { id } }`, {
        input: { recordId: leadId, channel: "CALL", action: "Call placed" },
      }),
    );
    const before = await ownedCounts(org.target.token);
    expect(before).toEqual({ leads: 2, contacts: 1, accounts: 1, deals: 1, tasks: 1 });
    const receiverBefore = await ownedCounts(org.plain.token);

    const res = await ok(server.gql(org.adminToken, DELETE_USER, { input: { id: org.target.id, reassignTo: org.plain.id } }));
    expect(res.deleteUser).toBe(org.target.id);

    const receiverAfter = await ownedCounts(org.plain.token);
    for (const [k, v] of Object.entries(before)) expect(receiverAfter[k]).toBe(receiverBefore[k]! + v);
    expectError(await server.gql(org.target.token, ME), "UNAUTHENTICATED");
    // History: the timeline entry still names them.
    const timeline = await ok(
      server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { owner { id } timeline { edges { node { performedBy { id name status } } } } } } }`, { id: leadId }),
    );
    expect(timeline.node.owner.id).toBe(org.plain.id);
    expect(timeline.node.timeline.edges.map((e: any) => e.node.performedBy)).toContainEqual(expect.objectContaining({ id: org.target.id, status: "DELETED" }));
    // Gone from the user list; their email is free again.
    const users = await ok(server.gql(org.adminToken, `{ users(first: 100) { edges { node { id } } } }`));
    expect(users.users.edges.map((e: any) => e.node.id)).not.toContain(org.target.id);
    const entry = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 1, filter: { action: "user.deleted" } }));
    expect(entry.auditLog.edges[0].node).toEqual(
      expect.objectContaining({
        targetId: org.target.id,
        before: expect.objectContaining({ status: "ACTIVE" }),
        after: expect.objectContaining({ status: "DELETED", reassignedTo: org.plain.id, moved: { lead: 2, contact: 1, account: 1, deal: 1, task: 1 } }),
      }),
    );
    // A deleted user cannot be deleted, activated or changed again.
    expectError(await server.gql(org.adminToken, DELETE_USER, { input: { id: org.target.id, reassignTo: org.plain.id } }), "NOT_FOUND", "input.id");
    expectError(await server.gql(org.adminToken, ACTIVATE, { id: org.target.id }), "NOT_FOUND", "id");
  });

  it.each([
    ["an inactive user", "inactive", "NOT_FOUND"],
    ["an invited user", "invited", "NOT_FOUND"],
    ["the user themself", "target", "BAD_USER_INPUT"],
    ["a user of another organisation", "other", "NOT_FOUND"],
    ["not a user's ID", "bad", "BAD_USER_INPUT"],
  ] as const)("fails as a whole when reassignTo is %s", async (_what, to, code) => {
    const org = await createAdminOrg(server);
    const other = await createOrg(server);
    await giveRecords(org.target.token);
    const before = await ownedCounts(org.target.token);
    const actionsBefore = await auditActions(server, org);
    const reassignTo = to === "other" ? other.adminId : to === "bad" ? "nope" : org[to].id;
    expectError(await server.gql(org.adminToken, DELETE_USER, { input: { id: org.target.id, reassignTo } }), code, "input.reassignTo");
    expect(await ownedCounts(org.target.token)).toEqual(before);
    expect(await auditActions(server, org)).toEqual(actionsBefore);
  });

  it("refuses another org's admin (NOT_FOUND), the account admin and oneself as the one deleted", async () => {
    const org = await createAdminOrg(server);
    const other = await createOrg(server);
    expectError(await server.gql(other.adminToken, DELETE_USER, { input: { id: org.target.id, reassignTo: other.adminId } }), "NOT_FOUND", "input.id");
    expectError(await server.gql(org.suiteAdmin.token, DELETE_USER, { input: { id: org.adminId, reassignTo: org.plain.id } }), "BAD_USER_INPUT", "input.id");
    expectError(await server.gql(org.suiteAdmin.token, DELETE_USER, { input: { id: org.suiteAdmin.id, reassignTo: org.plain.id } }), "BAD_USER_INPUT", "input.id");
    expect((await ok(server.gql(org.target.token, ME))).me.status).toBe("ACTIVE");
  });
});

describe("the trial limit (ADM-4)", () => {
  it("holds under 12 concurrent createUser calls in a trial org with 8 users: exactly 10 remain", async () => {
    const org = await createOrg(server, { trial: true });
    for (let i = 0; i < 7; i++) await createUser(server, org);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        server.gql(org.adminToken, `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
          input: { name: "Racer", email: `${unique("race")}@example.com` },
        }),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(2);
    expect(results.filter((r) => r.errors?.[0]?.extensions.code === "LIMIT_EXCEEDED").length).toBe(10);
    const sub = await ok(server.gql(org.adminToken, `{ subscriptionDetails { plan trial userLimit activeUsers invitedUsers } users { totalCount } }`));
    expect(sub.subscriptionDetails).toEqual({ plan: "TRIAL", trial: true, userLimit: 10, activeUsers: 10, invitedUsers: 0 });
    expect(sub.users.totalCount).toBe(10);
  });

  it("counts invited users, refuses activating an eleventh, and lifts with a paid plan", async () => {
    const org = await createOrg(server, { trial: true });
    for (let i = 0; i < 7; i++) await createUser(server, org);
    const spare = await createUser(server, org);
    await ok(server.gql(org.adminToken, DEACTIVATE, { id: spare.id }));
    await ok(server.gql(org.adminToken, INVITE_USER, { input: { name: "I", email: `${unique("i")}@example.com`, invite: true } }));
    await ok(server.gql(org.adminToken, INVITE_USER, { input: { name: "J", email: `${unique("j")}@example.com`, invite: true } }));
    expectError(await server.gql(org.adminToken, INVITE_USER, { input: { name: "K", email: `${unique("k")}@example.com`, invite: true } }), "LIMIT_EXCEEDED");
    expectError(await server.gql(org.adminToken, ACTIVATE, { id: spare.id }), "LIMIT_EXCEEDED");
    expectError(await server.gql(org.adminToken, `mutation { changeSubscription(input: { plan: TRIAL }) { plan } }`), "BAD_USER_INPUT", "input.plan");
    const changed = await ok(server.gql(org.adminToken, `mutation { changeSubscription(input: { plan: STANDARD }) { plan trial userLimit activeUsers invitedUsers } }`));
    expect(changed.changeSubscription).toEqual({ plan: "STANDARD", trial: false, userLimit: null, activeUsers: 8, invitedUsers: 2 });
    await ok(server.gql(org.adminToken, ACTIVATE, { id: spare.id }));
    const entry = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 1, filter: { action: "subscription.changed" } }));
    expect(entry.auditLog.edges[0].node).toEqual(
      expect.objectContaining({ before: { plan: "TRIAL", trial: true }, after: { plan: "STANDARD", trial: false } }),
    );
  });
});

// The server runs in this process: its live heap is measured after forced collections.
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const liveHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

/**
 * Reads an NDJSON download line by line, keeping only counts, a little slower than the server
 * writes (so that a server holding every row would hold them for a while), sampling the live heap
 * every 50 ms meanwhile.
 */
async function download(url: string, token: string) {
  const res = await fetch(new URL(url, server.url), { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return { status: res.status, counts: {} as Record<string, number>, bytes: 0, peakHeap: 0, contentType: null };
  const counts: Record<string, number> = {};
  let bytes = 0;
  let rest = "";
  let peakHeap = liveHeap();
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, liveHeap())), 50);
  const decoder = new TextDecoder();
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        const { type } = JSON.parse(line) as { type: string };
        counts[type] = (counts[type] ?? 0) + 1;
      }
      // About 10 MB/s: slower than the server writes, so its pages wait on this reader.
      if (Math.floor(bytes / 65_536) !== Math.floor((bytes - chunk.length) / 65_536)) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    clearInterval(sampler);
  }
  return { status: 200, counts, bytes, peakHeap, contentType: res.headers.get("content-type") };
}

describe("exporting a user's data (ADM-5)", () => {
  it("streams everything the user owns, once, to the admin who asked, and the heap does not grow with the count", async () => {
    const org = await createAdminOrg(server);
    const { leadId } = await giveRecords(org.target.token);
    await ok(server.gql(org.target.token, `mutation($input: CreateNoteInput!) { createNote(input: $input) { id } }`, { input: { recordId: leadId, body: "Met at the fair" } }));
    const orgId = dbIdOf(org.orgId);
    const ownerId = dbIdOf(org.target.id);
    const db = server.app.database.db;
    const insertLeads = async (n: number) => {
      for (let i = 0; i < n; i += 1000) {
        await db.insert(leadsTable).values(
          Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
            orgId,
            ownerId,
            lastName: `Bulk ${i + j}`,
            company: "Bulk Co",
            email: `bulk${i + j}@example.com`,
            customFields: { note: "x".repeat(1000) },
          })),
        );
      }
    };
    const exportOnce = async () => {
      const res = await ok(server.gql(org.adminToken, `mutation($id: ID!) { exportUserData(userId: $id) { url expiresAt } }`, { id: org.target.id }));
      return res.exportUserData.url as string;
    };

    await insertLeads(500);
    const urlSmall = await exportOnce();
    // Another admin of the org may not use it; nor may anyone without a token.
    expect((await download(urlSmall, org.suiteAdmin.token)).status).toBe(404);
    expect((await download(urlSmall, "")).status).toBe(401);
    const baseline = liveHeap();
    const small = await download(urlSmall, org.adminToken);
    expect(small.contentType).toMatch(/application\/x-ndjson/);
    expect(small.counts).toEqual({ export: 1, lead: 502, contact: 1, account: 1, deal: 1, task: 1, note: 1 });
    // Once only.
    expect((await download(urlSmall, org.adminToken)).status).toBe(404);

    await insertLeads(4500);
    const urlLarge = await exportOnce();
    const large = await download(urlLarge, org.adminToken);
    expect(large.counts.lead).toBe(5002);
    const growthSmall = small.peakHeap - baseline;
    const growthLarge = large.peakHeap - baseline;
    console.log(
      `export heap: ${small.counts.lead} leads, ${(small.bytes / 1e6).toFixed(1)} MB file, peak +${(growthSmall / 1e6).toFixed(1)} MB; ` +
        `${large.counts.lead} leads, ${(large.bytes / 1e6).toFixed(1)} MB file, peak +${(growthLarge / 1e6).toFixed(1)} MB`,
    );
    // Ten times the records: the live heap's peak grows by less than half the file. Measured (both
    // projects): a server reading all 5,002 rows in one query grows by about 14 MB here (the file
    // is 6.8 MB); pages of 500 rows, by 1 to 2 MB.
    expect(growthLarge - growthSmall).toBeLessThan(large.bytes / 2);
  }, 180_000);

  it("refuses bad input and another org's admin", async () => {
    const org = await createAdminOrg(server);
    const other = await createOrg(server);
    const EXPORT = `mutation($id: ID!) { exportUserData(userId: $id) { url } }`;
    expectError(await server.gql(org.adminToken, EXPORT, { id: "nope" }), "BAD_USER_INPUT", "userId");
    expectError(await server.gql(org.adminToken, EXPORT, { id: org.orgId }), "BAD_USER_INPUT", "userId");
    expectError(await server.gql(other.adminToken, EXPORT, { id: org.target.id }), "NOT_FOUND", "userId");
    expect((await download("/exports/crm_exp_unknown", org.adminToken)).status).toBe(404);
  });
});

describe("admin mutations refuse bad input and other organisations", () => {
  it("changeAccountAdmin: exactly one account admin; the previous one becomes a suite admin", async () => {
    const org = await createAdminOrg(server);
    const other = await createOrg(server);
    const CHANGE = `mutation($id: ID!) { changeAccountAdmin(userId: $id) { id adminLevel apps { app role } } }`;
    expectError(await server.gql(org.adminToken, CHANGE, { id: "x" }), "BAD_USER_INPUT", "userId");
    expectError(await server.gql(org.adminToken, CHANGE, { id: org.inactive.id }), "BAD_USER_INPUT", "userId");
    expectError(await server.gql(org.adminToken, CHANGE, { id: org.adminId }), "CONFLICT", "userId");
    expectError(await server.gql(other.adminToken, CHANGE, { id: org.target.id }), "NOT_FOUND", "userId");
    const res = await ok(server.gql(org.adminToken, CHANGE, { id: org.target.id }));
    expect(res.changeAccountAdmin.adminLevel).toBe("ACCOUNT_ADMIN");
    expect(res.changeAccountAdmin.apps).toHaveLength(9);
    const users = await ok(server.gql(org.target.token, `{ users(first: 100) { edges { node { id adminLevel } } } }`));
    const levels = users.users.edges.map((e: any) => e.node);
    expect(levels.filter((u: any) => u.adminLevel === "ACCOUNT_ADMIN")).toEqual([{ id: org.target.id, adminLevel: "ACCOUNT_ADMIN" }]);
    expect(levels.find((u: any) => u.id === org.adminId).adminLevel).toBe("SUITE_ADMIN");
    // The old account admin may no longer do account-admin operations.
    expectError(await server.gql(org.adminToken, CHANGE, { id: org.adminId }), "FORBIDDEN");
  });

  it("updateOrganization, setAdminLevel, updateUser, setUserApps", async () => {
    const org = await createAdminOrg(server);
    const other = await createOrg(server);
    const UPDATE_ORG = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { name timeZone portalUrl } }`;
    expectError(await server.gql(org.adminToken, UPDATE_ORG, { input: {} }), "BAD_USER_INPUT", "input");
    expectError(await server.gql(org.adminToken, UPDATE_ORG, { input: { timeZone: "Mars/Base" } }), "BAD_USER_INPUT", "input.timeZone");
    expectError(await server.gql(org.adminToken, UPDATE_ORG, { input: { portalUrl: "ftp://x" } }), "BAD_USER_INPUT", "input.portalUrl");
    const updated = await ok(server.gql(org.adminToken, UPDATE_ORG, { input: { name: "Acme KK", portalUrl: "https://crm.example.com/acme" } }));
    expect(updated.updateOrganization).toEqual({ name: "Acme KK", timeZone: "UTC", portalUrl: "https://crm.example.com/acme" });
    const entry = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 1, filter: { action: "organization.updated" } }));
    expect(entry.auditLog.edges[0].node).toEqual(
      expect.objectContaining({
        targetId: org.orgId,
        before: expect.objectContaining({ portalUrl: null }),
        after: expect.objectContaining({ name: "Acme KK", portalUrl: "https://crm.example.com/acme" }),
      }),
    );

    expectError(await server.gql(org.adminToken, SET_ADMIN_LEVEL, { input: { userId: org.target.id, level: "ACCOUNT_ADMIN" } }), "BAD_USER_INPUT", "input.level");
    expectError(await server.gql(org.suiteAdmin.token, SET_ADMIN_LEVEL, { input: { userId: org.adminId, level: "NONE" } }), "CONFLICT", "input.userId");
    expectError(await server.gql(other.adminToken, SET_ADMIN_LEVEL, { input: { userId: org.target.id, level: "SUITE_ADMIN" } }), "NOT_FOUND", "input.userId");

    const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { name email } }`;
    expectError(await server.gql(org.adminToken, UPDATE_USER, { id: org.target.id, input: {} }), "BAD_USER_INPUT", "input");
    expectError(await server.gql(org.adminToken, UPDATE_USER, { id: org.target.id, input: { email: "not an email" } }), "BAD_USER_INPUT");
    expectError(await server.gql(other.adminToken, UPDATE_USER, { id: org.target.id, input: { name: "X" } }), "NOT_FOUND", "id");
    const me = await ok(server.gql(org.plain.token, `{ me { email } }`));
    expectError(await server.gql(org.adminToken, UPDATE_USER, { id: org.target.id, input: { email: me.me.email.toUpperCase() } }), "CONFLICT", "input.email");

    const SET_APPS = `mutation($input: SetUserAppsInput!) { setUserApps(input: $input) { apps { app role } } }`;
    expectError(
      await server.gql(org.adminToken, SET_APPS, { input: { userId: org.target.id, apps: [{ app: "CRM", role: "USER" }, { app: "CRM", role: "ADMIN" }] } }),
      "BAD_USER_INPUT",
      "input.apps.1.app",
    );
    expectError(await server.gql(org.adminToken, SET_APPS, { input: { userId: org.adminId, apps: [] } }), "CONFLICT", "input.userId");
    expectError(await server.gql(other.adminToken, SET_APPS, { input: { userId: org.target.id, apps: [] } }), "NOT_FOUND", "input.userId");
    // An app admin may not touch a suite admin's apps, even their own app.
    expectError(await server.gql(org.appAdmin.token, SET_APPS, { input: { userId: org.suiteAdmin.id, apps: [{ app: "CRM", role: "ADMIN" }] } }), "FORBIDDEN");
    const set = await ok(server.gql(org.adminToken, SET_APPS, { input: { userId: org.target.id, apps: [{ app: "SOCIAL", role: "ADMIN" }, { app: "CRM", role: "USER" }] } }));
    expect(set.setUserApps.apps).toEqual([{ app: "CRM", role: "USER" }, { app: "SOCIAL", role: "ADMIN" }]);
    const appsEntry = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 1, filter: { action: "user.apps_changed" } }));
    expect(appsEntry.auditLog.edges[0].node).toEqual(
      expect.objectContaining({
        before: { apps: [{ app: "CRM", role: "USER" }] },
        after: { apps: [{ app: "CRM", role: "USER" }, { app: "SOCIAL", role: "ADMIN" }] },
      }),
    );
  });

  it("activateUser, reinviteUser, acceptInvitation refuse bad input", async () => {
    const org = await createAdminOrg(server);
    const other = await createOrg(server);
    expectError(await server.gql(org.adminToken, ACTIVATE, { id: "x" }), "BAD_USER_INPUT", "id");
    expectError(await server.gql(org.adminToken, ACTIVATE, { id: org.target.id }), "CONFLICT", "id");
    expectError(await server.gql(org.adminToken, ACTIVATE, { id: org.invited.id }), "CONFLICT", "id");
    expectError(await server.gql(other.adminToken, ACTIVATE, { id: org.inactive.id }), "NOT_FOUND", "id");
    expectError(await server.gql(other.adminToken, REINVITE, { id: org.invited.id }), "NOT_FOUND", "id");
    expectError(await server.gql(other.adminToken, DEACTIVATE, { id: org.target.id }), "NOT_FOUND", "id");
    expectError(await server.gql(null, ACCEPT, { input: { token: "crm_inv_nothing" } }), "UNAUTHENTICATED");
    expectError(await server.gql(null, ACCEPT, { input: { token: "" } }), "BAD_USER_INPUT");
    // Deactivating an invited user revokes the invitation.
    await ok(server.gql(org.adminToken, DEACTIVATE, { id: org.invited.id }));
    expectError(await server.gql(null, ACCEPT, { input: { token: org.invited.token } }), "UNAUTHENTICATED");
  });
});

describe("the audit log (ADM-6)", () => {
  it("filters by actor, target, action and time, pages by keyset, names integration keys and never holds secrets", async () => {
    const org = await createAdminOrg(server);
    const key = await ok(server.gql(org.adminToken, `mutation { createIntegrationKey(name: "Feed", requireSignature: true) { id key signingSecret } }`));
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { revokeIntegrationKey(id: $id) }`, { id: key.createIntegrationKey.id }));
    await ok(server.gql(org.adminToken, `mutation { addPicklistValue(input: { module: LEADS, field: "status", value: "Nurturing" }) { values } }`));
    await ok(
      server.gql(org.adminToken, `mutation { createCustomField(input: { module: LEADS, name: "tier", label: "Tier", type: PICKLIST, options: ["A", "B"] }) { id } }`),
    );
    const actions = await auditActions(server, org);
    expect(actions.slice(0, 4)).toEqual(["custom_field.created", "picklist.value_added", "integration_key.revoked", "integration_key.created"]);
    const all = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 100 }));
    const text = JSON.stringify(all);
    expect(text).not.toContain(key.createIntegrationKey.key);
    expect(text).not.toContain(key.createIntegrationKey.signingSecret);
    const created = all.auditLog.edges.find((e: any) => e.node.action === "integration_key.created").node;
    expect(created).toEqual(expect.objectContaining({ targetId: key.createIntegrationKey.id, before: null, after: expect.objectContaining({ name: "Feed", requireSignature: true }) }));
    const picklist = all.auditLog.edges.find((e: any) => e.node.action === "picklist.value_added").node;
    expect(picklist.after.values).toContain("Nurturing");
    expect(picklist.before.values).not.toContain("Nurturing");

    // Filters.
    const bySuite = await ok(server.gql(org.adminToken, AUDIT_LOG, { filter: { actorId: org.adminId } }));
    expect(bySuite.auditLog.totalCount).toBe(all.auditLog.totalCount);
    const byNobody = await ok(server.gql(org.adminToken, AUDIT_LOG, { filter: { actorId: org.plain.id } }));
    expect(byNobody.auditLog.totalCount).toBe(0);
    const byTarget = await ok(server.gql(org.adminToken, AUDIT_LOG, { filter: { targetId: org.suiteAdmin.id } }));
    expect(byTarget.auditLog.edges.map((e: any) => e.node.action)).toEqual(["user.admin_level_changed", "user.created"]);
    const byAction = await ok(server.gql(org.adminToken, AUDIT_LOG, { filter: { action: "user.deactivated" } }));
    expect(byAction.auditLog.edges.map((e: any) => e.node.targetId)).toEqual([org.inactive.id]);
    const future = await ok(server.gql(org.adminToken, AUDIT_LOG, { filter: { from: new Date(Date.now() + 60_000).toISOString() } }));
    expect(future.auditLog.totalCount).toBe(0);
    const past = await ok(server.gql(org.adminToken, AUDIT_LOG, { filter: { to: new Date(Date.now() + 60_000).toISOString() } }));
    expect(past.auditLog.totalCount).toBe(all.auditLog.totalCount);
    expectError(await server.gql(org.adminToken, AUDIT_LOG, { filter: { from: new Date().toISOString(), to: new Date(0).toISOString() } }), "BAD_USER_INPUT", "filter.to");
    expectError(await server.gql(org.adminToken, AUDIT_LOG, { filter: { actorId: "x" } }), "BAD_USER_INPUT", "filter.actorId");
    expectError(await server.gql(org.adminToken, AUDIT_LOG, { filter: { actorId: org.orgId } }), "BAD_USER_INPUT", "filter.actorId");
    const byKey = await ok(server.gql(org.adminToken, AUDIT_LOG, { filter: { actorId: key.createIntegrationKey.id } }));
    expect(byKey.auditLog.totalCount).toBe(0);
    // The bootstrap is the first entry, by the account admin.
    const first = all.auditLog.edges.at(-1).node;
    expect(first).toEqual(expect.objectContaining({ action: "organization.created", targetId: org.orgId, before: null, actor: expect.objectContaining({ id: org.adminId }) }));
    expectError(await server.gql(org.adminToken, AUDIT_LOG, { first: 101 }), "BAD_USER_INPUT", "first");

    // Keyset pages: the same entries, in the same order, without overlap.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 3, after }));
      seen.push(...page.auditLog.edges.map((e: any) => e.node.id));
      if (!page.auditLog.pageInfo.hasNextPage) break;
      after = page.auditLog.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.auditLog.edges.map((e: any) => e.node.id));

    // Another org sees none of it; the entries are also reachable with node(id:), for admins only.
    const other = await createOrg(server);
    const otherLog = await ok(server.gql(other.adminToken, AUDIT_LOG, {}));
    expect(otherLog.auditLog.edges.map((e: any) => e.node.id)).not.toContain(seen[0]);
    const NODE = `query($id: ID!) { node(id: $id) { id ... on AuditEntry { action } } }`;
    expect((await ok(server.gql(org.adminToken, NODE, { id: seen[0] }))).node.id).toBe(seen[0]);
    expectError(await server.gql(other.adminToken, NODE, { id: seen[0] }), "NOT_FOUND", "id");
    expectError(await server.gql(org.plain.token, NODE, { id: seen[0] }), "NOT_FOUND", "id");
  });

  it("offers no way to change or delete an entry, and the database refuses a change", async () => {
    const res = await ok(server.gql(null, `{ __schema { mutationType { fields { name } } } }`));
    const names: string[] = res.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n) => /audit/i.test(n))).toEqual([]);
    const org = await createOrg(server);
    await createUser(server, org);
    const db = server.app.database.db;
    await expect(db.update(auditEntries).set({ action: "forged" }).where(eq(auditEntries.orgId, dbIdOf(org.orgId)))).rejects.toThrow();
    expect(await auditActions(server, org)).toEqual(["user.created", "organization.created"]);
  });
});
