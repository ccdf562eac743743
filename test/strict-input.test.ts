import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.js";
import { createDatabase, queryRows, sql } from "../src/db/client.js";
import { DataDirLockedError } from "../src/db/data-dir-lock.js";
import { freePort } from "./helpers/faults.js";
import { INGEST, buildSignal, countOf, createLead, ok } from "./helpers/fixtures.js";
import { rawSocket } from "./helpers/subscriptions.js";
import { test } from "./helpers/test.js";

/** "A", the bytes FF 28 (not UTF-8), "B": what a client with a broken encoder sends. */
const BROKEN = Buffer.from([0x41, 0xff, 0x28, 0xe2, 0x28, 0xa1, 0x42]);
const jsonWith = (before: string, after: string) => Buffer.concat([Buffer.from(before), BROKEN, Buffer.from(after)]);
const CREATE = "mutation($input: CreateLeadInput!) { createLead(input: $input) { id lastName } }";

// The file's server serves the first describe and the page-cap walk; each test brings its own org.
describe.concurrent("bytes that are not UTF-8 are refused, never stored as U+FFFD", () => {
  test("on POST /graphql: 400 BAD_USER_INPUT naming the body, nothing stored", async ({ expect, server, org }) => {
    const before = await countOf(server, org.adminToken, "leads");
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${org.adminToken}` },
      body: jsonWith(`{"query":${JSON.stringify(CREATE)},"variables":{"input":{"lastName":"`, `"}}}`),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "body" });
    expect(await countOf(server, org.adminToken, "leads")).toBe(before);
    // Control: the same request in valid UTF-8 is stored as sent.
    const stored = await ok(server.gql(org.adminToken, CREATE, { input: { lastName: "A(é(B" } }));
    expect(stored.createLead.lastName).toBe("A(é(B");
  });

  test("on POST /webhooks/signals: 400 BAD_USER_INPUT naming the body, nothing stored", async ({ expect, server, org }) => {
    const { key } = await org.key();
    const lead = await createLead(server, org.adminToken);
    const timeline = async () =>
      (await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { timeline(first: 0) { totalCount } } } }`, { id: lead.id }))).node.timeline
        .totalCount as number;
    const before = await timeline();
    const push = (body: Buffer) =>
      fetch(server.url.replace("/graphql", "/webhooks/signals"), { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body });
    const [head, tail] = JSON.stringify(buildSignal({ recordId: lead.id, summary: "@@" })).split("@@");
    const res = await push(jsonWith(head!, tail!));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "BAD_USER_INPUT", field: "body", message: "The body is not valid UTF-8" } });
    expect(await timeline()).toBe(before);
    // Control: the same push in valid UTF-8 is stored.
    expect((await push(Buffer.from(JSON.stringify(buildSignal({ recordId: lead.id, summary: "A(é(B" }))))).status).toBe(200);
    expect(await timeline()).toBe(before + 1);
  });

  test("on the WebSocket: a text or binary frame that is not UTF-8 closes the socket with 1007, nothing stored", async ({ expect, server, org }) => {
    const before = await countOf(server, org.adminToken, "leads");
    for (const binary of [false, true]) {
      const raw = rawSocket(server);
      await raw.opened;
      raw.socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${org.adminToken}` } }));
      expect(await raw.until(() => raw.messages.some((m) => m.type === "connection_ack"))).toBe(true);
      const subscribe = jsonWith(`{"id":"1","type":"subscribe","payload":{"query":${JSON.stringify(CREATE)},"variables":{"input":{"lastName":"`, `"}}}}`);
      raw.socket.send(subscribe, { binary });
      expect(await raw.closed).toBe(1007);
      expect(raw.messages.filter((m) => m.type === "next")).toEqual([]);
    }
    expect(await countOf(server, org.adminToken, "leads")).toBe(before);
  });
});

describe("/readyz answers within its bound", () => {
  test("503 naming Redis when Redis cannot be reached, 200 without Redis; /healthz stays 200", async ({ serve }) => {
    const nowhere = await freePort();
    const down = await serve({ REDIS_URL: `redis://127.0.0.1:${nowhere}`, READY_TIMEOUT_MS: "500" });
    const base = down.url.replace("/graphql", "");
    const asked = Date.now();
    const ready = await fetch(`${base}/readyz`);
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "unavailable", checks: { database: true, redis: false }, down: ["redis"] });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    const local = await serve({}, { embedded: true });
    const fine = await fetch(local.url.replace("/graphql", "/readyz"));
    expect(fine.status).toBe(200);
    expect(await fine.json()).toEqual({ status: "ready", checks: { database: true } });
  });
});

describe("one process per embedded database", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "crm-graph-lock-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a second process on a locked data directory refuses, naming it and the owner, and writes nothing", async ({ dispose }) => {
    const owner = await createDatabase({ kind: "pglite", dataDir: dir, timeouts: { statementMs: 0, idleInTransactionMs: 0 } });
    await owner.migrate();
    await owner.db.execute(sql`insert into organizations (name) values ('owned')`);
    const orgs = async () => Number((await queryRows<{ n: number }>(owner.db, sql`select count(*)::int as n from organizations`))[0]!.n);
    expect(await orgs()).toBe(1);

    // `npm run seed` against the running server's directory, as its own process.
    const child = spawn(process.execPath, [resolve("node_modules/vite-node/vite-node.mjs"), "src/seed/seed-cli.ts"], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: "", NODE_ENV: "development" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(code, output).toBe(1);
    expect(output).toContain(`The embedded database in ${resolve(dir)} is in use by process ${process.pid}`);
    expect(output).toContain("Nothing was seeded");
    expect(output).not.toContain("API token");
    expect(await orgs()).toBe(1);

    // In this process too: the owner's directory is refused until it lets go.
    await expect(createDatabase({ kind: "pglite", dataDir: dir, timeouts: { statementMs: 0, idleInTransactionMs: 0 } })).rejects.toBeInstanceOf(DataDirLockedError);
    await owner.close();
    const next = await createDatabase({ kind: "pglite", dataDir: dir, timeouts: { statementMs: 0, idleInTransactionMs: 0 } });
    dispose(() => next.close());
    expect(Number((await queryRows<{ n: number }>(next.db, sql`select count(*)::int as n from organizations`))[0]!.n)).toBe(1);
  }, 60_000);

  it("takes over a lock left by a process that is gone, and refuses one still being written", async () => {
    const opts = { statementMs: 0, idleInTransactionMs: 0 };
    // A pid no process has (above the kernel's pid_max default) left its lock behind.
    writeFileSync(join(dir, "crm-graph.lock"), "4194999 123\n");
    const db = await createDatabase({ kind: "pglite", dataDir: dir, timeouts: opts });
    expect(readFileSync(join(dir, "crm-graph.lock"), "utf8")).toMatch(new RegExp(`^${process.pid} `));
    await db.close();
    // An empty lock file is a lock being written: held, not stale.
    writeFileSync(join(dir, "crm-graph.lock"), "");
    await expect(createDatabase({ kind: "pglite", dataDir: dir, timeouts: opts })).rejects.toBeInstanceOf(DataDirLockedError);
    rmSync(join(dir, "crm-graph.lock"));
    expect(readdirSync(dir).filter((f) => f.startsWith("crm-graph.lock."))).toEqual([]);
  }, 60_000);
});

describe("configuration and arguments", () => {
  it("an environment variable set to the empty string means unset: DATABASE_URL= starts embedded", () => {
    const config = loadConfig({ DATABASE_URL: "", REDIS_URL: "", BOOTSTRAP_SECRET: "", PORT: "" }, []);
    expect(config.database.kind).toBe("pglite");
    expect(config.redis).toBeNull();
    expect(config.bootstrapSecret).toBeNull();
    expect(config.server.port).toBe(4000);
  });

  describe("a page over the cap is BAD_USER_INPUT naming `first`, on every connection field", () => {
    test("walks every field with a `first` argument in the schema", async ({ server, org }) => {
      const lead = await createLead(server, org.adminToken);
      const { key } = await org.key();
      // An entry to reach TimelineEntry's connections from.
      await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
      const ids: Record<string, string> = {
        Lead: lead.id,
        Contact: (await ok(server.gql(org.adminToken, `mutation { createContact(input: { lastName: "Cap" }) { id } }`))).createContact.id,
        Account: (await ok(server.gql(org.adminToken, `mutation { createAccount(input: { name: "Cap" }) { id } }`))).createAccount.id,
        Deal: (await ok(server.gql(org.adminToken, `mutation { createDeal(input: { name: "Cap", stage: "Qualification" }) { id } }`))).createDeal.id,
      };
      // A visit, to reach Visit.actions: the org's visitor integration linked, one visit pushed.
      const visitorKey = (await ok(server.gql(org.adminToken, `mutation { generateVisitorIntegrationKey { key } }`))).generateVisitorIntegrationKey.key;
      const adminEmail = (await ok(server.gql(org.adminToken, `{ me { email } }`))).me.email;
      await ok(server.gql(org.adminToken, `mutation($input: LinkVisitorIntegrationInput!) { linkVisitorIntegration(input: $input) { linked } }`, { input: { adminEmail, key: visitorKey } }));
      ids.Visit = (
        await ok(server.gql(visitorKey, `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { visit { id } } }`, { input: { idempotencyKey: "cap", visitorId: "cap", startedAt: new Date().toISOString() } }))
      ).recordVisit.visit.id;
      ids.TimelineEntry = (
        await ok(server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Lead { timeline(first: 1) { edges { node { id } } } } } }`, { id: lead.id }))
      ).node.timeline.edges[0].node.id;
      // A social author and a column to reach their post connections from.
      const account = (await ok(server.gql(org.adminToken, `mutation { connectSocialAccount(input: { network: X, handle: "cap" }) { id } }`))).connectSocialAccount.id;
      ids.SocialProfile = (
        await ok(
          server.gql(key, `mutation($input: IngestSocialPostInput!) { ingestSocialPost(input: $input) { post { author { id } } } }`, {
            input: { idempotencyKey: "cap", accountId: account, externalId: "1", kind: "MENTION", author: { handle: "capper" }, postedAt: new Date().toISOString() },
          }),
        )
      ).ingestSocialPost.post.author.id;
      ids.SocialColumn = (await ok(server.gql(org.adminToken, `mutation { createSocialColumn(input: { kind: MY_POSTS, name: "Mine" }) { id } }`))).createSocialColumn.id;
      // A webhook endpoint, to reach its deliveries (an https URL on a public address: nothing is sent to it here).
      ids.Webhook = (
        await ok(server.gql(org.adminToken, `mutation { createWebhook(input: { url: "https://93.184.215.14/hook", events: [LEAD_CREATED] }) { webhook { id } } }`))
      ).createWebhook.webhook.id;
      /** Required arguments other than `first`: record ids (the lead's), or a CRM view column. */
      const VALUES: Record<string, string> = { "ID!": `"${lead.id}"`, "CrmClass!": "UNKNOWN" };

      const checked: string[] = [];
      for (const type of Object.values(server.app.schema.getTypeMap())) {
        if (!("getFields" in type) || type.name.startsWith("__") || !("getInterfaces" in type)) continue;
        for (const field of Object.values(type.getFields())) {
          if (!("args" in field) || !field.args.some((a) => a.name === "first")) continue;
          const required = field.args.filter((a) => a.name !== "first" && String(a.type).endsWith("!") && a.defaultValue === undefined);
          for (const arg of required) expect(Object.keys(VALUES), `${type.name}.${field.name}(${arg.name})`).toContain(String(arg.type));
          const args = [...required.map((a) => `${a.name}: ${VALUES[String(a.type)]}`), "first: 100000"].join(", ");
          const selection = `${field.name}(${args}) { totalCount }`;
          const query =
            type.name === "Query" ? `{ ${selection} }` : `query($id: ID!) { node(id: $id) { ... on ${type.name} { ${selection} } } }`;
          if (type.name !== "Query") expect(ids[type.name], `an id to reach ${type.name}`).toBeDefined();
          const res = await server.gql(org.adminToken, query, { id: ids[type.name] });
          expect(res.errors?.[0]?.extensions, `${type.name}.${field.name}: ${JSON.stringify(res.errors)}`).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
          checked.push(`${type.name}.${field.name}`);
        }
      }
      expect(checked.length).toBeGreaterThanOrEqual(19);
    });
  });
});
