import { expect } from "vitest";
import { createOrg, createUser, ok, unique, type TestOrg } from "./fixtures.js";
import type { TestServer } from "./server.js";

/** An org with one user at each admin level, a plain target user, a deactivated and an invited user. */
export interface AdminOrg extends TestOrg {
  suiteAdmin: { id: string; token: string };
  appAdmin: { id: string; token: string };
  plain: { id: string; token: string };
  target: { id: string; token: string };
  inactive: { id: string; token: string };
  invited: { id: string; token: string };
}

export const SET_ADMIN_LEVEL = `mutation($input: SetAdminLevelInput!) { setAdminLevel(input: $input) { id adminLevel } }`;
export const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { id status } }`;
export const ACTIVATE = `mutation($id: ID!) { activateUser(id: $id) { id status } }`;
export const REINVITE = `mutation($id: ID!) { reinviteUser(id: $id) { id status invitationToken } }`;
export const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { user { id status } token } }`;
export const DELETE_USER = `mutation($input: DeleteUserInput!) { deleteUser(input: $input) }`;
export const INVITE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id status invitationToken } token } }`;
export const AUDIT_LOG = `query($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id action targetId before after at requestId actor { id name status } actorIntegrationKeyId } }
    pageInfo { hasNextPage endCursor } totalCount } }`;

export async function createAdminOrg(server: TestServer, overrides: { trial?: boolean } = {}): Promise<AdminOrg> {
  const org = await createOrg(server, overrides);
  const suiteAdmin = await createUser(server, org);
  await ok(server.gql(org.adminToken, SET_ADMIN_LEVEL, { input: { userId: suiteAdmin.id, level: "SUITE_ADMIN" } }));
  const appAdmin = await createUser(server, org, [{ app: "CRM", role: "ADMIN" }]);
  const plain = await createUser(server, org);
  const target = await createUser(server, org);
  const inactive = await createUser(server, org);
  await ok(server.gql(org.adminToken, DEACTIVATE, { id: inactive.id }));
  const res = await ok(
    server.gql(org.adminToken, INVITE_USER, { input: { name: "Invitee", email: `${unique("invitee")}@example.com`, invite: true } }),
  );
  const invited = { id: res.createUser.user.id as string, token: res.createUser.token as string };
  return { ...org, suiteAdmin, appAdmin, plain, target, inactive, invited };
}

/** Everything an admin operation may change, read by the account admin: what a refused one must leave alone. */
export async function adminState(server: TestServer, org: TestOrg) {
  const res = await ok(
    server.gql(
      org.adminToken,
      `{ me { organization { name timeZone portalUrl plan trial } }
         users(first: 100) { totalCount edges { node { id name email status adminLevel apps { app role } } } }
         subscriptionDetails { plan activeUsers invitedUsers userLimit }
         auditLog(first: 100) { totalCount edges { node { action targetId } } } }`,
    ),
  );
  return res;
}

export async function auditActions(server: TestServer, org: TestOrg): Promise<string[]> {
  const res = await ok(server.gql(org.adminToken, AUDIT_LOG, { first: 100 }));
  expect(res.auditLog.pageInfo.hasNextPage).toBe(false);
  return res.auditLog.edges.map((e: { node: { action: string } }) => e.node.action);
}
