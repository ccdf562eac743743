import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createContact,
  createDeal,
  createIntegrationKey,
  createLead,
  createOrg,
  createUser,
  expectError,
  ok,
  unique,
  type TestOrg,
} from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let org: TestOrg;
let key: string;
let rep: { id: string; token: string };
let socialAdmin: { id: string; token: string };
let noSocial: { id: string; token: string };
let other: TestOrg;
let otherKey: string;
let accounts: { X: string; FACEBOOK: string; GOOGLE_PLUS: string };

const CONNECT = `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { id network handle displayName connected } }`;
const INGEST = `mutation($input: IngestSocialPostInput!) { ingestSocialPost(input: $input) { duplicate post { id kind text network crmClass author { id handle displayName } account { id } } } }`;
const POSTS = `query($column: CrmClass!, $mode: SocialViewMode, $networks: [SocialNetwork!], $dealFilter: SocialDealFilter, $first: Int, $after: String) {
  socialPosts(column: $column, mode: $mode, networks: $networks, dealFilter: $dealFilter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind text network crmClass postedAt author { id handle } account { id handle } record { __typename ... on Lead { id name } ... on Contact { id name } } } }
  } }`;
const LINK = `mutation($input: LinkSocialProfileInput!) { linkSocialProfile(input: $input) { id handle record { __typename ... on Lead { id } ... on Contact { id } } crmClass } }`;
const CREATE_COLUMN = `mutation($input: CreateSocialColumnInput!) { createSocialColumn(input: $input) { id kind name keywords networks records { __typename ... on Lead { id } ... on Contact { id } } } }`;
const PUBLISH = `mutation($input: PublishSocialPostInput!) { publishSocialPost(input: $input) { id text image { size contentType } posts { id network kind text account { id } } } }`;

const base = () => server.url.replace(/\/graphql$/, "");
let seq = 0;
const T0 = Date.now() - 7 * 24 * 3_600_000;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const buildPost = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: unique("post"),
  accountId: accounts.X,
  externalId: unique("ext"),
  kind: "MENTION",
  author: { handle: unique("author").replace(/-/g, "_"), displayName: "Someone" },
  text: `hello @acme ${++seq}`,
  postedAt: new Date(T0 + seq * 1000).toISOString(),
  url: "https://x.example/status/1",
  ...overrides,
});

async function ingest(overrides: Record<string, unknown> = {}, token = key) {
  return (await ok(server.gql(token, INGEST, { input: buildPost(overrides) }))).ingestSocialPost as {
    duplicate: boolean;
    post: { id: string; crmClass: string; author: { id: string; handle: string } };
  };
}

async function column(token: string, args: Record<string, unknown>) {
  return (await ok(server.gql(token, POSTS, { first: 100, ...args }))).socialPosts as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string; crmClass: string; kind: string; network: string; author: { id: string; handle: string }; record: { id: string } | null } }[];
  };
}

const idsIn = async (token: string, args: Record<string, unknown>) => (await column(token, args)).edges.map((e) => e.node.id);
const total = async (token: string, args: Record<string, unknown>) => (await ok(server.gql(token, POSTS, { first: 0, ...args }))).socialPosts.totalCount as number;

async function upload(token: string | null, size: number, headers: Record<string, string> = {}) {
  return fetch(`${base()}/uploads`, {
    method: "POST",
    headers: { "content-type": "image/png", "x-file-name": "picture.png", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: Buffer.alloc(size, 7),
  });
}

beforeAll(async () => {
  server = await startServer();
  org = await createOrg(server);
  key = (await createIntegrationKey(server, org)).key;
  rep = await createUser(server, org, [
    { app: "CRM", role: "USER" },
    { app: "SOCIAL", role: "USER" },
  ]);
  socialAdmin = await createUser(server, org, [
    { app: "CRM", role: "USER" },
    { app: "SOCIAL", role: "ADMIN" },
  ]);
  noSocial = await createUser(server, org, [{ app: "CRM", role: "ADMIN" }]);
  other = await createOrg(server);
  otherKey = (await createIntegrationKey(server, other)).key;
  const connect = async (network: string, token = org.adminToken) =>
    (await ok(server.gql(token, CONNECT, { input: { network, handle: unique("acme").replace(/-/g, "_"), displayName: `Acme on ${network}` } }))).connectSocialAccount.id as string;
  accounts = { X: await connect("X"), FACEBOOK: await connect("FACEBOOK", socialAdmin.token), GOOGLE_PLUS: await connect("GOOGLE_PLUS") };
});
afterAll(() => server?.stop());

describe("org accounts (SOC-1, SOC-15)", () => {
  it("are connected by admins only and listed to every user with the Social app", async () => {
    const list = (await ok(server.gql(rep.token, `{ socialAccounts { id network handle connected } }`))).socialAccounts;
    expect(list.map((a: { network: string }) => a.network).sort()).toEqual(["FACEBOOK", "GOOGLE_PLUS", "X"]);
    const input = { network: "X", handle: "rep_account" };
    expectError(await server.gql(rep.token, CONNECT, { input }), "FORBIDDEN");
    expectError(await server.gql(noSocial.token, CONNECT, { input }), "FORBIDDEN");
    expectError(await server.gql(noSocial.token, `{ socialAccounts { id } }`), "FORBIDDEN");
    expectError(await server.gql(key, `{ socialAccounts { id } }`), "FORBIDDEN");
    expectError(await server.gql(null, `{ socialAccounts { id } }`), "UNAUTHENTICATED");
    // bad inputs store nothing
    expectError(await server.gql(org.adminToken, CONNECT, { input: { network: "X", handle: "no spaces allowed" } }), "BAD_USER_INPUT", "input.handle");
    expectError(await server.gql(org.adminToken, CONNECT, { input: { network: "MYSPACE", handle: "acme" } }), "BAD_USER_INPUT");
    const handle = (list as { network: string; handle: string }[]).find((a) => a.network === "X")!.handle;
    expectError(await server.gql(org.adminToken, CONNECT, { input: { network: "X", handle: handle.toUpperCase() } }), "CONFLICT", "input.handle");
    expect((await ok(server.gql(rep.token, `{ socialAccounts { id } }`))).socialAccounts).toHaveLength(3);
  });

  it("are disconnected by admins of the org only; another org sees NOT_FOUND", async () => {
    const extra = (await ok(server.gql(org.adminToken, CONNECT, { input: { network: "FACEBOOK", handle: unique("page").replace(/-/g, "_") } }))).connectSocialAccount.id;
    const DISCONNECT = `mutation($id: ID!) { disconnectSocialAccount(id: $id) }`;
    expectError(await server.gql(rep.token, DISCONNECT, { id: extra }), "FORBIDDEN");
    expectError(await server.gql(other.adminToken, DISCONNECT, { id: extra }), "NOT_FOUND", "id");
    expect((await server.gql(other.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: extra })).data?.node).toBeNull();
    expect((await ok(server.gql(socialAdmin.token, DISCONNECT, { id: extra }))).disconnectSocialAccount).toBe(extra);
    expectError(await server.gql(socialAdmin.token, DISCONNECT, { id: extra }), "NOT_FOUND");
    // a disconnected account takes no posts
    expectError(await server.gql(key, INGEST, { input: buildPost({ accountId: extra }) }), "NOT_FOUND", "input.accountId");
    expect((await ok(server.gql(rep.token, `{ socialAccounts { id } }`))).socialAccounts).toHaveLength(3);
  });
});

describe("the Social app access (SOC-15)", () => {
  it("is required for every social operation; another org's user finds nothing", async () => {
    const post = await ingest();
    const lead = await createLead(server, noSocial.token);
    const operations: [string, Record<string, unknown>][] = [
      [`{ socialAccounts { id } }`, {}],
      [`{ socialPosts(column: UNKNOWN) { totalCount } }`, {}],
      [`{ socialColumns { id } }`, {}],
      [`{ socialActivity { totalCount } }`, {}],
      [CONNECT, { input: { network: "X", handle: "nope" } }],
      [`mutation($id: ID!) { disconnectSocialAccount(id: $id) }`, { id: accounts.X }],
      [PUBLISH, { input: { accountIds: [accounts.X], text: "x" } }],
      [CREATE_COLUMN, { input: { kind: "MY_POSTS", name: "x" } }],
      [LINK, { input: { profileId: post.post.author.id, recordId: lead.id } }],
      [`mutation($input: AddSocialProfileAsContactInput!) { addSocialProfileAsContact(input: $input) { id } }`, { input: { profileId: post.post.author.id, lastName: "X" } }],
      [`query($id: ID!) { node(id: $id) { id } }`, { id: post.post.id }],
      [`query($id: ID!) { node(id: $id) { ... on Lead { socialInteractions { totalCount } } } }`, { id: lead.id }],
    ];
    for (const [query, variables] of operations) expectError(await server.gql(noSocial.token, query, variables), "FORBIDDEN");
    // the profile stayed unlinked, nothing was published or saved
    expect((await ok(server.gql(rep.token, `query($id: ID!) { node(id: $id) { ... on SocialProfile { crmClass } } }`, { id: post.post.author.id }))).node.crmClass).toBe("UNKNOWN");
    for (const [query, variables] of operations.slice(8, 11)) expectError(await server.gql(other.adminToken, query, variables), "NOT_FOUND");
  });
});

describe("ingestion (SOC-2)", () => {
  it("stores a post once per idempotency key and per (account, externalId), by GraphQL and by webhook", async () => {
    const input = buildPost({ author: { handle: "@Fresh_Author", displayName: "Fresh" } });
    const first = (await ok(server.gql(key, INGEST, { input }))).ingestSocialPost;
    expect(first.duplicate).toBe(false);
    expect(first.post).toMatchObject({ kind: "MENTION", network: "X", crmClass: "UNKNOWN", author: { handle: "Fresh_Author", displayName: "Fresh" } });
    const again = (await ok(server.gql(key, INGEST, { input }))).ingestSocialPost;
    expect(again).toMatchObject({ duplicate: true, post: { id: first.post.id } });
    const sameExternal = (await ok(server.gql(key, INGEST, { input: { ...input, idempotencyKey: unique("k") } }))).ingestSocialPost;
    expect(sameExternal).toMatchObject({ duplicate: true, post: { id: first.post.id } });
    // the same author (case-insensitive handle) is one profile
    const second = await ingest({ author: { handle: "fresh_author" } });
    expect(second.post.author.id).toBe(first.post.author.id);

    const hook = (body: unknown, token = key) =>
      fetch(`${base()}/webhooks/social-posts`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const body = buildPost();
    const pushed = await hook(body);
    expect(pushed.status).toBe(200);
    const pushedBody = (await pushed.json()) as { postId: string; duplicate: boolean };
    expect(pushedBody.duplicate).toBe(false);
    expect(await (await hook(body)).json()).toEqual({ postId: pushedBody.postId, duplicate: true });
    expect((await hook(body, "nope")).status).toBe(401);
    expect((await hook(body, rep.token)).status).toBe(401);
    const otherOrg = await hook({ ...buildPost(), idempotencyKey: unique("x") }, otherKey);
    expect(otherOrg.status).toBe(404);
    expect(await otherOrg.json()).toMatchObject({ error: { code: "NOT_FOUND", field: "input.accountId" } });
    const bad = await hook({ ...buildPost(), kind: "SHOUT" });
    expect(bad.status).toBe(400);
  });

  it("refuses bad inputs, users and other orgs' keys, storing nothing", async () => {
    const before = await total(rep.token, { column: "UNKNOWN" });
    const cases: [Record<string, unknown>, string][] = [
      [{ accountId: "nonsense" }, "input.accountId"],
      [{ postedAt: new Date(Date.now() + 3_600_000).toISOString() }, "input.postedAt"],
      [{ author: { handle: "has space" } }, "input.author.handle"],
      [{ url: "ftp://x.example/1" }, "input.url"],
      [{ idempotencyKey: "" }, "input.idempotencyKey"],
      [{ externalId: "   " }, "input.externalId"],
      [{ text: "x".repeat(10_001) }, "input.text"],
    ];
    for (const [overrides, field] of cases) expectError(await server.gql(key, INGEST, { input: buildPost(overrides) }), "BAD_USER_INPUT", field);
    expectError(await server.gql(otherKey, INGEST, { input: buildPost() }), "NOT_FOUND", "input.accountId");
    expectError(await server.gql(rep.token, INGEST, { input: buildPost() }), "FORBIDDEN");
    expectError(await server.gql(null, INGEST, { input: buildPost() }), "UNAUTHENTICATED");
    expect(await total(rep.token, { column: "UNKNOWN" })).toBe(before);
  });
});

describe("the CRM view (SOC-3..5, SOC-7)", () => {
  it("moves an author's posts, past ones included, UNKNOWN → LEAD_OR_CONTACT → CUSTOMER_WITH_OPEN_DEALS → CUSTOMER as they are linked and deals open and close", async () => {
    const handle = unique("mover").replace(/-/g, "_");
    const posts = [
      await ingest({ author: { handle }, kind: "MENTION", postedAt: minutesAgo(300) }),
      await ingest({ author: { handle }, kind: "OWN_POST", postedAt: minutesAgo(200) }),
      await ingest({ author: { handle }, kind: "REPLY", postedAt: minutesAgo(100) }),
    ];
    const ids = posts.map((p) => p.post.id);
    const profileId = posts[0]!.post.author.id;
    const conversations = [ids[0], ids[2]];
    const where = async () => {
      const out: Record<string, string[]> = {};
      for (const c of ["UNKNOWN", "LEAD_OR_CONTACT", "CUSTOMER_WITH_OPEN_DEALS", "CUSTOMER"]) {
        const found = (await idsIn(rep.token, { column: c })).filter((id) => ids.includes(id));
        if (found.length) out[c] = found;
      }
      return out;
    };
    expect(await where()).toEqual({ UNKNOWN: [ids[2], ids[0]] });

    const contact = await createContact(server, rep.token);
    const linked = (await ok(server.gql(rep.token, LINK, { input: { profileId, recordId: contact.id } }))).linkSocialProfile;
    expect(linked).toMatchObject({ crmClass: "LEAD_OR_CONTACT", record: { __typename: "Contact", id: contact.id } });
    expect(await where()).toEqual({ LEAD_OR_CONTACT: [ids[2], ids[0]] });
    // the stream (X only) has every kind
    expect((await idsIn(rep.token, { column: "LEAD_OR_CONTACT", mode: "STREAM" })).filter((id) => ids.includes(id))).toEqual([ids[2], ids[1], ids[0]]);

    const deal = await createDeal(server, rep.token, { contactId: contact.id, stage: "Proposal", expectedRevenue: 5000 });
    expect(await where()).toEqual({ CUSTOMER_WITH_OPEN_DEALS: [ids[2], ids[0]] });
    const page = await column(rep.token, { column: "CUSTOMER_WITH_OPEN_DEALS" });
    const node = page.edges.find((e) => e.node.id === ids[0])!.node;
    expect(node).toMatchObject({ crmClass: "CUSTOMER_WITH_OPEN_DEALS", record: { id: contact.id } });

    await ok(server.gql(rep.token, `mutation($id: ID!) { updateDeal(id: $id, input: { stage: "CLOSED_WON" }) { id } }`, { id: deal.id }));
    expect(await where()).toEqual({ CUSTOMER: [ids[2], ids[0]] });
    expect(conversations).toHaveLength(2);
  });

  it("filters by network (SOC-7), pages by keyset, and refuses bad arguments", async () => {
    const handle = unique("pager").replace(/-/g, "_");
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await ingest({ author: { handle }, kind: "MENTION" })).post.id);
    const fb = await ingest({ author: { handle }, accountId: accounts.FACEBOOK, kind: "COMMENT" });
    const lead = await createLead(server, rep.token);
    await ok(server.gql(rep.token, LINK, { input: { profileId: (await ingest({ author: { handle } })).post.author.id, recordId: lead.id } }));
    await ok(server.gql(rep.token, LINK, { input: { profileId: fb.post.author.id, recordId: lead.id } }));
    const x = (await column(rep.token, { column: "LEAD_OR_CONTACT", networks: ["X"] })).edges.map((e) => e.node.network);
    expect(new Set(x)).toEqual(new Set(["X"]));
    const facebook = await idsIn(rep.token, { column: "LEAD_OR_CONTACT", networks: ["FACEBOOK"] });
    expect(facebook).toContain(fb.post.id);
    for (const id of made) expect(facebook).not.toContain(id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await column(rep.token, { column: "LEAD_OR_CONTACT", first: 2, after });
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of made) expect(seen).toContain(id);
    expectError(await server.gql(rep.token, POSTS, { column: "LEAD_OR_CONTACT", dealFilter: "TOP_10" }), "BAD_USER_INPUT", "dealFilter");
    expectError(await server.gql(rep.token, POSTS, { column: "UNKNOWN", mode: "STREAM" }), "BAD_USER_INPUT", "mode");
    expectError(await server.gql(rep.token, POSTS, { column: "UNKNOWN", first: 101 }), "BAD_USER_INPUT", "first");
    expectError(await server.gql(rep.token, POSTS, { column: "UNKNOWN", after: "garbage" }), "BAD_USER_INPUT", "after");
    expectError(await server.gql(noSocial.token, POSTS, { column: "UNKNOWN" }), "FORBIDDEN");
    // another org's user sees none of it
    expect(await total(other.adminToken, { column: "LEAD_OR_CONTACT" })).toBe(0);
    expect((await server.gql(other.adminToken, `query($id: ID!) { node(id: $id) { id } }`, { id: made[0] })).data?.node).toBeNull();
  });

  it("filters the open-deals column by deals created this month, new deals and the top 10 (SOC-5)", async () => {
    const authorOf = async (dealCount: number, expectedRevenue: number) => {
      const handle = unique("dealer").replace(/-/g, "_");
      const post = await ingest({ author: { handle } });
      const contact = await createContact(server, rep.token);
      await ok(server.gql(rep.token, LINK, { input: { profileId: post.post.author.id, recordId: contact.id } }));
      for (let i = 0; i < dealCount; i++) await createDeal(server, rep.token, { contactId: contact.id, stage: "Proposal", expectedRevenue: expectedRevenue + i });
      return post.post.id;
    };
    const single = await authorOf(1, 1_000_000_000);
    const double = await authorOf(2, 10);
    const filler = await authorOf(10, 1_000_000);
    const filter = async (dealFilter: string) => idsIn(rep.token, { column: "CUSTOMER_WITH_OPEN_DEALS", dealFilter });
    expect(await filter("CREATED_THIS_MONTH")).toEqual(expect.arrayContaining([single, double]));
    const fresh = await filter("NEW_DEALS");
    expect(fresh).toContain(single);
    expect(fresh).not.toContain(double);
    const top = await filter("TOP_10");
    expect(top).toContain(single);
    expect(top).toContain(filler);
    expect(top).not.toContain(double);
    // refreshed daily: a bigger deal made now does not enter before the next refresh
    const later = await authorOf(1, 2_000_000_000);
    expect(await filter("TOP_10")).not.toContain(later);
  });

  it("runs the same number of statements for a page of 5 and of 50 posts with author, account, record and crmClass", async () => {
    const contacts = [await createContact(server, rep.token), await createContact(server, rep.token), await createContact(server, rep.token)];
    const leads = [await createLead(server, rep.token), await createLead(server, rep.token)];
    await createDeal(server, rep.token, { contactId: contacts[0]!.id, stage: "Proposal" });
    await createDeal(server, rep.token, { contactId: contacts[1]!.id, stage: "CLOSED_WON" });
    // open-deals, customer, two leads and a contact without deals: LEAD_OR_CONTACT mixes leads and contacts
    const records = [contacts[0]!, contacts[1]!, leads[0]!, leads[1]!, contacts[2]!];
    for (let i = 0; i < 52; i++) {
      const handle = `stat_${i}_${seq}`;
      const post = await ingest({ author: { handle }, kind: "MENTION" });
      if (i % 2 === 0) await ok(server.gql(org.adminToken, LINK, { input: { profileId: post.post.author.id, recordId: records[(i / 2) % 5]!.id } }));
    }
    const FIELDS = `id author { handle } account { handle } crmClass record { __typename ... on Lead { name } ... on Contact { name } }`;
    // page, authors, accounts (no linked record: no CRM class or record statement); the admin's
    // token was read by an earlier request and is cached
    const unknown = `query($first: Int) { socialPosts(column: UNKNOWN, first: $first) { edges { node { ${FIELDS} } } } }`;
    // + the contacts' deal figures (CRM class), the leads, the contacts
    const mixed = `query($first: Int) { socialPosts(column: LEAD_OR_CONTACT, first: $first) { edges { node { ${FIELDS} } } } }`;
    for (const [q, statements] of [
      [unknown, 3],
      [mixed, 6],
    ] as const) {
      const five = await server.gql(org.adminToken, q, { first: 5 });
      const fifty = await server.gql(org.adminToken, q, { first: 50 });
      expect(five.errors).toBeUndefined();
      expect(fifty.errors).toBeUndefined();
      expect(fifty.data!.socialPosts.edges.length).toBeGreaterThan(10);
      const kinds = new Set(five.data!.socialPosts.edges.map((e: { node: { record: { __typename: string } | null } }) => e.node.record?.__typename ?? "none"));
      if (q === mixed) expect(kinds).toEqual(new Set(["Lead", "Contact"]));
      expect(five.extensions?.sqlStatements).toBe(statements);
      expect(fifty.extensions?.sqlStatements).toBe(statements);
    }
  });
});

describe("the SOCIAL signal (SIG-11)", () => {
  it("is raised once for a linked author's mention or direct message, not for other kinds or unknown authors", async () => {
    const lead = await createLead(server, rep.token);
    const handle = unique("signaller").replace(/-/g, "_");
    const first = await ingest({ author: { handle }, kind: "MENTION" });
    const SIGNALS = `query($id: ID!) { node(id: $id) { ... on Lead { timeline(first: 50, view: SIGNALS) { totalCount edges { node { event channel } } } } } }`;
    const count = async () => (await ok(server.gql(rep.token, SIGNALS, { id: lead.id }))).node.timeline.totalCount as number;
    const unread = async () => (await ok(server.gql(rep.token, `{ notifications(first: 50, filter: { sources: [SOCIAL] }) { totalCount } }`))).notifications.totalCount as number;
    const unreadBefore = await unread();
    await ok(server.gql(rep.token, LINK, { input: { profileId: first.post.author.id, recordId: lead.id } }));
    expect(await count()).toBe(0); // linking raises nothing for past posts
    const input = buildPost({ author: { handle }, kind: "DIRECT_MESSAGE" });
    await ok(server.gql(key, INGEST, { input }));
    await ok(server.gql(key, INGEST, { input })); // a duplicate
    await ingest({ author: { handle }, kind: "LIKE" });
    await ingest({ author: { handle }, kind: "MENTION" });
    const timeline = (await ok(server.gql(rep.token, SIGNALS, { id: lead.id }))).node.timeline;
    expect(timeline.totalCount).toBe(2);
    expect(timeline.edges.map((e: { node: { event: string } }) => e.node.event).sort()).toEqual(["SOCIAL_MENTION", "SOCIAL_MESSAGE"]);
    expect(timeline.edges[0].node.channel).toBe("X");
    expect(await unread()).toBe(unreadBefore + 2);
  });
});

describe("unknown authors (SOC-11) and social interactions (SOC-14)", () => {
  it("links to an existing record or creates one, once; the posts move at once", async () => {
    const a = await ingest({ author: { handle: unique("newlead").replace(/-/g, "_") } });
    const b = await ingest({ author: { handle: unique("newcontact").replace(/-/g, "_") }, accountId: accounts.GOOGLE_PLUS, kind: "MESSAGE" });
    const ADD_LEAD = `mutation($input: AddSocialProfileAsLeadInput!) { addSocialProfileAsLead(input: $input) { id lastName company owner { id } socialProfiles { id } socialInteractions(first: 10) { totalCount edges { node { id } } } } }`;
    const ADD_CONTACT = `mutation($input: AddSocialProfileAsContactInput!) { addSocialProfileAsContact(input: $input) { id lastName account { id } socialProfiles { id } } }`;
    const leadCount = async () => (await ok(server.gql(rep.token, `{ leads(first: 0) { totalCount } }`))).leads.totalCount as number;
    const leadsBefore = await leadCount();
    expectError(await server.gql(rep.token, ADD_LEAD, { input: { profileId: a.post.author.id, lastName: "   " } }), "BAD_USER_INPUT", "input.lastName");
    expectError(await server.gql(rep.token, ADD_LEAD, { input: { profileId: "bad", lastName: "X" } }), "BAD_USER_INPUT", "input.profileId");
    expectError(await server.gql(other.adminToken, ADD_LEAD, { input: { profileId: a.post.author.id, lastName: "X" } }), "NOT_FOUND", "input.profileId");
    expectError(await server.gql(noSocial.token, ADD_LEAD, { input: { profileId: a.post.author.id, lastName: "X" } }), "FORBIDDEN");
    expect(await leadCount()).toBe(leadsBefore);

    const lead = (await ok(server.gql(rep.token, ADD_LEAD, { input: { profileId: a.post.author.id, lastName: "Newman", company: "Acme" } }))).addSocialProfileAsLead;
    expect(lead).toMatchObject({ lastName: "Newman", company: "Acme", owner: { id: rep.id }, socialProfiles: [{ id: a.post.author.id }] });
    expect(lead.socialInteractions).toMatchObject({ totalCount: 1, edges: [{ node: { id: a.post.id } }] });
    expect(await idsIn(rep.token, { column: "LEAD_OR_CONTACT" })).toContain(a.post.id);
    expect(await idsIn(rep.token, { column: "UNKNOWN" })).not.toContain(a.post.id);
    expectError(await server.gql(rep.token, ADD_LEAD, { input: { profileId: a.post.author.id, lastName: "Again" } }), "CONFLICT", "input.profileId");
    expectError(await server.gql(rep.token, LINK, { input: { profileId: a.post.author.id, recordId: lead.id } }), "CONFLICT", "input.profileId");
    expect(await leadCount()).toBe(leadsBefore + 1);

    const account = (await ok(server.gql(rep.token, `mutation { createAccount(input: { name: "Globex" }) { id } }`))).createAccount;
    const contact = (await ok(server.gql(rep.token, ADD_CONTACT, { input: { profileId: b.post.author.id, lastName: "Contactson", accountId: account.id } }))).addSocialProfileAsContact;
    expect(contact).toMatchObject({ lastName: "Contactson", account: { id: account.id }, socialProfiles: [{ id: b.post.author.id }] });
    // a record the user may not view cannot be linked
    const foreign = await createLead(server, socialAdmin.token);
    const c = await ingest({ author: { handle: unique("x").replace(/-/g, "_") } });
    expectError(await server.gql(rep.token, LINK, { input: { profileId: c.post.author.id, recordId: foreign.id } }), "NOT_FOUND", "input.recordId");
    expectError(await server.gql(noSocial.token, `query($id: ID!) { node(id: $id) { ... on Lead { socialInteractions { totalCount } } } }`, { id: lead.id }), "FORBIDDEN");

    const activity = (await ok(server.gql(rep.token, `{ socialActivity(first: 10) { totalCount edges { node { action summary record { __typename } } } } }`))).socialActivity;
    const actions = activity.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(actions.slice(0, 2)).toEqual(["CONTACT_ADDED", "LEAD_ADDED"]);
  });
});

describe("columns (SOC-6, SOC-8..10)", () => {
  it("finds keyword matches with full-text search, X only, at most 5 keywords", async () => {
    const word = `zebra${Date.now().toString(36)}`;
    const hit = await ingest({ text: `Loving the ${word} mobile app!`, kind: "OWN_POST" });
    await ingest({ text: `${word} on facebook`, accountId: accounts.FACEBOOK });
    await ingest({ text: "nothing to see" });
    const user = await createUser(server, org, [{ app: "SOCIAL", role: "USER" }, { app: "CRM", role: "USER" }]);
    const created = (await ok(server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: "Zebras", keywords: [word, "b", "c", "d", "e"] } }))).createSocialColumn;
    expect(created).toMatchObject({ kind: "KEYWORDS", keywords: [word, "b", "c", "d", "e"] });
    const POSTS_OF = `{ socialColumns { id kind posts(first: 10) { edges { node { id text } } } } }`;
    const cols = (await ok(server.gql(user.token, POSTS_OF))).socialColumns;
    expect(cols[0].posts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([hit.post.id]);
    const before = (await ok(server.gql(user.token, `{ socialColumns { id } }`))).socialColumns.length;
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: "Six", keywords: ["a", "b", "c", "d", "e", "f"] } }), "BAD_USER_INPUT", "input.keywords");
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: "FB", keywords: ["a"], networks: ["FACEBOOK"] } }), "BAD_USER_INPUT", "input.networks");
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: "None", keywords: [] } }), "BAD_USER_INPUT", "input.keywords");
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: " ", keywords: ["a"] } }), "BAD_USER_INPUT", "input.name");
    expectError(await server.gql(noSocial.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: "x", keywords: ["a"] } }), "FORBIDDEN");
    expect((await ok(server.gql(user.token, `{ socialColumns { id } }`))).socialColumns).toHaveLength(before);
  });

  it("follows at most 5 leads/contacts per column and at most 20 items per user, under concurrency", async () => {
    const user = await createUser(server, org, [{ app: "SOCIAL", role: "USER" }, { app: "CRM", role: "USER" }]);
    const people = [];
    for (let i = 0; i < 6; i++) people.push((await createLead(server, user.token)).id);
    const followed = await ingest({ author: { handle: unique("followed").replace(/-/g, "_") } });
    await ok(server.gql(user.token, LINK, { input: { profileId: followed.post.author.id, recordId: people[0] } }));
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "PEOPLE", name: "Six", recordIds: people } }), "BAD_USER_INPUT", "input.recordIds");
    const five = (await ok(server.gql(user.token, CREATE_COLUMN, { input: { kind: "PEOPLE", name: "Five", recordIds: people.slice(0, 5) } }))).createSocialColumn;
    expect(five.records).toHaveLength(5);
    const colPosts = (await ok(server.gql(user.token, `{ socialColumns { posts { edges { node { id } } } } }`))).socialColumns[0].posts.edges;
    expect(colPosts.map((e: { node: { id: string } }) => e.node.id)).toEqual([followed.post.id]);
    // 5 used: two keyword columns of 5 make 15
    for (const n of [1, 2]) await ok(server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: `K${n}`, keywords: ["a", "b", "c", "d", `e${n}`] } }));
    // 15 used: two racing columns of 5 each fit alone, not together
    const race = await Promise.all(
      [1, 2].map((n) => server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: `Race${n}`, keywords: ["v", "w", "x", "y", `z${n}`] } })),
    );
    const wins = race.filter((r) => !r.errors);
    expect(wins).toHaveLength(1);
    expectError(race.find((r) => r.errors)!, "LIMIT_EXCEEDED", "input.keywords");
    // at 20: one more keyword or person is refused; a MY_POSTS column holds none
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "KEYWORDS", name: "21", keywords: ["one"] } }), "LIMIT_EXCEEDED", "input.keywords");
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "PEOPLE", name: "21", recordIds: [people[5]] } }), "LIMIT_EXCEEDED", "input.recordIds");
    await ok(server.gql(user.token, CREATE_COLUMN, { input: { kind: "MY_POSTS", name: "Mine" } }));
    expectError(await server.gql(user.token, CREATE_COLUMN, { input: { kind: "MY_POSTS", name: "Mine again" } }), "CONFLICT", "input.kind");
    expect((await ok(server.gql(user.token, `{ socialColumns { id } }`))).socialColumns).toHaveLength(5);
    // deleting a column frees its budget
    await ok(server.gql(user.token, `mutation($id: ID!) { deleteSocialColumn(id: $id) }`, { id: five.id }));
    await ok(server.gql(user.token, CREATE_COLUMN, { input: { kind: "PEOPLE", name: "Again", recordIds: people.slice(0, 5) } }));
    expectError(await server.gql(other.adminToken, `mutation($id: ID!) { deleteSocialColumn(id: $id) }`, { id: five.id }), "NOT_FOUND");
  });
});

describe("publishing and uploads (SOC-6, SOC-13)", () => {
  it("takes raw bytes with the Social app, refuses what is too large or untyped", async () => {
    const good = await upload(rep.token, 1000);
    expect(good.status).toBe(201);
    expect(await good.json()).toMatchObject({ size: 1000, contentType: "image/png", uploadId: expect.any(String) });
    expect((await upload(null, 10)).status).toBe(401);
    expect((await upload(noSocial.token, 10)).status).toBe(403);
    expect((await upload(key, 10)).status).toBe(403);
    expect((await upload(rep.token, 0)).status).toBe(400);
    const untyped = await upload(rep.token, 10, { "content-type": "" });
    expect(untyped.status).toBe(400);
    expect((await upload(rep.token, 10, { "x-file-name": "" })).status).toBe(400);
    const huge = await upload(rep.token, 40 * 1024 * 1024 + 1);
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: "LIMIT_EXCEEDED" } });
  });

  it("publishes to the chosen accounts, in my posts and the activity log; an image over a network's limit publishes nothing", async () => {
    const user = await createUser(server, org, [{ app: "SOCIAL", role: "USER" }]);
    const uploadId = async (size: number, token = user.token) => ((await (await upload(token, size)).json()) as { uploadId: string }).uploadId;
    const myPosts = async () => (await ok(server.gql(user.token, `{ socialActivity(first: 100) { totalCount } }`))).socialActivity.totalCount as number;
    const limits: [keyof typeof accounts, number, string][] = [
      ["X", 5_000_000, "X"],
      ["FACEBOOK", 25_000_000, "Facebook"],
      ["GOOGLE_PLUS", 36_000_000, "Google+"],
    ];
    for (const [network, limit, name] of limits) {
      const over = await server.gql(user.token, PUBLISH, { input: { accountIds: [accounts[network]], text: "too big", imageUploadId: await uploadId(limit + 1) } });
      const error = expectError(over, "BAD_USER_INPUT", "input.imageUploadId");
      expect(error.message).toContain(name);
      expect(error.message).toContain(`${limit / 1_000_000} MB`);
      expect(error.extensions).toMatchObject({ network, limit });
      const under = await ok(server.gql(user.token, PUBLISH, { input: { accountIds: [accounts[network]], text: `fits ${network}`, imageUploadId: await uploadId(limit) } }));
      expect(under.publishSocialPost).toMatchObject({ image: { size: limit }, posts: [{ network, kind: "OWN_POST" }] });
    }
    expect(await myPosts()).toBe(3);
    // one account over its limit stops the others too
    const mid = await uploadId(6_000_000);
    expectError(await server.gql(user.token, PUBLISH, { input: { accountIds: [accounts.FACEBOOK, accounts.X], text: "both", imageUploadId: mid } }), "BAD_USER_INPUT", "input.imageUploadId");
    expect(await myPosts()).toBe(3);
    const both = (await ok(server.gql(user.token, PUBLISH, { input: { accountIds: [accounts.FACEBOOK, accounts.GOOGLE_PLUS], text: "both", imageUploadId: mid } }))).publishSocialPost;
    expect(both.posts.map((p: { network: string }) => p.network)).toEqual(["FACEBOOK", "GOOGLE_PLUS"]);
    // bad inputs
    expectError(await server.gql(user.token, PUBLISH, { input: { accountIds: [], text: "x" } }), "BAD_USER_INPUT", "input.accountIds");
    expectError(await server.gql(user.token, PUBLISH, { input: { accountIds: [accounts.X], text: "  " } }), "BAD_USER_INPUT", "input.text");
    expectError(await server.gql(user.token, PUBLISH, { input: { accountIds: [accounts.X], text: "x", imageUploadId: await uploadId(10, rep.token) } }), "NOT_FOUND", "input.imageUploadId");
    const otherAccount = (await ok(server.gql(other.adminToken, CONNECT, { input: { network: "X", handle: "other_org" } }))).connectSocialAccount.id;
    expectError(await server.gql(user.token, PUBLISH, { input: { accountIds: [otherAccount], text: "x" } }), "NOT_FOUND", "input.accountIds.0");
    expectError(await server.gql(noSocial.token, PUBLISH, { input: { accountIds: [accounts.X], text: "x" } }), "FORBIDDEN");
    expect(await myPosts()).toBe(5);

    // answering a DM is logged as such
    const dm = await ingest({ kind: "DIRECT_MESSAGE" });
    expectError(await server.gql(user.token, PUBLISH, { input: { accountIds: [accounts.FACEBOOK], text: "hi", replyToPostId: dm.post.id } }), "BAD_USER_INPUT", "input.accountIds");
    const answer = (await ok(server.gql(user.token, PUBLISH, { input: { accountIds: [accounts.X], text: "hi back", replyToPostId: dm.post.id } }))).publishSocialPost;
    expect(answer.posts[0].kind).toBe("DIRECT_MESSAGE");
    const log = (await ok(server.gql(user.token, `{ socialActivity(first: 3) { edges { node { action summary post { id } } } } }`))).socialActivity.edges;
    expect(log[0].node).toMatchObject({ action: "MESSAGE_ANSWERED", post: { id: answer.posts[0].id } });
    expect(log[1].node.action).toBe("STATUS_POSTED");

    // my posts as a column, filtered by network (SOC-7); published posts stay out of the CRM view
    await ok(server.gql(user.token, CREATE_COLUMN, { input: { kind: "MY_POSTS", name: "Mine", networks: ["FACEBOOK", "GOOGLE_PLUS"] } }));
    const mine = (await ok(server.gql(user.token, `{ socialColumns { posts(first: 50) { totalCount edges { node { network publishedBy { id } } } } } }`))).socialColumns[0].posts;
    expect(mine.totalCount).toBe(4);
    expect(mine.edges.every((e: { node: { network: string; publishedBy: { id: string } } }) => e.node.network !== "X" && e.node.publishedBy.id === user.id)).toBe(true);
    // others' activity is their own
    expect((await ok(server.gql(socialAdmin.token, `{ socialActivity { totalCount } }`))).socialActivity.totalCount).toBe(0);
  }, 120_000);
});
