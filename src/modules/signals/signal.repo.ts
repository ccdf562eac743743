import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import {
  interactions,
  notificationCounters,
  notifications,
  recordWatchers,
  signalSettings,
  users,
} from "../../db/schema/index.js";

export type InteractionRow = typeof interactions.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;

export async function insertInteraction(db: Db, values: typeof interactions.$inferInsert): Promise<InteractionRow> {
  const [row] = await db.insert(interactions).values(values).returning();
  return row!;
}

/**
 * SIG-15..17 in one statement: the recipients (the owner and the watchers of the record, active,
 * with the source switched on), the next cursor of each, and their notifications. The counter
 * rows are taken in user id order and stay locked until commit, so concurrent deliveries to one
 * user commit their seqs in order (DESIGN trap 8) and cannot deadlock each other.
 */
export async function deliverNotifications(
  db: Db,
  n: {
    orgId: number;
    ownerId: number;
    recordType: string;
    recordId: number;
    interactionId: number;
    source: string;
    event: string;
    summary: string;
    occurredAt: Date;
  },
): Promise<{ recipientId: number; seq: number }[]> {
  const rows = await queryRows<{ recipient_id: string | number; seq: string | number }>(
    db,
    sql`with recipients as (
      select u.id as user_id
      from ${users} u left join ${signalSettings} s on s.user_id = u.id
      where u.org_id = ${n.orgId} and u.status = 'ACTIVE'
        and (u.id = ${n.ownerId} or exists (
          select 1 from ${recordWatchers} w
          where w.org_id = ${n.orgId} and w.record_type = ${n.recordType} and w.record_id = ${n.recordId} and w.user_id = u.id))
        and coalesce(s.enabled, true)
        and not (${n.source}::text = any(coalesce(s.disabled_sources, '{}'::text[])))
    ), seqs as (
      insert into ${notificationCounters} (user_id, org_id, last_seq)
      select user_id, ${n.orgId}, 1 from recipients order by user_id
      on conflict (user_id) do update set last_seq = ${notificationCounters}.last_seq + 1
      returning user_id, last_seq
    )
    insert into ${notifications} (org_id, recipient_id, seq, interaction_id, record_type, record_id, source, event, summary, occurred_at)
    select ${n.orgId}, user_id, last_seq, ${n.interactionId}, ${n.recordType}, ${n.recordId}, ${n.source}, ${n.event}, ${n.summary}, ${n.occurredAt.toISOString()}::timestamptz
    from seqs
    returning recipient_id, seq`,
  );
  return rows.map((r) => ({ recipientId: Number(r.recipient_id), seq: Number(r.seq) }));
}

export interface NotificationQuery {
  orgId: number;
  userId: number;
  sources?: string[] | null;
  unread?: boolean | null;
  from?: Date | null;
  to?: Date | null;
  record?: { type: string; id: number } | null;
  followedUp?: boolean | null;
}

/** RESP-1: whether the notification's signal has a follow-up (a primary-key probe of its interaction). */
const followedUpCondition = (followedUp: boolean) =>
  sql`exists (select 1 from ${interactions} i where i.org_id = ${notifications.orgId} and i.id = ${notifications.interactionId}
                and i.follow_up_id is ${followedUp ? sql`not null` : sql`null`})`;

const notificationWhere = (q: NotificationQuery) =>
  and(
    eq(notifications.orgId, q.orgId),
    eq(notifications.recipientId, q.userId),
    q.sources?.length ? inArray(notifications.source, q.sources) : undefined,
    q.unread === true ? isNull(notifications.readAt) : q.unread === false ? isNotNull(notifications.readAt) : undefined,
    q.from ? gte(notifications.occurredAt, q.from) : undefined,
    q.to ? lt(notifications.occurredAt, q.to) : undefined,
    q.record ? and(eq(notifications.recordType, q.record.type), eq(notifications.recordId, q.record.id)) : undefined,
    q.followedUp != null ? followedUpCondition(q.followedUp) : undefined,
  );

/** Newest first by cursor (seq), keyset below `beforeSeq`. */
export function listNotifications(db: Db, q: NotificationQuery & { beforeSeq: number | null; limit: number }) {
  return db
    .select()
    .from(notifications)
    .where(and(notificationWhere(q), q.beforeSeq === null ? undefined : lt(notifications.seq, q.beforeSeq)))
    .orderBy(desc(notifications.seq))
    .limit(q.limit + 1);
}

export async function countNotifications(db: Db, q: NotificationQuery): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(notificationWhere(q));
  return row?.n ?? 0;
}

/** Oldest first, after a cursor: the replay and catch-up of a subscription (SIG-21). */
export function notificationsAfter(db: Db, args: { orgId: number; userId: number; afterSeq: number; limit: number }) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.orgId, args.orgId), eq(notifications.recipientId, args.userId), gt(notifications.seq, args.afterSeq)))
    .orderBy(asc(notifications.seq))
    .limit(args.limit);
}

export async function lastSeq(db: Db, userId: number): Promise<number> {
  const [row] = await db.select({ seq: notificationCounters.lastSeq }).from(notificationCounters).where(eq(notificationCounters.userId, userId));
  return row?.seq ?? 0;
}

/** The newest seq of each of these recipients, in one statement (the stream watcher's probe). */
export async function latestSeqs(db: Db, recipients: readonly { orgId: number; userId: number }[]): Promise<Map<number, number>> {
  const rows = await queryRows<{ user_id: string | number; last_seq: string | number }>(
    db,
    sql`select c.user_id, c.last_seq
      from jsonb_to_recordset(${JSON.stringify(recipients.map((r) => ({ org_id: r.orgId, user_id: r.userId })))}::jsonb) as w(org_id bigint, user_id bigint)
      join ${notificationCounters} c on c.org_id = w.org_id and c.user_id = w.user_id`,
  );
  return new Map(rows.map((r) => [Number(r.user_id), Number(r.last_seq)]));
}

export async function markRead(db: Db, args: { orgId: number; userId: number; ids: number[] | null }): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.orgId, args.orgId),
        eq(notifications.recipientId, args.userId),
        isNull(notifications.readAt),
        args.ids ? inArray(notifications.id, args.ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

export async function findSettings(db: Db, userId: number) {
  const [row] = await db.select().from(signalSettings).where(eq(signalSettings.userId, userId));
  return row ?? null;
}

export async function saveSettings(db: Db, values: { userId: number; orgId: number; enabled: boolean; disabledSources: string[] }) {
  await db
    .insert(signalSettings)
    .values({ ...values, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: signalSettings.userId,
      set: { enabled: values.enabled, disabledSources: values.disabledSources, updatedAt: new Date() },
    });
}

export async function addWatcher(db: Db, values: { orgId: number; userId: number; recordType: string; recordId: number }) {
  const rows = await db.insert(recordWatchers).values(values).onConflictDoNothing().returning({ userId: recordWatchers.userId });
  return rows.length > 0;
}

export async function removeWatcher(db: Db, values: { orgId: number; userId: number; recordType: string; recordId: number }) {
  const rows = await db
    .delete(recordWatchers)
    .where(
      and(
        eq(recordWatchers.orgId, values.orgId),
        eq(recordWatchers.userId, values.userId),
        eq(recordWatchers.recordType, values.recordType),
        eq(recordWatchers.recordId, values.recordId),
      ),
    )
    .returning({ userId: recordWatchers.userId });
  return rows.length > 0;
}


/** One of a recipient's notifications by id. */
export async function findNotification(db: Db, args: { orgId: number; userId: number; id: number }): Promise<NotificationRow | null> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.orgId, args.orgId), eq(notifications.recipientId, args.userId), eq(notifications.id, args.id)));
  return row ?? null;
}
