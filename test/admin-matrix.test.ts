import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminState, createAdminOrg, DEACTIVATE, DELETE_USER, REINVITE, SET_ADMIN_LEVEL, ACTIVATE, type AdminOrg } from "./helpers/admin.js";
import { unique, type TestOrg } from "./helpers/fixtures.js";
import { startServer, type GraphQLResponse, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

type Caller = "accountAdmin" | "suiteAdmin" | "appAdmin" | "plainUser";
const CALLERS: Caller[] = ["accountAdmin", "suiteAdmin", "appAdmin", "plainUser"];
const tokenOf = (org: AdminOrg, caller: Caller) =>
  ({ accountAdmin: org.adminToken, suiteAdmin: org.suiteAdmin.token, appAdmin: org.appAdmin.token, plainUser: org.plain.token })[caller];

interface Row {
  /** The operation, as the matrix of ADM-3 names it. */
  operation: string;
  run: (org: AdminOrg, token: string) => Promise<GraphQLResponse>;
  /** Who may: the rest get FORBIDDEN. */
  allowed: Caller[];
  /** The audit action an allowed call writes once; null for reads. */
  audit: string | null;
}

const A: Caller[] = ["accountAdmin"];
const AS: Caller[] = ["accountAdmin", "suiteAdmin"];

/** ADM-3, cell by cell: the operation, and who may do it. */
const MATRIX: Row[] = [
  {
    operation: "change the account admin",
    run: (o, t) => server.gql(t, `mutation($id: ID!) { changeAccountAdmin(userId: $id) { id adminLevel } }`, { id: o.target.id }),
    allowed: A,
    audit: "organization.account_admin_changed",
  },
  {
    operation: "change the portal URL",
    run: (o, t) => server.gql(t, `mutation { updateOrganization(input: { portalUrl: "https://crm.example.com/acme" }) { portalUrl } }`),
    allowed: A,
    audit: "organization.updated",
  },
  {
    operation: "update organisation details",
    run: (o, t) => server.gql(t, `mutation { updateOrganization(input: { name: "Renamed", timeZone: "Asia/Tokyo" }) { name } }`),
    allowed: A,
    audit: "organization.updated",
  },
  {
    operation: "add a suite admin",
    run: (o, t) => server.gql(t, SET_ADMIN_LEVEL, { input: { userId: o.target.id, level: "SUITE_ADMIN" } }),
    allowed: AS,
    audit: "user.admin_level_changed",
  },
  {
    operation: "remove a suite admin",
    run: (o, t) => server.gql(t, SET_ADMIN_LEVEL, { input: { userId: o.suiteAdmin.id, level: "NONE" } }),
    allowed: AS,
    audit: "user.admin_level_changed",
  },
  {
    operation: "add a user",
    run: (o, t) =>
      server.gql(t, `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
        input: { name: "New", email: `${unique("new")}@example.com` },
      }),
    allowed: AS,
    audit: "user.created",
  },
  { operation: "activate a user", run: (o, t) => server.gql(t, ACTIVATE, { id: o.inactive.id }), allowed: AS, audit: "user.activated" },
  { operation: "deactivate a user", run: (o, t) => server.gql(t, DEACTIVATE, { id: o.target.id }), allowed: AS, audit: "user.deactivated" },
  { operation: "re-invite a user", run: (o, t) => server.gql(t, REINVITE, { id: o.invited.id }), allowed: AS, audit: "user.reinvited" },
  {
    operation: "export a user's data",
    run: (o, t) => server.gql(t, `mutation($id: ID!) { exportUserData(userId: $id) { url } }`, { id: o.target.id }),
    allowed: AS,
    audit: "user.exported",
  },
  {
    operation: "delete a user",
    run: (o, t) => server.gql(t, DELETE_USER, { input: { id: o.target.id, reassignTo: o.plain.id } }),
    allowed: AS,
    audit: "user.deleted",
  },
  {
    operation: "enable or disable a user's access to an app (the caller's own app)",
    run: (o, t) =>
      server.gql(t, `mutation($input: SetUserAppsInput!) { setUserApps(input: $input) { id apps { app role } } }`, {
        input: { userId: o.target.id, apps: [{ app: "CRM", role: "ADMIN" }] },
      }),
    allowed: [...AS, "appAdmin"],
    audit: "user.apps_changed",
  },
  {
    operation: "enable or disable a user's access to an app (another app)",
    run: (o, t) =>
      server.gql(t, `mutation($input: SetUserAppsInput!) { setUserApps(input: $input) { id apps { app role } } }`, {
        input: { userId: o.target.id, apps: [{ app: "CRM", role: "USER" }, { app: "SOCIAL", role: "USER" }] },
      }),
    allowed: AS,
    audit: "user.apps_changed",
  },
  {
    operation: "update a user's details",
    run: (o, t) => server.gql(t, `mutation($id: ID!) { updateUser(id: $id, input: { name: "Renamed User" }) { name } }`, { id: o.target.id }),
    allowed: AS,
    audit: "user.updated",
  },
  {
    operation: "upgrade or change the subscription",
    run: (o, t) => server.gql(t, `mutation { changeSubscription(input: { plan: PROFESSIONAL }) { plan trial userLimit } }`),
    allowed: AS,
    audit: "subscription.changed",
  },
  {
    operation: "view subscription details",
    run: (o, t) => server.gql(t, `{ subscriptionDetails { plan trial userLimit activeUsers invitedUsers } }`),
    allowed: [...AS, "appAdmin"],
    audit: null,
  },
  {
    operation: "view the audit log",
    run: (o, t) => server.gql(t, `{ auditLog(first: 5) { totalCount } }`),
    allowed: AS,
    audit: null,
  },
];

const CELLS = MATRIX.flatMap((row) => CALLERS.map((caller) => ({ ...row, caller, expected: row.allowed.includes(caller) ? "allowed" : "FORBIDDEN" })));

describe("the operations matrix (ADM-3), cell by cell", () => {
  it.each(CELLS)("$operation by the $caller: $expected", async ({ run, caller, expected, audit }) => {
    const org = await createAdminOrg(server);
    const before = await adminState(server, org);
    const res = await run(org, tokenOf(org, caller));
    const after = await adminState(server, org as TestOrg);
    if (expected === "FORBIDDEN") {
      expect(res.errors?.[0]?.extensions.code, JSON.stringify(res)).toBe("FORBIDDEN");
      expect(after).toEqual(before);
    } else {
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const added = after.auditLog.totalCount - before.auditLog.totalCount;
      if (audit === null) {
        expect(added).toBe(0);
      } else {
        expect(added).toBe(1);
        expect(after.auditLog.edges[0].node.action).toBe(audit);
      }
    }
  });
});
