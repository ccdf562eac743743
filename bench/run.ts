/**
 * `npm run bench`: the real GraphQL server against a hand-written SQL + JSON baseline.
 *
 *   1. (Re)creates the database `crm_bench` on BENCH_DATABASE_URL's server and loads it with
 *      bench/generate.ts (default 20,000 contacts; `--contacts N`).
 *   2. Starts the app in-process (createApp, production config) and the baseline server
 *      (bench/baseline-server.ts), both on free loopback ports.
 *   3. Checks once that both answer the same 50 contacts, warms both up, then measures each with
 *      autocannon (in a child process) and prints requests/s, p50/p99 latency and the ratio.
 *
 * Flags: --contacts N, --duration S (10), --connections C (10), --warmup S (3),
 *        --only graphql|baseline (measure one side only, e.g. under --cpu-prof),
 *        --generate-only (create + load the database, print the timing, stop).
 *
 * Profiling the app (autocannon runs in a child process, so it is not in the profile):
 *   npx tsc -p bench/tsconfig.json && node --cpu-prof --cpu-prof-dir=/tmp/prof dist-bench/bench/run.js --only graphql
 */
import "reflect-metadata";
import type { Server } from "node:http";
import { cpus } from "node:os";
import { isDeepStrictEqual } from "node:util";
import type { RunningApp } from "../src/server/app.js";
import type { BaselineServer } from "./baseline-server.js";
import type { LoadRequest, LoadResult } from "./load.js";
import { fmt, load, recreateDatabase, table } from "./common.js";
import { parseCommandLine, positiveInt, UsageError } from "../src/cli/args.js";

// As in a production deployment, where loadConfig() reads NODE_ENV from the environment. Libraries
// read it too (graphql-js skips its slow cross-realm instanceof checks only in production), when
// they are first loaded: hence the dynamic imports of the app in main().
process.env.NODE_ENV = "production";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const BENCH_DB = "crm_bench";

export const QUERY =
  "query { contacts(first: 50) { edges { node { id name email owner { id name } account { id name } openDealCount openDealAmount deals(first: 5) { edges { node { id name stage amount } } } } } } }";

interface Target {
  name: "graphql" | "baseline";
  request: LoadRequest;
}

const COMMAND = {
  usage: "npm run bench -- [flags]",
  description:
    "The contacts page: generates contacts with accounts, deals, tasks and notes in a scratch PostgreSQL database\n" +
    "(BENCH_DATABASE_URL), starts this server and a minimal baseline server, checks that both return the same JSON,\n" +
    "then measures both with autocannon and prints requests/s, p50/p99 and the ratio.",
  flags: {
    contacts: { type: "string", valueName: "N", description: "Contacts to generate", default: "20000" },
    duration: { type: "string", valueName: "S", description: "Seconds to measure each server", default: "10" },
    connections: { type: "string", valueName: "N", description: "Concurrent connections", default: "10" },
    warmup: { type: "string", valueName: "S", description: "Seconds of warm-up before measuring", default: "3" },
    only: { type: "string", valueName: "graphql|baseline", description: "Measure one server only" },
    "generate-only": { type: "boolean", description: "Only generate the data, measure nothing" },
  },
  epilogue: `Environment: BENCH_DATABASE_URL (default ${"postgres://postgres@127.0.0.1:5432/postgres"}).`,
} as const;

/**
 * Counts requests whose handler has not ended its response yet. When autocannon stops, it closes
 * its sockets with requests still being resolved; stopping the app then would close the pool
 * under them (app.stop() drains connections, not handlers), so we wait for these first.
 */
function trackInFlight(server: Server) {
  let inFlight = 0;
  server.prependListener("request", (_req, res) => {
    inFlight++;
    let ended = false;
    const end = res.end;
    res.end = function (this: typeof res, ...args: Parameters<typeof end>) {
      if (!ended) {
        ended = true;
        inFlight--;
      }
      return end.apply(this, args);
    } as typeof end;
  });
  return {
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

async function fetchJson(request: LoadRequest): Promise<{ status: number; bytes: number; json: unknown }> {
  const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${request.url} answered ${res.status} with non-JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, bytes: Buffer.byteLength(text), json };
}

type Page = { data?: { contacts?: { edges?: unknown[] } }; errors?: unknown[] };

/** Fails loudly unless both sides answer 50 contacts, and the very same JSON. */
async function verify(targets: Target[]): Promise<Record<string, number>> {
  const bodies: Record<string, Page> = {};
  const sizes: Record<string, number> = {};
  for (const t of targets) {
    const { status, bytes, json } = await fetchJson(t.request);
    const page = json as Page;
    const edges = page.data?.contacts?.edges;
    if (status !== 200 || page.errors || !Array.isArray(edges) || edges.length !== 50) {
      throw new Error(
        `VERIFY FAILED: ${t.name} answered ${status} with ${Array.isArray(edges) ? edges.length : "no"} contacts: ${JSON.stringify(json).slice(0, 600)}`,
      );
    }
    bodies[t.name] = page;
    sizes[t.name] = bytes;
  }
  if (bodies.graphql && bodies.baseline && !isDeepStrictEqual(bodies.graphql, bodies.baseline)) {
    const g = bodies.graphql.data!.contacts!.edges!;
    const b = bodies.baseline.data!.contacts!.edges!;
    const i = g.findIndex((e, k) => !isDeepStrictEqual(e, b[k]));
    throw new Error(`VERIFY FAILED: graphql and baseline differ at edge ${i}:\n graphql:  ${JSON.stringify(g[i])}\n baseline: ${JSON.stringify(b[i])}`);
  }
  return sizes;
}

async function main() {
  const { generateOnly, contacts, duration, connections, warmup, only } = parseCommandLine(COMMAND, (flags) => {
    if (flags.only !== undefined && flags.only !== "graphql" && flags.only !== "baseline") throw new UsageError(`--only must be graphql or baseline, got "${flags.only}"`);
    return {
      generateOnly: flags["generate-only"],
      contacts: positiveInt(flags.contacts, "contacts", 20_000),
      duration: positiveInt(flags.duration, "duration", 10),
      connections: positiveInt(flags.connections, "connections", 10),
      warmup: positiveInt(flags.warmup, "warmup", 3),
      only: flags.only,
    };
  });
  const { loadConfig } = await import("../src/config/config.js");
  const { createApp } = await import("../src/server/app.js");
  const { generate } = await import("./generate.js");
  const { startBaselineServer } = await import("./baseline-server.js");
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;

  console.log(`crm bench: node ${process.version}, ${cpus().length} CPUs, database ${BENCH_DB} on ${new URL(adminUrl).host}`);
  const url = await recreateDatabase(adminUrl, BENCH_DB);
  const gen = await generate(url, { contacts });
  console.log(
    `generated ${fmt(gen.totalRows)} rows in ${(gen.ms / 1000).toFixed(2)} s (${fmt(gen.totalRows / (gen.ms / 1000))} rows/s): ` +
      Object.entries(gen.rows)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", "),
  );
  console.log(`  steps (ms): ${Object.entries(gen.timings).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}${gen.foreignKeyChecks ? "" : " (bulk COPY without FK triggers)"}`);
  if (generateOnly) return;

  let app: RunningApp | null = null;
  let baseline: BaselineServer | null = null;
  let idle = async () => {};
  try {
    const config = loadConfig({ DATABASE_URL: url, NODE_ENV: "production", LOG_LEVEL: "warn", SEED_DEMO: "false", RATE_LIMIT_POINTS: "1000000000" }, []);
    app = await createApp(config);
    const appPort = await app.listen(0, "127.0.0.1");
    baseline = await startBaselineServer({ url, orgId: gen.orgId, poolMax: config.database.kind === "postgres" ? config.database.poolMax : 10 });
    const trackers = [trackInFlight(app.httpServer), trackInFlight(baseline.server)];
    idle = () => Promise.all(trackers.map((t) => t.idle())).then(() => {});

    const all: Target[] = [
      {
        name: "graphql",
        request: {
          url: `http://127.0.0.1:${appPort}/graphql`,
          connections,
          duration,
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${gen.token}` },
          body: JSON.stringify({ query: QUERY }),
        },
      },
      { name: "baseline", request: { url: `http://127.0.0.1:${baseline.port}/contacts`, connections, duration, method: "GET", headers: {} } },
    ];
    const sizes = await verify(all);
    console.log(`verified: both answer the same 50 contacts (graphql ${fmt(sizes.graphql!)} B, baseline ${fmt(sizes.baseline!)} B per response)`);
    const targets = only ? all.filter((t) => t.name === only) : all;

    for (const t of targets) {
      process.stdout.write(`warming up ${t.name} (${warmup} s)... `);
      const w = await load({ ...t.request, duration: warmup });
      await idle();
      console.log(`${fmt(w.rps)} req/s`);
    }
    const results: Partial<Record<Target["name"], LoadResult>> = {};
    for (const t of targets) {
      process.stdout.write(`measuring ${t.name} (${duration} s, ${connections} connections)... `);
      const r = await load(t.request);
      await idle();
      console.log("done");
      if (r.errors || r.timeouts || r.non2xx) throw new Error(`${t.name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx responses`);
      results[t.name] = r;
    }

    console.log(`\n${fmt(contacts)} contacts, ${connections} connections, ${duration} s each, loopback`);
    const rows = targets.map((t) => {
      const r = results[t.name]!;
      return [t.name, fmt(r.rps, 1), `${fmt(r.p50)} ms`, `${fmt(r.p99)} ms`, `${fmt(r.avgLatency, 2)} ms`, fmt(r.requests), `${fmt(r.bytesPerSec / 1e6, 1)} MB/s`];
    });
    console.log(table(["target", "req/s", "p50", "p99", "mean", "requests", "throughput"], rows));
    if (results.graphql && results.baseline) {
      console.log(`\ngraphql_rps / baseline_rps = ${(results.graphql.rps / results.baseline.rps).toFixed(3)}`);
    }
  } finally {
    await idle();
    await baseline?.close();
    await app?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof Error && !error.message.startsWith("VERIFY FAILED")) console.error(error.stack);
    process.exit(1);
  },
);
