import { and, eq, gt, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { accounts, attachments, auditEntries, contacts, deals, interactions, leads, notes, tasks, userExports } from "../../db/schema/index.js";

export type AuditEntryRow = typeof auditEntries.$inferSelect;

export interface AuditCriteria {
  orgId: number;
  actorUserId?: number;
  actorIntegrationKeyId?: number;
  targetId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

const auditWhere = (c: AuditCriteria): SQL | undefined =>
  and(
    eq(auditEntries.orgId, c.orgId),
    c.actorUserId !== undefined ? eq(auditEntries.actorUserId, c.actorUserId) : undefined,
    c.actorIntegrationKeyId !== undefined ? eq(auditEntries.actorIntegrationKeyId, c.actorIntegrationKeyId) : undefined,
    c.targetId !== undefined ? eq(auditEntries.targetId, c.targetId) : undefined,
    c.action !== undefined ? eq(auditEntries.action, c.action) : undefined,
    c.from ? gte(auditEntries.at, c.from) : undefined,
    c.to ? lt(auditEntries.at, c.to) : undefined,
  );

/** Newest first, keyset on id (ids grow with time). */
export function listAuditEntries(db: Db, c: AuditCriteria, beforeId: number | null, limit: number) {
  return db
    .select()
    .from(auditEntries)
    .where(and(auditWhere(c), beforeId === null ? undefined : lt(auditEntries.id, beforeId)))
    .orderBy(sql`${auditEntries.id} desc`)
    .limit(limit + 1);
}

export async function countAuditEntries(db: Db, c: AuditCriteria): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(auditWhere(c));
  return row?.n ?? 0;
}

export async function findAuditEntry(db: Db, orgId: number, id: number): Promise<AuditEntryRow | null> {
  const [row] = await db.select().from(auditEntries).where(and(eq(auditEntries.orgId, orgId), eq(auditEntries.id, id)));
  return row ?? null;
}

export async function insertExport(db: Db, values: typeof userExports.$inferInsert) {
  const [row] = await db.insert(userExports).values(values).returning();
  return row!;
}

/** Claims an export for download: once, by the admin who asked for it, before it expires. */
export async function claimExport(db: Db, secretHash: string, orgId: number, requestedBy: number) {
  const [row] = await db
    .update(userExports)
    .set({ downloadedAt: new Date() })
    .where(
      and(
        eq(userExports.secretHash, secretHash),
        eq(userExports.orgId, orgId),
        eq(userExports.requestedBy, requestedBy),
        isNull(userExports.downloadedAt),
        sql`${userExports.expiresAt} > now()`,
      ),
    )
    .returning();
  return row ?? null;
}

/** One part of a user's export: a table, what of it is theirs, and the columns written. */
interface ExportPart {
  type: string;
  table: PgTable & { id: PgColumn };
  mine: (orgId: number, userId: number) => SQL | undefined;
  columns?: Record<string, PgColumn>;
}

/** Everything a user owns or did (ADM-5): records with custom fields, notes, attachments' metadata, timeline entries. */
const EXPORT_PARTS: ExportPart[] = [
  { type: "lead", table: leads, mine: (o, u) => and(eq(leads.orgId, o), eq(leads.ownerId, u)) },
  { type: "contact", table: contacts, mine: (o, u) => and(eq(contacts.orgId, o), eq(contacts.ownerId, u)) },
  { type: "account", table: accounts, mine: (o, u) => and(eq(accounts.orgId, o), eq(accounts.ownerId, u)) },
  { type: "deal", table: deals, mine: (o, u) => and(eq(deals.orgId, o), eq(deals.ownerId, u)) },
  { type: "task", table: tasks, mine: (o, u) => and(eq(tasks.orgId, o), eq(tasks.ownerId, u)) },
  { type: "note", table: notes, mine: (o, u) => and(eq(notes.orgId, o), eq(notes.createdBy, u)) },
  {
    type: "attachment",
    table: attachments,
    mine: (o, u) => and(eq(attachments.orgId, o), eq(attachments.createdBy, u)),
    // Metadata only: the bytes are downloaded from /attachments/<id>.
    columns: {
      id: attachments.id,
      recordType: attachments.recordType,
      recordId: attachments.recordId,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      size: attachments.size,
      createdAt: attachments.createdAt,
    },
  },
  {
    type: "timelineEntry",
    table: interactions,
    mine: (o, u) => and(eq(interactions.orgId, o), eq(interactions.actorUserId, u)),
  },
];

export const EXPORT_BATCH = 500;

/**
 * Every row of a user's export, one keyset page of EXPORT_BATCH rows at a time: memory holds one
 * page whatever the user owns.
 */
export async function* exportPages(db: Db, orgId: number, userId: number): AsyncGenerator<{ type: string; rows: Record<string, unknown>[] }> {
  for (const part of EXPORT_PARTS) {
    let after = 0;
    for (;;) {
      const query = part.columns ? db.select(part.columns) : db.select();
      const rows = (await query
        .from(part.table)
        .where(and(part.mine(orgId, userId), gt(part.table.id, after)))
        .orderBy(part.table.id)
        .limit(EXPORT_BATCH)) as Record<string, unknown>[];
      if (rows.length > 0) yield { type: part.type, rows };
      if (rows.length < EXPORT_BATCH) break;
      after = rows[rows.length - 1]!.id as number;
    }
  }
}
