import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import {
  deals,
  organizations,
  socialAccounts,
  socialActivity,
  socialColumnPeople,
  socialColumns,
  socialPosts,
  socialProfiles,
  socialPublications,
  socialTopDeals,
  uploads,
} from "../../db/schema/index.js";
import { crmClassCondition, openDeal } from "../records/deal-stage.js";
import type { CrmClass } from "../records/record.type.js";
import type { Cursor } from "../shared/connection.js";

export type AccountRow = typeof socialAccounts.$inferSelect;
export type PostRow = typeof socialPosts.$inferSelect;
export type ProfileRow = typeof socialProfiles.$inferSelect;
export type ColumnRow = typeof socialColumns.$inferSelect;
export type ActivityRow = typeof socialActivity.$inferSelect;
export type UploadInfo = Omit<typeof uploads.$inferSelect, "data">;

// ---- accounts (SOC-1) ----

export async function insertAccount(db: Db, values: typeof socialAccounts.$inferInsert): Promise<AccountRow> {
  const [row] = await db.insert(socialAccounts).values(values).returning();
  return row!;
}

/** A connected account of the org, or null. */
export async function findConnectedAccount(db: Db, orgId: number, id: number): Promise<AccountRow | null> {
  const [row] = await db
    .select()
    .from(socialAccounts)
    .where(and(eq(socialAccounts.orgId, orgId), eq(socialAccounts.id, id), isNull(socialAccounts.disconnectedAt)));
  return row ?? null;
}

export async function findAccountsByIds(db: Db, orgId: number, ids: readonly number[]): Promise<AccountRow[]> {
  return db.select().from(socialAccounts).where(and(eq(socialAccounts.orgId, orgId), inArray(socialAccounts.id, [...ids])));
}

export async function listConnectedAccounts(db: Db, orgId: number): Promise<AccountRow[]> {
  return db.select().from(socialAccounts).where(and(eq(socialAccounts.orgId, orgId), isNull(socialAccounts.disconnectedAt))).orderBy(socialAccounts.id);
}

export async function disconnectAccount(db: Db, orgId: number, id: number): Promise<boolean> {
  const rows = await db
    .update(socialAccounts)
    .set({ disconnectedAt: new Date() })
    .where(and(eq(socialAccounts.orgId, orgId), eq(socialAccounts.id, id), isNull(socialAccounts.disconnectedAt)))
    .returning({ id: socialAccounts.id });
  return rows.length > 0;
}

// ---- profiles ----

/** The org's profile for this network and handle (case-insensitive), created when missing; a display name given updates it. */
export async function upsertProfile(db: Db, p: { orgId: number; network: string; handle: string; displayName: string | null }): Promise<ProfileRow> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`insert into ${socialProfiles} (org_id, network, handle, display_name) values (${p.orgId}, ${p.network}, ${p.handle}, ${p.displayName})
        on conflict (org_id, network, lower(handle)) do update set display_name = coalesce(excluded.display_name, ${socialProfiles}.display_name)
        returning id`,
  );
  const [row] = await db.select().from(socialProfiles).where(eq(socialProfiles.id, Number(rows[0]!.id)));
  return row!;
}

export async function findProfile(db: Db, orgId: number, id: number): Promise<ProfileRow | null> {
  const [row] = await db.select().from(socialProfiles).where(and(eq(socialProfiles.orgId, orgId), eq(socialProfiles.id, id)));
  return row ?? null;
}

export async function findProfilesByIds(db: Db, orgId: number, ids: readonly number[]): Promise<ProfileRow[]> {
  return db.select().from(socialProfiles).where(and(eq(socialProfiles.orgId, orgId), inArray(socialProfiles.id, [...ids])));
}

/** Links an unlinked profile to a record; null when it is linked already (or gone). */
export async function linkProfile(db: Db, orgId: number, id: number, record: { type: string; id: number }): Promise<ProfileRow | null> {
  const [row] = await db
    .update(socialProfiles)
    .set({ recordType: record.type, recordId: record.id })
    .where(and(eq(socialProfiles.orgId, orgId), eq(socialProfiles.id, id), isNull(socialProfiles.recordId)))
    .returning();
  return row ?? null;
}

// ---- posts (SOC-2..9) ----

/** Stores a post unless its idempotency key or (account, externalId) is taken: null then. */
export async function insertPostOnce(db: Db, values: typeof socialPosts.$inferInsert): Promise<PostRow | null> {
  const [row] = await db.insert(socialPosts).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function findPostByKeyOrExternal(db: Db, p: { orgId: number; key: string; accountId: number; externalId: string }): Promise<PostRow | null> {
  const [row] = await db
    .select()
    .from(socialPosts)
    .where(
      and(
        eq(socialPosts.orgId, p.orgId),
        sql`(${socialPosts.idempotencyKey} = ${p.key} or (${socialPosts.accountId} = ${p.accountId} and ${socialPosts.externalId} = ${p.externalId}))`,
      ),
    )
    .orderBy(socialPosts.id)
    .limit(1);
  return row ?? null;
}

export async function insertPost(db: Db, values: typeof socialPosts.$inferInsert): Promise<PostRow> {
  const [row] = await db.insert(socialPosts).values(values).returning();
  return row!;
}

export async function findPost(db: Db, orgId: number, id: number): Promise<PostRow | null> {
  const [row] = await db.select().from(socialPosts).where(and(eq(socialPosts.orgId, orgId), eq(socialPosts.id, id)));
  return row ?? null;
}

export async function findPostsByIds(db: Db, orgId: number, ids: readonly number[]): Promise<PostRow[]> {
  return db.select().from(socialPosts).where(and(eq(socialPosts.orgId, orgId), inArray(socialPosts.id, [...ids])));
}

export type DealFilterKind = "CREATED_THIS_MONTH" | "NEW_DEALS" | "TOP_10";

/** Which posts a list shows; every condition given applies. */
export interface PostQuery {
  orgId: number;
  /** The CRM view (SOC-3): authors of this class now, posts of connected accounts, none published from the tab. */
  column?: CrmClass;
  dealFilter?: DealFilterKind | null;
  kinds?: readonly string[] | null;
  networks?: readonly string[] | null;
  /** Posts by the profiles linked to these records (PEOPLE columns, socialInteractions). */
  authorRecords?: readonly { type: string; id: number }[];
  /** Full-text match of any keyword (KEYWORDS columns, SOC-8). */
  keywords?: readonly string[];
  publishedBy?: number;
  authorProfileId?: number;
  /** Leave out what was published from the tab. */
  ingestedOnly?: boolean;
}

/** The text search of keyword columns: the expression the GIN index is built on. */
const textVector = sql`to_tsvector('simple', coalesce(${socialPosts.text}, ''))`;
const keywordQuery = (keywords: readonly string[]) => sql.join(keywords.map((k) => sql`phraseto_tsquery('simple', ${k})`), sql` || `);

/** SOC-5: the filters of the open-deals column, on the author's contact (sp.record_id). */
function dealFilterCondition(orgId: number, filter: DealFilterKind, contactId: SQL): SQL {
  const timeZone = sql`(select o.time_zone from ${organizations} o where o.id = ${orgId})`;
  switch (filter) {
    case "CREATED_THIS_MONTH":
      return sql`exists (select 1 from ${deals} where ${deals.orgId} = ${orgId} and ${deals.contactId} = ${contactId} and ${openDeal()}
        and ${deals.createdAt} >= (date_trunc('month', now() at time zone ${timeZone}) at time zone ${timeZone}))`;
    case "NEW_DEALS":
      return sql`(select count(*) from ${deals} where ${deals.orgId} = ${orgId} and ${deals.contactId} = ${contactId}) = 1`;
    case "TOP_10":
      return sql`${contactId} = any(coalesce((select ${socialTopDeals.contactIds} from ${socialTopDeals} where ${socialTopDeals.orgId} = ${orgId}), '{}'))`;
  }
}

function postWhere(q: PostQuery): SQL {
  const conditions: (SQL | undefined)[] = [eq(socialPosts.orgId, q.orgId)];
  if (q.ingestedOnly) conditions.push(isNull(socialPosts.publishedBy));
  if (q.kinds) conditions.push(inArray(socialPosts.kind, [...q.kinds]));
  if (q.networks) conditions.push(inArray(socialPosts.network, [...q.networks]));
  if (q.publishedBy !== undefined) conditions.push(eq(socialPosts.publishedBy, q.publishedBy));
  if (q.authorProfileId !== undefined) conditions.push(eq(socialPosts.authorProfileId, q.authorProfileId));
  if (q.keywords) conditions.push(sql`${textVector} @@ (${keywordQuery(q.keywords)})`);
  if (q.column !== undefined) {
    // The class is the author's as it is NOW (SOC-3): computed here from the linked record.
    const sp = sql`sp`;
    const ref = { orgId: q.orgId, recordType: sql`${sp}.record_type`, recordId: sql`${sp}.record_id` };
    const classCondition = crmClassCondition(q.column, ref);
    const filter = q.dealFilter ? sql` and ${dealFilterCondition(q.orgId, q.dealFilter, ref.recordId)}` : sql``;
    conditions.push(sql`${socialPosts.authorProfileId} in (select sp.id from ${socialProfiles} sp where sp.org_id = ${q.orgId} and ${classCondition}${filter})`);
    // The org's connected accounts, evaluated once (an InitPlan): as a correlated EXISTS the planner
    // may merge-join posts in account order and read every post of the org instead of its authors'.
    conditions.push(
      sql`${socialPosts.accountId} = any(array(select a.id from ${socialAccounts} a where a.org_id = ${q.orgId} and a.disconnected_at is null))`,
    );
  }
  if (q.authorRecords) {
    const byType = (type: string) => q.authorRecords!.filter((r) => r.type === type).map((r) => r.id);
    const leads = byType("lead");
    const contacts = byType("contact");
    conditions.push(sql`${socialPosts.authorProfileId} in (select sp.id from ${socialProfiles} sp where sp.org_id = ${q.orgId}
      and ((sp.record_type = 'lead' and sp.record_id = any(${`{${leads.join(",")}}`}::bigint[])) or (sp.record_type = 'contact' and sp.record_id = any(${`{${contacts.join(",")}}`}::bigint[]))))`);
  }
  return and(...conditions)!;
}

/**
 * Newest first (posted_at, id), keyset after `after`. NULLS LAST like the indexes (drizzle's
 * `.desc()`), or PostgreSQL cannot walk them and sorts every matching post instead.
 */
const NEWEST_FIRST = [sql`${socialPosts.postedAt} desc nulls last`, sql`${socialPosts.id} desc nulls last`];

export function listPosts(db: Db, q: PostQuery & { after: Cursor | null; limit: number }) {
  const keyset = q.after
    ? sql`(${socialPosts.postedAt}, ${socialPosts.id}) < (${new Date(String(q.after.value)).toISOString()}::timestamptz, ${q.after.id})`
    : undefined;
  return db
    .select()
    .from(socialPosts)
    .where(and(postWhere(q), keyset))
    .orderBy(...NEWEST_FIRST)
    .limit(q.limit + 1);
}

export async function countPosts(db: Db, q: PostQuery): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(socialPosts).where(postWhere(q));
  return row?.n ?? 0;
}

// ---- top 10 open deals (SOC-5) ----

const TOP_DEALS_LOCK = 0x50c1a1;

export async function tryLockTopDeals(tx: Db, orgId: number): Promise<boolean> {
  const [row] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${TOP_DEALS_LOCK}, ${orgId}::int) as "locked"`);
  return row?.locked === true;
}

export async function lockTopDeals(tx: Db, orgId: number): Promise<void> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(${TOP_DEALS_LOCK}, ${orgId}::int)`);
}

export async function topDealsComputedAt(db: Db, orgId: number): Promise<Date | null> {
  const [row] = await db.select({ at: socialTopDeals.computedAt }).from(socialTopDeals).where(eq(socialTopDeals.orgId, orgId));
  return row?.at ?? null;
}

/** The org's 10 open deals with a contact of highest expected revenue, stored with their contacts. */
export async function computeTopDeals(tx: Db, orgId: number, now = new Date()): Promise<void> {
  await queryRows(
    tx,
    sql`with top as (
      select ${deals.id} as deal_id, ${deals.contactId} as contact_id from ${deals}
      where ${deals.orgId} = ${orgId} and ${deals.contactId} is not null and ${openDeal()}
      order by ${deals.expectedRevenue} desc nulls last, ${deals.amount} desc nulls last, ${deals.id}
      limit 10)
    insert into ${socialTopDeals} (org_id, deal_ids, contact_ids, computed_at)
    select ${orgId}, coalesce(array_agg(deal_id), '{}'), coalesce(array_agg(distinct contact_id), '{}'), ${now.toISOString()}::timestamptz from top
    on conflict (org_id) do update set deal_ids = excluded.deal_ids, contact_ids = excluded.contact_ids, computed_at = excluded.computed_at`,
  );
}

/** Orgs with deals whose top-10 snapshot is missing or older than `cutoff`. */
export async function findTopDealOrgsDue(db: Db, cutoff: Date, orgId?: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select o.id::float8 as "id" from ${organizations} o
        left join ${socialTopDeals} t on t.org_id = o.id
        where (t.org_id is null or t.computed_at < ${cutoff.toISOString()}::timestamptz)
          ${orgId === undefined ? sql`` : sql`and o.id = ${orgId}`}
          and exists (select 1 from ${socialAccounts} a where a.org_id = o.id)
        order by o.id`,
  );
  return rows.map((r) => Number(r.id));
}

// ---- columns (SOC-8..10) ----

const COLUMNS_LOCK = 0x50c1a2;

/** Serialises one user's column changes, so a budget checked here holds until commit. */
export async function lockUserColumns(tx: Db, userId: number): Promise<void> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(${COLUMNS_LOCK}, ${userId}::int)`);
}

/** SOC-10: keywords plus followed people over all of a user's columns. */
export async function usedColumnBudget(db: Db, userId: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select (coalesce((select sum(cardinality(keywords)) from ${socialColumns} where user_id = ${userId}), 0)
             + (select count(*) from ${socialColumnPeople} p join ${socialColumns} c on c.id = p.column_id where c.user_id = ${userId}))::int as "n"`,
  );
  return Number(row?.n ?? 0);
}

export async function hasMyPostsColumn(db: Db, userId: number): Promise<boolean> {
  const rows = await db.select({ id: socialColumns.id }).from(socialColumns).where(and(eq(socialColumns.userId, userId), eq(socialColumns.kind, "MY_POSTS"))).limit(1);
  return rows.length > 0;
}

export async function insertColumn(tx: Db, values: typeof socialColumns.$inferInsert, people: { type: string; id: number }[]): Promise<ColumnRow> {
  const [row] = await tx.insert(socialColumns).values(values).returning();
  if (people.length) {
    await tx.insert(socialColumnPeople).values(people.map((p) => ({ columnId: row!.id, orgId: row!.orgId, recordType: p.type, recordId: p.id })));
  }
  return row!;
}

export async function listColumns(db: Db, userId: number): Promise<ColumnRow[]> {
  return db.select().from(socialColumns).where(eq(socialColumns.userId, userId)).orderBy(socialColumns.id);
}

export async function findColumn(db: Db, userId: number, id: number): Promise<ColumnRow | null> {
  const [row] = await db.select().from(socialColumns).where(and(eq(socialColumns.userId, userId), eq(socialColumns.id, id)));
  return row ?? null;
}

export async function columnPeople(db: Db, columnIds: readonly number[]) {
  if (columnIds.length === 0) return [];
  return db.select().from(socialColumnPeople).where(inArray(socialColumnPeople.columnId, [...columnIds]));
}

export async function deleteColumn(db: Db, userId: number, id: number): Promise<boolean> {
  const rows = await db.delete(socialColumns).where(and(eq(socialColumns.userId, userId), eq(socialColumns.id, id))).returning({ id: socialColumns.id });
  return rows.length > 0;
}

// ---- activity (SOC-13) ----

export async function insertActivity(db: Db, values: typeof socialActivity.$inferInsert): Promise<ActivityRow> {
  const [row] = await db.insert(socialActivity).values(values).returning();
  return row!;
}

export function listActivity(db: Db, q: { userId: number; beforeId: number | null; limit: number }) {
  return db
    .select()
    .from(socialActivity)
    .where(and(eq(socialActivity.userId, q.userId), q.beforeId === null ? undefined : sql`${socialActivity.id} < ${q.beforeId}`))
    .orderBy(sql`${socialActivity.id} desc nulls last`)
    .limit(q.limit + 1);
}

export async function countActivity(db: Db, userId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(socialActivity).where(eq(socialActivity.userId, userId));
  return row?.n ?? 0;
}

// ---- uploads and publications (SOC-6) ----

const uploadInfo = {
  id: uploads.id,
  orgId: uploads.orgId,
  userId: uploads.userId,
  contentType: uploads.contentType,
  fileName: uploads.fileName,
  size: uploads.size,
  createdAt: uploads.createdAt,
  expiresAt: uploads.expiresAt,
  usedAt: uploads.usedAt,
};

/**
 * The bytes travel as base64 text decoded by PostgreSQL: PGlite encodes a bytea parameter byte by
 * byte in JavaScript (about a second per MB), base64 natively (milliseconds).
 */
export async function insertUpload(db: Db, values: Omit<typeof uploads.$inferInsert, "data"> & { data: Buffer }): Promise<UploadInfo> {
  const { data, ...rest } = values;
  const [row] = await db
    .insert(uploads)
    .values({ ...rest, data: sql`decode(${data.toString("base64")}, 'base64')` as unknown as Buffer })
    .returning(uploadInfo);
  return row!;
}

/** An upload of this user, without its bytes. */
export async function findUpload(db: Db, q: { orgId: number; userId: number; id: number }): Promise<UploadInfo | null> {
  const [row] = await db
    .select(uploadInfo)
    .from(uploads)
    .where(and(eq(uploads.orgId, q.orgId), eq(uploads.userId, q.userId), eq(uploads.id, q.id)));
  return row ?? null;
}

export async function findUploadsByIds(db: Db, orgId: number, ids: readonly number[]): Promise<UploadInfo[]> {
  return db.select(uploadInfo).from(uploads).where(and(eq(uploads.orgId, orgId), inArray(uploads.id, [...ids])));
}

export async function markUploadUsed(db: Db, id: number): Promise<void> {
  await db.update(uploads).set({ usedAt: new Date() }).where(and(eq(uploads.id, id), isNull(uploads.usedAt)));
}

/** Unused uploads past their expiry go. */
export async function deleteExpiredUploads(db: Db, now = new Date()): Promise<number> {
  const rows = await db
    .delete(uploads)
    .where(and(isNull(uploads.usedAt), sql`${uploads.expiresAt} < ${now.toISOString()}::timestamptz`))
    .returning({ id: uploads.id });
  return rows.length;
}

export async function insertPublication(db: Db, values: typeof socialPublications.$inferInsert) {
  const [row] = await db.insert(socialPublications).values(values).returning();
  return row!;
}

export async function findPublication(db: Db, orgId: number, id: number) {
  const [row] = await db.select().from(socialPublications).where(and(eq(socialPublications.orgId, orgId), eq(socialPublications.id, id)));
  return row ?? null;
}

export async function postsOfPublication(db: Db, publicationId: number): Promise<PostRow[]> {
  return db.select().from(socialPosts).where(eq(socialPosts.publicationId, publicationId)).orderBy(socialPosts.id);
}

export async function uploadBytes(db: Db, id: number): Promise<Buffer> {
  const [row] = await db.select({ data: uploads.data }).from(uploads).where(eq(uploads.id, id));
  return row!.data;
}

export async function findActivity(db: Db, userId: number, id: number): Promise<ActivityRow | null> {
  const [row] = await db.select().from(socialActivity).where(and(eq(socialActivity.userId, userId), eq(socialActivity.id, id)));
  return row ?? null;
}
