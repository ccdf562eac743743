/**
 * `npm run bench:webhooks`: outbound webhooks on PostgreSQL (HOOK-3, HOOK-9).
 *
 *   Setup  (Re)creates the database `crm_bench_webhooks` on BENCH_DATABASE_URL's server, starts the
 *          app in-process (createApp, production config with WEBHOOK_ALLOW_PRIVATE=true so it may
 *          post to a loopback receiver), bootstraps two orgs: one with no webhook endpoint, one
 *          with an endpoint for LEAD_CREATED pointing at a receiver in this process.
 *   (a)    The cost per mutation: --events createLead mutations at --concurrency, first in the org
 *          without endpoints (the outbox row and the endpoint lookup only), then in the org with
 *          one (plus a delivery row and a queued job). Mutations/s and p50 latency, and the SQL
 *          statements per mutation; the ratio of the two runs.
 *   (b)    Commit to receipt, with 1 and with 2 instances (the second started in-process on the
 *          same database, the mutations shared between them): the time from a mutation's
 *          response (its transaction has committed) to the receiver getting its event, p50/p99,
 *          and events delivered per second over the run.
 *
 * Instances share this process's event loop and the machine's cores: with 2 instances the figure
 * shows that the queue is shared, not twice the throughput. Exits 0 when it ran.
 */
import "reflect-metadata";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { parseCommandLine, positiveInt, positiveInts } from "../src/cli/args.js";
import { dropDatabase, fmt, gql, recreateDatabase, table } from "./common.js";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const BENCH_DB = "crm_bench_webhooks";
const BOOTSTRAP_SECRET = "bench-webhooks-bootstrap-secret";

const COMMAND = {
  usage: "npm run bench:webhooks -- [flags]",
  description:
    "Outbound webhooks in a scratch PostgreSQL database (BENCH_DATABASE_URL): the added cost per mutation of the\n" +
    "outbox and of a configured endpoint, and commit-to-receipt latency and events/s with 1 and 2 instances.",
  flags: {
    events: { type: "string", valueName: "N", description: "Mutations per run", default: "1000" },
    concurrency: { type: "string", valueName: "C", description: "Mutations in flight", default: "16" },
    instances: { type: "string", valueName: "N1,N2", description: "Instance counts for (b)", default: "1,2" },
    keep: { type: "boolean", description: "Keep the database afterwards" },
  },
  epilogue: "Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).",
} as const;

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;

async function main() {
  const { events, concurrency, instances, keep } = parseCommandLine(COMMAND, (flags) => ({
    events: positiveInt(flags.events, "events", 1000),
    concurrency: positiveInt(flags.concurrency, "concurrency", 16),
    instances: positiveInts(flags.instances, "instances", [1, 2]),
    keep: flags.keep,
  }));
  const { loadConfig } = await import("../src/config/config.js");
  const { createApp } = await import("../src/server/app.js");
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
  console.log(`webhooks bench: node ${process.version}, ${cpus().length} CPUs, database ${BENCH_DB} on ${new URL(adminUrl).host}`);
  const url = await recreateDatabase(adminUrl, BENCH_DB);
  const env = {
    DATABASE_URL: url,
    NODE_ENV: "production" as const,
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    RATE_LIMIT_POINTS: "1000000000",
    BOOTSTRAP_SECRET,
    TIMELINE_AVERAGES_CHECK_SECONDS: "0",
    WEBHOOK_ALLOW_PRIVATE: "true",
    WEBHOOK_POLL_SECONDS: "0.5",
    WEBHOOK_CONCURRENCY: "16",
  };
  const makeApp = async () => {
    const config = { ...loadConfig(env, []), exposeStatementCount: true };
    const app = await createApp(config);
    return { app, base: `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}` };
  };

  // The receiver: when each lead's event arrived.
  const received = new Map<string, number>();
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const id = (JSON.parse(body) as { data: { lead: { id: string } } }).data.lead.id;
      if (!received.has(id)) received.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const apps = [await makeApp()];
  try {
    const org = async (name: string) => {
      const made = await gql<{ createOrganization: { token: string } }>(
        apps[0]!.base,
        `mutation { createOrganization(input: { name: "${name}", admin: { name: "Bench", email: "admin@${name.toLowerCase()}.test" } }) { token } }`,
        { "x-bootstrap-secret": BOOTSTRAP_SECRET },
      );
      return { authorization: `Bearer ${made.createOrganization.token}` };
    };
    const plain = await org("Plain");
    const hooked = await org("Hooked");
    await gql(apps[0]!.base, `mutation($url: String!) { createWebhook(input: { url: $url, events: [LEAD_CREATED] }) { webhook { id } } }`, hooked, { url: hookUrl });

    /** N createLead at C in flight, round-robin over the instances: latency per mutation, its end time, statements. */
    let serial = 0;
    const run = async (headers: Record<string, string>, n: number, bases: string[]) => {
      const latencies: number[] = [];
      const done = new Map<string, number>();
      let statements = 0;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = next++; i < n; i = next++) {
            const t0 = performance.now();
            const res = await fetch(`${bases[i % bases.length]}/graphql`, {
              method: "POST",
              headers: { "content-type": "application/json", ...headers },
              body: JSON.stringify({ query: `mutation($n: String!) { createLead(input: { lastName: $n, company: "Bench" }) { id } }`, variables: { n: `L${++serial}` } }),
            });
            const json = (await res.json()) as { data?: { createLead: { id: string } }; errors?: unknown; extensions?: { sqlStatements?: number } };
            if (!json.data) throw new Error(JSON.stringify(json.errors));
            const t1 = performance.now();
            latencies.push(t1 - t0);
            done.set(json.data.createLead.id, t1);
            statements += json.extensions?.sqlStatements ?? 0;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return { perSecond: n / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), statements: statements / n, done };
    };

    // Warm-up, then (a).
    await run(plain, Math.min(200, events), [apps[0]!.base]);
    await run(hooked, Math.min(200, events), [apps[0]!.base]);
    const without = await run(plain, events, [apps[0]!.base]);
    const withHook = await run(hooked, events, [apps[0]!.base]);
    console.log("\n(a) createLead, the cost of a configured endpoint (one instance)\n");
    console.log(
      table(
        ["org", "mutations/s", "p50", "p99", "SQL statements / mutation"],
        [
          ["no endpoint (outbox row + endpoint lookup)", fmt(without.perSecond), ms(without.p50), ms(without.p99), fmt(without.statements, 1)],
          ["one endpoint (+ delivery row + queued job)", fmt(withHook.perSecond), ms(withHook.p50), ms(withHook.p99), fmt(withHook.statements, 1)],
        ],
      ),
    );
    console.log(`\nratio with / without an endpoint: ${fmt(withHook.perSecond / without.perSecond, 2)}× mutations/s, ${fmt(withHook.p50 / without.p50, 2)}× p50 latency`);
    await waitFor(() => received.size >= 200 + events, 120_000);

    // (b) commit → receipt.
    const rows: string[][] = [];
    for (const count of instances) {
      while (apps.length < count) apps.push(await makeApp());
      received.clear();
      const started = performance.now();
      const result = await run(hooked, events, apps.slice(0, count).map((a) => a.base));
      await waitFor(() => received.size >= events, 120_000);
      const lags = [...result.done].map(([id, t]) => (received.get(id) ?? NaN) - t).sort((a, b) => a - b);
      const last = Math.max(...received.values());
      rows.push([String(count), fmt(result.perSecond), fmt(events / ((last - started) / 1000)), ms(quantile(lags, 0.5)), ms(quantile(lags, 0.99))]);
    }
    console.log("\n(b) commit → receipt (mutation response to the receiver getting its event)\n");
    console.log(table(["instances", "mutations/s", "events delivered/s", "p50", "p99"], rows));
  } finally {
    for (const { app } of apps.reverse()) await app.stop();
    receiver.close();
    if (!keep) await dropDatabase(adminUrl, BENCH_DB);
  }
}

async function waitFor(done: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error("timed out waiting for deliveries");
    await new Promise((r) => setTimeout(r, 20));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
