import { describe } from "vitest";
import { IngestSignalDocument } from "./generated/graphql.js";
import { buildSignal, createUser, expectError, ok } from "./helpers/fixtures.js";
import { startPrivateRedis } from "./helpers/faults.js";
import { test } from "./helpers/test.js";

const realServices = process.env.TEST_TARGET === "postgres" && !!process.env.TEST_REDIS_URL;
const ME = `{ me { id } }`;
const statements = (res: { extensions?: Record<string, unknown> }) => res.extensions?.sqlStatements as number;

/**
 * Authentications are cached per instance (issue 17) and every access change drops them at once:
 * on the instance that made it before the mutation answers, on the others through pub/sub.
 */
describe.concurrent("the authentication cache", () => {
  test("a token's second request reads no token; a revoked token is refused on the very next request", async ({ expect, org, server }) => {
    const created = (await ok(server.gql(org.adminToken, `mutation { createApiToken(name: "cache") { token apiToken { id } } }`))).createApiToken;
    const first = await server.gql(created.token, ME);
    const second = await server.gql(created.token, ME);
    expect(second.data).toEqual(first.data);
    // `me` reads the user: with the token read too, one statement more.
    expect(statements(second)).toBe(statements(first) - 1);
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: created.apiToken.id }));
    const refused = await server.gql(created.token, ME);
    expect(refused.status).toBe(401);
    expectError(refused, "UNAUTHENTICATED");
  });

  test("an admin level or an app granted or taken applies to the user's next request", async ({ expect, org, server }) => {
    const user = await createUser(server, org);
    const audit = `{ auditLog(first: 1) { edges { node { id } } } }`;
    expectError(await server.gql(user.token, audit), "FORBIDDEN");
    await ok(server.gql(org.adminToken, `mutation($u: ID!) { setAdminLevel(input: { userId: $u, level: SUITE_ADMIN }) { id } }`, { u: user.id }));
    await ok(server.gql(user.token, audit));
    await ok(server.gql(org.adminToken, `mutation($u: ID!) { setAdminLevel(input: { userId: $u, level: NONE }) { id } }`, { u: user.id }));
    expectError(await server.gql(user.token, audit), "FORBIDDEN");
    await ok(server.gql(user.token, `{ leads { totalCount } }`));
    await ok(server.gql(org.adminToken, `mutation($u: ID!) { setUserApps(input: { userId: $u, apps: [{ app: DESK, role: USER }] }) { id } }`, { u: user.id }));
    expectError(await server.gql(user.token, `{ leads { totalCount } }`), "FORBIDDEN");
  });

  test("a deactivated user and a revoked integration key are refused on their next request", async ({ expect, org, server }) => {
    const user = await createUser(server, org);
    await ok(server.gql(user.token, ME));
    await ok(server.gql(org.adminToken, `mutation($u: ID!) { deactivateUser(id: $u) { id } }`, { u: user.id }));
    expect((await server.gql(user.token, ME)).status).toBe(401);
    const key = (await ok(server.gql(org.adminToken, `mutation { createIntegrationKey(name: "cached") { id key } }`))).createIntegrationKey;
    const push = () => server.gql(key.key, IngestSignalDocument, { input: buildSignal({ recordId: "nope" }) });
    // Authenticated (the record is what is wrong), so the key is cached now.
    expectError(await push(), "BAD_USER_INPUT");
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { revokeIntegrationKey(id: $id) }`, { id: key.id }));
    expect((await push()).status).toBe(401);
  });
});

describe.runIf(realServices)("the authentication cache across instances", () => {
  test("a token revoked on one instance is refused by another that had it cached", async ({ expect, org, server, serve }) => {
    const b = await serve();
    const created = (await ok(server.gql(org.adminToken, `mutation { createApiToken(name: "multi") { token apiToken { id } } }`))).createApiToken;
    // Once B listens for access changes (it has just started), it keeps the token.
    await expect.poll(async () => statements(await ok(b.gql(created.token, ME)).then(() => b.gql(created.token, ME)))).toBe(1);
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: created.apiToken.id }));
    // B hears of it through Redis, within the time a message takes.
    await expect.poll(async () => (await b.gql(created.token, ME)).status, { timeout: 2000, interval: 20 }).toBe(401);
  });

  test("with Redis away nothing is served from the cache, so a revocation whose message is lost still counts", async ({ expect, org, server, serve, dispose }) => {
    const redis = await startPrivateRedis();
    dispose(() => redis.kill());
    const env = { REDIS_URL: redis.url };
    const [a, b] = [await serve(env), await serve(env)];
    const created = (await ok(a.gql(org.adminToken, `mutation { createApiToken(name: "away") { token apiToken { id } } }`))).createApiToken;
    await expect.poll(async () => statements(await ok(b.gql(created.token, ME)).then(() => b.gql(created.token, ME)))).toBe(1);
    await redis.kill();
    await expect.poll(() => b.app.deps.pubsub.connected()).toBe(false);
    // A's message is lost with Redis; B reads the token again and finds it revoked.
    await ok(a.gql(org.adminToken, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: created.apiToken.id }));
    expect((await b.gql(created.token, ME)).status).toBe(401);
    void server;
  });
});
