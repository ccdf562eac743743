/**
 * `npm run bench:followup`: signal follow-up at a million interactions (RESP-2, RESP-3).
 *
 *   Setup   (Re)creates the database `crm_bench_followup` on BENCH_DATABASE_URL's server, starts
 *           the app in-process (createApp, production config), bootstraps an org, four users
 *           and a fifth who owns one lead, then writes the org of bench/follow-up-data.ts:
 *           --records leads (1,000) with --per-record entries each (1,000): 1,000,000
 *           interactions, 97 minutes apart per lead (about 67 days), two open signals per lead
 *           and every tenth lead abandoned half-way (its newer half: open signals only). Links
 *           every signal to its follow-up (linkAllFollowUps), VACUUM (ANALYZE), CHECKPOINT.
 *   EXPLAIN Prints EXPLAIN (ANALYZE, BUFFERS) of the statements the API runs (the repos'
 *           builders): node types, indexes, rows read from `interactions`, time.
 *   Ratios  autocannon (child process) on each GraphQL query and on a node:http server that
 *           answers with one hand-written SQL statement (json_agg) for the same rows: prints
 *           req/s and GraphQL req/s ÷ baseline req/s. Two baselines each: "same index", the
 *           hand-written query over the same maintained columns (GraphQL's overhead), and
 *           "timeline only", the hand-written query over the timeline without them (what the
 *           maintained columns buy).
 *   Drops the database at the end (--keep to keep it).
 *
 * Flags: --records N (1000), --per-record N (1000), --duration S (5), --connections C (4), --warmup S (1), --keep.
 * Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres).
 */
import "reflect-metadata";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus } from "node:os";
import postgres from "postgres";
import { dbIdOf, dropDatabase, fmt, gql, load, recreateDatabase, table } from "./common.js";
import { parseCommandLine, positiveInt } from "../src/cli/args.js";
import { nodes, rowsRead, type PlanNode } from "./plans.js";
import { insertHistorySql, insertLeadsSql, type FollowUpOrg } from "./follow-up-data.js";
import type { LoadResult } from "./load.js";

process.env.NODE_ENV = "production";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const BENCH_DB = "crm_bench_followup";
const BOOTSTRAP_SECRET = "bench-followup-bootstrap-secret";
const DAY_MS = 86_400_000;

const UNANSWERED = `query($first: Int, $filter: UnansweredSignalFilter) { unansweredSignals(first: $first, filter: $filter) {
  edges { node { id side source event occurredAt summary followUp { id } secondsToFollowUp } } } }`;
const REPORT = `query($from: DateTime!, $to: DateTime!) { signalResponseReport(from: $from, to: $to) {
  bySource { source signals followedUp medianSecondsToFollowUp } byOwner { owner { id } signals followedUp medianSecondsToFollowUp } } }`;

/** The unanswered page by hand: over the maintained columns, or over the timeline alone. */
const unansweredSql = (orgId: number, sameIndex: boolean) => `
  select coalesce(json_agg(json_build_object('node', json_build_object('id', x.id, 'side', x.side, 'source', x.source, 'event', x.event,
           'occurredAt', x.occurred_at, 'summary', x.summary, 'followUp', null, 'secondsToFollowUp', null)) order by x.occurred_at desc, x.id desc), '[]') as edges
    from (select * from interactions i
           where i.org_id = ${orgId} and ${
             sameIndex
               ? "i.open_owner_id is not null"
               : `i.side = 'SIGNAL' and not exists (select 1 from interactions f where f.org_id = i.org_id and f.record_type = i.record_type
                    and f.record_id = i.record_id and f.side = 'FOLLOW_UP' and (f.occurred_at, f.id) > (i.occurred_at, i.id))`
           }
           order by i.occurred_at desc nulls last, i.id desc nulls last limit 50) x`;

/** The report by hand: per source and per owner, over the maintained columns or probing each signal's first follow-up. */
const reportSql = (orgId: number, from: Date, to: Date, sameIndex: boolean) => `
  with s as (
    select i.source, r.owner_id, ${
      sameIndex
        ? "extract(epoch from i.follow_up_at - i.occurred_at)::float8"
        : `(select extract(epoch from f.occurred_at - i.occurred_at)::float8 from interactions f
             where f.org_id = i.org_id and f.record_type = i.record_type and f.record_id = i.record_id and f.side = 'FOLLOW_UP'
               and (f.occurred_at, f.id) > (i.occurred_at, i.id) order by f.occurred_at, f.id limit 1)`
    } as seconds
      from interactions i
      join (select 'lead'::text as record_type, id, owner_id from leads where org_id = ${orgId}
            union all select 'contact', id, owner_id from contacts where org_id = ${orgId}) r on r.record_type = i.record_type and r.id = i.record_id
     where i.org_id = ${orgId} and i.side = 'SIGNAL' and i.occurred_at >= '${from.toISOString()}' and i.occurred_at < '${to.toISOString()}'),
  g as (
    select grouping(source) as gs, source, owner_id, count(*) as signals, count(seconds) as followed_up,
           percentile_cont(0.5) within group (order by seconds) as median
      from s group by grouping sets ((source), (owner_id)))
  select json_build_object(
    'bySource', coalesce((select json_agg(json_build_object('source', source, 'signals', signals, 'followedUp', followed_up, 'medianSecondsToFollowUp', median) order by signals desc) from g where gs = 0), '[]'),
    'byOwner', coalesce((select json_agg(json_build_object('owner', json_build_object('id', owner_id), 'signals', signals, 'followedUp', followed_up, 'medianSecondsToFollowUp', median) order by signals desc) from g where gs = 1), '[]')) as report`;

/** A node:http server answering every request with one SQL statement's JSON (the baseline). */
async function startBaseline(sql: postgres.Sql, text: () => string) {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      sql
        .unsafe(text())
        .then((rows) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ data: Object.values(rows[0]!)[0] }));
        })
        .catch((error: Error) => {
          res.writeHead(500);
          res.end(error.message);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const COMMAND = {
  usage: "npm run bench:followup -- [flags]",
  description:
    "Unanswered signals and the response report on a generated org (--records leads of --per-record interactions each)\n" +
    "in a scratch PostgreSQL database (BENCH_DATABASE_URL): EXPLAIN of the API's statements, then each against one\n" +
    "hand-written SQL statement, as ratios.",
  flags: {
    records: { type: "string", valueName: "N", description: "Leads of the generated org", default: "1000" },
    "per-record": { type: "string", valueName: "N", description: "Interactions per lead", default: "1000" },
    duration: { type: "string", valueName: "S", description: "Seconds to measure each query", default: "5" },
    connections: { type: "string", valueName: "N", description: "Concurrent connections", default: "4" },
    warmup: { type: "string", valueName: "S", description: "Seconds of warm-up before measuring", default: "1" },
    keep: { type: "boolean", description: "Keep the database afterwards" },
  },
  epilogue: "Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).",
} as const;

async function main() {
  const { records, perRecord, duration, connections, warmup, keep } = parseCommandLine(COMMAND, (flags) => ({
    records: positiveInt(flags.records, "records", 1000),
    perRecord: positiveInt(flags["per-record"], "per-record", 1000),
    duration: positiveInt(flags.duration, "duration", 5),
    connections: positiveInt(flags.connections, "connections", 4),
    warmup: positiveInt(flags.warmup, "warmup", 1),
    keep: flags.keep,
  }));
  const { loadConfig } = await import("../src/config/config.js");
  const { createApp } = await import("../src/server/app.js");
  const { queryRows } = await import("../src/db/client.js");
  const { sql: dsql } = await import("drizzle-orm");
  const timeline = await import("../src/modules/timeline/timeline.repo.js");
  const followUps = await import("../src/modules/follow-up/follow-up.repo.js");
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;

  console.log(`follow-up bench: node ${process.version}, ${cpus().length} CPUs, database ${BENCH_DB} on ${new URL(adminUrl).host}`);
  const url = await recreateDatabase(adminUrl, BENCH_DB);
  const config = loadConfig(
    { DATABASE_URL: url, NODE_ENV: "production", LOG_LEVEL: "warn", SEED_DEMO: "false", RATE_LIMIT_POINTS: "1000000000", BOOTSTRAP_SECRET, TIMELINE_AVERAGES_CHECK_SECONDS: "0" },
    [],
  );
  const app = await createApp(config);
  const sql = postgres(url, { max: connections, onnotice: () => {} });
  const db = app.database.db;
  try {
    const base = `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}`;
    const boot = await gql<{ createOrganization: { token: string; organization: { id: string }; admin: { id: string } } }>(
      base,
      `mutation { createOrganization(input: { name: "Bench Follow-up", timeZone: "Asia/Tokyo", admin: { name: "Bench Admin", email: "admin@bench-followup.test" } }) { token organization { id } admin { id } } }`,
      { "x-bootstrap-secret": BOOTSTRAP_SECRET },
    );
    const admin = { authorization: `Bearer ${boot.createOrganization.token}` };
    const users: { id: string; token: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const made = await gql<{ createUser: { user: { id: string }; token: string } }>(
        base,
        `mutation { createUser(input: { name: "Rep ${i}", email: "rep${i}@bench-followup.test", apps: [{ app: CRM, role: USER }] }) { user { id } token } }`,
        admin,
      );
      users.push({ id: made.createUser.user.id, token: made.createUser.token });
    }
    const shape: FollowUpOrg = {
      orgId: dbIdOf(boot.createOrganization.organization.id),
      ownerIds: [dbIdOf(boot.createOrganization.admin.id), ...users.slice(0, 4).map((u) => dbIdOf(u.id))],
      rareOwnerId: dbIdOf(users[4]!.id),
      records,
      perRecord,
    };
    const rep = users[0]!;

    const started = Date.now();
    await sql.unsafe(insertLeadsSql(shape));
    const chunk = Math.max(1, Math.floor(100_000 / records));
    for (let from = 1; from <= perRecord; from += chunk) {
      const to = Math.min(perRecord, from + chunk - 1);
      await sql.unsafe(insertHistorySql(shape, from, to));
      process.stdout.write(`\rwriting: ${fmt(to * records)} / ${fmt(perRecord * records)} interactions (${fmt((Date.now() - started) / 1000, 1)} s)`);
    }
    await db.transaction(async (tx) => {
      await queryRows(tx, dsql`set local statement_timeout = 0`);
      await timeline.linkAllFollowUps(tx, shape.orgId);
    });
    await sql`vacuum (analyze)`;
    await sql`checkpoint`;
    const [counts] = await sql<{ total: string; signals: string; open: string }[]>`
      select count(*) as total, count(*) filter (where side = 'SIGNAL') as signals, count(open_owner_id) as open from interactions where org_id = ${shape.orgId}`;
    console.log(
      `\n${fmt(Number(counts!.total))} interactions (${fmt(Number(counts!.signals))} signals, ${fmt(Number(counts!.open))} open) on ${fmt(records)} leads; written, linked, vacuumed in ${fmt((Date.now() - started) / 1000, 1)} s`,
    );

    // EXPLAIN (ANALYZE, BUFFERS) of the API's own statements.
    const explain = async (on: typeof db, query: Parameters<typeof dsql>[1]) => {
      const [row] = await queryRows<Record<string, unknown>>(on, dsql`explain (analyze, buffers, format json) ${query}`);
      const value = Object.values(row!)[0];
      const plan = (typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode; "Execution Time": number }[];
      return plan[0]!;
    };
    const plans: string[][] = [];
    const show = (name: string, p: { Plan: PlanNode; "Execution Time": number }, rows?: number) => {
      const all = nodes(p.Plan);
      const indexes = [...new Set(all.map((n) => n["Index Name"]).filter(Boolean))].join(", ");
      const seq = all.filter((n) => n["Node Type"] === "Seq Scan").map((n) => n["Relation Name"]);
      plans.push([
        name,
        rows === undefined ? "" : fmt(rows),
        fmt(rowsRead(p.Plan)),
        seq.length ? `Seq Scan on ${seq.join(", ")}` : "none",
        indexes,
        fmt((p.Plan["Shared Hit Blocks"] ?? 0) + (p.Plan["Shared Read Blocks"] ?? 0)),
        `${fmt(p["Execution Time"], 2)} ms`,
      ]);
    };
    const page = (over: Partial<Parameters<typeof followUps.listUnanswered>[1]> = {}) =>
      followUps.listUnanswered(db, { orgId: shape.orgId, ownerId: null, sources: null, until: null, after: null, limit: 51, ...over });
    const first = await page({ limit: 10_001 });
    const deep = first[first.length - 1]!;
    const cases: [string, Parameters<typeof page>[0]][] = [
      ["unanswered: org, first page", {}],
      [`unanswered: org, after the ${fmt(first.length - 1)}th`, { after: { at: deep.occurredAt, id: deep.id } }],
      ["unanswered: org, waiting over 7 days", { until: new Date(Date.now() - 7 * DAY_MS) }],
      ["unanswered: one rep (ownerId)", { ownerId: dbIdOf(rep.id) }],
      ["unanswered: owner of one lead", { ownerId: shape.rareOwnerId }],
      ["unanswered: sources [CALL]", { sources: ["CALL"] }],
      ["unanswered: sources [CALL, DESK, SOCIAL]", { sources: ["CALL", "DESK", "SOCIAL"] }],
      ["unanswered: rep + sources [CALL]", { ownerId: dbIdOf(rep.id), sources: ["CALL"] }],
    ];
    for (const [name, over] of cases) {
      const rows = (await page(over)).length;
      show(name, await explain(db, page(over)), rows);
    }
    // Linking a follow-up logged between the 10th and 11th newest entries of a lead's long history (rolled back).
    const [lead] = await sql<{ id: string }[]>`select id from leads where org_id = ${shape.orgId} order by id offset 1 limit 1`;
    const [near] = await sql<{ at: Date }[]>`select occurred_at as at from interactions where org_id = ${shape.orgId} and record_type = 'lead' and record_id = ${lead!.id}
      order by occurred_at desc, id desc offset 10 limit 1`;
    const f = { orgId: shape.orgId, recordType: "lead", recordId: Number(lead!.id), id: 2 ** 40, occurredAt: new Date(new Date(near!.at).getTime() + 1000) };
    show("logFollowUp: previous follow-up", await explain(db, timeline.previousFollowUpQuery(f)));
    const prev = (await queryRows<{ at: string | Date; id: number }>(db, timeline.previousFollowUpQuery(f)))[0]!;
    await db
      .transaction(async (tx) => {
        show("logFollowUp: link its signals", await explain(tx, timeline.linkFollowUpQuery(f, { at: new Date(prev.at), id: Number(prev.id) })));
        tx.rollback();
      })
      .catch(() => undefined);
    const now = new Date();
    const week = new Date(now.getTime() - 7 * DAY_MS);
    for (const [name, ownerId] of [["report 7 days: admin (org)", null], ["report 7 days: one rep", dbIdOf(rep.id)]] as const) {
      show(name, await explain(db, followUps.responseReportQuery({ orgId: shape.orgId, ownerId, from: week, to: now, timeZone: "Asia/Tokyo" })));
    }
    const [inWeek] = await sql<{ n: string }[]>`select count(*) as n from interactions where org_id = ${shape.orgId} and side = 'SIGNAL' and occurred_at >= ${week}`;
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS); rows read = rows returned plus removed by filters, over every loop, on interactions (${fmt(Number(inWeek!.n))} signals in the 7 days)`);
    console.log(table(["statement", "rows out", "rows read", "seq scans", "indexes", "buffers", "time"], plans));

    // Ratios: GraphQL ÷ one hand-written SQL statement served as JSON.
    const measure = async (label: string, target: { url: string; headers: Record<string, string>; body: string }) => {
      const request = { url: target.url, connections, duration, method: "POST", headers: { "content-type": "application/json", ...target.headers }, body: target.body };
      await load({ ...request, duration: warmup });
      const r = await load(request);
      if (r.errors || r.timeouts || r.non2xx) throw new Error(`${label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
      return r;
    };
    const rows: string[][] = [];
    const ratios: string[] = [];
    const compare = async (name: string, graphql: { query: string; variables: Record<string, unknown> }, baselines: [string, string][]) => {
      const g = await measure(name, { url: `${base}/graphql`, headers: admin, body: JSON.stringify(graphql) });
      rows.push([`${name}: GraphQL`, fmt(g.rps, 1), `${fmt(g.p50)} ms`, `${fmt(g.p99)} ms`]);
      for (const [label, text] of baselines) {
        const server = await startBaseline(sql, () => text);
        try {
          const b: LoadResult = await measure(label, { url: server.url, headers: {}, body: "{}" });
          if (b.requests >= 10) {
            rows.push([`${name}: SQL, ${label}`, fmt(b.rps, 1), `${fmt(b.p50)} ms`, `${fmt(b.p99)} ms`]);
            ratios.push(`${name}: GraphQL ÷ SQL (${label}) req/s = ${(g.rps / b.rps).toFixed(3)}`);
          } else {
            // Too slow to measure under load: both sides one request at a time, median of 3.
            const sequential = async (target: string, headers: Record<string, string>, body: string) => {
              const ms: number[] = [];
              for (let i = 0; i < 3; i++) {
                const t0 = performance.now();
                const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
                if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
                await res.text();
                ms.push(performance.now() - t0);
              }
              return ms.sort((x, y) => x - y)[1]!;
            };
            const sqlMs = await sequential(server.url, {}, "{}");
            const graphqlMs = await sequential(`${base}/graphql`, admin, JSON.stringify(graphql));
            rows.push([`${name}: SQL, ${label} (one at a time)`, fmt(1000 / sqlMs, 2), `${fmt(sqlMs)} ms`, ""]);
            rows.push([`${name}: GraphQL (one at a time)`, fmt(1000 / graphqlMs, 2), `${fmt(graphqlMs)} ms`, ""]);
            ratios.push(`${name}: GraphQL ÷ SQL (${label}) req/s, one request at a time = ${(sqlMs / graphqlMs).toFixed(3)}`);
          }
        } finally {
          await server.close();
        }
      }
    };
    const check = await gql<{ unansweredSignals: { edges: unknown[] } }>(base, UNANSWERED, admin, { first: 50 });
    if (check.unansweredSignals.edges.length !== 50) throw new Error("unanswered: expected 50 edges");
    await compare("unansweredSignals(first: 50)", { query: UNANSWERED, variables: { first: 50 } }, [
      ["same index", unansweredSql(shape.orgId, true)],
      ["timeline only", unansweredSql(shape.orgId, false)],
    ]);
    await compare("signalResponseReport(7 days)", { query: REPORT, variables: { from: week.toISOString(), to: now.toISOString() } }, [
      ["same columns", reportSql(shape.orgId, week, now, true)],
      ["timeline only", reportSql(shape.orgId, week, now, false)],
    ]);
    console.log(`\n${connections} connections, ${duration} s each (after ${warmup} s warm-up), loopback`);
    console.log(table(["request", "req/s", "p50", "p99"], rows));
    console.log(`\n${ratios.join("\n")}`);
  } finally {
    await sql.end({ timeout: 5 });
    await app.stop();
    if (!keep) await dropDatabase(adminUrl, BENCH_DB);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
