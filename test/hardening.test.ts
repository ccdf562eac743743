import { sql } from "drizzle-orm";
import { parse } from "graphql";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/client.js";
import { INGEST, buildSignal, createIntegrationKey, createLead, createOrg, ok, type TestOrg } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { collect, settled } from "./helpers/subscriptions.js";

const fits = (doc: string) => {
  try {
    parse(doc, { maxTokens: 1000 });
    return true;
  } catch {
    return false;
  }
};

describe("database timeouts", () => {
  it("sets statement_timeout and idle_in_transaction_session_timeout on every connection", async () => {
    const server = await startServer({ DATABASE_STATEMENT_TIMEOUT_MS: "300", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "4000" });
    try {
      const db = server.app.database.db;
      const [row] = await queryRows<{ s: string; i: string }>(
        db,
        sql`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`,
      );
      expect(row).toEqual({ s: "300ms", i: "4s" });
      if (server.target === "postgres") {
        // A statement running past the timeout is cancelled by the server.
        const error = await queryRows(db, sql`select pg_sleep(2)`).catch((e: Error & { cause?: Error }) => e);
        expect(String((error as Error & { cause?: Error }).cause?.message)).toMatch(/statement timeout/);
      }
    } finally {
      await server.stop();
    }
  });
});

/** One operation over graphql-ws: its result, or the errors it ended with (the socket stays up). */
function wsResult(client: Client, query: string, variables?: Record<string, unknown>) {
  return new Promise<{ data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] }>((resolve) => {
    let result: { data?: any; errors?: any } = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as typeof result),
        error: (errors) => resolve({ errors: errors as never }),
        complete: () => resolve(result),
      },
    );
  });
}

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

describe("one policy for HTTP and WebSocket (limits at N and N+1)", () => {
  let server: TestServer;
  let org: TestOrg;
  beforeAll(async () => {
    server = await startServer();
    org = await createOrg(server);
  });
  afterAll(() => server?.stop());

  it("depth 8", async () => {
    const deep = (leaf: string) =>
      `query($id: ID!) { node(id: $id) { ... on Lead { timeline(first: 1) { edges { node { collapsedFollowUps(first: 1) { edges { node { ${leaf} } } } } } } } } }`;
    const lead = await createLead(server, org.adminToken);
    await expectLimit(server, org.adminToken, deep("id"), null, { id: lead.id });
    await expectLimit(server, org.adminToken, deep("performedBy { id }"), "depth", { id: lead.id });
  });

  it("15 aliases", async () => {
    // (graphql-armor does not count aliases of __typename)
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
    await expectLimit(server, org.adminToken, aliased(15), null);
    await expectLimit(server, org.adminToken, aliased(16), "aliases");
  });

  it("50 directives", async () => {
    const directed = (n: number) => `{ ${Array.from({ length: n }, () => "... on Query @include(if: true) { __typename }").join(" ")} }`;
    await expectLimit(server, org.adminToken, directed(50), null);
    await expectLimit(server, org.adminToken, directed(51), "directives");
  });

  it("1000 tokens", async () => {
    const doc = (n: number) => `{ ${"__typename ".repeat(n)}}`;
    // The largest document of this shape within 1000 tokens, as graphql-js counts them.
    let n = 1;
    while (fits(doc(n + 1))) n++;
    await expectLimit(server, org.adminToken, doc(n), null);
    await expectLimit(server, org.adminToken, doc(n + 1), "tokens");
  });

  it("cost 5000, with page sizes from literals and variables alike", async () => {
    // leads (1) + 100 × (edges + node + 47 ids) + t × __typename
    const priced = (t: number, first = "100") =>
      `query${first === "$n" ? "($n: Int!)" : ""} { leads(first: ${first}) { edges { node { ${"id ".repeat(47)}} } } ${"__typename ".repeat(t)}}`;
    await expectLimit(server, org.adminToken, priced(99), null);
    await expectLimit(server, org.adminToken, priced(100), "cost");
    await expectLimit(server, org.adminToken, priced(100, "$n"), "cost", { n: 100 });
    await expectLimit(server, org.adminToken, priced(100, "$n"), null, { n: 99 });
  });

  it("a bad operation is an error for that operation: the other subscriptions on the socket go on", async () => {
    const lead = await createLead(server, org.adminToken);
    const key = (await createIntegrationKey(server, org)).key;
    const closes: number[] = [];
    const client = server.ws(org.adminToken, { onClose: (code) => closes.push(code) });
    const live = collect(client, `subscription($id: ID!) { timelineEntryAdded(recordId: $id) { id } }`, { id: lead.id });
    await settled(client);
    for (const bad of ["subscription {", "{ nope }", `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(" ")} }`, "query A { __typename } query B { __typename }"]) {
      const res = await wsResult(client, bad);
      expect(res.errors?.length, `${bad}: ${JSON.stringify(res)}`).toBeGreaterThan(0);
    }
    await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
    await live.waitFor(1);
    expect(live.results[0]!.data).toBeDefined();
    expect(closes).toEqual([]);
  });
});
