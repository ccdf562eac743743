import { and, arrayContains, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { events, webhookDeliveries, webhookEndpoints } from "../../db/schema/index.js";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect & { eventType: string; payload: Record<string, unknown>; eventCreatedAt: Date };

export async function insertEndpoint(db: Db, values: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
  const [row] = await db.insert(webhookEndpoints).values(values).returning();
  return row!;
}

export async function countEndpoints(db: Db, orgId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId));
  return row?.n ?? 0;
}

export async function listEndpoints(db: Db, orgId: number): Promise<EndpointRow[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId)).orderBy(webhookEndpoints.id);
}

export async function findEndpoint(db: Db, orgId: number, id: number, forUpdate = false): Promise<EndpointRow | null> {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function updateEndpoint(db: Db, orgId: number, id: number, values: Partial<typeof webhookEndpoints.$inferInsert>): Promise<EndpointRow> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)))
    .returning();
  return row!;
}

export async function deleteEndpoint(db: Db, orgId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** The org's active endpoints subscribed to an event type: who gets a new event (in its transaction). */
export async function subscribedEndpoints(db: Db, orgId: number, type: string): Promise<{ id: number }[]> {
  return db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.status, "ACTIVE"), arrayContains(webhookEndpoints.events, [type])));
}

export async function insertDeliveries(db: Db, rows: (typeof webhookDeliveries.$inferInsert)[]) {
  if (!rows.length) return [];
  return db.insert(webhookDeliveries).values(rows).returning();
}

/** A delivery with its event's type, body data and time. */
const deliveryColumns = {
  id: webhookDeliveries.id,
  orgId: webhookDeliveries.orgId,
  endpointId: webhookDeliveries.endpointId,
  eventId: webhookDeliveries.eventId,
  jobId: webhookDeliveries.jobId,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  createdAt: webhookDeliveries.createdAt,
  updatedAt: webhookDeliveries.updatedAt,
  eventType: events.type,
  payload: events.payload,
  eventCreatedAt: events.createdAt,
};

const joinEvent = and(eq(events.orgId, webhookDeliveries.orgId), eq(events.id, webhookDeliveries.eventId));

/** One endpoint's deliveries, newest first, after a keyset position (the delivery id). */
export async function listDeliveries(
  db: Db,
  args: { orgId: number; endpointId: number; status: string | null; afterId: number | null; limit: number },
): Promise<DeliveryRow[]> {
  return db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(events, joinEvent)
    .where(
      and(
        eq(webhookDeliveries.orgId, args.orgId),
        eq(webhookDeliveries.endpointId, args.endpointId),
        args.status ? eq(webhookDeliveries.status, args.status) : undefined,
        args.afterId !== null ? lt(webhookDeliveries.id, args.afterId) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(args.limit);
}

export async function countDeliveries(db: Db, args: { orgId: number; endpointId: number; status: string | null }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.orgId, args.orgId),
        eq(webhookDeliveries.endpointId, args.endpointId),
        args.status ? eq(webhookDeliveries.status, args.status) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function findDelivery(db: Db, orgId: number, id: number): Promise<DeliveryRow | null> {
  const [row] = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(events, joinEvent)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, id)));
  return row ?? null;
}

/** What the worker needs for one job: the delivery, its event and its endpoint. */
export async function findDeliveryByJob(db: Db, jobId: string): Promise<{ delivery: DeliveryRow; endpoint: EndpointRow } | null> {
  const [row] = await db
    .select({ delivery: deliveryColumns, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(events, joinEvent)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.jobId, jobId));
  return row ?? null;
}

/** One attempt's outcome. */
export async function recordAttempt(
  db: Db,
  id: number,
  values: { status: string; statusCode: number | null; error: string | null; counted: boolean },
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: values.status,
      attempts: values.counted ? sql`${webhookDeliveries.attempts} + 1` : webhookDeliveries.attempts,
      lastStatusCode: values.statusCode,
      lastError: values.error,
      lastAttemptAt: values.counted ? new Date() : webhookDeliveries.lastAttemptAt,
      updatedAt: new Date(),
    })
    .where(eq(webhookDeliveries.id, id));
}

/** HOOK-8: after a failed attempt, when the endpoint started failing (kept since the last success). */
export async function markEndpointFailing(db: Db, id: number): Promise<{ failingSince: Date } | null> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, now())` })
    .where(eq(webhookEndpoints.id, id))
    .returning({ failingSince: webhookEndpoints.failingSince });
  return row?.failingSince ? { failingSince: row.failingSince } : null;
}

export async function markEndpointHealthy(db: Db, id: number): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ failingSince: null })
    .where(and(eq(webhookEndpoints.id, id), sql`${webhookEndpoints.failingSince} is not null`));
}

/** Disables an endpoint that is still active, with its reason; true when this call did it. */
export async function disableEndpoint(db: Db, id: number, reason: string): Promise<boolean> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ status: "DISABLED", disabledReason: reason, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.status, "ACTIVE")))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Retention: the oldest events (and, by cascade, their deliveries) before `before`, a batch at a time. */
export async function pruneEvents(db: Db, before: Date, batch: number): Promise<number> {
  const rows = await queryRows(
    db,
    sql`delete from ${events} e
        using (select org_id, id from ${events} where created_at < ${before.toISOString()}::timestamptz order by created_at limit ${batch}) old
        where e.org_id = old.org_id and e.id = old.id
        returning 1`,
  );
  return rows.length;
}

/** Deliveries whose job failed for good in the queue (e.g. its lease ran out on its last try). */
export async function failDeliveriesOfJobs(db: Db, jobIds: string[], error: string) {
  if (!jobIds.length) return;
  await db
    .update(webhookDeliveries)
    .set({ status: "FAILED", lastError: error, updatedAt: new Date() })
    .where(and(inArray(webhookDeliveries.jobId, jobIds), eq(webhookDeliveries.status, "PENDING")));
}

/** The record an event is about: its deliveries' ordering key. */
export async function findEventRecord(db: Db, orgId: number, eventId: string): Promise<{ recordType: string; recordId: number } | null> {
  const [row] = await db
    .select({ recordType: events.recordType, recordId: events.recordId })
    .from(events)
    .where(and(eq(events.orgId, orgId), eq(events.id, eventId)));
  return row ?? null;
}
