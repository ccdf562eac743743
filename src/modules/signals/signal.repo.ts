import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import {
  contacts,
  events,
  idempotencyKeys,
  interactions,
  leads,
  notificationCounters,
  notifications,
  recordWatchers,
  signalSettings,
  users,
} from "../../db/schema/index.js";

export type InteractionRow = typeof interactions.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;

/** The record's timeline locks, in the order to take them (timeline's `signalHistoryLock`). */
export interface HistoryLock {
  counter: (onlyIf: SQL) => SQL;
  history: SQL;
}

/** The customer a signal is about, as the statement that locks it reads it. */
export interface SignalCustomer {
  id: number;
  ownerId: number;
  firstName: string | null;
  lastName: string;
}

/**
 * SIG-12, SIG-13, RESP-1: the first statement of an ingestion's transaction. Unless `key` is
 * already taken (then only `firstEntryId`): the lead or contact, share-locked until commit (a
 * signal cannot land on a record deleted or converted at the same moment), then `historyLock`
 * (the record's stream counter, then its timeline lock) and the id the signal will have. No
 * customer: nothing locked.
 */
export async function openSignal(
  db: Db,
  a: { orgId: number; customerType: "lead" | "contact"; customerId: number; key: { scope: string; key: string } | null; historyLock: HistoryLock },
): Promise<{ firstEntryId: number | null; customer: SignalCustomer | null; entryId: number | null }> {
  const c = a.customerType === "lead" ? leads : contacts;
  const taken = a.key
    ? sql`select interaction_id from ${idempotencyKeys} where org_id = ${a.orgId}::bigint and scope = ${a.key.scope}::text and key = ${a.key.key}::text`
    : sql`select null::bigint as interaction_id where false`;
  const [row] = await queryRows<{ first_id: string | number | null; id: string | number | null; owner_id: string | number; first_name: string | null; last_name: string; entry_id: string | number | null }>(
    db,
    sql`with k as (${taken}),
      c as materialized (
        select ${c.id} as id, ${c.ownerId} as owner_id, ${c.firstName} as first_name, ${c.lastName} as last_name from ${c}
         where ${c.orgId} = ${a.orgId}::bigint and ${c.id} = ${a.customerId}::bigint and not exists (select 1 from k)
         for share),
      ctr as (${a.historyLock.counter(sql`exists (select 1 from c)`)})
      select (select interaction_id from k limit 1) as first_id, c.id, c.owner_id, c.first_name, c.last_name,
             (select count(*) from ctr) as counter_locked,
             case when c.id is not null then ${a.historyLock.history} end as locked,
             case when c.id is not null then nextval('interactions_id_seq') end as entry_id
        from (select 1) one left join c on true`,
  );
  return {
    firstEntryId: row?.first_id == null ? null : Number(row.first_id),
    customer: row?.id == null ? null : { id: Number(row.id), ownerId: Number(row.owner_id), firstName: row.first_name, lastName: row.last_name },
    entryId: row?.entry_id == null ? null : Number(row.entry_id),
  };
}

/** For a signal raised in another module's transaction: the record's locks (`historyLock`), then the signal's id. */
export async function allocateSignal(db: Db, historyLock: HistoryLock): Promise<number> {
  const [row] = await queryRows<{ id: string | number }>(
    db,
    sql`with ctr as (${historyLock.counter(sql`true`)})
      select (select count(*) from ctr) as counter_locked, ${historyLock.history} as locked, nextval('interactions_id_seq') as id`,
  );
  return Number(row!.id);
}

export interface SignalRows {
  /** Given out by `openSignal` or `allocateSignal`, under the record's timeline lock. */
  id: number;
  orgId: number;
  values: {
    recordType: string;
    recordId: number;
    side: string;
    channel: string | null;
    source: string;
    event: string;
    integrationKeyId: number | null;
    occurredAt: Date;
    summary: string;
    details: Record<string, unknown>;
    reaction: Record<string, number> | null;
  };
  /** The record's owner: the signal is open for them until followed up (RESP-2). */
  ownerId: number;
  /** RESP-1: the first follow-up after the signal, as (id, occurred_at) or no row. */
  firstFollowUp: SQL;
  /** The outbox event's row (HOOK-3). */
  event: { id: string; type: string; recordType: string; recordId: number; payload: Record<string, unknown>; wanted: SQL } | null;
  /** False: nobody is notified. */
  notify: boolean;
  /** Claimed last, after the notification counters: a taken key answers `keyClaimed: false`. */
  key: { scope: string; key: string } | null;
}

export interface StoredSignalRows {
  streamSeq: number;
  createdAt: Date;
  followUp: { id: number; at: Date } | null;
  eventCreatedAt: Date | null;
  /** The event's `wanted` condition (outbox listeners with something to do). */
  eventWanted: boolean;
  notifications: { recipientId: number; seq: number }[];
  keyClaimed: boolean;
}

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;
const dateOf = (ms: string | number) => new Date(Math.round(Number(ms)));

/**
 * SIG-13, SIG-15..17, RESP-1, HOOK-3 in one statement: the SIGNAL row (with its first follow-up,
 * or open for the owner), the outbox event, one notification per recipient (the owner and the
 * watchers of the record, active, with the source switched on) with the next cursor of each, and
 * the idempotency key. The counter rows are taken in user id order and stay locked until commit,
 * so concurrent deliveries to one user commit their seqs in order (DESIGN trap 8) and cannot
 * deadlock each other; the key is claimed after them (it waits on a concurrent holder of the key).
 */
export async function storeSignalRows(db: Db, s: SignalRows): Promise<StoredSignalRows> {
  const v = s.values;
  const occurredAt = v.occurredAt.toISOString();
  const event = s.event
    ? sql`, ev as (
        insert into ${events} (org_id, id, type, record_type, record_id, payload)
        values (${s.orgId}::bigint, ${s.event.id}::uuid, ${s.event.type}::text, ${s.event.recordType}::text, ${s.event.recordId}::bigint, ${JSON.stringify(s.event.payload)}::jsonb)
        returning created_at)`
    : sql``;
  const notify = s.notify
    ? sql`, recipients as (
        select u.id as user_id
        from ${users} u left join ${signalSettings} st on st.user_id = u.id
        where u.id in (select ${s.ownerId}::bigint
                       union select w.user_id from ${recordWatchers} w
                        where w.org_id = ${s.orgId}::bigint and w.record_type = ${v.recordType}::text and w.record_id = ${v.recordId}::bigint)
          and u.org_id = ${s.orgId}::bigint and u.status = 'ACTIVE'
          and coalesce(st.enabled, true)
          and not (${v.source}::text = any(coalesce(st.disabled_sources, '{}'::text[])))
      ), seqs as (
        insert into ${notificationCounters} (user_id, org_id, last_seq)
        select user_id, ${s.orgId}::bigint, 1 from recipients order by user_id
        on conflict (user_id) do update set last_seq = ${notificationCounters}.last_seq + 1
        returning user_id, last_seq
      ), notes as (
        insert into ${notifications} (org_id, recipient_id, seq, interaction_id, record_type, record_id, source, event, summary, occurred_at)
        select ${s.orgId}::bigint, user_id, last_seq, ${s.id}::bigint, ${v.recordType}::text, ${v.recordId}::bigint, ${v.source}::text, ${v.event}::text, ${v.summary}::text, ${occurredAt}::timestamptz
        from seqs
        returning recipient_id, seq)`
    : sql`, notes as (select null::bigint as recipient_id, null::bigint as seq where false)`;
  const claim = s.key
    ? sql`, claimed as (
        insert into ${idempotencyKeys} (org_id, scope, key, interaction_id)
        select ${s.orgId}::bigint, ${s.key.scope}::text, ${s.key.key}::text, ${s.id}::bigint from (select count(*) from notes) after_notes
        on conflict do nothing
        returning 1)`
    : sql``;
  const [row] = await queryRows<{
    stream_seq: string | number;
    created_at: string | number;
    follow_up_id: string | number | null;
    follow_up_at: string | number | null;
    event_at: string | number | null;
    event_wanted: boolean | string;
    notes: string;
    claimed: boolean;
  }>(
    db,
    sql`with link as (${s.firstFollowUp}), entry as (
        insert into ${interactions} (id, org_id, record_type, record_id, side, channel, source, event, integration_key_id, occurred_at, summary, details, reaction, follow_up_id, follow_up_at, open_owner_id)
        overriding system value
        select ${s.id}::bigint, ${s.orgId}::bigint, ${v.recordType}::text, ${v.recordId}::bigint, ${v.side}::text, ${v.channel}::text, ${v.source}::text, ${v.event}::text,
               ${v.integrationKeyId}::bigint, ${occurredAt}::timestamptz, ${v.summary}::text, ${JSON.stringify(v.details)}::jsonb, ${v.reaction === null ? null : JSON.stringify(v.reaction)}::jsonb,
               l.id, l.occurred_at, case when l.id is null then ${s.ownerId}::bigint end
          from (select 1) one left join link l on true
        returning stream_seq, created_at, follow_up_id, follow_up_at)${event}${notify}${claim}
      select e.stream_seq, ${epochMs(sql`e.created_at`)} as created_at, e.follow_up_id, ${epochMs(sql`e.follow_up_at`)} as follow_up_at,
             ${s.event ? sql`(select ${epochMs(sql`created_at`)} from ev)` : sql`null::float8`} as event_at,
             ${s.event ? s.event.wanted : sql`false`} as event_wanted,
             (select coalesce(json_agg(json_build_array(recipient_id, seq)), '[]'::json)::text from notes) as notes,
             ${s.key ? sql`exists (select 1 from claimed)` : sql`true`} as claimed
        from entry e`,
  );
  const r = row!;
  return {
    streamSeq: Number(r.stream_seq),
    createdAt: dateOf(r.created_at),
    followUp: r.follow_up_id == null ? null : { id: Number(r.follow_up_id), at: dateOf(r.follow_up_at!) },
    eventCreatedAt: r.event_at == null ? null : dateOf(r.event_at),
    eventWanted: r.event_wanted === true || r.event_wanted === "t",
    notifications: (JSON.parse(r.notes) as [string | number, string | number][]).map(([recipientId, seq]) => ({ recipientId: Number(recipientId), seq: Number(seq) })),
    keyClaimed: r.claimed === true || (r.claimed as unknown) === "t",
  };
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
