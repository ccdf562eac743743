import { sql, type SQLWrapper } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertHistorySql, insertLeadsSql, type FollowUpOrg } from "../bench/follow-up-data.js";
import { queryRows } from "../src/db/client.js";
import * as followUps from "../src/modules/follow-up/follow-up.repo.js";
import * as timeline from "../src/modules/timeline/timeline.repo.js";
import { createOrg, createUser, dbId, ok, type TestOrg } from "./helpers/fixtures.js";
import { explain as explainPlan, nodes, rowsRead, type PlanNode } from "./helpers/plans.js";
import { startServer, type TestServer } from "./helpers/server.js";

/**
 * RESP-2, RESP-3 at scale: EXPLAIN ANALYZE, after ANALYZE, on the very statements the API runs
 * (the repos' builders), over a generated org of RECORDS leads with PER_RECORD entries each
 * (20,000 interactions; two open signals per lead, the rest answered). The million-interaction
 * figures come from `npm run bench:followup`.
 */
const RECORDS = 200;
const PER_RECORD = 100;
const PAGE = 50;

let server: TestServer;
let org: TestOrg;
let shape: FollowUpOrg;
let rep: { id: string; token: string };

const db = () => server.app.database.db;

beforeAll(async () => {
  server = await startServer({}, { ownDatabase: true });
  org = await createOrg(server);
  const users = [await createUser(server, org), await createUser(server, org), await createUser(server, org)];
  rep = users[0]!;
  const rare = await createUser(server, org);
  shape = { orgId: dbId(org.orgId), ownerIds: [dbId(org.adminId), ...users.map((u) => dbId(u.id))], rareOwnerId: dbId(rare.id), records: RECORDS, perRecord: PER_RECORD };
  await queryRows(db(), sql.raw(insertLeadsSql(shape)));
  await queryRows(db(), sql.raw(insertHistorySql(shape, 1, PER_RECORD)));
  // Statistics first: without them the planner may scan the table once per signal when linking
  // (seen past the 10 s statement timeout on a busy CI machine).
  await queryRows(db(), sql`analyze interactions`);
  await timeline.linkAllFollowUps(db(), shape.orgId);
  await queryRows(db(), sql`analyze`);
}, 120_000);
afterAll(() => server?.stop());

const explain = (query: SQLWrapper, on = db()) => explainPlan(on, query);

function expectIndexPage(plan: PlanNode, index: string | RegExp, maxRows: number, options: { sorts?: boolean } = {}) {
  const types = nodes(plan).map((n) => n["Node Type"]);
  expect(types, JSON.stringify(types)).not.toContain("Seq Scan");
  if (!options.sorts) expect(types).not.toContain("Sort");
  const used = nodes(plan).map((n) => n["Index Name"] ?? "");
  expect(used.some((name) => (typeof index === "string" ? name === index : index.test(name))), used.join()).toBe(true);
  expect(rowsRead(plan)).toBeLessThanOrEqual(maxRows);
}

const unanswered = (over: Partial<followUps.UnansweredQuery> = {}, after: { at: Date; id: number } | null = null) =>
  followUps.listUnanswered(db(), { orgId: shape.orgId, ownerId: null, sources: null, until: null, ...over, after, limit: PAGE + 1 });

describe("the unanswered list reads about a page (RESP-2)", () => {
  it("for the org, from the start and deep after a cursor, with an age filter", async () => {
    expectIndexPage(await explain(unanswered()), "interactions_unanswered_idx", PAGE + 1);
    const rows = await followUps.listUnanswered(db(), { orgId: shape.orgId, ownerId: null, sources: null, until: null, after: null, limit: 300 });
    expect(rows).toHaveLength(300);
    const deep = rows[299]!;
    expectIndexPage(await explain(unanswered({}, { at: deep.occurredAt, id: deep.id })), "interactions_unanswered_idx", PAGE + 1);
    expectIndexPage(await explain(unanswered({ until: new Date(Date.now() - 10 * 60_000) })), "interactions_unanswered_idx", PAGE + 1);
  });

  it("for one owner, however few of the org's open signals are theirs", async () => {
    expectIndexPage(await explain(unanswered({ ownerId: dbId(rep.id) })), "interactions_unanswered_owner_idx", PAGE + 1);
    // Lead 1 alone: its two open signals, not the org's.
    const rare = await explain(unanswered({ ownerId: shape.rareOwnerId }));
    expectIndexPage(rare, "interactions_unanswered_owner_idx", 2);
  });

  it("sources read a page per source asked for; with an owner, the page divided by the sources' share", async () => {
    // A page from each source's walk, then the kept rows by primary key, merged (a sort of at most those pages).
    expectIndexPage(await explain(unanswered({ sources: ["CALL"] })), "interactions_unanswered_source_idx", 2 * (PAGE + 1), { sorts: true });
    expectIndexPage(await explain(unanswered({ sources: ["CALL", "SURVEY", "DESK"] })), "interactions_unanswered_source_idx", 2 * 3 * (PAGE + 1), { sorts: true });
    const rows = await followUps.listUnanswered(db(), { orgId: shape.orgId, ownerId: null, sources: ["CALL", "DESK"], until: null, after: null, limit: 120 });
    const deep = rows[40]!;
    expectIndexPage(await explain(unanswered({ sources: ["CALL", "DESK"] }, { at: deep.occurredAt, id: deep.id })), "interactions_unanswered_source_idx", 2 * 2 * (PAGE + 1), {
      sorts: true,
    });
    // Sources cycle through 11: with an owner, at most about 11 of the owner's open signals read per
    // one kept (the planner may walk the source's index instead, filtering on the owner).
    expectIndexPage(await explain(unanswered({ ownerId: dbId(rep.id), sources: ["CALL"] })), /^interactions_unanswered_(owner|source)_idx$/, (PAGE + 1) * 11 + 11, {
      sorts: true,
    });
  });

  it("the source walks return what one walk with a filter would", async () => {
    const sources = ["CALL", "DESK", "SOCIAL"];
    const merged = await followUps.listUnanswered(db(), { orgId: shape.orgId, ownerId: null, sources, until: null, after: null, limit: 80 });
    const [row] = await queryRows<{ ids: number[] }>(
      db(),
      sql`select array_agg(id::float8 order by occurred_at desc, id desc) as ids from (
            select id, occurred_at from interactions where org_id = ${shape.orgId} and open_owner_id is not null and source in ('CALL', 'DESK', 'SOCIAL')
             order by occurred_at desc, id desc limit 80) x`,
    );
    expect(merged.map((r) => r.id)).toEqual(row!.ids.map(Number));
  });

  it("a follow-up on a long history links its signals with two short index ranges", async () => {
    const [lead] = await queryRows<{ id: number }>(db(), sql`select id::float8 as id from leads where org_id = ${shape.orgId} order by id limit 1`);
    // A follow-up between the 10th and 11th newest entries: it answers the signals after the one before it.
    const [near] = await queryRows<{ at: string | Date }>(
      db(),
      sql`select occurred_at as "at" from interactions where org_id = ${shape.orgId} and record_type = 'lead' and record_id = ${lead!.id}
           order by occurred_at desc, id desc offset 10 limit 1`,
    );
    const f = { orgId: shape.orgId, recordType: "lead", recordId: Number(lead!.id), id: 2 ** 40, occurredAt: new Date(new Date(near!.at).getTime() + 1000) };
    const previous = await explain(timeline.previousFollowUpQuery(f));
    expect(nodes(previous).map((n) => n["Node Type"])).not.toContain("Seq Scan");
    expect(rowsRead(previous)).toBeLessThanOrEqual(3);
    const prev = (await queryRows<{ at: string | Date; id: number }>(db(), timeline.previousFollowUpQuery(f)))[0]!;
    // EXPLAIN ANALYZE runs the update: in a transaction rolled back.
    let update: PlanNode | undefined;
    await db()
      .transaction(async (tx) => {
        update = await explain(timeline.linkFollowUpQuery(f, { at: new Date(prev.at), id: Number(prev.id) }), tx);
        tx.rollback();
      })
      .catch((error: Error) => expect(error.constructor.name).toBe("TransactionRollbackError"));
    expect(nodes(update!).map((n) => n["Node Type"])).not.toContain("Seq Scan");
    // The signals between the two follow-ups (a few), not the history.
    expect(rowsRead(update!)).toBeLessThanOrEqual(6);
  });

  it("a whole page with each signal's follow-up costs the same number of statements for 5 entries as for 50", async () => {
    const counts: number[] = [];
    for (const first of [5, PAGE]) {
      const res = await server.gql(
        org.adminToken,
        `query($first: Int) { unansweredSignals(first: $first) { pageInfo { endCursor } edges { node { id source followUp { id } secondsToFollowUp intervalSeconds } } } }`,
        { first },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.unansweredSignals.edges).toHaveLength(first);
      counts.push(res.extensions!.sqlStatements!);
    }
    expect(counts[0]).toBe(counts[1]);
  });
});

async function countSignals(since: number) {
  const [row] = await queryRows<{ n: number; answered: number }>(
    db(),
    sql`select count(*)::int as n, count(follow_up_id)::int as answered from interactions
         where org_id = ${shape.orgId} and side = 'SIGNAL' and occurred_at >= ${new Date(since).toISOString()}::timestamptz`,
  );
  return row!;
}

describe("the response report reads the period's signals once (RESP-3)", () => {
  it("on the org's signal index, never a scan of the history", async () => {
    // The last day of about a week of history.
    const now = Date.now();
    const expectedSignals = async () => (await countSignals(now - 86_400_000)).n;
    const plan = await explain(
      followUps.responseReportQuery({ orgId: shape.orgId, ownerId: null, from: new Date(now - 86_400_000), to: new Date(now), timeZone: "Asia/Tokyo" }),
    );
    const onInteractions = nodes(plan).filter((n) => n["Relation Name"] === "interactions");
    expect(onInteractions.map((n) => n["Node Type"])).not.toContain("Seq Scan");
    expect(nodes(plan).map((n) => n["Index Name"])).toContain("interactions_org_signals_idx");
    // The period's signals, each once.
    expect(rowsRead(plan)).toBeLessThanOrEqual(await expectedSignals());
    const report = (await ok(server.gql(org.adminToken, `{ signalResponseReport(from: "${new Date(now - 86_400_000).toISOString()}", to: "${new Date(now).toISOString()}") {
      bySource { signals followedUp } byOwner { signals } } }`))).signalResponseReport;
    const total = (rows: { signals: number }[]) => rows.reduce((n, r) => n + r.signals, 0);
    const expected = await countSignals(now - 86_400_000);
    expect(total(report.bySource)).toBe(expected.n);
    expect(total(report.byOwner)).toBe(expected.n);
    expect(report.bySource.reduce((n: number, r: { followedUp: number }) => n + r.followedUp, 0)).toBe(expected.answered);
  });
});
