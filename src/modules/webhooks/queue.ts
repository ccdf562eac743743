import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { fromDrizzle, fromPglite, PgBoss, type ConstructorOptions, type JobWithMetadata } from "pg-boss";
import type { Db } from "../../db/client.js";
import type { WebhookConfig } from "../../config/config.js";
import type { OutboxEvent } from "../../events/outbox.js";
import { uuidv7 } from "../../events/uuid.js";
import type { ModuleDeps } from "../shared/context.js";
import type { ModuleJob } from "../shared/module.js";
import { deliver } from "./delivery.js";
import * as repo from "./webhook.repo.js";

/**
 * The pg-boss queues: WEBHOOK_QUEUE (default `webhook-delivery`) holds the deliveries, one job per
 * (endpoint, event), FIFO per endpoint and record (HOOK-5); `<it>-prune` the hourly retention job.
 */
const pruneQueueOf = (queue: string) => `${queue}-prune`;
const SCHEMA = "pgboss";

interface RunningQueue {
  boss: PgBoss;
  config: WebhookConfig;
}

/**
 * The queues started in this process. A new event's jobs are inserted by pg-boss through the
 * writer's own transaction (`fromDrizzle(tx)`), so the rows land in that transaction's database
 * whichever instance's pg-boss builds the statement; tests run several servers in one process.
 */
const running: RunningQueue[] = [];

/**
 * HOOK-4: the number of retries whose delays (each at least first × 2^n, at most the largest
 * delay, pg-boss adding up to as much again as jitter) add up to at least the retry window.
 */
export function retryLimitFor(retry: WebhookConfig["retry"]): number {
  let total = 0;
  let n = 0;
  while (total < retry.retryForSeconds) {
    total += Math.min(retry.maxDelaySeconds, retry.firstDelaySeconds * 2 ** Math.min(n, 16));
    n++;
  }
  return Math.max(1, n);
}

/** The per-job settings of a delivery, from the inserting instance's configuration. */
function jobOptions(config: WebhookConfig) {
  return {
    retryLimit: retryLimitFor(config.retry),
    retryDelay: config.retry.firstDelaySeconds,
    retryBackoff: true,
    retryDelayMax: config.retry.maxDelaySeconds,
    expireInSeconds: config.leaseSeconds,
    retentionSeconds: Math.ceil(config.eventRetentionMs / 1000),
    deleteAfterSeconds: 86_400,
  };
}

/** The ordering key: deliveries to one endpoint about one record go one at a time, in order. */
const orderingKey = (endpointId: number, record: { type: string; id: number }) => `${endpointId}:${record.type}:${record.id}`;

/**
 * The outbox listener (HOOK-3): in the transaction that wrote the event, one delivery row and one
 * queued job per active endpoint of the org subscribed to its type. Nothing when none is.
 */
export async function enqueueDeliveries(tx: Db, event: OutboxEvent): Promise<void> {
  const endpoints = await repo.subscribedEndpoints(tx, event.orgId, event.type);
  if (!endpoints.length) return;
  const queue = running[running.length - 1];
  if (!queue) throw new Error("webhook deliveries written with no delivery queue started");
  const jobs = endpoints.map((e) => ({ endpointId: e.id, jobId: uuidv7() }));
  await repo.insertDeliveries(
    tx,
    jobs.map((j) => ({ orgId: event.orgId, endpointId: j.endpointId, eventId: event.id, jobId: j.jobId })),
  );
  await insertJobs(tx, queue, jobs.map((j) => ({ jobId: j.jobId, orgId: event.orgId, key: orderingKey(j.endpointId, event.record) })));
}

/** HOOK-6: a redelivery is a new delivery of the same event (same `webhook-id`), queued behind the record's others. */
export async function enqueueRedelivery(tx: Db, args: { orgId: number; endpointId: number; eventId: string; record: { type: string; id: number } }) {
  const queue = running[running.length - 1];
  if (!queue) throw new Error("webhook redelivery with no delivery queue started");
  const jobId = uuidv7();
  const [row] = await repo.insertDeliveries(tx, [{ orgId: args.orgId, endpointId: args.endpointId, eventId: args.eventId, jobId }]);
  await insertJobs(tx, queue, [{ jobId, orgId: args.orgId, key: orderingKey(args.endpointId, args.record) }]);
  return row!;
}

async function insertJobs(tx: Db, queue: RunningQueue, jobs: { jobId: string; orgId: number; key: string }[]) {
  const options = jobOptions(queue.config);
  await queue.boss.insert(
    queue.config.queueName,
    jobs.map((j) => ({ id: j.jobId, data: { orgId: j.orgId }, singletonKey: j.key, ...options })),
    // Db's execute() is typed loosely (both drivers); the adapter reads either shape of result.
    { db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql) },
  );
}

/** When a pending delivery's job is due next (HOOK-6's `nextAttemptAt`), as the queue has it. */
export async function nextAttemptAt(jobId: string): Promise<Date | null> {
  const queue = running[running.length - 1];
  if (!queue) return null;
  const [job] = await queue.boss.findJobs(queue.config.queueName, { id: jobId });
  return job && (job.state === "created" || job.state === "retry") ? job.startAfter : null;
}

function bossOptions(deps: ModuleDeps): ConstructorOptions {
  const c = deps.config.webhooks;
  // Expired leases (a crash, a SIGTERM mid-delivery) are noticed by the queue's monitor.
  const common = {
    schema: SCHEMA,
    useListenNotify: true,
    superviseIntervalSeconds: Math.min(60, c.leaseSeconds),
    monitorIntervalSeconds: Math.min(60, c.leaseSeconds),
  };
  if (deps.config.database.kind === "pglite") {
    // The embedded database is one in-process connection: the queue shares it.
    const client = (deps.db as unknown as { $client: PGlite }).$client;
    return { ...common, db: fromPglite(client), backend: "pglite" };
  }
  return { ...common, connectionString: deps.config.database.url, max: c.queuePoolMax, application_name: "crm-graph/webhooks" };
}

/**
 * HOOK-9: this instance's share of the delivery work. Every instance works the same queue in
 * PostgreSQL; a job is held by one instance at a time and comes back when its lease runs out.
 */
export function startDeliveryQueue(deps: ModuleDeps): ModuleJob {
  const config = deps.config.webhooks;
  const boss = new PgBoss(bossOptions(deps));
  const entry: RunningQueue = { boss, config };
  boss.on("error", (error: unknown) => deps.log.error({ err: error }, "webhook queue error"));
  const ready = (async () => {
    await boss.start();
    await boss.createQueue(config.queueName, { policy: "key_strict_fifo", notify: true, ...jobOptions(config) });
    await boss.createQueue(pruneQueueOf(config.queueName), { policy: "singleton", retryLimit: 1, expireInSeconds: 600 });
    running.push(entry);
    await boss.work<{ orgId: number }>(
      config.queueName,
      {
        batchSize: 1,
        localConcurrency: config.concurrency,
        pollingIntervalSeconds: config.pollSeconds,
        notifyPollingIntervalSeconds: config.pollSeconds,
        includeMetadata: true,
      },
      async ([job]) => {
        if (job) await deliver(deps, job as JobWithMetadata<{ orgId: number }>);
      },
    );
    await boss.schedule(pruneQueueOf(config.queueName), "17 * * * *");
    // Hourly, on one instance (a pg-boss schedule): retention, and keys held by a failed job.
    await boss.work(pruneQueueOf(config.queueName), { pollingIntervalSeconds: 30 }, async () => {
      await pruneOutbox(deps.db, config);
      await unblockFailedKeys(deps.db, boss, config.queueName);
    });
  })();
  // Surfaced by whoever awaits `ready` (the app's start); not an unhandled rejection meanwhile.
  ready.catch(() => {});
  return {
    ready,
    async stop() {
      await ready.catch(() => {});
      const i = running.indexOf(entry);
      if (i >= 0) running.splice(i, 1);
      // In-flight deliveries get a few seconds to finish; one still running keeps its lease and
      // is taken up again by another instance (or this one, restarted) when the lease runs out.
      await boss.stop({ graceful: true, timeout: Math.min(5000, config.timeoutMs + 1000), close: true });
    },
  };
}

/** Retention: events older than WEBHOOK_EVENT_RETENTION_DAYS go, with their deliveries' log. */
export async function pruneOutbox(db: Db, config: Pick<WebhookConfig, "eventRetentionMs">, now = Date.now()): Promise<number> {
  const before = new Date(now - config.eventRetentionMs);
  let pruned = 0;
  for (;;) {
    const n = await repo.pruneEvents(db, before, 1000);
    pruned += n;
    if (n < 1000) return pruned;
  }
}

/**
 * A delivery whose job failed for good inside the queue (its lease ran out on its last try) would
 * hold its record's later deliveries back (key_strict_fifo): it is marked FAILED and its job
 * removed, so they go on.
 */
async function unblockFailedKeys(db: Db, boss: PgBoss, queue: string) {
  for (const key of await boss.getBlockedKeys(queue)) {
    const jobs = (await boss.findJobs(queue, { key })).filter((j) => j.state === "failed");
    await repo.failDeliveriesOfJobs(db, jobs.map((j) => j.id), "the delivery's lease ran out on its last attempt");
    if (jobs.length) await boss.deleteJob(queue, jobs.map((j) => j.id));
  }
}
