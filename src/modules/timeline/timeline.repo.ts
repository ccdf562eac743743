import { and, asc, count, eq, getTableColumns, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { prepared } from "../../db/prepared.js";
import { queryRows, type Db } from "../../db/client.js";
import { idempotencyKeys, interactions, organizations, timelineCounters, timelineIntervalAverages } from "../../db/schema/index.js";
import type { InteractionRow } from "./timeline.model.js";
import { userJson, type UserJson } from "../identity/identity.service.js";

export interface RecordRef {
  orgId: number;
  recordType: string;
  recordId: number;
}

/** A keyset position in a record's history: entries are ordered by (occurred_at, id). */
export interface Position {
  at: Date;
  id: number;
}

export interface EntryQuery extends RecordRef {
  sides: string[] | null;
  channels: string[] | null;
  userIds: number[] | null;
  from: Date | null;
  to: Date | null;
}

const t = interactions;
const ofRecord = (r: RecordRef) => [eq(t.orgId, r.orgId), eq(t.recordType, r.recordType), eq(t.recordId, r.recordId)];

function entryConditions(q: EntryQuery): (SQL | undefined)[] {
  return [
    ...ofRecord(q),
    q.sides ? (q.sides.length === 1 ? eq(t.side, q.sides[0]!) : inArray(t.side, q.sides)) : undefined,
    q.channels ? inArray(t.channel, q.channels) : undefined,
    q.userIds ? inArray(t.actorUserId, q.userIds) : undefined,
    q.from ? gte(t.occurredAt, q.from) : undefined,
    q.to ? lt(t.occurredAt, q.to) : undefined,
  ];
}

/** A timestamp parameter in raw SQL: postgres.js is given text, as drizzle does for columns. */
const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** Strictly before (DESC) or after (ASC) a position; the row comparison is an index condition. */
const beyond = (after: Position, descending: boolean) =>
  descending ? sql`(${t.occurredAt}, ${t.id}) < (${at(after.at)}, ${after.id})` : sql`(${t.occurredAt}, ${t.id}) > (${at(after.at)}, ${after.id})`;

/**
 * TL-12: one page of a record's history on the keyset indexes (org, record[, side], occurred_at DESC,
 * id DESC), walked forwards or backwards: the cost is the page, not the history.
 */
type PageQuery = EntryQuery & { descending: boolean; after: Position | null; limit: number; performers?: boolean };

const pageOrder = (descending: boolean) =>
  descending ? [sql`${t.occurredAt} desc nulls last`, sql`${t.id} desc nulls last`] : [sql`${t.occurredAt} asc nulls first`, sql`${t.id} asc nulls first`];

/** `performers`: each row also carries its performer (`performer`), read in the same statement. */
const pageSelection = (db: Db, performers: boolean) =>
  performers ? db.select({ ...getTableColumns(t), performer: userJson(t.orgId, t.actorUserId) }).from(t) : db.select().from(t);

/** The statement of a page, any filter (what `listEntries` runs, prepared or not; EXPLAIN it in tests). */
export function entriesPageQuery(db: Db, q: PageQuery) {
  return pageSelection(db, q.performers === true)
    .where(and(...entryConditions(q), q.after ? beyond(q.after, q.descending) : undefined))
    .orderBy(...pageOrder(q.descending))
    .limit(q.limit);
}

export async function listEntries(db: Db, q: PageQuery): Promise<(InteractionRow & { performer?: UserJson | null })[]> {
  if (q.sides || q.channels || q.userIds || q.from || q.to) return entriesPageQuery(db, q);
  // A record's history unfiltered, what a timeline shows first: a statement prepared per shape.
  const shape = `timeline_page:${q.descending ? "desc" : "asc"}:${q.after ? "after" : "first"}:${q.performers ? "performers" : "plain"}`;
  const statement = prepared(db, shape, () =>
    pageSelection(db, q.performers === true)
      .where(
        and(
          eq(t.orgId, sql.placeholder("orgId")),
          eq(t.recordType, sql.placeholder("recordType")),
          eq(t.recordId, sql.placeholder("recordId")),
          q.after
            ? sql`(${t.occurredAt}, ${t.id}) ${q.descending ? sql`<` : sql`>`} (${sql.placeholder("afterAt")}::timestamptz, ${sql.placeholder("afterId")})`
            : undefined,
        ),
      )
      .orderBy(...pageOrder(q.descending))
      .limit(sql.placeholder("limit"))
      .prepare(shape),
  );
  return statement.execute({
    orgId: q.orgId,
    recordType: q.recordType,
    recordId: q.recordId,
    limit: q.limit,
    ...(q.after ? { afterAt: q.after.at.toISOString(), afterId: q.after.id } : {}),
  });
}

export async function countEntries(db: Db, q: EntryQuery): Promise<number> {
  const [row] = await db.select({ n: count() }).from(t).where(and(...entryConditions(q)));
  return Number(row?.n ?? 0);
}

export async function insertEntries(db: Db, rows: (typeof interactions.$inferInsert)[]): Promise<InteractionRow[]> {
  if (rows.length === 0) return [];
  return db.insert(t).values(rows).returning();
}

/**
 * Records the key of a stored entry; false when the key is taken. A concurrent request holding the
 * same key makes this wait until that request's transaction ends (SIG-13, TL-5).
 */
export async function claimKey(db: Db, orgId: number, key: ScopedKey, interactionId: number): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ orgId, scope: key.scope, key: key.key, interactionId })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** An idempotency key within its scope (see the idempotency_keys table). */
export interface ScopedKey {
  scope: string;
  key: string;
}

/** The entry first stored under a key (prepared: every ingestion asks). */
export async function findEntryByKey(db: Db, orgId: number, key: ScopedKey): Promise<InteractionRow | null> {
  const rows = await prepared(db, "find_idempotent_interaction", () =>
    db
      .select({ interaction: interactions })
      .from(idempotencyKeys)
      .innerJoin(interactions, eq(interactions.id, idempotencyKeys.interactionId))
      .where(
        and(
          eq(idempotencyKeys.orgId, sql.placeholder("orgId")),
          eq(idempotencyKeys.scope, sql.placeholder("scope")),
          eq(idempotencyKeys.key, sql.placeholder("key")),
        ),
      )
      .prepare("find_idempotent_interaction"),
  ).execute({ orgId, scope: key.scope, key: key.key });
  return rows[0]?.interaction ?? null;
}

export function findEntriesByIds(db: Db, orgId: number, ids: readonly number[]): Promise<InteractionRow[]> {
  return db
    .select()
    .from(t)
    .where(and(eq(t.orgId, orgId), inArray(t.id, [...ids])));
}

/** The last stream seq given out for the record (0 before its first entry): where a live reader starts. */
export async function lastStreamSeq(db: Db, r: RecordRef): Promise<number> {
  const [row] = await db
    .select({ seq: timelineCounters.lastSeq })
    .from(timelineCounters)
    .where(and(eq(timelineCounters.orgId, r.orgId), eq(timelineCounters.recordType, r.recordType), eq(timelineCounters.recordId, r.recordId)));
  return row?.seq ?? 0;
}

/** The record's entries after a stream seq, in seq order (interactions_record_stream_idx). */
export function entriesAfterSeq(db: Db, r: RecordRef & { afterSeq: number; limit: number }): Promise<InteractionRow[]> {
  return db
    .select()
    .from(t)
    .where(and(eq(t.orgId, r.orgId), eq(t.recordType, r.recordType), eq(t.recordId, r.recordId), gt(t.streamSeq, r.afterSeq)))
    .orderBy(asc(t.streamSeq))
    .limit(r.limit);
}

/** Of these live positions, the indexes of those whose record has a newer seq: one statement. */
export async function positionsBehind(db: Db, positions: readonly (RecordRef & { afterSeq: number })[]): Promise<number[]> {
  const list = positions.map((p, i) => ({ i, org_id: p.orgId, record_type: p.recordType, record_id: p.recordId, seq: p.afterSeq }));
  const rows = await queryRows<{ i: number | string }>(
    db,
    sql`select w.i from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as w(i int, org_id bigint, record_type text, record_id bigint, seq bigint)
      join ${timelineCounters} c on c.org_id = w.org_id and c.record_type = w.record_type and c.record_id = w.record_id
      where c.last_seq > w.seq`,
  );
  return rows.map((r) => Number(r.i));
}

/**
 * Takes a record's counter row for this transaction and returns its last seq (0 before any
 * entry). Every writer of the record's entries holds that row until commit (the insert trigger),
 * so once it is taken no entry of the record is in flight: one lock order everywhere, the
 * counter first (a record's first entry, still uncommitted, is waited for too).
 */
async function lockCounter(db: Db, orgId: number, ref: { type: string; id: number }): Promise<number> {
  const [row] = await db
    .insert(timelineCounters)
    .values({ orgId, recordType: ref.type, recordId: ref.id, lastSeq: 0 })
    .onConflictDoUpdate({
      target: [timelineCounters.orgId, timelineCounters.recordType, timelineCounters.recordId],
      set: { lastSeq: sql`${timelineCounters.lastSeq}` },
    })
    .returning({ seq: timelineCounters.lastSeq });
  return row!.seq;
}

const counterOf = (orgId: number, ref: { type: string; id: number }) =>
  and(eq(timelineCounters.orgId, orgId), eq(timelineCounters.recordType, ref.type), eq(timelineCounters.recordId, ref.id));

/**
 * CORE-13: moves a record's entries to another record, after the entries the target already has
 * (their seqs shifted past its counter, which takes the moved ones), so the target's live readers
 * receive them and its seqs stay unique. Run it before anything that hangs off the entries
 * (notifications) moves: once the source's counter is taken, no signal of the record is half-stored.
 */
export async function moveEntries(db: Db, orgId: number, from: { type: string; id: number }, to: { type: string; id: number }) {
  const count = await lockCounter(db, orgId, from);
  await db.delete(timelineCounters).where(counterOf(orgId, from));
  if (count === 0) return;
  const [target] = await db
    .insert(timelineCounters)
    .values({ orgId, recordType: to.type, recordId: to.id, lastSeq: count })
    .onConflictDoUpdate({
      target: [timelineCounters.orgId, timelineCounters.recordType, timelineCounters.recordId],
      set: { lastSeq: sql`${timelineCounters.lastSeq} + ${count}` },
    })
    .returning({ seq: timelineCounters.lastSeq });
  const base = target!.seq - count;
  await db
    .update(t)
    .set({ recordType: to.type, recordId: to.id, streamSeq: sql`${t.streamSeq} + ${base}` })
    .where(and(eq(t.orgId, orgId), eq(t.recordType, from.type), eq(t.recordId, from.id)));
}

/** CORE-14: a deleted record's entries and its counter, the counter taken first (see lockCounter). */
export async function deleteEntries(db: Db, orgId: number, ref: { type: string; id: number }) {
  await lockCounter(db, orgId, ref);
  await db.delete(t).where(and(eq(t.orgId, orgId), eq(t.recordType, ref.type), eq(t.recordId, ref.id)));
  await db.delete(timelineCounters).where(counterOf(orgId, ref));
}

/** Which earlier entry a probe looks for. */
export type Preceding = "INTERACTION" | "FOLLOW_UP" | "SIGNAL" | "SAME_FIELD_MILESTONE";

const PRECEDING: Record<Preceding, SQL> = {
  INTERACTION: sql`p.side <> 'MILESTONE'`,
  FOLLOW_UP: sql`p.side = 'FOLLOW_UP'`,
  SIGNAL: sql`p.side = 'SIGNAL'`,
  SAME_FIELD_MILESTONE: sql`p.side = 'MILESTONE' and p.event = e.event`,
};

/** The latest entry of `kind` strictly before entry `e`, as a lateral index probe of one row. */
const precedingProbe = (kind: Preceding) => sql`
  select p.id, p.occurred_at from interactions p
   where p.org_id = e.org_id and p.record_type = e.record_type and p.record_id = e.record_id and ${PRECEDING[kind]}
     and (p.occurred_at, p.id) < (e.occurred_at, e.id)
   order by p.occurred_at desc nulls last, p.id desc nulls last
   limit 1`;

export interface PrecedingRow {
  entryId: number;
  id: number;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * For each entry, the latest earlier entry of `kind` in the same record's history (TL-8, TL-11):
 * one statement, one index probe per entry, whatever the history's length.
 */
export function findPreceding(db: Db, orgId: number, entryIds: readonly number[], kind: Preceding) {
  return queryRows<PrecedingRow>(db, precedingQuery(orgId, entryIds, kind));
}

/** The statement of `findPreceding`, for EXPLAIN. */
export function precedingQuery(orgId: number, entryIds: readonly number[], kind: Preceding): SQL {
  return sql`select e.id::float8 as "entryId", p.id::float8 as "id",
               (extract(epoch from p.occurred_at) * 1000)::float8 as "at"
          from interactions e
          join lateral (${precedingProbe(kind)}) p on true
         where e.org_id = ${orgId} and e.id in ${[...entryIds]}`;
}

export interface MilestoneSpanRow {
  entryId: number;
  /** Epoch milliseconds: the previous milestone of the field, or the record's creation. */
  since: number;
  interactionCount: number;
}

/**
 * TL-7: for each milestone, when the previous value was set (the previous milestone of the same
 * field, else the record's creation, never after the milestone itself) and how many signals and
 * follow-ups happened in between.
 */
export function findMilestoneSpans(db: Db, orgId: number, entryIds: readonly number[]) {
  return queryRows<MilestoneSpanRow>(
    db,
    sql`select e.id::float8 as "entryId",
               (extract(epoch from s.since) * 1000)::float8 as "since",
               (select count(*) from interactions c
                 where c.org_id = e.org_id and c.record_type = e.record_type and c.record_id = e.record_id
                   and c.side <> 'MILESTONE' and c.occurred_at >= s.since and c.occurred_at < e.occurred_at)::int as "interactionCount"
          from interactions e
          left join lateral (${precedingProbe("SAME_FIELD_MILESTONE")}) p on true
          cross join lateral (
            select least(coalesce(p.occurred_at,
                   case e.record_type
                     when 'lead' then (select l.created_at from leads l where l.org_id = e.org_id and l.id = e.record_id)
                     else (select c.created_at from contacts c where c.org_id = e.org_id and c.id = e.record_id)
                   end, e.occurred_at), e.occurred_at) as since) s
         where e.org_id = ${orgId} and e.side = 'MILESTONE' and e.id in ${[...entryIds]}`,
  );
}

/**
 * TL-11: the follow-ups a SIGNALS view collapses under each signal: after the previous signal and
 * before the signal's preceding follow-up, newest first; `limit` per signal.
 */
/**
 * The span a signal `e` collapses: its preceding follow-up `pf` and its preceding signal `ps`
 * (lateral joins), and the condition on a follow-up `f` that falls strictly between them.
 */
const COLLAPSED_BOUNDS = sql`
          join lateral (${precedingProbe("FOLLOW_UP")}) pf on true
          left join lateral (${precedingProbe("SIGNAL")}) ps on true`;
const IN_COLLAPSED_SPAN = sql`f.org_id = e.org_id and f.record_type = e.record_type and f.record_id = e.record_id and f.side = 'FOLLOW_UP'
               and (f.occurred_at, f.id) < (pf.occurred_at, pf.id)
               and (ps.id is null or (f.occurred_at, f.id) > (ps.occurred_at, ps.id))`;

export function findCollapsedFollowUps(
  db: Db,
  orgId: number,
  signalIds: readonly number[],
  page: { after: Position | null; limit: number },
) {
  const after = page.after ? sql`and (f.occurred_at, f.id) < (${at(page.after.at)}, ${page.after.id})` : sql``;
  const collapsed = sql`(select e.id as signal_id, f.id
          from interactions e ${COLLAPSED_BOUNDS}
          join lateral (
            select f.id from interactions f
             where ${IN_COLLAPSED_SPAN}
               ${after}
             order by f.occurred_at desc nulls last, f.id desc nulls last
             limit ${page.limit}) f on true
         where e.org_id = ${orgId} and e.side = 'SIGNAL' and e.id in ${[...signalIds]}) as c`;
  return db
    .select({ signalId: sql<number>`c.signal_id`.mapWith(Number), entry: t })
    .from(t)
    .innerJoin(collapsed, sql`c.id = ${t.id}`)
    .where(eq(t.orgId, orgId))
    .orderBy(sql`c.signal_id`, sql`${t.occurredAt} desc`, sql`${t.id} desc`);
}

export function countCollapsedFollowUps(db: Db, orgId: number, signalIds: readonly number[]) {
  return queryRows<{ signalId: number; n: number }>(
    db,
    sql`select e.id::float8 as "signalId",
               (select count(*) from interactions f where ${IN_COLLAPSED_SPAN})::int as "n"
          from interactions e ${COLLAPSED_BOUNDS}
         where e.org_id = ${orgId} and e.side = 'SIGNAL' and e.id in ${[...signalIds]}`,
  );
}

export interface ChannelSideCount {
  channel: string | null;
  side: string;
  n: number;
  /** Epoch milliseconds of the latest entry. */
  lastAt: number;
}

/** TL-13: entries per channel and side, with the latest of each. */
export function countByChannelAndSide(db: Db, r: RecordRef) {
  return queryRows<ChannelSideCount>(
    db,
    sql`select channel, side, count(*)::int as "n", (extract(epoch from max(occurred_at)) * 1000)::float8 as "lastAt"
          from interactions
         where org_id = ${r.orgId} and record_type = ${r.recordType} and record_id = ${r.recordId}
         group by channel, side`,
  );
}

/**
 * TL-13: per channel, how many follow-ups there were and how many the customer responded to: a
 * follow-up opens a group on its channel that runs to the next follow-up on that channel; the
 * group is a response when it holds a signal or the follow-up was ANSWERED.
 */
export function countResponses(db: Db, r: RecordRef) {
  return queryRows<{ channel: string; followUps: number; responded: number }>(
    db,
    sql`select channel, count(*)::int as "followUps", (count(*) filter (where responded))::int as "responded"
          from (select channel, grp, bool_or(side = 'SIGNAL' or status = 'ANSWERED') as responded
                  from (select channel, side, status,
                               sum(case when side = 'FOLLOW_UP' then 1 else 0 end)
                                 over (partition by channel order by occurred_at, id rows unbounded preceding) as grp
                          from interactions
                         where org_id = ${r.orgId} and record_type = ${r.recordType} and record_id = ${r.recordId}
                           and side <> 'MILESTONE') s
                 where grp > 0
                 group by channel, grp) g
         group by channel`,
  );
}

export type AverageRow = typeof timelineIntervalAverages.$inferSelect;

export function findAverages(db: Db, orgId: number): Promise<AverageRow[]> {
  return db.select().from(timelineIntervalAverages).where(eq(timelineIntervalAverages.orgId, orgId));
}

/**
 * TL-9: recomputes both modules' averages of one org from every record's consecutive
 * interactions, in one statement. Call it in a transaction: it reads the org's whole history,
 * so the per-connection statement timeout is lifted for that transaction only.
 */
export async function computeAverages(db: Db, orgId: number) {
  await queryRows(db, sql`set local statement_timeout = 0`);
  return queryRows<{ recordType: string }>(
    db,
    sql`with gaps as (
          select record_type,
                 extract(epoch from occurred_at - lag(occurred_at) over (partition by record_type, record_id order by occurred_at, id)) as gap
            from interactions
           where org_id = ${orgId} and side <> 'MILESTONE'),
        agg as (select record_type, avg(gap)::float8 as average, count(gap) as n from gaps group by record_type)
        insert into timeline_interval_averages (org_id, record_type, average_seconds, intervals, computed_at)
        select ${orgId}, m.record_type, agg.average, coalesce(agg.n, 0), now()
          from (values ('lead'), ('contact')) as m(record_type)
          left join agg on agg.record_type = m.record_type
        on conflict (org_id, record_type) do update
          set average_seconds = excluded.average_seconds, intervals = excluded.intervals, computed_at = excluded.computed_at
        returning record_type as "recordType"`,
  );
}

/** The advisory lock class of the averages job; the org id is the second key. */
const AVERAGES_LOCK = 0x544c39; // "TL9"

/** Held until the transaction ends; false when another session holds it. */
export async function tryLockAverages(tx: Db, orgId: number): Promise<boolean> {
  const [row] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${AVERAGES_LOCK}, ${orgId}::int) as "locked"`);
  return row?.locked === true;
}

/** Waits for the lock: on demand, an admin's recompute queues behind a running one. */
export async function lockAverages(tx: Db, orgId: number): Promise<void> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(${AVERAGES_LOCK}, ${orgId}::int)`);
}

/** Orgs with a module average missing or computed before `cutoff`. */
export async function findOrgsDue(db: Db, cutoff: Date, orgId?: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select o.id::float8 as "id" from ${organizations} o
          left join ${timelineIntervalAverages} a on a.org_id = o.id
         where ${orgId === undefined ? sql`true` : sql`o.id = ${orgId}`}
         group by o.id
        having count(a.org_id) < 2 or min(a.computed_at) < ${at(cutoff)}
         order by o.id`,
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Serialises the writers of one record's history until the transaction ends, so that a signal
 * and a follow-up stored at the same time on one record each see the other (RESP-1).
 */
export async function lockRecordHistory(tx: Db, r: RecordRef): Promise<void> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(hashtextextended(${`${r.orgId}:${r.recordType}:${r.recordId}`}, 0))`);
}

/** The first follow-up strictly after signal `s` in its record's timeline order (a backward index probe). */
const firstFollowUpProbe = sql`
  select f.id, f.occurred_at from interactions f
   where f.org_id = s.org_id and f.record_type = s.record_type and f.record_id = s.record_id and f.side = 'FOLLOW_UP'
     and (f.occurred_at, f.id) > (s.occurred_at, s.id)
   order by f.occurred_at asc nulls first, f.id asc nulls first
   limit 1`;

/**
 * RESP-1, after storing follow-up `f`: the signals it now answers first get it. Those are the
 * signals after the latest earlier follow-up and before `f` (two ranges of the record's side
 * index, whatever the history's length); the last condition keeps an earlier first follow-up.
 * Call it under `lockRecordHistory`.
 */
export async function linkFollowUp(tx: Db, f: StoredFollowUp) {
  const [previous] = await queryRows<{ at: string | Date; id: number }>(tx, previousFollowUpQuery(f));
  await queryRows(tx, linkFollowUpQuery(f, previous ? { at: new Date(previous.at), id: Number(previous.id) } : null));
}

export interface StoredFollowUp {
  orgId: number;
  recordType: string;
  recordId: number;
  id: number;
  occurredAt: Date;
}

const followUpPosition = (f: StoredFollowUp) => sql`(${at(f.occurredAt)}, ${f.id}::bigint)`;
const ofStoredRecord = (f: StoredFollowUp) => sql`org_id = ${f.orgId} and record_type = ${f.recordType} and record_id = ${f.recordId}`;

/** The latest follow-up before `f` on its record (statements of `linkFollowUp`, apart for EXPLAIN). */
export const previousFollowUpQuery = (f: StoredFollowUp) =>
  sql`select occurred_at as "at", id::float8 as "id" from interactions
       where ${ofStoredRecord(f)} and side = 'FOLLOW_UP' and (occurred_at, id) < ${followUpPosition(f)}
       order by occurred_at desc nulls last, id desc nulls last
       limit 1`;

/** The signals between `previous` (or the start) and `f` get `f`, unless they have an earlier one. */
export const linkFollowUpQuery = (f: StoredFollowUp, previous: Position | null) => {
  const since = previous ? sql`(${at(previous.at)}, ${previous.id}::bigint)` : sql`('-infinity'::timestamptz, 0::bigint)`;
  return sql`update interactions s set follow_up_id = ${f.id}, follow_up_at = ${at(f.occurredAt)}, open_owner_id = null
       where ${ofStoredRecord(f)} and s.side = 'SIGNAL'
         and (s.occurred_at, s.id) < ${followUpPosition(f)} and (s.occurred_at, s.id) > ${since}
         and (s.follow_up_id is null or (s.follow_up_at, s.follow_up_id) > ${followUpPosition(f)})`;
};

/** RESP-1, after storing signal `id` (possibly backdated): its first follow-up, if one is already stored. */
export async function linkSignal(tx: Db, orgId: number, id: number): Promise<{ followUpId: number; followUpAt: Date } | null> {
  const [row] = await queryRows<{ followUpId: number; followUpAt: string | Date }>(
    tx,
    sql`update interactions i set follow_up_id = f.id, follow_up_at = f.occurred_at, open_owner_id = null
          from interactions s cross join lateral (${firstFollowUpProbe}) f
         where s.org_id = ${orgId} and s.id = ${id} and i.org_id = s.org_id and i.id = s.id
        returning f.id::float8 as "followUpId", f.occurred_at as "followUpAt"`,
  );
  return row ? { followUpId: Number(row.followUpId), followUpAt: new Date(row.followUpAt) } : null;
}

/** The owner of each lead and contact of an org, as (record_type, id, owner_id). */
const recordOwners = (orgId: number) => sql`(select 'lead'::text as record_type, id, owner_id from leads where org_id = ${orgId}
          union all select 'contact'::text, id, owner_id from contacts where org_id = ${orgId})`;

/**
 * RESP-1, RESP-2: links every signal of an org to its first follow-up and gives the open ones
 * their record's owner, for histories written in bulk (the demo seed, benchmarks).
 */
export async function linkAllFollowUps(tx: Db, orgId: number): Promise<void> {
  await queryRows(
    tx,
    sql`with firsts as (
          select s.id, f.id as follow_up_id, f.occurred_at as follow_up_at
            from interactions s cross join lateral (${firstFollowUpProbe}) f
           where s.org_id = ${orgId} and s.side = 'SIGNAL')
        update interactions i set follow_up_id = firsts.follow_up_id, follow_up_at = firsts.follow_up_at, open_owner_id = null
          from firsts where i.org_id = ${orgId} and i.id = firsts.id`,
  );
  await queryRows(
    tx,
    sql`update interactions i set open_owner_id = r.owner_id from ${recordOwners(orgId)} r
         where i.org_id = ${orgId} and i.side = 'SIGNAL' and i.follow_up_id is null
           and r.record_type = i.record_type and r.id = i.record_id`,
  );
}

/** RESP-2 for many records of one type: their open signals go to the new owner (the ids as one array parameter, however many). */
export async function reassignOpenSignalsOf(tx: Db, r: { orgId: number; recordType: string; recordIds: readonly number[]; ownerId: number }): Promise<void> {
  await queryRows(
    tx,
    sql`update interactions set open_owner_id = ${r.ownerId}
         where org_id = ${r.orgId} and record_type = ${r.recordType} and record_id = any(${`{${r.recordIds.join(",")}}`}::bigint[]) and open_owner_id is not null`,
  );
}

/** RESP-2: a reassigned record's open signals follow it to the new owner (a probe of the record's open signals). */
export async function reassignOpenSignals(tx: Db, r: RecordRef & { ownerId: number }): Promise<void> {
  await queryRows(
    tx,
    sql`update interactions set open_owner_id = ${r.ownerId}
         where org_id = ${r.orgId} and record_type = ${r.recordType} and record_id = ${r.recordId} and open_owner_id is not null`,
  );
}
