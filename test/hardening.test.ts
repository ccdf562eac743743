import { sql } from "drizzle-orm";
import { getIntrospectionQuery, parse } from "graphql";
import { describe, expect } from "vitest";
import WebSocket from "ws";
import { queryRows } from "../src/db/client.js";
import { signBody } from "../src/server/webhook-signature.js";
import { CREATE_LEAD, INGEST, buildSignal, countOf, createIntegrationKey, createLead, createOrg, createUser, expectError, ok, storedRows, type TestOrg } from "./helpers/fixtures.js";
import { startServer, wsResult, type TestServer } from "./helpers/server.js";
import { collect, rawSocket, settled } from "./helpers/subscriptions.js";
import { test } from "./helpers/test.js";

/** The file's server (`server`) has the default settings; `budgets` is the WebSocket budgets' own. */
const it = test.extend<{ budgets: TestServer; raw: (headers?: Record<string, string>, on?: TestServer) => ReturnType<typeof rawSocket> }>({
  budgets: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use: (server: TestServer) => Promise<void>) => {
      const server = await startServer({ WS_INIT_TIMEOUT_MS: "300", WS_SUBSCRIBE_RATE: "60", ALLOWED_ORIGINS: "https://app.example.com" });
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: "file" },
  ],
  /** A raw graphql-ws socket on `on` (the budgets' server by default), closed after the test. */
  raw: async ({ budgets, dispose }, use) => {
    await use((headers = {}, on = budgets) => {
      const raw = rawSocket(on, headers);
      dispose(() => raw.socket.terminate());
      return raw;
    });
  },
});

const fits = (doc: string) => {
  try {
    parse(doc, { maxTokens: 1000 });
    return true;
  } catch {
    return false;
  }
};

describe("database timeouts", () => {
  // PostgreSQL only: PGlite ignores statement_timeout and cannot survive the idle timeout.
  it.runIf(process.env.TEST_TARGET === "postgres")("sets statement_timeout and idle_in_transaction_session_timeout on every connection", async ({ serve }) => {
    const server = await serve({ DATABASE_STATEMENT_TIMEOUT_MS: "300", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "4000" });
    const db = server.app.database.db;
    const [row] = await queryRows<{ s: string; i: string }>(
      db,
      sql`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`,
    );
    expect(row).toEqual({ s: "300ms", i: "4s" });
    // A statement running past the timeout is cancelled by the server.
    const error = await queryRows(db, sql`select pg_sleep(2)`).catch((e: Error & { cause?: Error }) => e);
    expect(String((error as Error & { cause?: Error }).cause?.message)).toMatch(/statement timeout/);
  });
});

/** Both transports: the HTTP response's and the WebSocket result's errors. */
async function onBoth(server: TestServer, token: string, query: string, variables?: Record<string, unknown>) {
  const http = await server.gql(token, query, variables);
  const ws = await wsResult(server.ws(token), query, variables);
  return { http, ws };
}

async function expectLimit(server: TestServer, token: string, query: string, limit: string | null, variables?: Record<string, unknown>) {
  const { http, ws } = await onBoth(server, token, query, variables);
  for (const [name, errors] of [["http", http.errors], ["ws", ws.errors]] as const) {
    if (limit === null) expect(errors, `${name}: ${JSON.stringify(errors)}`).toBeUndefined();
    else expect(errors?.[0]?.extensions, name).toMatchObject({ code: "LIMIT_EXCEEDED", limit });
  }
  if (limit !== null) expect(http.status).toBe(400);
}

describe.concurrent("one policy for HTTP and WebSocket (limits at N and N+1)", () => {
  it("depth 8", async ({ expect, server, org }) => {
    const deep = (leaf: string) =>
      `query($id: ID!) { node(id: $id) { ... on Lead { timeline(first: 1) { edges { node { collapsedFollowUps(first: 1) { edges { node { ${leaf} } } } } } } } } }`;
    const lead = await createLead(server, org.adminToken);
    await expectLimit(server, org.adminToken, deep("id"), null, { id: lead.id });
    await expectLimit(server, org.adminToken, deep("performedBy { id }"), "depth", { id: lead.id });
  });

  it("15 aliases", async ({ expect, server, org }) => {
    // (graphql-armor does not count aliases of __typename)
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
    await expectLimit(server, org.adminToken, aliased(15), null);
    await expectLimit(server, org.adminToken, aliased(16), "aliases");
  });

  it("50 directives", async ({ expect, server, org }) => {
    const directed = (n: number) => `{ ${Array.from({ length: n }, () => "... on Query @include(if: true) { __typename }").join(" ")} }`;
    await expectLimit(server, org.adminToken, directed(50), null);
    await expectLimit(server, org.adminToken, directed(51), "directives");
  });

  it("1000 tokens", async ({ expect, server, org }) => {
    const doc = (n: number) => `{ ${"__typename ".repeat(n)}}`;
    // The largest document of this shape within 1000 tokens, as graphql-js counts them.
    let n = 1;
    while (fits(doc(n + 1))) n++;
    await expectLimit(server, org.adminToken, doc(n), null);
    await expectLimit(server, org.adminToken, doc(n + 1), "tokens");
  });

  it("cost 5000, with page sizes from literals and variables alike", async ({ expect, server, org }) => {
    // leads (1) + 100 × (edges + node + 47 ids) + t × __typename
    const priced = (t: number, first = "100") =>
      `query${first === "$n" ? "($n: Int!)" : ""} { leads(first: ${first}) { edges { node { ${"id ".repeat(47)}} } } ${"__typename ".repeat(t)}}`;
    await expectLimit(server, org.adminToken, priced(99), null);
    await expectLimit(server, org.adminToken, priced(100), "cost");
    await expectLimit(server, org.adminToken, priced(100, "$n"), "cost", { n: 100 });
    await expectLimit(server, org.adminToken, priced(100, "$n"), null, { n: 99 });
    // A variable left out is priced at its declared default.
    const defaulted = (n: number) => `query($n: Int = ${n}) { leads(first: $n) { edges { node { ${"id ".repeat(47)}} } } ${"__typename ".repeat(100)}}`;
    await expectLimit(server, org.adminToken, defaulted(100), "cost", {});
    await expectLimit(server, org.adminToken, defaulted(99), null, {});
  });

  it("introspection cannot fan out: graphql-js's introspection depth rule runs on both transports", async ({ expect, server, org }) => {
    // Depth and cost leave introspection alone (so GraphiQL's own query passes); this rule stops
    // the nesting that would multiply `fields` by itself.
    const nested = `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`;
    const { http, ws } = await onBoth(server, org.adminToken, nested);
    for (const errors of [http.errors, ws.errors]) expect(errors?.[0]?.message).toMatch(/Maximum introspection depth exceeded/);
    const graphiql = getIntrospectionQuery();
    expect((await server.gql(org.adminToken, graphiql)).errors).toBeUndefined();
  });

  it("a bad operation is an error for that operation: the other subscriptions on the socket go on", async ({ expect, server, org, ws }) => {
    const lead = await createLead(server, org.adminToken);
    const key = (await createIntegrationKey(server, org)).key;
    const closes: number[] = [];
    const client = ws(org.adminToken, { onClose: (code) => closes.push(code) });
    const live = collect(client, `subscription($id: ID!) { timelineEntryAdded(recordId: $id) { id } }`, { id: lead.id });
    await settled(client);
    for (const bad of ["subscription {", "{ nope }", `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(" ")} }`, "query A { __typename } query B { __typename }"]) {
      const res = await wsResult(client, bad);
      expect(res.errors?.length, `${bad}: ${JSON.stringify(res)}`).toBeGreaterThan(0);
    }
    const pushed = (await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }))).ingestSignal;
    await live.waitFor(1);
    expect(live.results).toEqual([{ data: { timelineEntryAdded: { id: pushed.entry.id } } }]);
    expect(closes).toEqual([]);
  });
});

describe("introspection and schema details follow one setting on both transports", () => {
  const INTROSPECT = `{ __schema { queryType { name } } }`;

  it("on by default outside production", async ({ server, org }) => {
    const { http, ws } = await onBoth(server, org.adminToken, INTROSPECT);
    expect(http.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    expect(ws.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("off in production (unless GRAPHQL_INTROSPECTION=true), without 'Did you mean' hints", async ({ serve }) => {
    const server = await serve({ NODE_ENV: "production" });
    const org = await createOrg(server);
    const { http, ws } = await onBoth(server, org.adminToken, INTROSPECT);
    for (const errors of [http.errors, ws.errors]) {
      expect(errors?.[0]?.message).toMatch(/introspection/i);
      expect(errors?.[0]?.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    }
    const typo = await onBoth(server, org.adminToken, `{ leds(first: 1) { totalCount } }`);
    for (const errors of [typo.http.errors, typo.ws.errors]) {
      expect(errors?.[0]?.message).toBe('Cannot query field "leds" on type "Query".');
    }
    expect((await onBoth(server, org.adminToken, `{ __typename }`)).http.data).toEqual({ __typename: "Query" });
    const enabled = await serve({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" });
    const enabledOrg = await createOrg(enabled);
    const allowed = await onBoth(enabled, enabledOrg.adminToken, INTROSPECT);
    for (const result of [allowed.http, allowed.ws]) {
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    }
  });
});

describe("unexpected errors are masked on both transports", () => {
  it("a database fault reaches the client as 'Internal server error', without SQL", async ({ serve }) => {
    // A private database, damaged on purpose.
    const server = await serve({}, { embedded: true });
    const org = await createOrg(server);
    await queryRows(server.app.database.db, sql`drop table timeline_interval_averages`);
    const { http, ws } = await onBoth(server, org.adminToken, `{ timelineAverages { module } }`);
    for (const [name, errors] of [["http", http.errors], ["ws", ws.errors]] as const) {
      expect(errors, name).toHaveLength(1);
      expect(errors![0]!.message, name).toBe("Internal server error");
      expect(errors![0]!.extensions, name).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    }
    expect(JSON.stringify([http, ws])).not.toMatch(/relation|timeline_interval_averages|select|stack/i);
  });
});

describe.concurrent("WebSocket budgets", () => {
  async function initialised(raw: ReturnType<typeof rawSocket>, org: TestOrg) {
    await raw.opened;
    raw.socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${org.adminToken}` } }));
    await raw.until(() => raw.messages.some((m) => m.type === "connection_ack"));
    return raw;
  }

  it("closes a socket that does not initialise in time with 4408", async ({ expect, raw: socket }) => {
    const raw = socket();
    await raw.opened;
    expect(await raw.closed).toBe(4408);
  });

  it("closes with 1009 on a frame over 64 KiB; a frame just under passes", async ({ expect, budgets: server, raw: socket }) => {
    const org = await createOrg(server);
    const raw = await initialised(socket(), org);
    const query = (size: number) => `{ __typename }#${"x".repeat(size)}`;
    const frame = (size: number) => JSON.stringify({ id: "1", type: "subscribe", payload: { query: query(size) } });
    const fits = 64 * 1024 - frame(0).length;
    // A comment is a single token: only the frame size matters here.
    raw.socket.send(frame(fits));
    await raw.until(() => raw.messages.some((m) => m.id === "1" && m.type === "complete"));
    expect(raw.messages.find((m) => m.id === "1" && m.type === "next")?.payload).toEqual({ data: { __typename: "Query" } });
    raw.socket.send(JSON.stringify({ id: "2", type: "subscribe", payload: { query: query(fits + 1) } }));
    expect(await raw.closed).toBe(1009);
  });

  it("refuses a 51st concurrent operation on one connection, for that operation only", async ({ expect, budgets: server, raw: socket }) => {
    const org = await createOrg(server);
    const lead = await createLead(server, org.adminToken);
    const raw = await initialised(socket(), org);
    const subscribe = (id: string) =>
      raw.socket.send(JSON.stringify({ id, type: "subscribe", payload: { query: `subscription($r: ID!) { timelineEntryAdded(recordId: $r) { id } }`, variables: { r: lead.id } } }));
    for (let i = 1; i <= 51; i++) subscribe(`s${i}`);
    expect(await raw.until(() => raw.messages.some((m) => m.id === "s51"))).toBe(true);
    expect(raw.messages.find((m) => m.id === "s51")).toMatchObject({ type: "error", payload: [{ extensions: { code: "LIMIT_EXCEEDED", limit: "subscriptions", max: 50 } }] });
    expect(raw.messages.filter((m) => m.type === "error" && m.id !== "s51")).toEqual([]);
    // Finishing one makes room again: the 52nd is served.
    raw.socket.send(JSON.stringify({ id: "s1", type: "complete" }));
    subscribe("s52");
    const key = (await createIntegrationKey(server, org)).key;
    // A signal reaches it once it is listening (pushed again until then: setting up is asynchronous).
    let served = false;
    for (let attempt = 0; attempt < 10 && !served; attempt++) {
      await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
      served = await raw.until(() => raw.messages.some((m) => m.id === "s52" && m.type === "next"), 500);
    }
    expect(served).toBe(true);
  });

  it("limits how many operations a connection starts in 10 seconds", async ({ expect, budgets: server, raw: socket }) => {
    const org = await createOrg(server);
    const raw = await initialised(socket(), org);
    // In tens, each ten finished before the next, so the concurrency limit stays out of the way.
    for (let i = 1; i <= 61; i++) {
      raw.socket.send(JSON.stringify({ id: `q${i}`, type: "subscribe", payload: { query: "{ __typename }" } }));
      if (i % 10 === 0) await raw.until(() => raw.messages.filter((m) => m.type === "complete").length === i);
    }
    await raw.until(() => raw.messages.some((m) => m.id === "q61"));
    expect(raw.messages.filter((m) => m.type === "complete")).toHaveLength(60);
    expect(raw.messages.find((m) => m.id === "q61")).toMatchObject({ type: "error", payload: [{ extensions: { code: "LIMIT_EXCEEDED", limit: "subscribeRate" } }] });
  });

  it("accepts allowed Origins and clients without one; refuses other Origins at the upgrade", async ({ expect, budgets: server, raw: socket }) => {
    const org = await createOrg(server);
    const allowed = await initialised(socket({ origin: "https://app.example.com" }), org);
    expect(allowed.messages.map((m) => m.type)).toEqual(["connection_ack"]);
    const refused = socket({ origin: "https://evil.example.net" });
    await expect(refused.opened).rejects.toThrow(/403/);
  });
});

describe("rate limits per token and per integration key, weighted by cost", () => {
  const ME = `{ me { id } }`; // costs 2

  it("answers LIMIT_EXCEEDED with a retry-after once a token's budget is spent, on both transports", async ({ serve }) => {
    const server = await serve({ RATE_LIMIT_POINTS: "10", RATE_LIMIT_WINDOW_SECONDS: "60" });
    const org = await createOrg(server);
    const [spender, other] = [await createUser(server, org), await createUser(server, org)];
    for (let i = 0; i < 5; i++) expect((await server.gql(spender.token, ME)).errors).toBeUndefined();
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${spender.token}` },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "rate", max: 10, retryAfterSeconds: retryAfter });
    // The same budget over WebSocket; another user's token has its own.
    expect((await wsResult(server.ws(spender.token), ME)).errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "rate" });
    // A heavier operation spends more of it: 4 + 4 = 8, then 12 > 10.
    expect((await server.gql(other.token, `{ me { id name email } }`)).errors).toBeUndefined();
    expect((await server.gql(other.token, `{ me { id name email } }`)).errors).toBeUndefined();
    expect((await server.gql(other.token, `{ me { id name email } }`)).errors?.[0]?.extensions.code).toBe("LIMIT_EXCEEDED");
  });

  it("tells anonymous callers apart by address, behind a trusted proxy by X-Forwarded-For", async ({ serve }) => {
    const server = await serve({ RATE_LIMIT_POINTS: "2", TRUST_PROXY: "loopback" });
    const anonymous = (address: string) =>
      fetch(server.url, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": address }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect((await anonymous("203.0.113.1")).status).toBe(200);
    expect((await anonymous("203.0.113.1")).status).toBe(200);
    expect((await anonymous("203.0.113.1")).status).toBe(429);
    expect((await anonymous("203.0.113.2")).status).toBe(200);
  });

  it("limits an integration key on the webhook with 429 and Retry-After", async ({ serve }) => {
    const server = await serve({ RATE_LIMIT_POINTS: "10" });
    const org = await createOrg(server);
    const key = (await createIntegrationKey(server, org)).key;
    const lead = await createLead(server, org.adminToken);
    const webhook = server.url.replace(/\/graphql$/, "/webhooks/signals");
    const push = () =>
      fetch(webhook, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(buildSignal({ recordId: lead.id })) });
    expect((await push()).status).toBe(200); // 4 points
    expect((await push()).status).toBe(200); // 8
    const limited = await push();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("LIMIT_EXCEEDED");
    // Nothing was stored by the refused push.
    expect((await storedRows(server, org)).interactions).toBe(2);
  });

  it.runIf(process.env.TEST_TARGET === "postgres" && !!process.env.TEST_REDIS_URL)("shares each budget across instances through Redis", async ({ serve }) => {
    const prefix = `crm-rl-shared-${process.pid}-${Date.now()}`;
    const [a, b] = await Promise.all([serve({ RATE_LIMIT_POINTS: "10", RATE_LIMIT_KEY_PREFIX: prefix }), serve({ RATE_LIMIT_POINTS: "10", RATE_LIMIT_KEY_PREFIX: prefix })]);
    const org = await createOrg(a);
    for (let i = 0; i < 5; i++) expect((await a.gql(org.adminToken, ME)).errors).toBeUndefined();
    expect((await b.gql(org.adminToken, ME)).errors?.[0]?.extensions.code).toBe("LIMIT_EXCEEDED");
  });
});

describe("signed webhook pushes (HMAC-SHA256)", () => {
  it("a key created with requireSignature accepts only bodies signed with its secret within 300 s", async ({ server, org }) => {
    const created = (await ok(server.gql(org.adminToken, `mutation { createIntegrationKey(name: "signed", requireSignature: true) { key signingSecret } }`))).createIntegrationKey;
    expect(created.signingSecret).toMatch(/^crm_whsec_/);
    const plain = (await ok(server.gql(org.adminToken, `mutation { createIntegrationKey(name: "plain") { key signingSecret } }`))).createIntegrationKey;
    expect(plain.signingSecret).toBeNull();
    const lead = await createLead(server, org.adminToken);
    const webhook = server.url.replace(/\/graphql$/, "/webhooks/signals");
    const push = (key: string, body: string, signature?: string) =>
      fetch(webhook, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...(signature ? { "x-crm-signature": signature } : {}) },
        body,
      });
    const body = () => JSON.stringify(buildSignal({ recordId: lead.id }));
    const now = Math.floor(Date.now() / 1000);
    const refused: [string, string | undefined][] = [
      ["no signature", undefined],
      ["another secret", signBody("crm_whsec_wrong", body())],
      ["too old", signBody(created.signingSecret, "", now - 301)],
      ["malformed", "v1=abc"],
    ];
    for (const [why, signature] of refused) {
      const b = body();
      const sig = why === "too old" ? signBody(created.signingSecret, b, now - 301) : signature;
      const res = await push(created.key, b, sig);
      expect(res.status, why).toBe(401);
      expect(((await res.json()) as { error: { code: string; field: string } }).error).toMatchObject({ code: "UNAUTHENTICATED", field: "x-crm-signature" });
    }
    // A signature of other bytes (the body was altered on the way).
    const original = body();
    expect((await push(created.key, original.replace("Our spring offer", "Our autumn offer"), signBody(created.signingSecret, original))).status).toBe(401);
    expect(await countSignals(server, org)).toBe(0);

    const signed = body();
    // Well inside the window (the clock is read again: the steps above take time on a busy machine).
    expect((await push(created.key, signed, signBody(created.signingSecret, signed, Math.floor(Date.now() / 1000) - 290))).status).toBe(200);
    // While rotating, several v1 values may be sent: one must match.
    const rotated = body();
    const t = Math.floor(Date.now() / 1000);
    const good = signBody(created.signingSecret, rotated, t).split(",")[1];
    expect((await push(created.key, rotated, `t=${t},v1=${"0".repeat(64)},${good}`)).status).toBe(200);
    // Keys without a secret do not need a signature.
    expect((await push(plain.key, body())).status).toBe(200);
    expect(await countSignals(server, org)).toBe(3);
    // Nor can the signed key skip the signature through /graphql.
    const viaGraphql = (signature?: string) => {
      const gqlBody = JSON.stringify({ query: INGEST, variables: { input: buildSignal({ recordId: lead.id }) } });
      return fetch(server.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${created.key}`,
          ...(signature === undefined ? {} : { "x-crm-signature": signature === "sign" ? signBody(created.signingSecret, gqlBody) : signature }),
        },
        body: gqlBody,
      });
    };
    const unsigned = await viaGraphql();
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0]!.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await viaGraphql(signBody("crm_whsec_wrong", "x"))).status).toBe(401);
    expect(await countSignals(server, org)).toBe(3);
    expect((await viaGraphql("sign")).status).toBe(200);
    expect(await countSignals(server, org)).toBe(4);
  });
});

async function countSignals(server: TestServer, org: TestOrg) {
  return (await storedRows(server, org)).interactions;
}

describe("strings PostgreSQL cannot store", () => {
  it("a NUL character or a lone surrogate anywhere in an argument is BAD_USER_INPUT naming it, and nothing is stored", async ({ server, org }) => {
    const key = (await createIntegrationKey(server, org)).key;
    const lead = await createLead(server, org.adminToken);
    expectError(await server.gql(org.adminToken, CREATE_LEAD, { input: { lastName: "a\u0000b" } }), "BAD_USER_INPUT", "input.lastName");
    expectError(await server.gql(org.adminToken, `{ leads(filter: { search: "x\u0000" }) { totalCount } }`), "BAD_USER_INPUT", "filter.search");
    expectError(await server.gql(org.adminToken, CREATE_LEAD, { input: { lastName: "x", email: "\ud800" } }), "BAD_USER_INPUT", "input.email");
    expectError(
      await server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, details: { subject: ["ok", "\u0000"] } }) }),
      "BAD_USER_INPUT",
      "input.details.subject.1",
    );
    expectError(
      await server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, details: { subject: "ok", "k\u0000": 1 } }) }),
      "BAD_USER_INPUT",
      "input.details",
    );
    // Nesting is capped before anything walks it recursively: over HTTP, the webhook and WebSocket.
    const nestedInput = JSON.stringify(buildSignal({ recordId: lead.id, details: { deep: "__DEEP__" } })).replace('"__DEEP__"', `${"[".repeat(100_000)}1${"]".repeat(100_000)}`);
    const nested = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: `{"query":${JSON.stringify(INGEST)},"variables":{"input":${nestedInput}}}`,
    });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors[0]).toMatchObject({
      message: "is nested more than 32 levels deep",
      extensions: { code: "BAD_USER_INPUT", field: `input.details.deep${".0".repeat(29)}` },
    });
    const hook = await fetch(server.url.replace(/\/graphql$/, "/webhooks/signals"), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: nestedInput,
    });
    expect(hook.status).toBe(400);
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    const overWs = await wsResult(server.ws(org.adminToken), `query($d: JSON) { __typename }`, { d: deep });
    expect(overWs.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await countOf(server, org.adminToken, "leads")).toBe(1);
    expect(await countSignals(server, org)).toBe(0);
  });
});

describe("HTTP bodies", () => {
  it("a body over 1 MiB is 413 LIMIT_EXCEEDED and malformed JSON is 400, both as GraphQL errors (no HTML, no stack)", async ({ server }) => {
    const post = (body: string) => fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body });
    const fits = JSON.stringify({ query: "{ __typename }", variables: { x: "" } });
    const padded = (n: number) => JSON.stringify({ query: "{ __typename }", variables: { x: "x".repeat(n) } });
    const atLimit = await post(padded(1024 * 1024 - fits.length));
    expect(atLimit.status).toBe(200);
    const over = await post(padded(1024 * 1024 - fits.length + 1));
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ errors: [{ message: "The request body is too large", extensions: { code: "LIMIT_EXCEEDED", limit: "body", max: 1024 * 1024 } }] });
    const malformed = await post("{nope");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_REQUEST" } }] });
  });
});

describe("WebSocket keepalive", () => {
  it("pings every WS_KEEPALIVE_MS and drops a client that stops answering", async ({ serve, dispose }) => {
    const server = await serve({ WS_KEEPALIVE_MS: "200" });
    const org = await createOrg(server);
    const open = (autoPong: boolean) => {
      const socket = new WebSocket(server.wsUrl, "graphql-transport-ws", { autoPong });
      dispose(() => socket.terminate());
      let pings = 0;
      socket.on("ping", () => pings++);
      const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
      socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${org.adminToken}` } })));
      return { socket, closed, pings: () => pings };
    };
    const answering = open(true);
    const silent = open(false);
    // The silent one is terminated after a ping goes unanswered (1006: no close frame).
    expect(await silent.closed).toBe(1006);
    // The answering one is pinged on, round after round, and kept: three pings, still open.
    await expect.poll(() => answering.pings(), { timeout: 5000, interval: 50 }).toBeGreaterThanOrEqual(3);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
  });
});

describe("settings", () => {
  it("reads every limit from the environment, and rejects bad values with the variable named", async () => {
    const { loadConfig, ConfigError } = await import("../src/config/config.js");
    const config = loadConfig({ GRAPHQL_MAX_DEPTH: "9", WS_MAX_PAYLOAD_BYTES: "2048", RATE_LIMIT_POINTS: "7", TRUST_PROXY: "true", ALLOWED_ORIGINS: "https://a.example, https://b.example" }, []);
    expect(config.limits).toMatchObject({ depth: 9, aliases: 15, directives: 50, tokens: 1000, cost: 5000, introspection: true });
    expect(config.ws).toMatchObject({ maxPayloadBytes: 2048, maxSubscriptions: 50, initTimeoutMs: 3000, keepAliveMs: 12_000 });
    // ALLOWED_ORIGINS: the deprecated name of CORS_ORIGINS, one list for HTTP and WebSocket.
    expect(config.cors.origins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.rateLimit).toMatchObject({ points: 7, windowSeconds: 60 });
    expect(config.server.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "2" }, []).server.trustProxy).toBe(2);
    expect(loadConfig({ NODE_ENV: "production" }, []).limits.introspection).toBe(false);
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: "0", WS_KEEPALIVE_MS: "-1" }, [])).toThrow(ConfigError);
    try {
      loadConfig({ GRAPHQL_MAX_DEPTH: "0", WS_KEEPALIVE_MS: "-1" }, []);
    } catch (error) {
      expect((error as InstanceType<typeof ConfigError>).issues.join("\n")).toMatch(/GRAPHQL_MAX_DEPTH[\s\S]*WS_KEEPALIVE_MS/);
    }
  });
});
