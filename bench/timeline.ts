/**
 * `npm run bench:timeline`: is a timeline page as cheap for a lead with a million entries as for
 * one with ten (TL-12)?
 *
 *   Setup  (Re)creates the database `crm_bench_timeline` on BENCH_DATABASE_URL's server, starts
 *          the app in-process (createApp, production config), bootstraps an org and two leads over
 *          GraphQL, then gives lead BIG --entries entries (default 1,000,000), lead HUNDRED 100 and
 *          lead SMALL ten,
 *          with INSERT ... SELECT generate_series in chunks (every 3rd a signal, every 5th a
 *          milestone, 13 channels, a minute apart), and runs VACUUM (ANALYZE) and CHECKPOINT.
 *   Measure For each page below, autocannon (child process) requests it for each lead, D seconds
 *          each with C connections, and the bench prints req/s, p50/p99 and two ratios:
 *          BIG req/s ÷ SMALL req/s (TL-12 as written: SMALL's "page of 50" holds its 10 entries) and
 *          BIG req/s ÷ HUNDRED req/s (both pages hold 50: only the history's length differs).
 *          A ratio near 1 means the page does not grow with the history.
 *
 *   pages  newest-50: `timeline(first: 50)` with performer, interval, idle state, milestone and
 *                     preceding follow-up (what a client draws);
 *          oldest-50: the same, OLDEST_FIRST;
 *          signals-50: the SIGNALS view;
 *          deep-50:   newest first after a cursor half-way through the history.
 *
 * Flags: --entries N (1000000), --duration S (8), --connections C (10), --warmup S (2).
 * Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres).
 */
import "reflect-metadata";
import { cpus } from "node:os";
import postgres from "postgres";
import { dbIdOf, fmt, gql, load, recreateDatabase, table } from "./common.js";
import { parseCommandLine, positiveInt } from "../src/cli/args.js";
import type { LoadResult } from "./load.js";

process.env.NODE_ENV = "production";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const BENCH_DB = "crm_bench_timeline";
const BOOTSTRAP_SECRET = "bench-timeline-bootstrap-secret";
const CHUNK = 100_000;

const PAGE_FIELDS = `pageInfo { hasNextPage endCursor }
  edges { node { id side channel event status summary occurredAt performedBy { id name }
    intervalSeconds idle averageIntervalSeconds
    milestone { field oldValue newValue daysInPrevious interactionCount }
    precedingFollowUp { id event } } }`;

const page = (args: string) => `query($id: ID!, $after: String) { node(id: $id) { ... on Lead { timeline(first: 50, after: $after${args}) { ${PAGE_FIELDS} } } } }`;

const PAGES: { name: string; query: string; deep?: boolean }[] = [
  { name: "newest-50", query: page("") },
  { name: "oldest-50", query: page(", order: OLDEST_FIRST") },
  { name: "signals-50", query: page(", view: SIGNALS") },
  { name: "deep-50", query: page(""), deep: true },
];

const CHANNELS = ["EMAIL", "CALL", "MEETING", "SURVEY", "DESK", "FACEBOOK", "X", "EVENT", "WEBINAR", "CAMPAIGN", "WEBSITE", "PORTAL", "CHAT"];

/**
 * Entries `from`..`to` (1 = newest, of `total`) of one lead, in one statement. Their stream seqs
 * are set here (oldest 1) and the lead's counter with them: the insert trigger would take the
 * counter row once per entry.
 */
async function fill(sql: postgres.Sql, a: { orgId: number; leadId: number; userId: number; from: number; to: number; total: number }) {
  await sql`
    insert into timeline_counters (org_id, record_type, record_id, last_seq) values (${a.orgId}, 'lead', ${a.leadId}, ${a.total})
    on conflict (org_id, record_type, record_id) do update set last_seq = excluded.last_seq`;
  return sql`
    insert into interactions (org_id, record_type, record_id, stream_seq, side, channel, event, actor_user_id, occurred_at, summary, details)
    select ${a.orgId}, 'lead', ${a.leadId}, ${a.total + 1} - g,
           case when g % 5 = 0 then 'MILESTONE' when g % 3 = 0 then 'SIGNAL' else 'FOLLOW_UP' end,
           case when g % 5 = 0 then null else (${CHANNELS}::text[])[1 + g % 13] end,
           case when g % 5 = 0 then 'status' else 'E' || (g % 7) end,
           case when g % 3 = 0 and g % 5 <> 0 then null else ${a.userId}::bigint end,
           now() - make_interval(mins => g),
           'entry ' || g,
           case when g % 5 = 0 then '{"field":"status","oldValue":"A","newValue":"B"}'::jsonb else '{}'::jsonb end
      from generate_series(${a.from}::int, ${a.to}::int) as g`;
}

const COMMAND = {
  usage: "npm run bench:timeline -- [flags]",
  description:
    "A timeline page of a lead with --entries entries against one with 100 and one with 10, in a scratch PostgreSQL\n" +
    "database (BENCH_DATABASE_URL): four 50-entry pages of each, measured with autocannon; prints BIG ÷ SMALL.",
  flags: {
    entries: { type: "string", valueName: "N", description: "Entries of the big lead's timeline", default: "1000000" },
    duration: { type: "string", valueName: "S", description: "Seconds to measure each page", default: "8" },
    connections: { type: "string", valueName: "N", description: "Concurrent connections", default: "10" },
    warmup: { type: "string", valueName: "S", description: "Seconds of warm-up before measuring", default: "2" },
  },
  epilogue: "Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).",
} as const;

async function main() {
  const { entries, duration, connections, warmup } = parseCommandLine(COMMAND, (flags) => ({
    entries: positiveInt(flags.entries, "entries", 1_000_000),
    duration: positiveInt(flags.duration, "duration", 8),
    connections: positiveInt(flags.connections, "connections", 10),
    warmup: positiveInt(flags.warmup, "warmup", 2),
  }));
  const { loadConfig } = await import("../src/config/config.js");
  const { createApp } = await import("../src/server/app.js");
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;

  console.log(`timeline bench: node ${process.version}, ${cpus().length} CPUs, database ${BENCH_DB} on ${new URL(adminUrl).host}`);
  const url = await recreateDatabase(adminUrl, BENCH_DB);
  const config = loadConfig(
    { DATABASE_URL: url, NODE_ENV: "production", LOG_LEVEL: "warn", SEED_DEMO: "false", RATE_LIMIT_POINTS: "1000000000", BOOTSTRAP_SECRET, TIMELINE_AVERAGES_CHECK_SECONDS: "0" },
    [],
  );
  const app = await createApp(config);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const base = `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}`;
    const org = await gql<{ createOrganization: { token: string; organization: { id: string }; admin: { id: string } } }>(
      base,
      `mutation { createOrganization(input: { name: "Bench Timeline", admin: { name: "Bench Admin", email: "admin@bench-timeline.test" } }) { token organization { id } admin { id } } }`,
      { "x-bootstrap-secret": BOOTSTRAP_SECRET },
    );
    const auth = { authorization: `Bearer ${org.createOrganization.token}` };
    const leads = await gql<{ big: { id: string }; hundred: { id: string }; small: { id: string } }>(
      base,
      `mutation { big: createLead(input: { lastName: "Big" }) { id } hundred: createLead(input: { lastName: "Hundred" }) { id } small: createLead(input: { lastName: "Small" }) { id } }`,
      auth,
    );
    const ids = { orgId: dbIdOf(org.createOrganization.organization.id), userId: dbIdOf(org.createOrganization.admin.id) };

    const started = Date.now();
    for (let from = 1; from <= entries; from += CHUNK) {
      const to = Math.min(entries, from + CHUNK - 1);
      await fill(sql, { ...ids, leadId: dbIdOf(leads.big.id), from, to, total: entries });
      process.stdout.write(`\rfilling BIG: ${fmt(to)} / ${fmt(entries)} entries (${fmt((Date.now() - started) / 1000, 1)} s)`);
    }
    const sizes = { BIG: entries, HUNDRED: 100, SMALL: 10 };
    await fill(sql, { ...ids, leadId: dbIdOf(leads.hundred.id), from: 1, to: sizes.HUNDRED, total: sizes.HUNDRED });
    await fill(sql, { ...ids, leadId: dbIdOf(leads.small.id), from: 1, to: sizes.SMALL, total: sizes.SMALL });
    // Vacuumed and checkpointed now, so neither autovacuum nor a checkpoint writing the fresh
    // million rows out runs in the middle of a measurement.
    await sql`vacuum (analyze) interactions`;
    await sql`checkpoint`;
    console.log(`\nBIG has ${fmt(entries)} entries, HUNDRED 100, SMALL 10; filled, vacuumed and checkpointed in ${fmt((Date.now() - started) / 1000, 1)} s`);

    const deepCursor = async (leadId: string, size: number) => {
      // The cursor half-way through the history, as a client paging down would hold it.
      const [row] = await sql<{ occurred_at: Date; id: string }[]>`
        select occurred_at, id from interactions where org_id = ${ids.orgId} and record_type = 'lead' and record_id = ${dbIdOf(leadId)}
        order by occurred_at desc, id desc offset ${Math.floor(size / 2)} limit 1`;
      return Buffer.from(JSON.stringify(["OCCURRED_AT:DESC", new Date(row!.occurred_at).toISOString(), Number(row!.id)])).toString("base64url");
    };

    const rows: string[][] = [];
    const ratios: string[] = [];
    for (const p of PAGES) {
      const results: Record<string, LoadResult> = {};
      for (const [label, lead] of [["BIG", leads.big.id], ["HUNDRED", leads.hundred.id], ["SMALL", leads.small.id]] as const) {
        const variables = { id: lead, after: p.deep ? await deepCursor(lead, sizes[label]) : null };
        const body = JSON.stringify({ query: p.query, variables });
        const check = await gql<{ node: { timeline: { edges: unknown[] } } }>(base, p.query, auth, variables);
        const got = check.node.timeline.edges.length;
        if (got === 0 || (label === "BIG" && got !== 50)) throw new Error(`${p.name} ${label}: got ${got} entries`);
        const request = { url: `${base}/graphql`, connections, duration, method: "POST", headers: { "content-type": "application/json", ...auth }, body };
        await load({ ...request, duration: warmup });
        const r = await load(request);
        if (r.errors || r.timeouts || r.non2xx) throw new Error(`${p.name} ${label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
        results[label] = r;
        rows.push([`${p.name} ${label}`, fmt(got), fmt(r.rps, 1), `${fmt(r.p50)} ms`, `${fmt(r.p99)} ms`, fmt(r.requests)]);
      }
      const ratio = (a: LoadResult, b: LoadResult) => (a.rps / b.rps).toFixed(3);
      ratios.push(`${p.name}: BIG/SMALL req/s = ${ratio(results.BIG!, results.SMALL!)}, BIG/HUNDRED req/s = ${ratio(results.BIG!, results.HUNDRED!)}`);
    }
    console.log(`\n${connections} connections, ${duration} s each, loopback`);
    console.log(table(["page", "entries", "req/s", "p50", "p99", "requests"], rows));
    console.log(`\n${ratios.join("\n")}`);

    // timelineSummary aggregates the whole history: its cost grows with it (not a page).
    const summary = `query($id: ID!) { node(id: $id) { ... on Lead { timelineSummary { totalInteractions bestResponseChannel lastInteractionAt idle } } } }`;
    const timings: string[] = [];
    for (const [label, lead] of [["BIG", leads.big.id], ["HUNDRED", leads.hundred.id], ["SMALL", leads.small.id]] as const) {
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await gql(base, summary, auth, { id: lead });
        ms.push(performance.now() - t0);
      }
      timings.push(`${label} ${fmt(ms.sort((a, b) => a - b)[2]!, 1)} ms`);
    }
    console.log(`timelineSummary, median of 5 sequential requests: ${timings.join(", ")}`);
  } finally {
    await sql.end({ timeout: 5 });
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
