import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/client.js";
import { CrmClass } from "../src/modules/records/record.type.js";
import * as repo from "../src/modules/social/social.repo.js";
import { openDealsPageSql, socialDataSql } from "../bench/social-data.js";
import { createOrg, dbId, ok, type TestOrg } from "./helpers/fixtures.js";
import { explain as explainPlan, nodes, rowsRead } from "./helpers/plans.js";
import { startServer, type TestServer } from "./helpers/server.js";

/**
 * SOC-3, SOC-8 at scale: 100k posts by 10k authors, 1,000 of them linked to contacts (300 with an
 * open deal, 200 customers). The plans are taken with EXPLAIN ANALYZE on the very queries the API
 * runs (the repo's builders), after ANALYZE.
 */
const POSTS = 100_000;
const AUTHORS = 10_000;
const CONTACTS = 1_000;

let server: TestServer;
let org: TestOrg;
let orgId: number;
let accountId: number;

const run = (query: ReturnType<typeof sql>) => queryRows(server.app.database.db, query);

beforeAll(async () => {
  server = await startServer();
  org = await createOrg(server);
  orgId = dbId(org.orgId);
  const owner = dbId(org.adminId);
  accountId = dbId(
    (await ok(server.gql(org.adminToken, `mutation { connectSocialAccount(input: { network: X, handle: "scale_co" }) { id } }`))).connectSocialAccount.id,
  );
  for (const statement of socialDataSql({ orgId, ownerId: owner, accountId, posts: POSTS, authors: AUTHORS, contacts: CONTACTS })) await run(sql.raw(statement));
}, 300_000);
afterAll(() => server?.stop());

const explain = (query: Parameters<typeof explainPlan>[1]) => explainPlan(server.app.database.db, query);

describe("the social view over 100k posts", () => {
  it("serves a keyword column from the full-text index", async () => {
    const page = repo.listPosts(server.app.database.db, { orgId, keywords: ["zebracorn"], networks: ["X"], ingestedOnly: true, after: null, limit: 20 });
    const plan = await explain(page);
    const used = nodes(plan).map((n) => n["Index Name"]);
    expect(used).toContain("social_posts_text_fts_idx");
    expect(rowsRead(plan, "social_posts")).toBeLessThan(1000);
    expect((await page).length).toBe(20);
    const res = await server.gql(org.adminToken, `mutation { createSocialColumn(input: { kind: KEYWORDS, name: "z", keywords: ["zebracorn"] }) { posts(first: 5) { totalCount edges { node { text } } } } }`);
    expect(res.data?.createSocialColumn.posts.totalCount).toBe(POSTS / 5000);
  });

  it("reads the open-deals column page without reading every post", async () => {
    const q = { orgId, column: CrmClass.CUSTOMER_WITH_OPEN_DEALS, kinds: ["MENTION", "REPLY"], ingestedOnly: true, after: null, limit: 20 };
    const plan = await explain(repo.listPosts(server.app.database.db, q));
    expect(rowsRead(plan, "social_posts")).toBeLessThan(POSTS / 10);
    const QUERY = `{ socialPosts(column: CUSTOMER_WITH_OPEN_DEALS, first: 20) { edges { node { id text author { handle } crmClass record { ... on Contact { name } } } } } }`;
    await server.gql(org.adminToken, QUERY);
    const t0 = performance.now();
    const res = await server.gql(org.adminToken, QUERY);
    const api = performance.now() - t0;
    expect(res.errors).toBeUndefined();
    expect(res.data!.socialPosts.edges).toHaveLength(20);
    expect(res.data!.socialPosts.edges.every((e: { node: { crmClass: string } }) => e.node.crmClass === "CUSTOMER_WITH_OPEN_DEALS")).toBe(true);
    // The same page by hand: the authors whose contact has an open deal, their newest conversations.
    const hand = sql.raw(openDealsPageSql(orgId, 20));
    await run(hand);
    const t1 = performance.now();
    const rows = await run(hand);
    const handMs = performance.now() - t1;
    const edges = Object.values(rows[0] as object)[0] as unknown[] | string;
    expect((typeof edges === "string" ? (JSON.parse(edges) as unknown[]) : edges).length).toBe(20);
    console.log(`open-deals column page (${server.target}): API ${api.toFixed(1)} ms (HTTP, auth, page and loaders) vs hand-written SQL ${handMs.toFixed(1)} ms, ratio ${(api / handMs).toFixed(1)}; statements ${res.extensions?.sqlStatements}`);
  });
});
