/**
 * `npm run bench:social`: the social tab's CRM view over a generated org (issue 13).
 *
 *   Setup   (Re)creates the database `crm_bench_social` on BENCH_DATABASE_URL's server, starts the
 *           app in-process (createApp, production config), bootstraps an org, connects an X
 *           account and writes bench/social-data.ts's org: --posts posts (100,000) by --authors
 *           authors (10,000), --contacts of them linked to contacts (1,000; 30% with an open
 *           deal, 20% customers). ANALYZE.
 *   EXPLAIN Prints EXPLAIN (ANALYZE, BUFFERS) of the open-deals page and of a keyword column (the
 *           repo's builders): indexes, rows read from social_posts, time.
 *   Ratio   autocannon on `socialPosts(column: CUSTOMER_WITH_OPEN_DEALS, first: 20)` with author,
 *           crmClass and record, and on a node:http server answering one hand-written SQL
 *           statement (json_agg) for the same page; prints req/s and GraphQL ÷ SQL.
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
import { openDealsPageSql, socialDataSql } from "./social-data.js";

process.env.NODE_ENV = "production";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const BENCH_DB = "crm_bench_social";
const BOOTSTRAP_SECRET = "bench-social-bootstrap-secret";
const PAGE = `query { socialPosts(column: CUSTOMER_WITH_OPEN_DEALS, first: 20) { edges { node { id text crmClass author { handle } record { ... on Contact { name } } } } } }`;

const COMMAND = {
  usage: "npm run bench:social -- [flags]",
  description:
    "The social tab's open-deals column over a generated org (--posts posts by --authors authors) in a scratch PostgreSQL\n" +
    "database (BENCH_DATABASE_URL): EXPLAIN of the API's statements, then the page against one hand-written SQL statement.",
  flags: {
    posts: { type: "string", valueName: "N", description: "Posts of the generated org", default: "100000" },
    authors: { type: "string", valueName: "N", description: "Authors", default: "10000" },
    contacts: { type: "string", valueName: "N", description: "Authors linked to contacts", default: "1000" },
    duration: { type: "string", valueName: "S", description: "Seconds to measure each side", default: "5" },
    connections: { type: "string", valueName: "N", description: "Concurrent connections", default: "4" },
    warmup: { type: "string", valueName: "S", description: "Seconds of warm-up before measuring", default: "1" },
    keep: { type: "boolean", description: "Keep the database afterwards" },
  },
  epilogue: "Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).",
} as const;

async function main() {
  const { posts, authors, contacts, duration, connections, warmup, keep } = parseCommandLine(COMMAND, (flags) => ({
    posts: positiveInt(flags.posts, "posts", 100_000),
    authors: positiveInt(flags.authors, "authors", 10_000),
    contacts: positiveInt(flags.contacts, "contacts", 1000),
    duration: positiveInt(flags.duration, "duration", 5),
    connections: positiveInt(flags.connections, "connections", 4),
    warmup: positiveInt(flags.warmup, "warmup", 1),
    keep: flags.keep,
  }));
  const { loadConfig } = await import("../src/config/config.js");
  const { createApp } = await import("../src/server/app.js");
  const { queryRows } = await import("../src/db/client.js");
  const { sql: dsql } = await import("drizzle-orm");
  const repo = await import("../src/modules/social/social.repo.js");
  const { CrmClass } = await import("../src/modules/records/record.type.js");
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;

  console.log(`social bench: node ${process.version}, ${cpus().length} CPUs, database ${BENCH_DB} on ${new URL(adminUrl).host}`);
  const url = await recreateDatabase(adminUrl, BENCH_DB);
  const config = loadConfig(
    { DATABASE_URL: url, NODE_ENV: "production", LOG_LEVEL: "warn", SEED_DEMO: "false", RATE_LIMIT_POINTS: "1000000000", BOOTSTRAP_SECRET, TIMELINE_AVERAGES_CHECK_SECONDS: "0", SOCIAL_TOP_DEALS_CHECK_SECONDS: "0" },
    [],
  );
  const app = await createApp(config);
  const sql = postgres(url, { max: connections, onnotice: () => {} });
  const db = app.database.db;
  try {
    const base = `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}`;
    const boot = await gql<{ createOrganization: { token: string; organization: { id: string }; admin: { id: string } } }>(
      base,
      `mutation { createOrganization(input: { name: "Bench Social", admin: { name: "Bench Admin", email: "admin@bench-social.test" } }) { token organization { id } admin { id } } }`,
      { "x-bootstrap-secret": BOOTSTRAP_SECRET },
    );
    const admin = { authorization: `Bearer ${boot.createOrganization.token}` };
    const account = await gql<{ connectSocialAccount: { id: string } }>(base, `mutation { connectSocialAccount(input: { network: X, handle: "bench_co" }) { id } }`, admin);
    const orgId = dbIdOf(boot.createOrganization.organization.id);
    const started = Date.now();
    for (const statement of socialDataSql({ orgId, ownerId: dbIdOf(boot.createOrganization.admin.id), accountId: dbIdOf(account.connectSocialAccount.id), posts, authors, contacts })) {
      await sql.unsafe(statement);
    }
    console.log(`${fmt(posts)} posts by ${fmt(authors)} authors (${fmt(contacts)} linked to contacts) written in ${fmt((Date.now() - started) / 1000, 1)} s`);

    const plans: string[][] = [];
    const show = async (name: string, query: Parameters<typeof dsql>[1]) => {
      const [row] = await queryRows<Record<string, unknown>>(db, dsql`explain (analyze, buffers, format json) ${query}`);
      const value = Object.values(row!)[0];
      const p = ((typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode; "Execution Time": number }[])[0]!;
      const indexes = [...new Set(nodes(p.Plan).map((n) => n["Index Name"]).filter(Boolean))].join(", ");
      plans.push([name, fmt(rowsRead(p.Plan, "social_posts")), indexes, `${fmt(p["Execution Time"], 2)} ms`]);
    };
    await repo.computeTopDeals(db, orgId);
    const page = { after: null, limit: 20, ingestedOnly: true };
    await show("open-deals column, conversations", repo.listPosts(db, { ...page, orgId, column: CrmClass.CUSTOMER_WITH_OPEN_DEALS, kinds: ["MENTION", "DIRECT_MESSAGE", "COMMENT", "REPLY", "MESSAGE"] }));
    await show("open-deals column, TOP_10", repo.listPosts(db, { ...page, orgId, column: CrmClass.CUSTOMER_WITH_OPEN_DEALS, dealFilter: "TOP_10" }));
    await show("unknown column", repo.listPosts(db, { ...page, orgId, column: CrmClass.UNKNOWN }));
    await show('keyword column ["zebracorn"]', repo.listPosts(db, { ...page, orgId, keywords: ["zebracorn"], networks: ["X"] }));
    console.log("\nEXPLAIN (ANALYZE, BUFFERS); rows read from social_posts over every loop");
    console.log(table(["statement", "rows read", "indexes", "time"], plans));

    const baseline = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        sql
          .unsafe(openDealsPageSql(orgId, 20))
          .then((rows) => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ data: { socialPosts: { edges: Object.values(rows[0]!)[0] } } }));
          })
          .catch((error: Error) => {
            res.writeHead(500);
            res.end(error.message);
          });
      });
    });
    await new Promise<void>((resolve) => baseline.listen(0, "127.0.0.1", resolve));
    try {
      const measure = async (label: string, target: string, headers: Record<string, string>, body: string) => {
        const request = { url: target, connections, duration, method: "POST", headers: { "content-type": "application/json", ...headers }, body };
        await load({ ...request, duration: warmup });
        const r = await load(request);
        if (r.errors || r.timeouts || r.non2xx) throw new Error(`${label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
        return r;
      };
      const g = await measure("GraphQL", `${base}/graphql`, admin, JSON.stringify({ query: PAGE }));
      const b = await measure("SQL", `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`, {}, "{}");
      console.log(`\n${connections} connections, ${duration} s each (after ${warmup} s warm-up), loopback`);
      console.log(
        table(
          ["request", "req/s", "p50", "p99"],
          [
            ["socialPosts(CUSTOMER_WITH_OPEN_DEALS, first: 20): GraphQL", fmt(g.rps, 1), `${fmt(g.p50)} ms`, `${fmt(g.p99)} ms`],
            ["the same page: one hand-written SQL statement", fmt(b.rps, 1), `${fmt(b.p50)} ms`, `${fmt(b.p99)} ms`],
          ],
        ),
      );
      console.log(`\nGraphQL ÷ SQL req/s = ${(g.rps / b.rps).toFixed(3)}`);
    } finally {
      await new Promise<void>((resolve) => baseline.close(() => resolve()));
    }
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
