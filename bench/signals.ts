/**
 * `npm run bench:signals`: signal ingestion and real-time fan-out on PostgreSQL + Redis.
 *
 *   Setup  (Re)creates the database `crm_bench_signals` on BENCH_DATABASE_URL's server, starts the
 *          app in its own process (bench/signals-server.ts: createApp with DATABASE_URL, REDIS_URL,
 *          production config, --expose-gc) and, over GraphQL/HTTP, bootstraps an org
 *          (createOrganization with X-Bootstrap-Secret), an integration key, N users (each with its
 *          own token) and one lead owned by each user.
 *   (a)    Ingestion: C concurrent senders (a child process, bench/signals-sender.ts) POST
 *          /webhooks/signals for D seconds; stored signals/s counted with SQL, p50/p99 latency.
 *          Baseline: the same rows as plain INSERTs (interactions + notifications, one transaction
 *          per signal) with the same concurrency over a postgres.js pool of the app's size
 *          (bench/signals-baseline.ts). Prints the ratio.
 *   (b)    Fan-out, for each K of --subscribers: K users subscribe over WebSocket (graphql-ws
 *          clients in a few child processes, bench/signals-subscriber.ts) to
 *          `notificationAdded`; server memory after GC is taken before and once all K are in place
 *          and idle; then signals at R/s go to the K users' leads for D seconds. Latency per
 *          signal: from its webhook response arriving at the sender to the notification arriving
 *          at its subscriber (one monotonic clock, CLOCK_MONOTONIC, across processes). The
 *          sender is an open loop capped at --max-in-flight outstanding requests: when the server
 *          cannot keep up, the sends it skips are printed as "not sent" and the rate actually sent
 *          is shown next to the offered one. Every notification is checked: delivered exactly once,
 *          to the lead's owner.
 *
 * Takes about 2 minutes with the defaults (setup of 5,000 users and leads about 20 s; connecting
 * 5,000 WebSockets 15-20 s on 2 cores). Exits 0 when it ran, whether or not the targets are met.
 *
 * Flags: --duration S (10), --warmup S (2), --connections C (20), --rate R1,R2 (500: each K at each rate),
 *        --subscribers K1,K2 (1000,5000), --client-procs P (4), --users N (max K, or 1000),
 *        --pool N (10: DATABASE_POOL_MAX, and the baseline's pool), --max-in-flight N (256),
 *        --only ingest|fanout, --cpu-prof DIR (profile the server process into DIR),
 *        --heap-snapshots DIR (server heap snapshots before/after subscribing, into an existing DIR).
 * Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_REDIS_URL (redis://127.0.0.1:6379).
 *
 * Each WebSocket is a file descriptor in the server and in a client process: K = 5000 needs
 * `ulimit -n` above ~5,100 (raise it with `ulimit -n 65536` in the shell before running).
 */
import { execSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import postgres from "postgres";
import type { BaselineRequest, BaselineResult } from "./signals-baseline.js";
import { forkPeer, summarize, type Peer, type Summary } from "./signals-ipc.js";
import type { SendRequest, SendResult } from "./signals-sender.js";
import type { ServerStats } from "./signals-server.js";
import type { ConnectRequest, ConnectResult, SubscriberReport } from "./signals-subscriber.js";
import { parseCommandLine, positiveInt, positiveInts, UsageError } from "../src/cli/args.js";
import { dbIdOf, dropDatabase, fmt, gql, recreateDatabase } from "./common.js";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS = "redis://127.0.0.1:6379";
const BENCH_DB = "crm_bench_signals";
const BOOTSTRAP_SECRET = "bench-signals-bootstrap-secret";
/** Targets the figures are reported against. */
const TARGET_P99_MS = 100;
const TARGET_KB_PER_SUBSCRIPTION = 50;

const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

const COMMAND = {
  usage: "npm run bench:signals -- [flags]",
  description:
    "Signals: webhook ingestion with concurrent senders against the same rows inserted directly, then fan-out:\n" +
    "K subscribers in separate client processes, signals pushed at --rate per second, delivery latency p50/p99,\n" +
    "delivered vs expected, and the server's heap and RSS per idle subscription. Needs PostgreSQL and Redis.",
  flags: {
    duration: { type: "string", valueName: "S", description: "Seconds to measure each step", default: "10" },
    warmup: { type: "string", valueName: "S", description: "Seconds of warm-up", default: "2" },
    connections: { type: "string", valueName: "N", description: "Concurrent webhook senders", default: "20" },
    rate: { type: "string", valueName: "N[,N…]", description: "Signals per second during fan-out", default: "500" },
    subscribers: { type: "string", valueName: "K[,K…]", description: "Subscriber counts to measure", default: "1000,5000" },
    "client-procs": { type: "string", valueName: "N", description: "Subscriber client processes", default: "4" },
    pool: { type: "string", valueName: "N", description: "Server database pool size", default: "10" },
    "max-in-flight": { type: "string", valueName: "N", description: "Largest number of pushes in flight", default: "256" },
    users: { type: "string", valueName: "N", description: "Users to create", default: "the largest --subscribers, or 1000" },
    only: { type: "string", valueName: "ingest|fanout", description: "Run one part only" },
    "cpu-prof": { type: "string", valueName: "DIR", description: "Write the server's CPU profile there" },
    "heap-snapshots": { type: "string", valueName: "DIR", description: "Write heap snapshots there" },
  },
  epilogue: "Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379).",
} as const;

function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc: who used the 2 cores during a phase.

interface CpuSnapshot {
  at: number;
  /** Clock ticks by group. */
  ticks: Record<string, number>;
  /** Machine-wide busy and total ticks (all cores). */
  busy: number;
  total: number;
}

const TICK_MS = 10; // CLK_TCK = 100 on Linux

function cpuSnapshot(groups: Record<string, number[]>): CpuSnapshot {
  const ticks: Record<string, number> = { postgres: 0, redis: 0 };
  for (const g of Object.keys(groups)) ticks[g] = 0;
  const byPid = new Map<number, string>();
  for (const [g, pids] of Object.entries(groups)) for (const pid of pids) byPid.set(pid, g);
  let busy = 0;
  let total = 0;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      const used = Number(fields[11]) + Number(fields[12]); // utime + stime
      const group = byPid.get(Number(entry)) ?? (comm === "postgres" ? "postgres" : comm.startsWith("redis-server") ? "redis" : null);
      if (group) ticks[group] = (ticks[group] ?? 0) + used;
    }
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    total = cpu.reduce((a, b) => a + b, 0);
    busy = total - cpu[3]! - (cpu[4] ?? 0); // minus idle and iowait
  } catch {
    // Not Linux: no breakdown.
  }
  return { at: Date.now(), ticks, busy, total };
}

/** "% of one core" per group between two snapshots. */
function cpuLine(a: CpuSnapshot, b: CpuSnapshot): string {
  const wall = b.at - a.at;
  if (!wall || !b.total) return "n/a";
  const pct = (t: number) => `${fmt(((t * TICK_MS) / wall) * 100)}%`;
  const parts = Object.keys(b.ticks).map((g) => `${g} ${pct(b.ticks[g]! - (a.ticks[g] ?? 0))}`);
  const machine = ((b.busy - a.busy) / (b.total - a.total)) * cpus().length * 100;
  return `${parts.join(", ")}; machine ${fmt(machine)}% of ${cpus().length * 100}%`;
}

// ---------------------------------------------------------------------------------------------
// Setup over GraphQL.

/**
 * Runs `count` mutations, `batch` aliased fields per request, `parallel` requests at a time. The
 * inputs go in variables, so every full batch is the same document (the server caches one
 * parsed document, not one per batch, which would inflate its idle heap).
 */
async function batched<T>(
  url: string,
  headers: Record<string, string>,
  count: number,
  spec: { inputType: string; field: (v: string) => string; input: (i: number) => Record<string, unknown> },
): Promise<T[]> {
  const batch = 15; // the alias limit (GRAPHQL_MAX_ALIASES)
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const from = next;
        const to = Math.min(count, from + batch);
        next = to;
        const vars: string[] = [];
        const fields: string[] = [];
        const variables: Record<string, unknown> = {};
        for (let j = 0; j < to - from; j++) {
          vars.push(`$v${j}: ${spec.inputType}!`);
          fields.push(`m${j}: ${spec.field(`$v${j}`)}`);
          variables[`v${j}`] = spec.input(from + j);
        }
        const data = await gql<Record<string, T>>(url, `mutation Batch(${vars.join(", ")}) { ${fields.join(" ")} }`, headers, variables);
        for (let j = 0; j < to - from; j++) out[from + j] = data[`m${j}`]!;
      }
    }),
  );
  return out;
}

interface Fixture {
  orgId: number;
  integrationKey: string;
  users: { id: string; dbId: number; token: string }[];
  leads: { id: string; dbId: number; ownerDbId: number }[];
}

async function setUp(url: string, users: number): Promise<Fixture> {
  const org = await gql<{ createOrganization: { token: string; organization: { id: string } } }>(
    url,
    `mutation { createOrganization(input: { name: "Bench Signals", admin: { name: "Bench Admin", email: "admin@bench-signals.test" } }) { token organization { id } } }`,
    { "x-bootstrap-secret": BOOTSTRAP_SECRET },
  );
  const admin = { authorization: `Bearer ${org.createOrganization.token}` };
  const key = await gql<{ createIntegrationKey: { key: string } }>(url, `mutation { createIntegrationKey(name: "bench") { key } }`, admin);
  const created = await batched<{ user: { id: string }; token: string }>(url, admin, users, {
    inputType: "CreateUserInput",
    field: (v) => `createUser(input: ${v}) { user { id } token }`,
    input: (i) => ({ name: `Bench User ${i}`, email: `user${i}@bench-signals.test`, apps: [{ app: "CRM", role: "USER" }] }),
  });
  const leads = await batched<{ id: string }>(url, admin, users, {
    inputType: "CreateLeadInput",
    field: (v) => `createLead(input: ${v}) { id }`,
    input: (i) => ({ lastName: `Lead ${i}`, ownerId: created[i]!.user.id }),
  });
  return {
    orgId: dbIdOf(org.createOrganization.organization.id),
    integrationKey: key.createIntegrationKey.key,
    users: created.map((u) => ({ id: u.user.id, dbId: dbIdOf(u.user.id), token: u.token })),
    leads: leads.map((l, i) => ({ id: l.id, dbId: dbIdOf(l.id), ownerDbId: dbIdOf(created[i]!.user.id) })),
  };
}

// ---------------------------------------------------------------------------------------------


async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  console.log(`  (gave up waiting for ${what} after ${timeoutMs / 1000} s)`);
  return false;
}

interface IngestFigures {
  name: string;
  perSecond: number;
  stored: number;
  failed: number;
  latency: Summary;
  cpu: string;
}

interface SubscribeFigures {
  k: number;
  why?: string;
  connectMs?: number;
  heapPerSubKB?: number;
  rssPerSubKB?: number;
  mem?: { before: NodeJS.MemoryUsage; after: NodeJS.MemoryUsage };
}

interface DeliveryFigures {
  k: number;
  rate: number;
  ok: boolean;
  why?: string;
  sent?: SendResult;
  expected?: number;
  delivered?: number;
  duplicates?: number;
  wrongRecipient?: number;
  missing?: number;
  dbNotifications?: number;
  latency?: Summary;
  endToEnd?: Summary;
  early?: number;
  cpu?: string;
  loopDelay?: ServerStats["loopDelay"];
}

async function main() {
  const { durationMs, warmupMs, connections, rates, ks, clientProcs, poolMax, maxInFlight, runIngest, runFanout, users, cpuProfDir, heapDir } = parseCommandLine(
    COMMAND,
    (flags) => {
      if (flags.only !== undefined && flags.only !== "ingest" && flags.only !== "fanout") throw new UsageError(`--only must be ingest or fanout, got "${flags.only}"`);
      const ks = positiveInts(flags.subscribers, "subscribers", [1000, 5000]);
      const runFanout = flags.only !== "ingest";
      const users = positiveInt(flags.users, "users", runFanout ? Math.max(...ks) : 1000);
      if (runFanout && users < Math.max(...ks)) throw new UsageError(`--users ${users} is fewer than the largest --subscribers ${Math.max(...ks)}`);
      return {
        durationMs: positiveInt(flags.duration, "duration", 10) * 1000,
        warmupMs: positiveInt(flags.warmup, "warmup", 2) * 1000,
        connections: positiveInt(flags.connections, "connections", 20),
        rates: positiveInts(flags.rate, "rate", [500]),
        ks,
        clientProcs: positiveInt(flags["client-procs"], "client-procs", 4),
        poolMax: positiveInt(flags.pool, "pool", 10),
        maxInFlight: positiveInt(flags["max-in-flight"], "max-in-flight", 256),
        runIngest: flags.only !== "fanout",
        runFanout,
        users,
        cpuProfDir: flags["cpu-prof"],
        heapDir: flags["heap-snapshots"],
      };
    },
  );
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
  const redisUrl = process.env.BENCH_REDIS_URL ?? DEFAULT_REDIS;
  let nofile = "?";
  try {
    nofile = execSync("ulimit -n", { shell: "/bin/sh", encoding: "utf8" }).trim();
  } catch {
    // not a POSIX shell
  }

  console.log(
    `crm bench:signals: node ${process.version}, ${cpus().length} CPUs, ${fmt(totalmem() / 2 ** 30, 1)} GiB, ulimit -n ${nofile}, ` +
      `database ${BENCH_DB} on ${new URL(adminUrl).host}, redis ${new URL(redisUrl).host}`,
  );
  if (runFanout && Number(nofile) < Math.max(...ks) + 500) {
    console.log(`  warning: ulimit -n ${nofile} is low for ${Math.max(...ks)} WebSockets; raise it (ulimit -n 65536) before running`);
  }

  const url = await recreateDatabase(adminUrl, BENCH_DB);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const serverArgs = ["--expose-gc", "--enable-source-maps", ...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [])];
  const server = forkPeer(new URL("./signals-server.js", import.meta.url), serverArgs);
  const children: Peer[] = [];
  const spawn = (file: string) => {
    const peer = forkPeer(new URL(file, import.meta.url), ["--enable-source-maps"]);
    children.push(peer);
    return peer;
  };
  let serverStopped = false;
  const ingest: IngestFigures[] = [];
  const subscribes: SubscribeFigures[] = [];
  const deliveries: DeliveryFigures[] = [];

  try {
    const env = {
      DATABASE_URL: url,
      DATABASE_POOL_MAX: String(poolMax),
      REDIS_URL: redisUrl,
      BOOTSTRAP_SECRET,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SEED_DEMO: "false",
      // The benchmark measures throughput, not the per-caller budget.
      RATE_LIMIT_POINTS: "1000000000",
    };
    const { port, pid: serverPid } = await server.call<{ port: number; pid: number }>("start", { env });
    const appUrl = `http://127.0.0.1:${port}`;
    const stats = () => server.call<ServerStats>("stats");
    const mem = (snapshot?: string) => server.call<NodeJS.MemoryUsage>("mem", { snapshot });

    let t = Date.now();
    const fx = await setUp(appUrl, users);
    console.log(`setup: org, integration key, ${fmt(users)} users with tokens and ${fmt(users)} leads via GraphQL in ${fmt((Date.now() - t) / 1000, 1)} s`);

    const sender = spawn("./signals-sender.js");
    const countInteractions = async () => (await sql<{ n: number }[]>`select count(*)::int as n from interactions`)[0]!.n;
    const loadPids = () => children.map((c) => c.child.pid!).filter(Boolean);
    const snap = () => cpuSnapshot({ server: [serverPid], "bench children": loadPids() });
    const leadIds = fx.leads.map((l) => l.id);

    // ---------------------------------------------------------------- (a) ingestion
    if (runIngest) {
      console.log(`\n(a) ingestion: ${connections} concurrent senders, ${durationMs / 1000} s each (after ${warmupMs / 1000} s warm-up), pool ${poolMax}`);
      const base: Omit<SendRequest, "prefix" | "durationMs"> = { mode: "closed", url: appUrl, integrationKey: fx.integrationKey, leads: leadIds, concurrency: connections };
      process.stdout.write("  webhook: warming up... ");
      const w = await sender.call<SendResult>("send", { ...base, prefix: "aw", durationMs: warmupMs });
      if (w.failed) throw new Error(`webhook warm-up: ${w.failed} failed (${JSON.stringify(w.failures)}): ${w.firstFailure}`);
      process.stdout.write(`${fmt(w.stored / (w.elapsedMs / 1000))}/s; measuring... `);
      let before = await countInteractions();
      let c0 = snap();
      const r = await sender.call<SendResult>("send", { ...base, prefix: "a", durationMs });
      let c1 = snap();
      let stored = (await countInteractions()) - before;
      console.log("done");
      if (r.failed) console.log(`  webhook failures: ${JSON.stringify(r.failures)}; first: ${r.firstFailure}`);
      if (stored !== r.stored) console.log(`  note: the sender saw ${r.stored} stored, SQL counts ${stored}`);
      ingest.push({ name: "webhook (app)", perSecond: stored / (r.elapsedMs / 1000), stored, failed: r.failed, latency: r.latency, cpu: cpuLine(c0, c1) });

      const [tpl] = await sql<{ org_id: string; integration_key_id: string; side: string; channel: string; source: string; event: string; details: unknown; reaction: unknown }[]>`
        select org_id, integration_key_id, side, channel, source, event, details, reaction from interactions order by id limit 1`;
      const baseline = spawn("./signals-baseline.js");
      const breq: Omit<BaselineRequest, "prefix" | "durationMs"> = {
        url,
        poolMax,
        concurrency: connections,
        template: {
          orgId: Number(tpl!.org_id),
          integrationKeyId: Number(tpl!.integration_key_id),
          side: tpl!.side,
          channel: tpl!.channel,
          source: tpl!.source,
          event: tpl!.event,
          details: tpl!.details,
          reaction: tpl!.reaction,
        },
        leads: fx.leads.map((l) => ({ id: l.dbId, ownerId: l.ownerDbId })),
      };
      process.stdout.write("  baseline: warming up... ");
      const bw = await baseline.call<BaselineResult>("run", { ...breq, prefix: "bw", durationMs: warmupMs });
      if (bw.failed) throw new Error(`baseline warm-up: ${bw.failed} failed: ${bw.firstFailure}`);
      process.stdout.write(`${fmt(bw.stored / (bw.elapsedMs / 1000))}/s; measuring... `);
      before = await countInteractions();
      c0 = snap();
      const b = await baseline.call<BaselineResult>("run", { ...breq, prefix: "b", durationMs });
      c1 = snap();
      stored = (await countInteractions()) - before;
      console.log("done");
      if (b.failed) console.log(`  baseline failures: ${b.failed}; first: ${b.firstFailure}`);
      ingest.push({ name: "plain INSERTs", perSecond: stored / (b.elapsedMs / 1000), stored, failed: b.failed, latency: b.latency, cpu: cpuLine(c0, c1) });
      await baseline.call("close");
      await baseline.kill();
      children.splice(children.indexOf(baseline), 1);
      // The baseline handed out seqs without the app's counter rows: move the counters past them.
      await sql`
        insert into notification_counters (user_id, org_id, last_seq)
        select recipient_id, org_id, max(seq) from notifications group by recipient_id, org_id
        on conflict (user_id) do update set last_seq = greatest(notification_counters.last_seq, excluded.last_seq)`;

      console.log();
      table(
        ["target", "signals/s", "p50", "p99", "max", "stored", "failed"],
        ingest.map((f) => [f.name, fmt(f.perSecond, 1), ms(f.latency.p50), ms(f.latency.p99), ms(f.latency.max), fmt(f.stored), fmt(f.failed)]),
      );
      console.log(`\napp_signals_per_s / baseline_signals_per_s = ${(ingest[0]!.perSecond / ingest[1]!.perSecond).toFixed(3)}`);
      for (const f of ingest) console.log(`  CPU during ${f.name} (% of one core): ${f.cpu}`);
    }

    // ---------------------------------------------------------------- (b) fan-out
    if (runFanout) {
      console.log(
        `\n(b) fan-out: ${rates.join(" then ")} signals/s to the subscribers' leads for ${durationMs / 1000} s each (after ${warmupMs / 1000} s warm-up), ` +
          `${clientProcs} client processes`,
      );
      let offset = 0;
      for (const k of ks) {
        const sub: SubscribeFigures = { k };
        subscribes.push(sub);
        const procs: Peer[] = [];
        try {
          await waitFor("the previous subscriptions to end", 30_000, async () => !(await stats()).listeners.notifications);
          const memBefore = await mem(heapDir && `${heapDir}/before-${k}.heapsnapshot`);
          const n = Math.min(clientProcs, k);
          for (let p = 0; p < n; p++) procs.push(spawn("./signals-subscriber.js"));
          t = Date.now();
          const connects = await Promise.all(
            procs.map((p, pi) => {
              const mine: ConnectRequest["users"] = [];
              for (let i = pi; i < k; i += n) mine.push({ index: i, token: fx.users[i]!.token });
              return p.call<ConnectResult>("connect", { url: `ws://127.0.0.1:${port}/graphql`, users: mine, parallel: 50 } satisfies ConnectRequest);
            }),
          );
          const connected = connects.reduce((a, c) => a + c.connected, 0);
          const failedConnects = connects.reduce((a, c) => a + c.failed, 0);
          if (failedConnects) {
            sub.why = `${failedConnects} of ${k} WebSocket clients failed to connect: ${connects.find((c) => c.firstError)?.firstError}`;
            console.log(`  K=${k}: ${sub.why}`);
            continue;
          }
          const inPlace = await waitFor(`${k} subscriptions`, 60_000, async () => ((await stats()).listeners.notifications ?? 0) >= k);
          sub.connectMs = Date.now() - t;
          if (!inPlace) {
            sub.why = `only ${(await stats()).listeners.notifications ?? 0} of ${k} subscriptions in place after 60 s (${connected} sockets acknowledged)`;
            console.log(`  K=${k}: ${sub.why}`);
            continue;
          }
          await sleep(2_000); // idle
          const memAfter = await mem(heapDir && `${heapDir}/after-${k}.heapsnapshot`);
          sub.mem = { before: memBefore, after: memAfter };
          sub.heapPerSubKB = (memAfter.heapUsed - memBefore.heapUsed) / k / 1024;
          sub.rssPerSubKB = (memAfter.rss - memBefore.rss) / k / 1024;
          if (heapDir) console.log(`  (heap snapshots in ${heapDir}: writing them grows the RSS, so the RSS figures are not meaningful in this run)`);
          console.log(
            `  K=${k}: ${fmt(k)} subscribed in ${fmt(sub.connectMs / 1000, 1)} s; server after GC: heapUsed ${fmt(memBefore.heapUsed / 2 ** 20, 1)} -> ${fmt(memAfter.heapUsed / 2 ** 20, 1)} MiB, ` +
              `rss ${fmt(memBefore.rss / 2 ** 20, 1)} -> ${fmt(memAfter.rss / 2 ** 20, 1)} MiB, external ${fmt(memBefore.external / 2 ** 20, 1)} -> ${fmt(memAfter.external / 2 ** 20, 1)} MiB`,
          );

          for (const rate of rates) {
            const fig: DeliveryFigures = { k, rate, ok: false };
            deliveries.push(fig);
            try {
              // Lead i belongs to user i: the first k leads notify exactly the k subscribers.
              const rateReq = { mode: "rate" as const, url: appUrl, integrationKey: fx.integrationKey, leads: leadIds.slice(0, k), rate, maxInFlight };
              const tag = `${k}r${rate}`;
              const count = async () => (await Promise.all(procs.map((p) => p.call<number>("count")))).reduce((a, b) => a + b, 0);
              const settle = async (expected: number) => {
                let last = -1;
                let lastChange = Date.now();
                for (;;) {
                  const got = await count();
                  if (got >= expected) return got;
                  if (got !== last) {
                    last = got;
                    lastChange = Date.now();
                  } else if (Date.now() - lastChange > 5_000) return got;
                  await sleep(50);
                }
              };
              const beforeWarmup = await count();
              const w = await sender.call<SendResult>("send", { ...rateReq, prefix: `w${tag}`, durationMs: warmupMs, offset });
              offset += w.sent;
              if (w.failed) throw new Error(`warm-up: ${w.failed} failed (${JSON.stringify(w.failures)}): ${w.firstFailure}`);
              // Let the warm-up's backlog drain, so the measurement starts from an idle server.
              await settle(beforeWarmup + w.stored);
              const before = await count();
              await stats(); // resets the event-loop delay histogram
              const c0 = snap();
              const s = await sender.call<SendResult>("send", { ...rateReq, prefix: `f${tag}`, durationMs, record: true, offset });
              offset += s.sent;
              fig.sent = s;
              await settle(before + s.stored);
              const c1 = snap();
              const st = await stats();
              fig.cpu = cpuLine(c0, c1);
              fig.loopDelay = st.loopDelay;
              const reports = await Promise.all(procs.map((p) => p.call<SubscriberReport>("report")));

              const arrivals = new Map<string, [number, number][]>();
              for (const rep of reports) {
                for (const [key, user, at] of rep.received) {
                  if (!key.startsWith(`f${tag}-`)) continue;
                  const list = arrivals.get(key);
                  if (list) list.push([user, at]);
                  else arrivals.set(key, [[user, at]]);
                }
              }
              const latency: number[] = [];
              const endToEnd: number[] = [];
              let duplicates = 0;
              let wrong = 0;
              let missing = 0;
              let early = 0;
              for (const [key, lead, sentAt, answeredAt] of s.records!) {
                const got = arrivals.get(key);
                if (!got) {
                  missing++;
                  continue;
                }
                if (got.length > 1) duplicates += got.length - 1;
                if (got.some(([user]) => user !== lead)) wrong++;
                const at = got[0]![1];
                if (at < answeredAt) early++;
                latency.push(at - answeredAt);
                endToEnd.push(at - sentAt);
              }
              let delivered = 0;
              for (const list of arrivals.values()) delivered += list.length;
              const [db] = await sql<{ n: number }[]>`select count(*)::int as n from notifications where summary like ${`f${tag}-%`}`;
              Object.assign(fig, {
                expected: s.stored,
                delivered,
                duplicates,
                wrongRecipient: wrong,
                missing,
                early,
                dbNotifications: db!.n,
                latency: summarize(latency),
                endToEnd: summarize(endToEnd),
              });
              const subErrors = reports.reduce((a, r) => a + r.errors, 0);
              const subClosed = reports.reduce((a, r) => a + r.closed, 0);
              fig.ok = delivered === s.stored && missing === 0 && duplicates === 0 && wrong === 0 && s.failed === 0;
              console.log(
                `  K=${k}, ${rate}/s offered: sent ${fmt(s.sent)} at ${fmt(s.sent / (s.elapsedMs / 1000), 1)}/s (${fmt(s.stored)} stored, ${fmt(s.failed)} failed, ` +
                  `${fmt(s.skipped)} not sent: ${maxInFlight} in flight), webhook p50 ${ms(s.latency.p50)} p99 ${ms(s.latency.p99)}`,
              );
              console.log(
                `         delivered ${fmt(delivered)} / expected ${fmt(s.stored)} (notification rows ${fmt(db!.n)}; missing ${missing}, duplicates ${duplicates}, wrong recipient ${wrong}, ` +
                  `subscriber errors ${subErrors}, closed ${subClosed}); delivery p50 ${ms(fig.latency!.p50)} p99 ${ms(fig.latency!.p99)} max ${ms(fig.latency!.max)}`,
              );
              if (s.failed) console.log(`         webhook failures ${JSON.stringify(s.failures)}: ${s.firstFailure}`);
              if (subErrors) console.log(`         first subscriber error: ${reports.find((r) => r.firstError)?.firstError}`);
            } catch (error) {
              fig.why = error instanceof Error ? error.message : String(error);
              console.log(`  K=${k}, ${rate}/s: failed: ${fig.why}`);
            }
          }
        } catch (error) {
          sub.why = error instanceof Error ? error.message : String(error);
          console.log(`  K=${k}: failed: ${sub.why}`);
        } finally {
          await Promise.all(procs.map((p) => p.call("close").catch(() => {})));
          await Promise.all(procs.map((p) => p.kill()));
          for (const p of procs) children.splice(children.indexOf(p), 1);
        }
      }

      console.log(`\nfan-out: delivery latency = notification at the subscriber - webhook response at the sender (e2e: - request sent)`);
      table(
        ["subscribers", "offered/s", "sent/s", "delivered/expected", "p50", "p99", "max", "e2e p50", "e2e p99", "server CPU", "loop p99"],
        deliveries.map((f) =>
          f.latency
            ? [
                fmt(f.k),
                fmt(f.rate),
                fmt(f.sent!.sent / (f.sent!.elapsedMs / 1000), 1),
                `${fmt(f.delivered!)}/${fmt(f.expected!)}`,
                ms(f.latency.p50),
                ms(f.latency.p99),
                ms(f.latency.max),
                ms(f.endToEnd!.p50),
                ms(f.endToEnd!.p99),
                /server (\d+%)/.exec(f.cpu ?? "")?.[1] ?? "n/a",
                ms(f.loopDelay!.p99),
              ]
            : [fmt(f.k), fmt(f.rate), "", `FAILED: ${f.why}`, "", "", "", "", "", "", ""],
        ),
      );
      for (const f of deliveries) {
        if (f.cpu) console.log(`  CPU during K=${f.k} at ${f.rate}/s (% of one core): ${f.cpu}`);
        if (f.early) console.log(`  K=${f.k} at ${f.rate}/s: ${f.early} notifications arrived before their webhook response (negative latency)`);
      }
      console.log("\nserver memory per idle subscription (after GC, all K subscribed and idle, minus before connecting) / K:");
      table(
        ["subscribers", "connect", "heapUsed before", "after", "per sub", "rss before", "after", "per sub"],
        subscribes.map((f) =>
          f.mem
            ? [
                fmt(f.k),
                `${fmt(f.connectMs! / 1000, 1)} s`,
                `${fmt(f.mem.before.heapUsed / 2 ** 20, 1)} MiB`,
                `${fmt(f.mem.after.heapUsed / 2 ** 20, 1)} MiB`,
                `${fmt(f.heapPerSubKB!, 1)} KB`,
                `${fmt(f.mem.before.rss / 2 ** 20, 1)} MiB`,
                `${fmt(f.mem.after.rss / 2 ** 20, 1)} MiB`,
                `${fmt(f.rssPerSubKB!, 1)} KB`,
              ]
            : [fmt(f.k), `FAILED: ${f.why}`, "", "", "", "", "", ""],
        ),
      );

      console.log();
      for (const f of deliveries.filter((f) => f.k === 1000 && f.latency)) {
        const met = f.latency!.p99 < TARGET_P99_MS && f.ok && f.sent!.skipped === 0;
        console.log(`target p99 < ${TARGET_P99_MS} ms at 1000 subscribers, ${f.rate} signals/s offered: p99 ${ms(f.latency!.p99)}${f.sent!.skipped ? ` (only ${fmt(f.sent!.sent / (f.sent!.elapsedMs / 1000))}/s sent)` : ""} -> ${met ? "MET" : "NOT MET"}`);
      }
      for (const f of subscribes.filter((f) => f.heapPerSubKB !== undefined)) {
        const verdict = (kb: number) => (kb < TARGET_KB_PER_SUBSCRIPTION ? "MET" : "NOT MET");
        console.log(
          `target memory per idle subscription < ${TARGET_KB_PER_SUBSCRIPTION} KB at K=${f.k}: heapUsed ${fmt(f.heapPerSubKB!, 1)} KB -> ${verdict(f.heapPerSubKB!)}; ` +
            `rss ${fmt(f.rssPerSubKB!, 1)} KB -> ${verdict(f.rssPerSubKB!)} (RSS also moves with pages V8 and malloc keep or return: noisier)`,
        );
      }
      const subscribed = subscribes.filter((f) => f.mem).map((f) => f.k);
      const delivered = deliveries.filter((f) => f.ok).map((f) => f.k);
      console.log(
        `largest K subscribed: ${subscribed.length ? fmt(Math.max(...subscribed)) : "none"}; largest K with every notification delivered: ${delivered.length ? fmt(Math.max(...delivered)) : "none"}`,
      );
    }

    // Let the last subscriptions end first (see the report: unsubscribing after pub/sub closed).
    await waitFor("the last subscriptions to end", 30_000, async () => !(await stats()).listeners.notifications);
    await server.call("stop");
    serverStopped = true;
    await server.exited(30_000); // exiting by itself writes the --cpu-prof profile
    if (cpuProfDir) console.log(`\nserver CPU profile written to ${cpuProfDir}`);
  } finally {
    await Promise.all(children.map((c) => c.kill()));
    if (!serverStopped) {
      await Promise.race([server.call("stop").catch(() => {}), sleep(30_000)]);
      await server.exited(10_000);
    }
    await sql.end({ timeout: 5 });
    await dropDatabase(adminUrl, BENCH_DB);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
