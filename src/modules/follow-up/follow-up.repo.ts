import { and, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { interactions as t } from "../../db/schema/index.js";

/** A timestamp parameter in raw SQL: postgres.js is given text, as drizzle does for columns. */
const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

export interface UnansweredQuery {
  orgId: number;
  /** Only records this user owns; null: every record of the org. */
  ownerId: number | null;
  sources: string[] | null;
  /** Only signals that occurred at or before this instant. */
  until: Date | null;
}

/** The predicate of the partial indexes of open signals (interactions_unanswered_*), and the filters. */
function unansweredConditions(q: UnansweredQuery): (SQL | undefined)[] {
  return [
    eq(t.orgId, q.orgId),
    q.ownerId !== null ? eq(t.openOwnerId, q.ownerId) : sql`${t.openOwnerId} is not null`,
    q.until ? lte(t.occurredAt, q.until) : undefined,
    q.sources ? inArray(t.source, q.sources) : undefined,
  ];
}

const newestFirst = [sql`${t.occurredAt} desc nulls last`, sql`${t.id} desc nulls last`];

/**
 * RESP-2: a page of the signals nobody followed up, newest first, walked on a partial index of
 * open signals: (org, occurred_at DESC, id DESC), or (org, owner, ...) for one owner. Sources
 * asked for without an owner are one walk each of (org, source, ...), a page at most each, merged.
 * The rows read are about the page (times the sources asked for; with an owner, divided by the
 * sources' share of the owner's open signals), whatever the histories' length.
 */
export function listUnanswered(db: Db, q: UnansweredQuery & { after: { at: Date; id: number } | null; limit: number }) {
  const after = q.after ? sql`(${t.occurredAt}, ${t.id}) < (${at(q.after.at)}, ${q.after.id})` : undefined;
  if (q.sources && q.ownerId === null) {
    const walks = q.sources.map(
      (source) =>
        sql`(select ${t.id} from ${t} where ${and(...unansweredConditions({ ...q, sources: null }), eq(t.source, source), after)}
             order by ${sql.join(newestFirst, sql`, `)} limit ${q.limit})`,
    );
    return db
      .select()
      .from(t)
      // An array computed once (an InitPlan), then fetched by primary key: the walks' ids only.
      .where(and(eq(t.orgId, q.orgId), sql`${t.id} = any(array(${sql.join(walks, sql` union all `)}))`))
      .orderBy(...newestFirst)
      .limit(q.limit);
  }
  return db
    .select()
    .from(t)
    .where(and(...unansweredConditions(q), after))
    .orderBy(...newestFirst)
    .limit(q.limit);
}

export async function countUnanswered(db: Db, q: UnansweredQuery): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(t).where(and(...unansweredConditions(q)));
  return Number(row?.n ?? 0);
}

export interface ReportQuery {
  orgId: number;
  ownerId: number | null;
  from: Date;
  to: Date;
  timeZone: string;
}

export interface ReportRow {
  /** Which grouping the row belongs to. */
  by: "source" | "owner" | "day";
  source: string | null;
  ownerId: number | null;
  day: string | null;
  signals: number;
  followedUp: number;
  median: number | null;
}

/** The statement of `responseReport`, for EXPLAIN. */
export function responseReportQuery(q: ReportQuery): SQL {
  const owner = (alias: string) => (q.ownerId === null ? sql`` : sql`and ${sql.raw(alias)}.owner_id = ${q.ownerId}`);
  return sql`with s as (
      select i.source, r.owner_id, (i.occurred_at at time zone ${q.timeZone})::date as day,
             extract(epoch from i.follow_up_at - i.occurred_at)::float8 as seconds
        from interactions i
        join (select 'lead'::text as record_type, l.id, l.owner_id from leads l where l.org_id = ${q.orgId} ${owner("l")}
              union all
              select 'contact'::text, c.id, c.owner_id from contacts c where c.org_id = ${q.orgId} ${owner("c")}) r
          on r.record_type = i.record_type and r.id = i.record_id
       where i.org_id = ${q.orgId} and i.side = 'SIGNAL' and i.occurred_at >= ${at(q.from)} and i.occurred_at < ${at(q.to)})
    select case when grouping(source) = 0 then 'source' when grouping(owner_id) = 0 then 'owner' else 'day' end as "by",
           source, owner_id::float8 as "ownerId", day::text as "day",
           count(*)::int as "signals", count(seconds)::int as "followedUp",
           percentile_cont(0.5) within group (order by seconds)::float8 as "median"
      from s
     group by grouping sets ((source), (owner_id), (day))`;
}

/**
 * RESP-3: per source, per owner and per day (in `timeZone`) of the period, the signals, those
 * followed up and the median seconds to follow-up, in one statement over the org's signal index.
 */
export function responseReport(db: Db, q: ReportQuery) {
  return queryRows<ReportRow>(db, responseReportQuery(q));
}
