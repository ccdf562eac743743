import { print } from "graphql";
import { sql, type SQLWrapper } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/client.js";
import * as repo from "../src/modules/timeline/timeline.repo.js";
import { LeadTimelineDocument, type LeadTimelineQuery } from "./generated/graphql.js";
import { createLead, createOrg, dbId, type TestOrg } from "./helpers/fixtures.js";
import { explain as explainPlan, nodes, rowsRead, type PlanNode } from "./helpers/plans.js";
import { startServer, type TestServer } from "./helpers/server.js";

/**
 * TL-12: a page of a long history reads about a page of rows. The plans are taken with
 * EXPLAIN ANALYZE on the very queries the API runs (the repo's builders), after ANALYZE,
 * on a lead with HISTORY entries next to a lead with ten.
 */
const HISTORY = 20_000;
const PAGE = 50;
const CHANNELS = ["EMAIL", "CALL", "MEETING", "SURVEY", "DESK", "FACEBOOK", "X", "EVENT", "WEBINAR", "CAMPAIGN", "WEBSITE", "PORTAL", "CHAT"];

let server: TestServer;
let org: TestOrg;
let orgId: number;
let big: { id: string; dbId: number };
let small: { id: string; dbId: number };

/**
 * n entries, newest a minute ago and one minute apart; every 3rd a signal, every 5th a milestone.
 * Their stream seqs and the lead's counter are set here: the insert trigger takes the counter row
 * once per entry, which suits writers of a few entries, not a bulk load.
 */
async function fill(recordId: number, n: number) {
  const userId = dbId(org.adminId);
  await queryRows(
    server.app.database.db,
    sql`insert into timeline_counters (org_id, record_type, record_id, last_seq) values (${orgId}, 'lead', ${recordId}, ${n})`,
  );
  await queryRows(
    server.app.database.db,
    sql`insert into interactions (org_id, record_type, record_id, stream_seq, side, channel, event, status, actor_user_id, occurred_at, details)
        select ${orgId}, 'lead', ${recordId}, ${n + 1} - g,
               case when g % 5 = 0 then 'MILESTONE' when g % 3 = 0 then 'SIGNAL' else 'FOLLOW_UP' end,
               case when g % 5 = 0 then null else (${sql.raw(`array[${CHANNELS.map((c) => `'${c}'`).join(",")}]`)})[1 + g % 13] end,
               case when g % 5 = 0 then 'status' else 'E' || (g % 7) end,
               null,
               case when g % 3 = 0 and g % 5 <> 0 then null else ${userId}::bigint end,
               now() - make_interval(mins => g),
               case when g % 5 = 0 then '{"field":"status","oldValue":"A","newValue":"B"}'::jsonb else '{}'::jsonb end
          from generate_series(1, ${n}) as g`,
  );
}

beforeAll(async () => {
  server = await startServer({}, { ownDatabase: true });
  org = await createOrg(server);
  orgId = dbId(org.orgId);
  const a = await createLead(server, org.adminToken);
  const b = await createLead(server, org.adminToken);
  big = { id: a.id, dbId: dbId(a.id) };
  small = { id: b.id, dbId: dbId(b.id) };
  await fill(big.dbId, HISTORY);
  await fill(small.dbId, 10);
  await queryRows(server.app.database.db, sql`analyze interactions`);
}, 120_000);
afterAll(() => server?.stop());

const explain = (query: SQLWrapper) => explainPlan(server.app.database.db, query);

const query = (over: Partial<repo.EntryQuery> = {}): repo.EntryQuery => ({
  orgId,
  recordType: "lead",
  recordId: big.dbId,
  sides: null,
  channels: null,
  userIds: null,
  from: null,
  to: null,
  ...over,
});

function expectPagePlan(plan: PlanNode, maxRows: number) {
  const types = nodes(plan).map((n) => n["Node Type"]);
  expect(types, JSON.stringify(types)).not.toContain("Sort");
  expect(types).not.toContain("Seq Scan");
  expect(nodes(plan).some((n) => n["Index Name"]?.startsWith("interactions_record_"))).toBe(true);
  expect(rowsRead(plan)).toBeLessThanOrEqual(maxRows);
}

describe("a page of a long history reads about a page (TL-12)", () => {
  it("newest and oldest first, from the start and after a cursor deep in the history", async () => {
    for (const descending of [true, false]) {
      const first = await explain(repo.entriesPageQuery(server.app.database.db, { ...query(), descending, after: null, limit: PAGE + 1 }));
      expectPagePlan(first, PAGE + 1);
      const rows = await repo.listEntries(server.app.database.db, { ...query(), descending, after: null, limit: 12_001 });
      const deep = rows[12_000]!;
      const after = await explain(repo.entriesPageQuery(server.app.database.db, { ...query(), descending, after: { at: deep.occurredAt, id: deep.id }, limit: PAGE + 1 }));
      expectPagePlan(after, PAGE + 1);
    }
  });

  it("the SIGNALS and MILESTONES views and a date range walk their index as far as the page", async () => {
    for (const sides of [["SIGNAL"], ["MILESTONE"]]) {
      const plan = await explain(repo.entriesPageQuery(server.app.database.db, { ...query({ sides }), descending: true, after: null, limit: PAGE + 1 }));
      expectPagePlan(plan, PAGE + 1);
    }
    const to = new Date(Date.now() - 5_000 * 60_000);
    const range = await explain(
      repo.entriesPageQuery(server.app.database.db, { ...query({ from: new Date(to.getTime() - 3 * 86_400_000), to }), descending: true, after: null, limit: PAGE + 1 }),
    );
    expectPagePlan(range, PAGE + 1);
  });

  it("a channel filter reads the page divided by the channel's share, not the history", async () => {
    // One entry in 13 is on each channel (minus milestones): about 13/0.8 rows read per row kept.
    const plan = await explain(repo.entriesPageQuery(server.app.database.db, { ...query({ channels: ["CALL"] }), descending: true, after: null, limit: PAGE + 1 }));
    expectPagePlan(plan, Math.ceil(((PAGE + 1) * 13) / 0.8) + 13);
  });

  it("intervals and preceding entries are one index probe per entry", async () => {
    const page = await repo.listEntries(server.app.database.db, { ...query(), descending: true, after: null, limit: PAGE });
    const ids = page.map((r) => r.id);
    for (const kind of ["INTERACTION", "FOLLOW_UP", "SIGNAL"] as const) {
      const plan = await explain(repo.precedingQuery(orgId, ids, kind));
      // The entries themselves (by primary key) plus a few rows per probe (a probe skips the
      // milestones or the other side before it finds one of its kind).
      expect(rowsRead(plan), kind).toBeLessThanOrEqual(PAGE + PAGE * 6);
      expect(nodes(plan).map((n) => n["Node Type"])).not.toContain("Seq Scan");
    }
    // And the repo's own statement answers for every entry of the page.
    expect((await repo.findPreceding(server.app.database.db, orgId, ids, "INTERACTION")).length).toBe(PAGE);
  });

  it("a whole page with every derived field costs the same number of statements for 5 entries as for 50", async () => {
    const counts: number[] = [];
    for (const first of [5, PAGE]) {
      const res = await server.gql<LeadTimelineQuery>(org.adminToken, print(LeadTimelineDocument), { id: big.id, first });
      expect(res.errors).toBeUndefined();
      const node = res.data!.node as Extract<LeadTimelineQuery["node"], { __typename?: "Lead" }>;
      const edges = (node as any).timeline.edges as { node: { side: string; milestone: unknown; precedingFollowUp: unknown } }[];
      expect(edges).toHaveLength(first);
      expect(edges.some((e) => e.node.milestone)).toBe(true);
      expect(edges.some((e) => e.node.precedingFollowUp)).toBe(true);
      counts.push(res.extensions!.sqlStatements!);
    }
    // lead, summary (2), page with its performers, averages, two kinds of preceding entries,
    // milestone spans, collapsed follow-ups and their counts, preceding entries off the page (the
    // admin's token is cached).
    expect(counts).toEqual([11, 11]);
    // The small lead's whole history is on its page, so nothing off the page is loaded.
    const res = await server.gql(org.adminToken, print(LeadTimelineDocument), { id: small.id, first: PAGE });
    expect(res.extensions!.sqlStatements).toBe(10);
  });

  it("a plain page with its performers is two statements: the lead and the page (issue 17, Q2)", async () => {
    const plain = `query($id: ID!, $first: Int!) { node(id: $id) { ... on Lead { timeline(first: $first) {
      pageInfo { hasNextPage endCursor } edges { node { id side channel event status summary occurredAt performedBy { id name } } } } } } }`;
    for (const first of [5, PAGE]) {
      const res = await server.gql(org.adminToken, plain, { id: big.id, first });
      expect(res.errors).toBeUndefined();
      const edges = (res.data as any).node.timeline.edges as { node: { performedBy: { id: string; name: string } | null } }[];
      expect(edges).toHaveLength(first);
      expect(edges.some((e) => e.node.performedBy)).toBe(true);
      expect(edges.filter((e) => e.node.performedBy).every((e) => e.node.performedBy!.name.length > 0)).toBe(true);
      expect(res.extensions!.sqlStatements).toBe(2);
    }
  });
});
