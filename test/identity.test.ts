import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countOf, createOrg, createUser, expectError, ok, unique } from "./helpers/fixtures.js";
import { BOOTSTRAP_SECRET, startServer, wsRequest, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id name timeZone } admin { id email adminLevel } token } }`;
const orgInput = (overrides: Record<string, unknown> = {}) => ({
  name: unique("Org"),
  admin: { name: "Admin", email: `${unique("a")}@example.com` },
  ...overrides,
});

describe("bootstrap (CORE-2, CORE-3)", () => {
  it("creates an org whose admin token answers me", async () => {
    const res = await server.gql(null, CREATE_ORG, { input: orgInput({ timeZone: "Asia/Tokyo" }) }, { "x-bootstrap-secret": BOOTSTRAP_SECRET });
    const payload = (await ok(Promise.resolve(res))).createOrganization;
    expect(payload.organization.timeZone).toBe("Asia/Tokyo");
    expect(payload.admin.adminLevel).toBe("ACCOUNT_ADMIN");
    const me = await ok(server.gql(payload.token, `{ me { id email organization { id } } }`));
    expect(me.me).toEqual({ id: payload.admin.id, email: payload.admin.email, organization: { id: payload.organization.id } });
  });

  it("refuses a missing or wrong bootstrap secret", async () => {
    expectError(await server.gql(null, CREATE_ORG, { input: orgInput() }), "FORBIDDEN");
    expectError(await server.gql(null, CREATE_ORG, { input: orgInput() }, { "x-bootstrap-secret": "wrong-secret-wrong-secret" }), "FORBIDDEN");
  });

  it("names the offending field of bad input", async () => {
    const headers = { "x-bootstrap-secret": BOOTSTRAP_SECRET };
    expectError(await server.gql(null, CREATE_ORG, { input: orgInput({ timeZone: "Mars/Olympus" }) }, headers), "BAD_USER_INPUT", "input.timeZone");
    expectError(await server.gql(null, CREATE_ORG, { input: orgInput({ admin: { name: "A", email: "not-an-email" } }) }, headers), "BAD_USER_INPUT", "input.admin.email");
    expectError(await server.gql(null, CREATE_ORG, { input: { admin: { name: "A", email: "a@example.com" } } }, headers), "BAD_USER_INPUT", "input.name");
  });
});

describe("users and tokens (CORE-2, CORE-3, ADM-4)", () => {
  it("an admin adds users; a plain user may not", async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const me = await ok(server.gql(user.token, `{ me { id apps { app role } } }`));
    expect(me.me).toEqual({ id: user.id, apps: [{ app: "CRM", role: "USER" }] });
    const res = await server.gql(user.token, `mutation { createUser(input: { name: "X", email: "x@example.com" }) { token } }`);
    expectError(res, "FORBIDDEN");
    expect((await ok(server.gql(org.adminToken, `{ users { totalCount } }`))).users.totalCount).toBe(2);
  });

  it("refuses a duplicate email (case-insensitive) with CONFLICT and stores nothing", async () => {
    const org = await createOrg(server);
    const email = `${unique("dup")}@example.com`;
    await ok(server.gql(org.adminToken, `mutation($e: String!) { createUser(input: { name: "A", email: $e }) { token } }`, { e: email }));
    const res = await server.gql(org.adminToken, `mutation($e: String!) { createUser(input: { name: "B", email: $e }) { token } }`, { e: email.toUpperCase() });
    expectError(res, "CONFLICT", "input.email");
    expect((await ok(server.gql(org.adminToken, `{ users { totalCount } }`))).users.totalCount).toBe(2);
  });

  it("a trial org stops at 10 users", async () => {
    const org = await createOrg(server, { trial: true });
    for (let i = 0; i < 9; i++) await createUser(server, org);
    const res = await server.gql(org.adminToken, `mutation { createUser(input: { name: "Eleven", email: "eleven@example.com" }) { token } }`);
    expectError(res, "LIMIT_EXCEEDED");
    expect((await ok(server.gql(org.adminToken, `{ users { totalCount } }`))).users.totalCount).toBe(10);
  });

  it("a revoked token stops working at once; a bad token is UNAUTHENTICATED with 401", async () => {
    const org = await createOrg(server);
    const created = (await ok(server.gql(org.adminToken, `mutation { createApiToken(name: "ci") { token apiToken { id } } }`))).createApiToken;
    expect((await ok(server.gql(created.token, `{ me { id } }`))).me.id).toBe(org.adminId);
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: created.apiToken.id }));
    const res = await server.gql(created.token, `{ me { id } }`);
    expect(res.status).toBe(401);
    expectError(res, "UNAUTHENTICATED");
    expectError(await server.gql("crm_pat_nope", `{ me { id } }`), "UNAUTHENTICATED");
    expectError(await server.gql(null, `{ me { id } }`), "UNAUTHENTICATED");
  });

  it("integration keys are for CRM admins and cannot act as a user", async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    expectError(await server.gql(user.token, `mutation { createIntegrationKey(name: "x") { key } }`), "FORBIDDEN");
    const key = (await ok(server.gql(org.adminToken, `mutation { createIntegrationKey(name: "desk") { id key } }`))).createIntegrationKey;
    expect(key.key).toMatch(/^crm_ik_/);
    expectError(await server.gql(key.key, `{ me { id } }`), "UNAUTHENTICATED");
    expectError(await server.gql(key.key, `{ leads { totalCount } }`), "UNAUTHENTICATED");
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { revokeIntegrationKey(id: $id) }`, { id: key.id }));
    const afterRevoke = await server.gql(key.key, `{ me { id } }`);
    expect(afterRevoke.status).toBe(401);
  });

  it("a user without CRM access gets FORBIDDEN on records", async () => {
    const org = await createOrg(server);
    const deskOnly = await createUser(server, org, [{ app: "DESK", role: "USER" }]);
    expectError(await server.gql(deskOnly.token, `{ leads { totalCount } }`), "FORBIDDEN");
    expect(await countOf(server, org.adminToken, "leads")).toBe(0);
  });
});

describe("WebSocket (graphql-ws)", () => {
  it("answers operations with the token from connectionParams", async () => {
    const org = await createOrg(server);
    const client = server.ws(org.adminToken);
    const result = await wsRequest(client, `{ me { id } }`);
    expect(result).toEqual({ data: { me: { id: org.adminId } } });
  });

  it("closes with 4403 on a bad or missing token", async () => {
    for (const token of ["crm_pat_bad", null]) {
      const code = await new Promise<number>((resolve) => {
        const client = server.ws(token, { onClose: resolve });
        wsRequest(client, `{ me { id } }`).catch(() => {});
      });
      expect(code).toBe(4403);
    }
  });
});
