import { and, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chats, visitActions, visitorIntegrations, visitorRules, visits } from "../../db/schema/index.js";

export type IntegrationRow = typeof visitorIntegrations.$inferSelect;
export type VisitRow = typeof visits.$inferSelect;
export type ActionRow = typeof visitActions.$inferSelect;
export type ChatRow = typeof chats.$inferSelect;
export type RuleRow = typeof visitorRules.$inferSelect;

export async function findIntegration(db: Db, orgId: number): Promise<IntegrationRow | null> {
  const [row] = await db.select().from(visitorIntegrations).where(eq(visitorIntegrations.orgId, orgId));
  return row ?? null;
}

export async function upsertIntegration(db: Db, orgId: number, values: Partial<typeof visitorIntegrations.$inferInsert>): Promise<IntegrationRow> {
  const [row] = await db
    .insert(visitorIntegrations)
    .values({ orgId, ...values })
    .onConflictDoUpdate({ target: visitorIntegrations.orgId, set: { ...values, updatedAt: new Date() } })
    .returning();
  return row!;
}

// ---- visits ----

export async function findVisitByKey(db: Db, orgId: number, key: string): Promise<VisitRow | null> {
  const [row] = await db.select().from(visits).where(and(eq(visits.orgId, orgId), eq(visits.idempotencyKey, key)));
  return row ?? null;
}

/** Inserts the visit unless its key was taken meanwhile (then null). */
export async function insertVisit(db: Db, values: typeof visits.$inferInsert): Promise<VisitRow | null> {
  const [row] = await db.insert(visits).values(values).onConflictDoNothing({ target: [visits.orgId, visits.idempotencyKey] }).returning();
  return row ?? null;
}

export async function insertActions(db: Db, rows: (typeof visitActions.$inferInsert)[]) {
  if (rows.length) await db.insert(visitActions).values(rows);
}

/**
 * The lead or contact a visitor was last tied to (by a match or a tracked web form, VIS-10),
 * from their visits and chats: one statement.
 */
export async function findVisitorRecord(db: Db, orgId: number, visitorId: string): Promise<{ recordType: string; recordId: number } | null> {
  const rows = await db.execute<{ record_type: string; record_id: number }>(sql`
    (select ${visits.recordType} as record_type, ${visits.recordId} as record_id, ${visits.startedAt} as at from ${visits}
      where ${visits.orgId} = ${orgId} and ${visits.visitorId} = ${visitorId} and ${visits.recordId} is not null
      order by ${visits.startedAt} desc limit 1)
    union all
    (select ${chats.recordType}, ${chats.recordId}, ${chats.startedAt} from ${chats}
      where ${chats.orgId} = ${orgId} and ${chats.visitorId} = ${visitorId} and ${chats.recordId} is not null
      order by ${chats.startedAt} desc limit 1)
    order by at desc limit 1`);
  const row = rowsOf(rows)[0];
  return row ? { recordType: row.record_type, recordId: Number(row.record_id) } : null;
}

/** VIS-10: every visit and chat of the visitor not tied to a record yet now belongs to this one. */
export async function tieVisitor(db: Db, orgId: number, visitorId: string, record: { type: string; id: number }) {
  await db
    .update(visits)
    .set({ recordType: record.type, recordId: record.id })
    .where(and(eq(visits.orgId, orgId), eq(visits.visitorId, visitorId), isNull(visits.recordId)));
  await db
    .update(chats)
    .set({ recordType: record.type, recordId: record.id })
    .where(and(eq(chats.orgId, orgId), eq(chats.visitorId, visitorId), isNull(chats.recordId)));
}

export type VisitOrder = "NEWEST" | "TOP";

export interface VisitQuery {
  orgId: number;
  order: VisitOrder;
  /** TODAY views: the org's date. */
  day?: string | null;
  recordType?: string | null;
  record?: { type: string; id: number } | null;
  from?: Date | null;
  to?: Date | null;
  /** CORE-4 for plain users: unknown visitors, or records this user owns. */
  visibleOwnerId?: number | null;
  /** Users without CRM access see unknown visitors only. */
  unknownOnly?: boolean;
}

/** Keyset position: NEWEST [startedAt ms, id]; TOP [timeSpent, pages, id]. */
export type VisitPosition = { startedAt: Date; id: number } | { timeSpent: number; pages: number; id: number };

/** A time as a raw SQL parameter: ISO text cast to timestamptz (drivers differ on Date parameters in raw SQL). */
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

const ownedRecord = (ownerId: number) =>
  sql`(${visits.recordId} is null or (${visits.recordType} = 'lead' and exists (select 1 from leads l where l.id = ${visits.recordId} and l.owner_id = ${ownerId}))
      or (${visits.recordType} = 'contact' and exists (select 1 from contacts c where c.id = ${visits.recordId} and c.owner_id = ${ownerId})))`;

function visitWhere(q: VisitQuery): SQL[] {
  const where: SQL[] = [eq(visits.orgId, q.orgId)];
  if (q.day) where.push(eq(visits.visitDay, q.day));
  if (q.recordType) where.push(eq(visits.recordType, q.recordType), isNotNull(visits.recordType));
  if (q.record) where.push(eq(visits.recordType, q.record.type), eq(visits.recordId, q.record.id), isNotNull(visits.recordId));
  if (q.from) where.push(sql`${visits.startedAt} >= ${at(q.from)}`);
  if (q.to) where.push(sql`${visits.startedAt} < ${at(q.to)}`);
  if (q.unknownOnly) where.push(isNull(visits.recordId));
  else if (q.visibleOwnerId != null) where.push(ownedRecord(q.visibleOwnerId));
  return where;
}

export function listVisits(db: Db, q: VisitQuery & { after: VisitPosition | null; limit: number }): Promise<VisitRow[]> {
  const where = visitWhere(q);
  if (q.after) {
    if ("startedAt" in q.after) where.push(sql`(${visits.startedAt}, ${visits.id}) < (${at(q.after.startedAt)}, ${q.after.id})`);
    else where.push(sql`(${visits.timeSpentSeconds}, ${visits.pagesViewed}, ${visits.id}) < (${q.after.timeSpent}, ${q.after.pages}, ${q.after.id})`);
  }
  // DESC NULLS LAST as the indexes are declared (drizzle's .desc()), so each view walks its index without a Sort.
  const d = (c: SQL | typeof visits.id) => sql`${c} desc nulls last`;
  const order = q.order === "TOP" ? [d(sql`${visits.timeSpentSeconds}`), d(sql`${visits.pagesViewed}`), d(visits.id)] : [d(sql`${visits.startedAt}`), d(visits.id)];
  return db
    .select()
    .from(visits)
    .where(and(...where))
    .orderBy(...order)
    .limit(q.limit);
}

export async function countVisits(db: Db, q: VisitQuery): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(visits).where(and(...visitWhere(q)));
  return row?.n ?? 0;
}

/** Each record's newest visits (at most `limit` each), one statement: Lead.visits / Contact.visits. */
export async function visitsOfRecords(db: Db, orgId: number, recordType: string, recordIds: readonly number[], after: { startedAt: Date; id: number } | null, limit: number) {
  if (!recordIds.length) return [];
  const rows = await db.execute(sql`
    select v.* from unnest(${sql.param([...recordIds])}::bigint[]) as r(id)
    cross join lateral (
      select * from ${visits}
      where ${visits.orgId} = ${orgId} and ${visits.recordType} = ${recordType} and ${visits.recordId} = r.id
        ${after ? sql`and (${visits.startedAt}, ${visits.id}) < (${at(after.startedAt)}, ${after.id})` : sql``}
      order by ${visits.startedAt} desc nulls last, ${visits.id} desc nulls last limit ${limit}
    ) v`);
  return rowsOf(rows).map(visitFromRaw);
}

export async function countVisitsOfRecords(db: Db, orgId: number, recordType: string, recordIds: readonly number[]) {
  if (!recordIds.length) return new Map<number, number>();
  const rows = await db
    .select({ id: visits.recordId, n: sql<number>`count(*)::int` })
    .from(visits)
    .where(and(eq(visits.orgId, orgId), eq(visits.recordType, recordType), inArray(visits.recordId, [...recordIds])))
    .groupBy(visits.recordId);
  return new Map(rows.map((r) => [r.id!, r.n]));
}

/** Each visit's first actions (at most `limit` each, in order), one statement. */
export async function actionsOfVisits(db: Db, visitIds: readonly number[], afterPosition: number, limit: number) {
  if (!visitIds.length) return [];
  const rows = await db.execute<{ visit_id: number; type: string; title: string; at: Date | string; time_spent_seconds: number | null; n: number }>(sql`
    select * from (
      select a.visit_id, a.type, a.title, a.at, a.time_spent_seconds,
             row_number() over (partition by a.visit_id order by a.at, a.id)::int as n
      from ${visitActions} a where a.visit_id = any(${sql.param([...visitIds])}::bigint[])
    ) x where x.n > ${afterPosition} and x.n <= ${afterPosition + limit} order by x.visit_id, x.n`);
  return rowsOf(rows).map((r) => ({ visitId: Number(r.visit_id), type: r.type, title: r.title, at: new Date(r.at), timeSpentSeconds: r.time_spent_seconds, position: Number(r.n) }));
}

export async function countActionsOfVisits(db: Db, visitIds: readonly number[]) {
  if (!visitIds.length) return new Map<number, number>();
  const rows = await db
    .select({ id: visitActions.visitId, n: sql<number>`count(*)::int` })
    .from(visitActions)
    .where(inArray(visitActions.visitId, [...visitIds]))
    .groupBy(visitActions.visitId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function findVisit(db: Db, orgId: number, id: number): Promise<VisitRow | null> {
  const [row] = await db.select().from(visits).where(and(eq(visits.orgId, orgId), eq(visits.id, id)));
  return row ?? null;
}

/** The newest visit of each visitor seen since `since`, newest first, at most `limit`. */
export async function liveVisits(db: Db, orgId: number, since: Date, limit: number): Promise<VisitRow[]> {
  const rows = await db.execute(sql`
    select distinct on (${visits.visitorId}) * from ${visits}
    where ${visits.orgId} = ${orgId} and ${visits.startedAt} >= ${at(since)}
    order by ${visits.visitorId}, ${visits.startedAt} desc, ${visits.id} desc`);
  return rowsOf(rows)
    .map(visitFromRaw)
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || b.id - a.id)
    .slice(0, limit);
}

// ---- chats ----

export async function findChatByKey(db: Db, orgId: number, key: string): Promise<ChatRow | null> {
  const [row] = await db.select().from(chats).where(and(eq(chats.orgId, orgId), eq(chats.idempotencyKey, key)));
  return row ?? null;
}

export async function insertChat(db: Db, values: typeof chats.$inferInsert): Promise<ChatRow | null> {
  const [row] = await db.insert(chats).values(values).onConflictDoNothing({ target: [chats.orgId, chats.idempotencyKey] }).returning();
  return row ?? null;
}

export async function updateChat(db: Db, orgId: number, id: number, values: Partial<typeof chats.$inferInsert>) {
  const [row] = await db.update(chats).set(values).where(and(eq(chats.orgId, orgId), eq(chats.id, id))).returning();
  return row!;
}

export async function findChat(db: Db, orgId: number, id: number, forUpdate = false): Promise<ChatRow | null> {
  const q = db.select().from(chats).where(and(eq(chats.orgId, orgId), eq(chats.id, id)));
  const [row] = forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function chatsOfRecords(db: Db, orgId: number, recordType: string, recordIds: readonly number[], after: { startedAt: Date; id: number } | null, limit: number) {
  if (!recordIds.length) return [];
  const rows = await db.execute(sql`
    select c.* from unnest(${sql.param([...recordIds])}::bigint[]) as r(id)
    cross join lateral (
      select * from ${chats}
      where ${chats.orgId} = ${orgId} and ${chats.recordType} = ${recordType} and ${chats.recordId} = r.id
        ${after ? sql`and (${chats.startedAt}, ${chats.id}) < (${at(after.startedAt)}, ${after.id})` : sql``}
      order by ${chats.startedAt} desc nulls last, ${chats.id} desc nulls last limit ${limit}
    ) c`);
  return rowsOf(rows).map(chatFromRaw);
}

export async function countChatsOfRecords(db: Db, orgId: number, recordType: string, recordIds: readonly number[]) {
  if (!recordIds.length) return new Map<number, number>();
  const rows = await db
    .select({ id: chats.recordId, n: sql<number>`count(*)::int` })
    .from(chats)
    .where(and(eq(chats.orgId, orgId), eq(chats.recordType, recordType), inArray(chats.recordId, [...recordIds])))
    .groupBy(chats.recordId);
  return new Map(rows.map((r) => [r.id!, r.n]));
}

// ---- rules ----

export function listRules(db: Db, orgId: number, kind?: string | null): Promise<RuleRow[]> {
  return db
    .select()
    .from(visitorRules)
    .where(and(eq(visitorRules.orgId, orgId), kind ? eq(visitorRules.kind, kind) : undefined))
    .orderBy(visitorRules.kind, visitorRules.id);
}

export async function insertRule(db: Db, values: typeof visitorRules.$inferInsert): Promise<RuleRow> {
  const [row] = await db.insert(visitorRules).values(values).returning();
  return row!;
}

export async function updateRule(db: Db, orgId: number, id: number, values: Partial<typeof visitorRules.$inferInsert>): Promise<RuleRow | null> {
  const [row] = await db
    .update(visitorRules)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(visitorRules.orgId, orgId), eq(visitorRules.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteRule(db: Db, orgId: number, id: number): Promise<boolean> {
  const rows = await db.delete(visitorRules).where(and(eq(visitorRules.orgId, orgId), eq(visitorRules.id, id))).returning({ id: visitorRules.id });
  return rows.length > 0;
}

export async function findRule(db: Db, orgId: number, id: number): Promise<RuleRow | null> {
  const [row] = await db.select().from(visitorRules).where(and(eq(visitorRules.orgId, orgId), eq(visitorRules.id, id)));
  return row ?? null;
}

// ---- raw rows (lateral joins come back with column names) ----

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function rowsOf<T = any>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function visitFromRaw(r: any): VisitRow {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    idempotencyKey: r.idempotency_key,
    visitorId: r.visitor_id,
    recordType: r.record_type,
    recordId: num(r.record_id),
    startedAt: date(r.started_at)!,
    visitDay: typeof r.visit_day === "string" ? r.visit_day : (r.visit_day as Date).toISOString().slice(0, 10),
    ip: r.ip,
    userAgent: r.user_agent,
    browser: r.browser,
    os: r.os,
    pageUrl: r.page_url,
    pageTitle: r.page_title,
    referrer: r.referrer,
    searchEngine: r.search_engine,
    searchKeyword: r.search_keyword,
    city: r.city,
    state: r.state,
    country: r.country,
    timeSpentSeconds: Number(r.time_spent_seconds),
    pagesViewed: Number(r.pages_viewed),
    campaign: r.campaign,
    visitor: r.visitor,
    attendedById: num(r.attended_by_id),
    attendedByEmail: r.attended_by_email,
    visitorType: r.visitor_type,
    revenue: String(r.revenue),
    integrationKeyId: num(r.integration_key_id),
    createdAt: date(r.created_at)!,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function chatFromRaw(r: any): ChatRow {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    idempotencyKey: r.idempotency_key,
    visitorId: r.visitor_id,
    visitId: num(r.visit_id),
    recordType: r.record_type,
    recordId: num(r.record_id),
    attended: r.attended,
    operatorId: num(r.operator_id),
    operatorEmail: r.operator_email,
    subject: r.subject,
    question: r.question,
    startedAt: date(r.started_at)!,
    endedAt: date(r.ended_at),
    visitor: r.visitor,
    attributes: r.attributes ?? {},
    messages: r.messages ?? [],
    shownAs: r.shown_as,
    transcriptId: num(r.transcript_id),
    integrationKeyId: num(r.integration_key_id),
    createdAt: date(r.created_at)!,
  };
}

export { or };
