/**
 * `npm run bench:visitors`: the website visitor list views (VIS-9) and chatContext (VIS-14) on a
 * generated org of --visits visits (100,000), each against one hand-written SQL statement.
 *
 *   Setup   (Re)creates the database `crm_bench_visitors` on BENCH_DATABASE_URL's server, starts
 *           the app in-process (production config), bootstraps an org (Asia/Tokyo), generates and
 *           links its visitor integration over GraphQL, inserts --leads leads and --contacts
 *           contacts (every contact with two deals, one open) and --visits visits with
 *           generate_series: one every 30 seconds back from now (so ~2,880 today), time spent and
 *           pages viewed spread, every 4th by a lead and every 4th by a contact, two actions each.
 *           VACUUM (ANALYZE), CHECKPOINT.
 *   EXPLAIN Prints EXPLAIN (ANALYZE, BUFFERS) of the API's statement (visitors.repo's listVisits) for
 *           each view's first page of 50, and fails when the TODAY or TOP views (and their TODAY_TOP
 *           mix) need a Sort or a Seq Scan.
 *   Ratios  autocannon (child process) on `visits(view, first: 50)` with record, attendedBy and
 *           actions, and on `chatContext`, each against a node:http server answering one
 *           hand-written SQL statement (json_agg) for the same rows: req/s and the ratio.
 *   Drops the database at the end (--keep to keep it).
 */
import "reflect-metadata";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus } from "node:os";
import postgres from "postgres";
import { dbIdOf, dropDatabase, fmt, gql, load, recreateDatabase, table } from "./common.js";
import { parseCommandLine, positiveInt } from "../src/cli/args.js";
import { nodes, rowsRead, type PlanNode } from "./plans.js";
import type { LoadResult } from "./load.js";

process.env.NODE_ENV = "production";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const BENCH_DB = "crm_bench_visitors";
const BOOTSTRAP_SECRET = "bench-visitors-bootstrap-secret";
const VIEWS = ["ALL", "TODAY", "TOP", "TODAY_TOP", "LEADS", "CONTACTS"] as const;

const PAGE = `query($view: VisitView) { visits(view: $view, first: 50) { edges { node { id visitorId pageVisited timeSpentMinutes pagesViewed visitedAt visitorType revenue
  record { ... on Lead { id name } ... on Contact { id name } } attendedBy { id name } actions(first: 5) { edges { node { type title at } } } } } } }`;
const CONTEXT = `query($v: String!) { chatContext(visitorId: $v) { record { ... on Lead { id name } ... on Contact { id name } } fields { label value } openDealCount openDealAmount } }`;

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};

/** The view's first page by hand: the same rows and fields, one statement. */
function pageSql(orgId: number, view: (typeof VIEWS)[number]): string {
  const where = [`v.org_id = ${int(orgId)}`];
  if (view === "TODAY" || view === "TODAY_TOP") where.push(`v.visit_day = (now() at time zone 'Asia/Tokyo')::date`);
  if (view === "LEADS") where.push(`v.record_type = 'lead'`);
  if (view === "CONTACTS") where.push(`v.record_type = 'contact'`);
  const order = view === "TOP" || view === "TODAY_TOP" ? "v.time_spent_seconds desc nulls last, v.pages_viewed desc nulls last, v.id desc nulls last" : "v.started_at desc nulls last, v.id desc nulls last";
  return `select coalesce(json_agg(json_build_object('node', json_build_object('id', v.id, 'visitorId', v.visitor_id, 'pageVisited', v.page_title,
      'timeSpentMinutes', v.time_spent_seconds / 60, 'pagesViewed', v.pages_viewed, 'visitedAt', v.started_at, 'visitorType', v.visitor_type, 'revenue', v.revenue,
      'record', case v.record_type when 'lead' then (select json_build_object('id', l.id, 'name', concat_ws(' ', l.first_name, l.last_name)) from leads l where l.id = v.record_id)
                                   when 'contact' then (select json_build_object('id', c.id, 'name', concat_ws(' ', c.first_name, c.last_name)) from contacts c where c.id = v.record_id) end,
      'attendedBy', (select json_build_object('id', u.id, 'name', u.name) from users u where u.id = v.attended_by_id),
      'actions', (select coalesce(json_agg(json_build_object('type', a.type, 'title', a.title, 'at', a.at) order by a.at, a.id), '[]')
                    from (select * from visit_actions a where a.visit_id = v.id order by a.at, a.id limit 5) a)))), '[]') as edges
    from (select * from visits v where ${where.join(" and ")} order by ${order} limit 50) v`;
}

/** chatContext by hand: the visitor's record, its fields, and the open deals, one statement. */
function contextSql(orgId: number, visitorId: string): string {
  return `select json_build_object('record', json_build_object('id', c.id, 'name', concat_ws(' ', c.first_name, c.last_name)),
      'fields', json_build_array(json_build_object('label', 'Account name', 'value', a.name), json_build_object('label', 'Phone', 'value', c.phone),
                                 json_build_object('label', 'Owner', 'value', u.name), json_build_object('label', 'Lead source', 'value', c.source)),
      'openDealCount', (select count(*) from deals d where d.org_id = c.org_id and d.contact_id = c.id and d.stage not in ('CLOSED_WON', 'CLOSED_LOST')),
      'openDealAmount', (select coalesce(sum(d.amount), 0) from deals d where d.org_id = c.org_id and d.contact_id = c.id and d.stage not in ('CLOSED_WON', 'CLOSED_LOST')))
    from (select record_id from visits where org_id = ${int(orgId)} and visitor_id = '${visitorId.replace(/'/g, "''")}' and record_id is not null order by started_at desc limit 1) v
    join contacts c on c.id = v.record_id left join accounts a on a.id = c.account_id left join users u on u.id = c.owner_id`;
}

async function startBaseline(sql: postgres.Sql, text: string) {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      sql
        .unsafe(text)
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
  usage: "npm run bench:visitors -- [flags]",
  description:
    "The visitor list views and chatContext on a generated org of --visits visits in a scratch PostgreSQL database\n" +
    "(BENCH_DATABASE_URL): EXPLAIN of each view (no Sort, no Seq Scan for TODAY and TOP), then each against one\n" +
    "hand-written SQL statement, as ratios.",
  flags: {
    visits: { type: "string", valueName: "N", description: "Visits of the generated org", default: "100000" },
    leads: { type: "string", valueName: "N", description: "Leads", default: "2000" },
    contacts: { type: "string", valueName: "N", description: "Contacts", default: "2000" },
    duration: { type: "string", valueName: "S", description: "Seconds to measure each query", default: "5" },
    connections: { type: "string", valueName: "N", description: "Concurrent connections", default: "4" },
    warmup: { type: "string", valueName: "S", description: "Seconds of warm-up before measuring", default: "1" },
    keep: { type: "boolean", description: "Keep the database afterwards" },
  },
  epilogue: "Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).",
} as const;

async function main() {
  const opts = parseCommandLine(COMMAND, (flags) => ({
    visits: positiveInt(flags.visits, "visits", 100_000),
    leads: positiveInt(flags.leads, "leads", 2000),
    contacts: positiveInt(flags.contacts, "contacts", 2000),
    duration: positiveInt(flags.duration, "duration", 5),
    connections: positiveInt(flags.connections, "connections", 4),
    warmup: positiveInt(flags.warmup, "warmup", 1),
    keep: flags.keep,
  }));
  const { loadConfig } = await import("../src/config/config.js");
  const { createApp } = await import("../src/server/app.js");
  const { queryRows } = await import("../src/db/client.js");
  const { sql: dsql } = await import("drizzle-orm");
  const repo = await import("../src/modules/visitors/visitors.repo.js");
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;

  console.log(`visitors bench: node ${process.version}, ${cpus().length} CPUs, database ${BENCH_DB} on ${new URL(adminUrl).host}`);
  const url = await recreateDatabase(adminUrl, BENCH_DB);
  const config = loadConfig(
    { DATABASE_URL: url, NODE_ENV: "production", LOG_LEVEL: "warn", SEED_DEMO: "false", RATE_LIMIT_POINTS: "1000000000", BOOTSTRAP_SECRET, TIMELINE_AVERAGES_CHECK_SECONDS: "0" },
    [],
  );
  const app = await createApp(config);
  const sql = postgres(url, { max: opts.connections, onnotice: () => {} });
  const db = app.database.db;
  try {
    const base = `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}`;
    const boot = await gql<{ createOrganization: { token: string; organization: { id: string }; admin: { id: string } } }>(
      base,
      `mutation { createOrganization(input: { name: "Bench Visitors", timeZone: "Asia/Tokyo", admin: { name: "Bench Admin", email: "admin@bench-visitors.test" } }) { token organization { id } admin { id } } }`,
      { "x-bootstrap-secret": BOOTSTRAP_SECRET },
    );
    const admin = { authorization: `Bearer ${boot.createOrganization.token}` };
    const key = (await gql<{ generateVisitorIntegrationKey: { key: string } }>(base, `mutation { generateVisitorIntegrationKey { key } }`, admin)).generateVisitorIntegrationKey.key;
    await gql(base, `mutation($k: String!) { linkVisitorIntegration(input: { adminEmail: "admin@bench-visitors.test", key: $k }) { linked } }`, admin, { k: key });
    const orgId = dbIdOf(boot.createOrganization.organization.id);
    const ownerId = dbIdOf(boot.createOrganization.admin.id);

    const started = Date.now();
    await sql.unsafe(`insert into leads (org_id, owner_id, first_name, last_name, company, status)
      select ${int(orgId)}, ${int(ownerId)}, 'Lead', 'L' || g, 'Company ' || g, 'Contacted' from generate_series(1, ${int(opts.leads)}) g`);
    await sql.unsafe(`insert into accounts (org_id, owner_id, name) select ${int(orgId)}, ${int(ownerId)}, 'Account ' || g from generate_series(1, ${int(opts.contacts)}) g`);
    await sql.unsafe(`insert into contacts (org_id, owner_id, first_name, last_name, phone, account_id, source)
      select ${int(orgId)}, ${int(ownerId)}, 'Contact', 'C' || g, '+81 3 0000 ' || g, a.id, 'Chat'
        from generate_series(1, ${int(opts.contacts)}) g join (select id, row_number() over (order by id) as n from accounts where org_id = ${int(orgId)}) a on a.n = g`);
    await sql.unsafe(`insert into deals (org_id, owner_id, name, stage, amount, contact_id)
      select ${int(orgId)}, ${int(ownerId)}, 'Deal ' || c.id || '-' || k, case k when 1 then 'Proposal' else 'CLOSED_WON' end, 1000 * k, c.id
        from contacts c cross join generate_series(1, 2) k where c.org_id = ${int(orgId)}`);
    const [ids] = await sql<{ l: string; c: string }[]>`select (select min(id) from leads where org_id = ${orgId}) as l, (select min(id) from contacts where org_id = ${orgId}) as c`;
    const chunk = 20_000;
    for (let from = 1; from <= opts.visits; from += chunk) {
      const to = Math.min(opts.visits, from + chunk - 1);
      await sql.unsafe(`insert into visits (org_id, idempotency_key, visitor_id, record_type, record_id, started_at, visit_day, page_url, page_title,
          user_agent, browser, os, time_spent_seconds, pages_viewed, attended_by_id, visitor_type, revenue)
        select ${int(orgId)}, 'bench-' || g, 'visitor-' || (g % 20000),
               case g % 4 when 1 then 'lead' when 2 then 'contact' end,
               case g % 4 when 1 then ${int(Number(ids!.l))} + (g / 4) % ${int(opts.leads)} when 2 then ${int(Number(ids!.c))} + (g / 4) % ${int(opts.contacts)} end,
               t, (t at time zone 'Asia/Tokyo')::date, 'https://www.bench.example/p' || (g % 50), 'Page ' || (g % 50),
               'Mozilla/5.0', 'Chrome 120', 'Windows 10', (g * 7919) % 3600, 1 + (g * 31) % 12,
               case when g % 5 = 0 then ${int(ownerId)} end,
               case g % 4 when 1 then 'LEAD' when 2 then 'DEAL' else 'UNKNOWN' end, case g % 4 when 2 then 2000 else 0 end
          from generate_series(${int(from)}, ${int(to)}) g, lateral (select now() - (g * interval '30 seconds') as t) x`);
      await sql.unsafe(`insert into visit_actions (org_id, visit_id, type, title, at, time_spent_seconds)
        select v.org_id, v.id, case k when 1 then 'ACCESS' else 'NAVIGATE' end, 'Page ' || k, v.started_at + k * interval '20 seconds', 20
          from visits v cross join generate_series(1, 2) k where v.org_id = ${int(orgId)} and v.idempotency_key in (select 'bench-' || g from generate_series(${int(from)}, ${int(to)}) g)`);
      process.stdout.write(`\rwriting: ${fmt(to)} / ${fmt(opts.visits)} visits (${fmt((Date.now() - started) / 1000, 1)} s)`);
    }
    await sql`vacuum (analyze)`;
    await sql`checkpoint`;
    const [today] = await sql<{ n: string }[]>`select count(*) as n from visits where org_id = ${orgId} and visit_day = (now() at time zone 'Asia/Tokyo')::date`;
    console.log(`\n${fmt(opts.visits)} visits (${fmt(Number(today!.n))} today), ${fmt(opts.leads)} leads, ${fmt(opts.contacts)} contacts; written and vacuumed in ${fmt((Date.now() - started) / 1000, 1)} s`);

    // EXPLAIN (ANALYZE, BUFFERS) of the API's statement for each view.
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date());
    const plans: string[][] = [];
    const failures: string[] = [];
    for (const view of VIEWS) {
      const top = view === "TOP" || view === "TODAY_TOP";
      const query = repo.listVisits(db, {
        orgId,
        order: top ? "TOP" : "NEWEST",
        day: view.startsWith("TODAY") ? day : null,
        recordType: view === "LEADS" ? "lead" : view === "CONTACTS" ? "contact" : null,
        after: null,
        limit: 51,
      });
      const [row] = await queryRows<Record<string, unknown>>(db, dsql`explain (analyze, buffers, format json) ${query}`);
      const value = Object.values(row!)[0];
      const p = ((typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode; "Execution Time": number }[])[0]!;
      const all = nodes(p.Plan);
      const sorts = all.filter((n) => n["Node Type"].includes("Sort"));
      const seq = all.filter((n) => n["Node Type"] === "Seq Scan").map((n) => n["Relation Name"]);
      if (["TODAY", "TOP", "TODAY_TOP"].includes(view) && (sorts.length || seq.length)) failures.push(`${view}: ${[...sorts.map((n) => n["Node Type"]), ...seq.map((s) => `Seq Scan on ${s}`)].join(", ")}`);
      plans.push([
        `visits(view: ${view})`,
        fmt(rowsRead(p.Plan, "visits")),
        sorts.length ? sorts.map((n) => n["Node Type"]).join(", ") : "none",
        seq.length ? `Seq Scan on ${seq.join(", ")}` : "none",
        [...new Set(all.map((n) => n["Index Name"]).filter(Boolean))].join(", "),
        `${fmt(p["Execution Time"], 2)} ms`,
      ]);
    }
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of listVisits, first page of 50 (rows read on visits, over every loop)`);
    console.log(table(["statement", "rows read", "sorts", "seq scans", "indexes", "time"], plans));
    if (failures.length) throw new Error(`TODAY/TOP views need a Sort or a Seq Scan: ${failures.join("; ")}`);

    // Ratios: GraphQL ÷ one hand-written SQL statement served as JSON.
    const measure = async (label: string, target: { url: string; headers: Record<string, string>; body: string }) => {
      const request = { url: target.url, connections: opts.connections, duration: opts.duration, method: "POST", headers: { "content-type": "application/json", ...target.headers }, body: target.body };
      await load({ ...request, duration: opts.warmup });
      const r = await load(request);
      if (r.errors || r.timeouts || r.non2xx) throw new Error(`${label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
      return r;
    };
    const rows: string[][] = [];
    const ratios: string[] = [];
    const compare = async (name: string, graphql: { query: string; variables: Record<string, unknown> }, baseline: string) => {
      const g: LoadResult = await measure(name, { url: `${base}/graphql`, headers: admin, body: JSON.stringify(graphql) });
      const server = await startBaseline(sql, baseline);
      try {
        const b: LoadResult = await measure(`${name} baseline`, { url: server.url, headers: {}, body: "{}" });
        rows.push([`${name}: GraphQL`, fmt(g.rps, 1), `${fmt(g.p50)} ms`, `${fmt(g.p99)} ms`], [`${name}: SQL`, fmt(b.rps, 1), `${fmt(b.p50)} ms`, `${fmt(b.p99)} ms`]);
        ratios.push(`${name}: GraphQL ÷ SQL req/s = ${(g.rps / b.rps).toFixed(3)}`);
      } finally {
        await server.close();
      }
    };
    for (const view of VIEWS) {
      const check = await gql<{ visits: { edges: unknown[] } }>(base, PAGE, admin, { view });
      if (check.visits.edges.length !== 50) throw new Error(`${view}: expected 50 edges, got ${check.visits.edges.length}`);
      await compare(`visits(view: ${view}, first: 50)`, { query: PAGE, variables: { view } }, pageSql(orgId, view));
    }
    const visitorId = "visitor-2"; // g % 20000 = 2: a contact's visits (g % 4 = 2)
    const ctx = await gql<{ chatContext: { openDealCount: number } | null }>(base, CONTEXT, admin, { v: visitorId });
    if (!ctx.chatContext || ctx.chatContext.openDealCount !== 1) throw new Error(`chatContext: unexpected ${JSON.stringify(ctx)}`);
    await compare("chatContext", { query: CONTEXT, variables: { v: visitorId } }, contextSql(orgId, visitorId));
    console.log(`\n${opts.connections} connections, ${opts.duration} s each (after ${opts.warmup} s warm-up), loopback`);
    console.log(table(["request", "req/s", "p50", "p99"], rows));
    console.log(`\n${ratios.join("\n")}`);
  } finally {
    await sql.end({ timeout: 5 });
    await app.stop();
    if (!opts.keep) await dropDatabase(adminUrl, BENCH_DB);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
